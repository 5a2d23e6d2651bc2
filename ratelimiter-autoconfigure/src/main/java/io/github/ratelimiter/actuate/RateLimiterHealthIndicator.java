package io.github.ratelimiter.actuate;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.ratelimiter.core.RateLimit;
import io.github.ratelimiter.core.RateLimitKeyBuilder;
import io.github.ratelimiter.core.RateLimitStore;
import io.github.ratelimiter.core.RateLimitStoreException;
import io.github.ratelimiter.core.RateLimiter;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@link HealthIndicator} that probes the rate limit store and reports whether decisions are failing.
 *
 * <p>
 * The probe decides one request on a fixed key, {@code <key-prefix>:health-probe}, through the store and
 * within the store's deadline, with a window of 1 ms. So with Redis it runs the rate limit script with
 * its writes, which catches a server that rejects writes, and the key expires a millisecond later. The
 * health is DOWN exactly when the probe fails. Whether the latest request decision failed is shown as a
 * detail. It does not decide the status, because a service without traffic would otherwise stay DOWN
 * after the store has recovered.
 */
public class RateLimiterHealthIndicator implements HealthIndicator {

	/** Last part of the probe key, after the key prefix and a colon. */
	public static final String PROBE_KEY_NAME = "health-probe";

	private static final RateLimit PROBE_LIMIT = new RateLimit(1, Duration.ofMillis(1));

	private final RateLimiter rateLimiter;

	private final String probeKey;

	private final Supplier<String> serverVersion;

	/**
	 * Creates a health indicator.
	 * @param rateLimiter rate limiter whose store and decisions are checked
	 * @param keyBuilder builder of the rate limiter's keys, which gives the key prefix
	 * @param serverVersion reads the version of the store's server, throwing a
	 * {@link RateLimitStoreException} on failure; {@code null} for a store without a server
	 */
	public RateLimiterHealthIndicator(RateLimiter rateLimiter, RateLimitKeyBuilder keyBuilder,
			Supplier<String> serverVersion) {
		this.rateLimiter = rateLimiter;
		// Keys of policies have a policy segment after the prefix, so this key never equals one of them.
		this.probeKey = keyBuilder.namespace() + PROBE_KEY_NAME;
		this.serverVersion = serverVersion;
	}

	@Override
	public Health health() {
		RateLimitStore store = this.rateLimiter.getStore();
		Health.Builder builder = Health.up().withDetail("store", store.name());

		try {
			store.tryAcquire(this.probeKey, PROBE_LIMIT, 1);
		}
		catch (RateLimitStoreException ex) {
			return builder.down().withDetail("error", ex.getMessage()).build();
		}

		addServerVersion(builder);
		Exception lastDecisionFailure = this.rateLimiter.getOutageTracker().lastFailure();
		builder.withDetail("decisionsFailing", lastDecisionFailure != null);
		if (lastDecisionFailure != null) {
			builder.withDetail("lastDecisionError", lastDecisionFailure.getMessage());
		}
		return builder.build();
	}

	private void addServerVersion(Health.Builder builder) {
		if (this.serverVersion == null) {
			return;
		}
		try {
			builder.withDetail("version", this.serverVersion.get());
		}
		catch (RateLimitStoreException ex) {
			// The probe passed, so the store decides. A server that rejects INFO, as an ACL may, is still healthy.
			builder.withDetail("versionError", ex.getMessage());
		}
	}

}
