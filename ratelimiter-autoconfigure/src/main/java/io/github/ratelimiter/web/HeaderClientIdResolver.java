package io.github.ratelimiter.web;

import io.github.ratelimiter.core.ClientId;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Takes the client id from a request header, and from the remote address when the header is missing
 * and that fallback is chosen.
 *
 * <p>
 * The remote address is {@link HttpServletRequest#getRemoteAddr()}, as the server's forwarded-header
 * support resolved it ({@code server.forward-headers-strategy}, {@code server.tomcat.remoteip.*}). This
 * class never reads forwarding headers itself.
 */
public class HeaderClientIdResolver implements ClientIdResolver {

	private final String headerName;

	private final boolean fallBackToRemoteAddress;

	private final int maxLength;

	/**
	 * Creates a resolver.
	 * @param headerName header that carries the client id
	 * @param fallBackToRemoteAddress whether a request without the header is keyed by its remote
	 * address instead of being rejected
	 * @param maxLength longest accepted id, in characters
	 */
	public HeaderClientIdResolver(String headerName, boolean fallBackToRemoteAddress, int maxLength) {
		this.headerName = headerName;
		this.fallBackToRemoteAddress = fallBackToRemoteAddress;
		this.maxLength = maxLength;
	}

	@Override
	public ClientId resolve(HttpServletRequest request) {
		String value = request.getHeader(this.headerName);
		if (value == null || value.isEmpty()) {
			if (this.fallBackToRemoteAddress) {
				return ClientId.ofAddress(request.getRemoteAddr());
			}
			throw badRequest("Missing client id", "The request has no " + this.headerName
					+ " header, which identifies the client for rate limiting.");
		}
		if (value.length() > this.maxLength) {
			throw badRequest("Invalid client id", "The " + this.headerName + " header is " + value.length()
					+ " characters long; at most " + this.maxLength + " are accepted.");
		}
		return ClientId.of(value);
	}

	private InvalidClientIdException badRequest(String title, String detail) {
		return new InvalidClientIdException(title, detail, this.headerName);
	}

}
