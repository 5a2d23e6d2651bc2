package io.github.ratelimiter.web;

import java.net.URI;

import io.github.ratelimiter.core.RateLimitDecision;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Rejects a request that its rate limit denied: 429 Too Many Requests with {@code Retry-After}, the
 * rate limit headers and an RFC 9457 problem detail that names the policy.
 */
public class RateLimitExceededException extends ErrorResponseException {

	/** Problem type of a denied request. */
	public static final URI TYPE = URI.create("urn:ratelimiter:problem:rate-limit-exceeded");

	private final transient RateLimitDecision decision;

	public RateLimitExceededException(RateLimitDecision decision) {
		super(HttpStatus.TOO_MANY_REQUESTS, problemDetail(decision), null);
		this.decision = decision;
		HttpHeaders headers = getHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, RateLimitHeaders.retryAfterValue(decision));
		RateLimitHeaders.addTo(decision, headers::set);
	}

	/** Returns the decision that denied the request. */
	public RateLimitDecision getDecision() {
		return this.decision;
	}

	private static ProblemDetail problemDetail(RateLimitDecision decision) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				"Rate limit of policy '" + decision.policy() + "' exceeded: the limit is " + decision.limit() + " per "
						+ RateLimitHeaders.windowText(decision) + ". Retry after " + decision.retryAfterSeconds()
						+ " seconds.");
		problem.setType(TYPE);
		problem.setTitle("Too Many Requests");
		problem.setProperty("policy", decision.policy());
		problem.setProperty("retryAfter", decision.retryAfterSeconds());
		return problem;
	}

}
