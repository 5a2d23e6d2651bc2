package io.github.ratelimiter.core;

import java.text.Normalizer;

/**
 * Identity of a caller whose requests share one window per policy.
 *
 * <p>
 * Ids from different sources never share a window: a header value that looks like an IP address and
 * the same address taken from the connection are different clients. The {@link #canonical() canonical
 * form} is what keys and per-client overrides compare: the source, a colon, and the value in Unicode
 * normalization form C. Nothing else is folded, so ids that differ in case or white space are different
 * clients.
 *
 * @param source where the id was taken from
 * @param value the id as sent by the caller or as resolved from the connection
 */
public record ClientId(Source source, String value) {

	public ClientId {
		if (source == null) {
			throw new IllegalArgumentException("source is missing");
		}
		if (value == null) {
			throw new IllegalArgumentException("value is missing");
		}
		value = Normalizer.normalize(value, Normalizer.Form.NFC);
	}

	/** Returns a client id taken from a request header or given through the Java API. */
	public static ClientId of(String value) {
		return new ClientId(Source.ID, value);
	}

	/** Returns a client id for a remote address. */
	public static ClientId ofAddress(String address) {
		return new ClientId(Source.ADDRESS, address);
	}

	/** Returns the source-qualified form that keys and per-client overrides compare. */
	public String canonical() {
		return this.source.prefix + this.value;
	}

	/** Where a client id comes from. */
	public enum Source {

		/** An id that the caller sends, such as an API client name in a header. */
		ID("id:"),

		/** The remote address of the connection, as resolved by the server's forwarded-header support. */
		ADDRESS("address:");

		private final String prefix;

		Source(String prefix) {
			this.prefix = prefix;
		}

	}

}
