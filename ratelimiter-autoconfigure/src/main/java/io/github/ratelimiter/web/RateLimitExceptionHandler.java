package io.github.ratelimiter.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Renders the rate limiter's own error responses as {@code application/problem+json}, ahead of any
 * application advice, so that a catch-all handler cannot turn a 429 into something else.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RateLimitExceptionHandler {

	/** Writes the problem detail, status and headers that the exception carries. */
	@ExceptionHandler({ RateLimitExceededException.class, RateLimitUnavailableException.class,
			InvalidClientIdException.class })
	public ResponseEntity<ProblemDetail> handle(ErrorResponseException ex) {
		return ResponseEntity.status(ex.getStatusCode()).headers(ex.getHeaders()).body(ex.getBody());
	}

}
