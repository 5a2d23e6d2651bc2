package io.github.ratelimiter.core;

/**
 * Thrown when a {@link RateLimitStore} cannot reach a decision: the store is unreachable, too slow,
 * rejects the command or returns something that is not a decision.
 */
public class RateLimitStoreException extends RuntimeException {

	public RateLimitStoreException(String message, Throwable cause) {
		super(message, cause);
	}

	public RateLimitStoreException(String message) {
		super(message);
	}

}
