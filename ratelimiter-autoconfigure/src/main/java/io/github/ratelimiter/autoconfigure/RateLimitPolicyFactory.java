package io.github.ratelimiter.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.ratelimiter.autoconfigure.RateLimiterProperties.ClientLimit;
import io.github.ratelimiter.autoconfigure.RateLimiterProperties.Policy;
import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.FailureMode;
import io.github.ratelimiter.core.RateLimit;
import io.github.ratelimiter.core.RateLimitKeyBuilder;
import io.github.ratelimiter.core.RateLimitPolicy;
import io.github.ratelimiter.core.RateLimiterConfigurationException;

/**
 * Validates the bound {@code ratelimiter.*} properties and turns them into policies. Each rule that a
 * value breaks is reported with the property path, the value and the rule, before the application
 * takes traffic.
 */
final class RateLimitPolicyFactory {

	private static final Duration MIN_WINDOW = Duration.ofMillis(1);

	private static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

	/** Longest accepted client id setting; HTTP servers reject larger headers anyway. */
	static final int MAX_CLIENT_ID_LENGTH = 8192;

	private RateLimitPolicyFactory() {
	}

	/**
	 * Validates the settings that do not belong to a single policy.
	 * @throws RateLimiterConfigurationException naming the first invalid property
	 */
	static void validateGeneralSettings(RateLimiterProperties properties) {
		if (properties.getKeyPrefix() == null
				|| !RateLimitKeyBuilder.NAME_PATTERN.matcher(properties.getKeyPrefix()).matches()) {
			throw RateLimiterConfigurationException.invalidProperty("ratelimiter.key-prefix",
					quoted(properties.getKeyPrefix()), "must match " + RateLimitKeyBuilder.NAME_PATTERN.pattern());
		}
		validateTimeout("ratelimiter.timeout", properties.getTimeout());
		if (properties.getFailureMode() == null) {
			throw RateLimiterConfigurationException.invalidProperty("ratelimiter.failure-mode", null,
					"must be one of open, closed, local");
		}
		validateClientIdSettings(properties);
		String defaultPolicy = properties.getDefaultPolicy();
		if (defaultPolicy == null || defaultPolicy.isEmpty()) {
			throw RateLimiterConfigurationException.invalidProperty("ratelimiter.default-policy", quoted(defaultPolicy),
					"must name a policy under ratelimiter.policies");
		}
		if (!defaultPolicy.equals(new RateLimiterProperties().getDefaultPolicy())
				&& !properties.getPolicies().containsKey(defaultPolicy)) {
			throw RateLimiterConfigurationException.invalidProperty("ratelimiter.default-policy", quoted(defaultPolicy),
					"must name a policy under ratelimiter.policies, which has " + properties.getPolicies().keySet());
		}
	}

	private static void validateTimeout(String property, Duration timeout) {
		if (timeout == null || timeout.compareTo(MIN_WINDOW) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
			throw RateLimiterConfigurationException.invalidProperty(property, timeout, "must be between 1ms and 1m");
		}
	}

	private static void validateClientIdSettings(RateLimiterProperties properties) {
		String header = properties.getClientId().getHeader();
		if (header == null || !header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
			throw RateLimiterConfigurationException.invalidProperty("ratelimiter.client-id.header", quoted(header),
					"must be a valid HTTP header name");
		}
		int maxLength = properties.getClientId().getMaxLength();
		if (maxLength < 1 || maxLength > MAX_CLIENT_ID_LENGTH) {
			throw RateLimiterConfigurationException.invalidProperty("ratelimiter.client-id.max-length", maxLength,
					"must be between 1 and " + MAX_CLIENT_ID_LENGTH);
		}
		if (properties.getClientId().getWhenMissing() == null) {
			throw RateLimiterConfigurationException.invalidProperty("ratelimiter.client-id.when-missing", null,
					"must be one of reject, remote-address");
		}
	}

	/**
	 * Creates the configured policies.
	 * @throws RateLimiterConfigurationException naming the first invalid property
	 */
	static List<RateLimitPolicy> createPolicies(RateLimiterProperties properties) {
		List<RateLimitPolicy> policies = new ArrayList<>();
		properties.getPolicies()
			.forEach((name, policy) -> policies.add(createPolicy(name, policy, properties)));
		return policies;
	}

	private static RateLimitPolicy createPolicy(String name, Policy policy, RateLimiterProperties properties) {
		String path = "ratelimiter.policies." + name;
		if (!RateLimitKeyBuilder.NAME_PATTERN.matcher(name).matches()) {
			String property = "ratelimiter.policies[" + name + "]";
			throw new RateLimiterConfigurationException(property + " is an invalid policy name; a policy name must match "
					+ RateLimitKeyBuilder.NAME_PATTERN.pattern() + " because it is part of every key and header of the policy.",
					"Rename " + property + " and each @RateLimited that names it.");
		}
		RateLimit limit = createLimit(path, policy.getLimit(), policy.getWindow());
		Map<String, RateLimit> clientLimits = new LinkedHashMap<>();
		Map<String, String> clientByCanonical = new HashMap<>();
		policy.getClients().forEach((client, override) -> {
			String clientPath = path + ".clients[" + client + "]";
			if (override == null || (override.getLimit() == null && override.getWindow() == null)) {
				throw RateLimiterConfigurationException.invalidProperty(clientPath, null,
						"needs a limit, a window or both");
			}
			String canonical = ClientId.of(client).canonical();
			String sameClient = clientByCanonical.putIfAbsent(canonical, client);
			if (sameClient != null) {
				throw new RateLimiterConfigurationException(path + ".clients has overrides for '" + sameClient
						+ "' and '" + client + "', which are one client id because ids are compared in Unicode "
						+ "normalization form C.", "Keep one of the two overrides under " + path + ".clients.");
			}
			clientLimits.put(canonical, createOverride(clientPath, override, limit));
		});
		FailureMode failureMode = (policy.getFailureMode() != null) ? policy.getFailureMode()
				: properties.getFailureMode();
		if (policy.getTimeout() != null) {
			validateTimeout(path + ".timeout", policy.getTimeout());
		}
		Duration timeout = (policy.getTimeout() != null) ? policy.getTimeout() : properties.getTimeout();
		return new RateLimitPolicy(name, limit, clientLimits, failureMode, timeout);
	}

	private static RateLimit createOverride(String path, ClientLimit override, RateLimit policyLimit) {
		Long limit = (override.getLimit() != null) ? override.getLimit() : policyLimit.limit();
		Duration window = (override.getWindow() != null) ? override.getWindow() : policyLimit.window();
		return createLimit(path, limit, window);
	}

	private static RateLimit createLimit(String path, Long limit, Duration window) {
		if (limit == null || limit < 1 || limit > RateLimit.MAX_LIMIT) {
			throw RateLimiterConfigurationException.invalidProperty(path + ".limit", limit,
					"must be between 1 and " + RateLimit.MAX_LIMIT);
		}
		if (window == null || window.compareTo(MIN_WINDOW) < 0 || window.compareTo(RateLimit.MAX_WINDOW) > 0) {
			throw RateLimiterConfigurationException.invalidProperty(path + ".window", window,
					"must be between 1ms and " + RateLimit.MAX_WINDOW.toDays() + "d");
		}
		if (window.toNanos() % 1_000_000 != 0) {
			throw RateLimiterConfigurationException.invalidProperty(path + ".window", window,
					"must be a whole number of milliseconds");
		}
		return new RateLimit(limit, window);
	}

	private static String quoted(String value) {
		return (value != null) ? "'" + value + "'" : null;
	}

}
