package io.github.ratelimiter.test.redis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conversions of RESP2 replies, as returned by {@link RedisNodeClient}, into the shapes that the test servers read.
 */
final class RedisReplies {

	private RedisReplies() {
	}

	/** Casts an array reply to a list, failing with the reply in the message when it is not an array. */
	static List<?> asList(Object reply) {
		if (reply instanceof List<?> list) {
			return list;
		}
		throw new IllegalStateException("Expected an array reply but got " + reply);
	}

	/** Converts a flat array of field names and values, such as the reply of {@code SENTINEL MASTER}, to a map. */
	static Map<String, String> asMap(Object reply) {
		List<?> elements = asList(reply);
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i + 1 < elements.size(); i += 2) {
			map.put(String.valueOf(elements.get(i)), String.valueOf(elements.get(i + 1)));
		}
		return map;
	}

	/**
	 * Returns the value of a {@code field:value} line of an {@code INFO} or {@code CLUSTER INFO} reply, or
	 * {@code null} when the field is missing.
	 */
	static String infoField(Object reply, String field) {
		String prefix = field + ":";
		for (String line : String.valueOf(reply).split("\r?\n")) {
			if (line.startsWith(prefix)) {
				return line.substring(prefix.length()).trim();
			}
		}
		return null;
	}

}
