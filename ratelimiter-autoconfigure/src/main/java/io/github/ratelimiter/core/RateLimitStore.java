package io.github.ratelimiter.core;

import java.time.Duration;

/**
 * Keeps the sliding-window logs and decides requests atomically per key.
 *
 * <p>
 * Implementations count a denial nowhere: it adds no entry and does not extend the key's lifetime.
 * Every failure to reach a decision is reported as a {@link RateLimitStoreException}.
 */
public interface RateLimitStore {

	/**
	 * Admits and records {@code cost} units for the key when they fit in the window, otherwise denies
	 * without writing anything.
	 * @param key log of one client under one policy, as built by {@link RateLimitKeyBuilder}
	 * @param limit limit and window that apply to the client
	 * @param cost units the request takes, at least 1
	 * @return the decision with the units left and the wait until a unit frees
	 * @throws RateLimitStoreException when the store cannot decide
	 */
	StoreDecision tryAcquire(String key, RateLimit limit, int cost);

	/**
	 * Decides like {@link #tryAcquire(String, RateLimit, int)} within the given deadline. Stores that call
	 * a server fail with a {@link RateLimitStoreException} when the deadline passes; the default ignores it,
	 * which suits stores that never wait.
	 * @param key log of one client under one policy
	 * @param limit limit and window that apply to the client
	 * @param cost units the request takes, at least 1
	 * @param timeout deadline of this decision, or {@code null} for the store's own deadline
	 * @return the decision
	 * @throws RateLimitStoreException when the store cannot decide in time
	 */
	default StoreDecision tryAcquire(String key, RateLimit limit, int cost, Duration timeout) {
		return tryAcquire(key, limit, cost);
	}

	/**
	 * Reads the usage of the key without recording anything.
	 * @param key log of one client under one policy
	 * @param limit limit and window that apply to the client
	 * @return the units left and the wait until a unit frees; {@code admitted} is always {@code false}
	 * @throws RateLimitStoreException when the store cannot respond
	 */
	StoreDecision peek(String key, RateLimit limit);

	/** Returns the name of the store, used as a metric tag and in the actuator output. */
	String name();

	/**
	 * Decision of a store for one key.
	 *
	 * @param admitted whether the units fit in the window and were recorded
	 * @param remaining units still free in the window after the decision
	 * @param waitMillis when admitted, milliseconds until the oldest entry leaves the window, 0 for an
	 * empty window; when denied, milliseconds until the request would fit
	 */
	record StoreDecision(boolean admitted, long remaining, long waitMillis) {
	}

}
