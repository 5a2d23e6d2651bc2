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
 * clients. A value must be well-formed UTF-16: an unpaired surrogate has no UTF-8 encoding, so two such
 * ids could otherwise share a key.
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
		int unpaired = indexOfUnpairedSurrogate(value);
		if (unpaired >= 0) {
			throw new IllegalArgumentException("value has an unpaired surrogate at index " + unpaired);
		}
		value = Normalizer.normalize(value, Normalizer.Form.NFC);
	}

	private static int indexOfUnpairedSurrogate(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return i;
			}
		}
		return -1;
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

	/** Source of a client id. */
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
