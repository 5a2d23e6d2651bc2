package io.github.ratelimiter.core;

import java.time.Duration;
import java.util.Map;

/**
 * Named limit that applies to every client, with per-client overrides and the behaviour when the store
 * fails.
 *
 * @param name name that {@code @RateLimited} refers to
 * @param limit limit of clients without an override
 * @param clientLimits overrides by client, keyed by the client's {@linkplain ClientId#canonical()
 * canonical form}
 * @param failureMode what happens to a request when the store cannot decide
 * @param timeout deadline of one store decision, after which the failure mode applies, or {@code null}
 * for the store's own deadline
 */
public record RateLimitPolicy(String name, RateLimit limit, Map<String, RateLimit> clientLimits,
		FailureMode failureMode, Duration timeout) {

	public RateLimitPolicy {
		if (name == null || !RateLimitKeyBuilder.NAME_PATTERN.matcher(name).matches()) {
			throw new IllegalArgumentException(
					"policy name '" + name + "' is invalid; it must match " + RateLimitKeyBuilder.NAME_PATTERN.pattern());
		}
		if (limit == null) {
			throw new IllegalArgumentException("policy '" + name + "' has no limit");
		}
		clientLimits = Map.copyOf(clientLimits);
		if (failureMode == null) {
			throw new IllegalArgumentException("policy '" + name + "' has no failure mode");
		}
		if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
			throw new IllegalArgumentException("policy '" + name + "' has timeout " + timeout + "; it must be positive");
		}
	}

	/** Creates a policy that uses the store's own deadline. */
	public RateLimitPolicy(String name, RateLimit limit, Map<String, RateLimit> clientLimits,
			FailureMode failureMode) {
		this(name, limit, clientLimits, failureMode, null);
	}

	/** Returns a policy without overrides that admits requests when the store fails. */
	public static RateLimitPolicy of(String name, RateLimit limit) {
		return new RateLimitPolicy(name, limit, Map.of(), FailureMode.OPEN);
	}

	/** Returns the limit that applies to the client: its override, else the policy's limit. */
	public RateLimit limitFor(ClientId client) {
		return this.clientLimits.getOrDefault(client.canonical(), this.limit);
	}

}
