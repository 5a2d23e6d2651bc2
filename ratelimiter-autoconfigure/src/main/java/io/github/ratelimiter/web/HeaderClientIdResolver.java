package io.github.ratelimiter.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.github.ratelimiter.core.ClientId;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Takes the client id from a request header, and from the remote address when the header is missing
 * and that fallback is chosen.
 *
 * <p>
 * Servlet containers such as Tomcat turn each byte of a header value into one ISO-8859-1 character. A
 * value whose bytes are valid UTF-8 is read as UTF-8 instead, so an id such as {@code café} matches the
 * per-client override written for it; other values are kept byte for byte. The length limit counts
 * Unicode code points of the value read this way.
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
		String id = decodeUtf8(value);
		int length = id.codePointCount(0, id.length());
		if (length > this.maxLength) {
			throw badRequest("Invalid client id", "The " + this.headerName + " header is " + length
					+ " characters long; at most " + this.maxLength + " are accepted.");
		}
		return ClientId.of(id);
	}

	/**
	 * Reads a header value whose characters are the bytes of valid UTF-8 as UTF-8, and returns any other
	 * value unchanged.
	 */
	static String decodeUtf8(String value) {
		boolean ascii = true;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c > 0xff) {
				return value;
			}
			ascii = ascii && c < 0x80;
		}
		if (ascii) {
			return value;
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1)))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return value;
		}
	}

	private InvalidClientIdException badRequest(String title, String detail) {
		return new InvalidClientIdException(title, detail, this.headerName);
	}

}
