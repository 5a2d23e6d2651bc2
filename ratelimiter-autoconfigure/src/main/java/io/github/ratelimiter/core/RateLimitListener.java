package io.github.ratelimiter.core;

/**
 * Receives every decision of a {@link RateLimiter}, for metrics and similar observers. Called on the
 * request thread, so implementations must be fast and must not throw.
 */
@FunctionalInterface
public interface RateLimitListener {

	/** Listener that ignores every decision. */
	RateLimitListener NONE = (decision, store, storeNanos) -> {
	};

	/**
	 * Called after each decision.
	 * @param decision the decision
	 * @param store name of the store that was asked
	 * @param storeNanos time the store took to decide or fail, in nanoseconds, or 0 when the request
	 * followed the failure mode without asking the store because another request was probing it
	 */
	void onDecision(RateLimitDecision decision, String store, long storeNanos);

}
