package io.github.ratelimiter.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Rejects a rate-limited request whose client id is missing or invalid: 400 Bad Request with a problem
 * detail that names the header. The store is not asked.
 */
public class InvalidClientIdException extends ErrorResponseException {

	/** Problem type of a missing or invalid client id. */
	public static final URI TYPE = URI.create("urn:ratelimiter:problem:invalid-client-id");

	/**
	 * Creates the exception.
	 * @param title short summary, such as "Missing client id"
	 * @param detail what is wrong with the request
	 * @param header name of the header that carries the client id
	 */
	public InvalidClientIdException(String title, String detail, String header) {
		super(HttpStatus.BAD_REQUEST, problemDetail(title, detail, header), null);
	}

	private static ProblemDetail problemDetail(String title, String detail, String header) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setType(TYPE);
		problem.setTitle(title);
		problem.setProperty("header", header);
		return problem;
	}

}
