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
 * The probe reads the usage of one fixed key, {@code <key-prefix>:health-probe}, through the store, so
 * with Redis it runs the rate limit script in its read-only mode, within the store's deadline. It writes
 * nothing and creates no key. The health is DOWN when the probe fails, or when the most recent decision
 * of the rate limiter failed even though the probe passed, as happens when Redis rejects writes.
 *
 * <p>
 * NOTE: the decision state changes only with decisions. After an outage the health stays DOWN, naming
 * the last decision error, until the first request after the store recovers is decided by the store.
 */
public class RateLimiterHealthIndicator implements HealthIndicator {

	/** Last part of the probe key, after the key prefix and a colon. */
	public static final String PROBE_KEY_NAME = "health-probe";

	private static final RateLimit PROBE_LIMIT = new RateLimit(1, Duration.ofSeconds(1));

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
			store.peek(this.probeKey, PROBE_LIMIT);
		}
		catch (RateLimitStoreException ex) {
			return builder.down().withDetail("error", ex.getMessage()).build();
		}

		addServerVersion(builder);
		Exception lastDecisionFailure = this.rateLimiter.getOutageTracker().lastFailure();
		builder.withDetail("decisionsFailing", lastDecisionFailure != null);
		if (lastDecisionFailure != null) {
			builder.down().withDetail("lastDecisionError", lastDecisionFailure.getMessage());
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
