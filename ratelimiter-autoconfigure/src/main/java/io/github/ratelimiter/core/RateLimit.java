package io.github.ratelimiter.core;

import java.time.Duration;

/**
 * Number of units a client may use in a sliding window.
 *
 * @param limit units admitted per window, from 1 to {@link #MAX_LIMIT}
 * @param window length of the sliding window, from 1 ms to {@link #MAX_WINDOW}, in whole milliseconds
 */
public record RateLimit(long limit, Duration window) {

	/** Largest accepted limit; it keeps one client's log and the arithmetic on it bounded. */
	public static final long MAX_LIMIT = 1_000_000;

	/** Longest accepted window. */
	public static final Duration MAX_WINDOW = Duration.ofDays(31);

	public RateLimit {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new IllegalArgumentException("limit is " + limit + "; it must be between 1 and " + MAX_LIMIT);
		}
		if (window == null) {
			throw new IllegalArgumentException("window is missing");
		}
		if (window.compareTo(Duration.ofMillis(1)) < 0 || window.compareTo(MAX_WINDOW) > 0) {
			throw new IllegalArgumentException(
					"window is " + window + "; it must be between 1ms and " + MAX_WINDOW.toDays() + "d");
		}
		if (window.toNanos() % 1_000_000 != 0) {
			throw new IllegalArgumentException("window is " + window + "; it must be a whole number of milliseconds");
		}
	}

	/** Returns the window in milliseconds. */
	public long windowMillis() {
		return this.window.toMillis();
	}

}
