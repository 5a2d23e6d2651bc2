package io.github.ratelimiter.demo;

import java.util.List;

import io.github.ratelimiter.test.redis.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks on the keys that a test left in Redis.
 */
final class RedisKeys {

	private RedisKeys() {
	}

	/**
	 * Asserts that every key lives under the prefix and expires, so none can pile up. A key that expires
	 * between the listing and the check reads {@code -2}, which is fine; {@code -1} means no expiry.
	 */
	static void assertEveryKeyExpires(RedisTestServer redis, String prefix) {
		List<?> keys = (List<?>) redis.command("KEYS", "*");
		assertThat(keys).as("keys left by the test").isNotEmpty();
		for (Object key : keys) {
			assertThat((String) key).as("key %s", key).startsWith(prefix + ":");
			assertThat((Long) redis.command("PTTL", (String) key)).as("expiry of %s", key).isNotEqualTo(-1L);
		}
	}

}
