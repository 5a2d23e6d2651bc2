package io.github.ratelimiter.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Builds the store key of one client under one policy.
 *
 * <p>
 * A key reads {@code <prefix>:<policy>:{<digest>}}. The digest is the first 16 bytes of the SHA-256 of
 * the client's {@linkplain ClientId#canonical() canonical form}, base64url-encoded. So whatever bytes a
 * caller puts in its id, the key stays under the prefix, is at most {@link #maxKeyLength()} characters
 * long, and its Redis Cluster hash tag is chosen here, never by the caller. All keys of one client share
 * a hash slot, whatever the policy.
 */
public final class RateLimitKeyBuilder {

	/** Characters allowed in the key prefix and in policy names. */
	public static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final int DIGEST_BYTES = 16;

	private static final int DIGEST_CHARACTERS = 22;

	private static final MessageDigest SHA_256 = sha256();

	private final String prefix;

	public RateLimitKeyBuilder(String prefix) {
		if (prefix == null || !NAME_PATTERN.matcher(prefix).matches()) {
			throw new IllegalArgumentException(
					"key prefix '" + prefix + "' is invalid; it must match " + NAME_PATTERN.pattern());
		}
		this.prefix = prefix;
	}

	/**
	 * Returns the key of the client's log under the policy.
	 * @throws IllegalArgumentException when the policy name does not match {@link #NAME_PATTERN}, because
	 * a brace or an unbounded name in it would change the hash tag or the length of the key
	 */
	public String key(String policy, ClientId client) {
		if (policy == null || !NAME_PATTERN.matcher(policy).matches()) {
			throw new IllegalArgumentException(
					"policy name '" + policy + "' is invalid; it must match " + NAME_PATTERN.pattern());
		}
		return this.prefix + ":" + policy + ":{" + digest(client.canonical()) + "}";
	}

	/** Returns the prefix that every key starts with, followed by a colon. */
	public String namespace() {
		return this.prefix + ":";
	}

	/** Returns the length that no key built here exceeds. */
	public int maxKeyLength() {
		return this.prefix.length() + 1 + 64 + 2 + DIGEST_CHARACTERS + 1;
	}

	private static String digest(String canonical) {
		byte[] hash = newSha256().digest(canonical.getBytes(StandardCharsets.UTF_8));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, DIGEST_BYTES));
	}

	/**
	 * Returns a fresh SHA-256 digest. Cloning a prototype avoids the provider lookup of
	 * {@link MessageDigest#getInstance(String)}, which costs more than the hash of a short id.
	 */
	private static MessageDigest newSha256() {
		try {
			return (MessageDigest) SHA_256.clone();
		}
		catch (CloneNotSupportedException ex) {
			return sha256();
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM, which every Java SE must provide", ex);
		}
	}

}
