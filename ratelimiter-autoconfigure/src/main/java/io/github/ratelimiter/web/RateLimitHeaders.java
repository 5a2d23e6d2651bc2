package io.github.ratelimiter.web;

import java.util.function.BiConsumer;

import io.github.ratelimiter.core.RateLimitDecision;
import io.github.ratelimiter.core.RateLimitDecision.Outcome;

/**
 * Names and values of the rate limit response headers, in the structured-field form of the IETF
 * draft "RateLimit header fields for HTTP" (draft-ietf-httpapi-ratelimit-headers).
 */
public final class RateLimitHeaders {

	/** Header that describes the policy: {@code "<policy>";q=<limit>;w=<window in seconds>}. */
	public static final String RATE_LIMIT_POLICY = "RateLimit-Policy";

	/** Header that describes the client's usage: {@code "<policy>";r=<remaining>;t=<seconds>}. */
	public static final String RATE_LIMIT = "RateLimit";

	/** Header that marks a decision of the per-instance fallback limiter. */
	public static final String RATE_LIMIT_SOURCE = "RateLimit-Source";

	/** Value of {@link #RATE_LIMIT_SOURCE} for a decision of the per-instance fallback limiter. */
	public static final String LOCAL_SOURCE = "local";

	private RateLimitHeaders() {
	}

	/**
	 * Sets the policy and usage headers of a decision that a store or the fallback limiter made, and
	 * marks a decision of the fallback limiter.
	 * @param decision a decision with {@linkplain RateLimitDecision#hasQuota() quota numbers}
	 * @param headers receives each header name and value, such as {@code HttpHeaders::set}
	 */
	public static void addTo(RateLimitDecision decision, BiConsumer<String, String> headers) {
		headers.accept(RATE_LIMIT_POLICY, policyValue(decision));
		headers.accept(RATE_LIMIT, usageValue(decision));
		if (decision.outcome() == Outcome.LOCAL_ALLOWED || decision.outcome() == Outcome.LOCAL_DENIED) {
			headers.accept(RATE_LIMIT_SOURCE, LOCAL_SOURCE);
		}
	}

	/**
	 * Returns the value of the {@code RateLimit-Policy} header. A window that is not a whole number of
	 * seconds is rounded up, because the header carries whole seconds.
	 */
	public static String policyValue(RateLimitDecision decision) {
		return "\"" + decision.policy() + "\";q=" + decision.limit() + ";w=" + decision.windowSeconds();
	}

	/** Returns the value of the {@code RateLimit} header. */
	public static String usageValue(RateLimitDecision decision) {
		long seconds = decision.admitted() ? decision.waitSeconds() : decision.retryAfterSeconds();
		return "\"" + decision.policy() + "\";r=" + decision.remaining() + ";t=" + seconds;
	}

	/** Returns the value of the {@code Retry-After} header of a denial, in whole seconds. */
	public static String retryAfterValue(RateLimitDecision decision) {
		return Long.toString(decision.retryAfterSeconds());
	}

	/** Returns the window of a decision for messages, such as "10s" or "500ms". */
	static String windowText(RateLimitDecision decision) {
		long millis = decision.windowMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

}
