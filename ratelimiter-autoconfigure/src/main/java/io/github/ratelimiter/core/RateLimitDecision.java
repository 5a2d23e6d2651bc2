package io.github.ratelimiter.core;

/**
 * Result of asking a {@link RateLimiter} whether one request may proceed.
 *
 * @param outcome how the decision was reached and what it means for the request
 * @param policy name of the policy that decided
 * @param limit units admitted per window for this client, or {@code -1} when no store decided
 * @param remaining units still free in the window after this decision, or {@code -1} when no store
 * decided
 * @param waitMillis when admitted, milliseconds until the oldest entry leaves the window and frees a
 * unit; when denied, milliseconds until the request would fit; {@code -1} when no store decided
 * @param windowMillis length of the window in milliseconds
 */
public record RateLimitDecision(Outcome outcome, String policy, long limit, long remaining, long waitMillis,
		long windowMillis) {

	/** Returns whether the request may proceed. */
	public boolean admitted() {
		return this.outcome.admitted;
	}

	/** Returns whether a store or the local fallback limiter counted the request, so the numbers are real. */
	public boolean hasQuota() {
		return this.limit >= 0;
	}

	/** Returns {@link #waitMillis()} in whole seconds, rounded up. */
	public long waitSeconds() {
		return secondsRoundedUp(this.waitMillis);
	}

	/** Returns the seconds a denied client should wait before retrying: rounded up and at least 1. */
	public long retryAfterSeconds() {
		return Math.max(1, waitSeconds());
	}

	/** Returns the window in whole seconds, rounded up and at least 1. */
	public long windowSeconds() {
		return Math.max(1, secondsRoundedUp(this.windowMillis));
	}

	private static long secondsRoundedUp(long millis) {
		return Math.max(0, (millis + 999) / 1000);
	}

	/** Way a decision was reached and what it means for the request. */
	public enum Outcome {

		/** The store admitted the request and recorded it. */
		ALLOWED(true),

		/** The store denied the request because the window is full. */
		DENIED(false),

		/** The store failed and the failure mode admits requests without counting them. */
		FAILED_OPEN(true),

		/** The store failed and the failure mode rejects requests. */
		FAILED_CLOSED(false),

		/** The store failed and the per-instance fallback limiter admitted the request. */
		LOCAL_ALLOWED(true),

		/** The store failed and the per-instance fallback limiter denied the request. */
		LOCAL_DENIED(false);

		private final boolean admitted;

		Outcome(boolean admitted) {
			this.admitted = admitted;
		}

		/** Returns whether requests with this outcome may proceed. */
		public boolean admitted() {
			return this.admitted;
		}

	}

}
