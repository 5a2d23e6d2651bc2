package io.github.ratelimiter.autoconfigure;

import java.util.List;

import io.github.ratelimiter.core.RateLimitPolicy;

/**
 * Runs the validation of {@code ratelimiter.*} properties that {@link RateLimiterAutoConfiguration}
 * runs at startup, for tests that check configuration files without starting an application.
 */
public final class RateLimiterStartupValidation {

	private RateLimiterStartupValidation() {
	}

	/**
	 * Validates the properties and creates their policies.
	 * @throws io.github.ratelimiter.core.RateLimiterConfigurationException naming the first invalid
	 * property
	 */
	public static List<RateLimitPolicy> validate(RateLimiterProperties properties) {
		RateLimitPolicyFactory.validateGeneralSettings(properties);
		return RateLimitPolicyFactory.createPolicies(properties);
	}

}
