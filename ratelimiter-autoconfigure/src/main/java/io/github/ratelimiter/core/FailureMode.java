package io.github.ratelimiter.core;

/**
 * Behaviour of a rate limiter for a request that its store cannot decide.
 */
public enum FailureMode {

	/** Admit the request without counting it. */
	OPEN,

	/** Reject the request with 503 Service Unavailable. */
	CLOSED,

	/** Decide with a limiter that lives in this application instance only, with the same policy. */
	LOCAL

}
