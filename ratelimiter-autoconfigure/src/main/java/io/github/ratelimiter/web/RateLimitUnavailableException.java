package io.github.ratelimiter.web;

import java.net.URI;

import io.github.ratelimiter.core.RateLimitDecision;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Rejects a request that could not be decided because the rate limit store failed and the policy's
 * failure mode is {@code closed}: 503 Service Unavailable with a problem detail and no
 * {@code Retry-After}, because no store has computed when to come back.
 */
public class RateLimitUnavailableException extends ErrorResponseException {

	/** Problem type of a request rejected because the rate limit store failed. */
	public static final URI TYPE = URI.create("urn:ratelimiter:problem:rate-limit-unavailable");

	public RateLimitUnavailableException(RateLimitDecision decision) {
		super(HttpStatus.SERVICE_UNAVAILABLE, problemDetail(decision), null);
	}

	private static ProblemDetail problemDetail(RateLimitDecision decision) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The rate limit of policy '" + decision.policy()
						+ "' could not be checked because its store failed, and the policy rejects requests then.");
		problem.setType(TYPE);
		problem.setTitle("Rate Limit Unavailable");
		problem.setProperty("policy", decision.policy());
		return problem;
	}

}
