package io.github.ratelimiter.web;

import io.github.ratelimiter.core.ClientId;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the client that a request belongs to. Define a bean of this type to replace the header-based
 * default.
 */
@FunctionalInterface
public interface ClientIdResolver {

	/**
	 * Returns the client of the request.
	 * @param request the request
	 * @return the client, never {@code null}
	 * @throws InvalidClientIdException when the request has no acceptable client id
	 */
	ClientId resolve(HttpServletRequest request);

}
