package io.github.ratelimiter.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Lua scripts that decide requests inside Redis.
 */
public final class RateLimitScripts {

	/** Bean name of the sliding-window script. */
	public static final String SLIDING_WINDOW_SCRIPT_BEAN_NAME = "rateLimiterSlidingWindowScript";

	/** Class path location of the sliding-window script. */
	public static final String SLIDING_WINDOW_LOCATION = "META-INF/ratelimiter/sliding-window.lua";

	private RateLimitScripts() {
	}

	/** Reads the sliding-window script from the class path. */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static RedisScript<List<Long>> slidingWindow() {
		return (RedisScript) RedisScript.of(readSlidingWindowSource(), List.class);
	}

	/** Returns the source text of the sliding-window script. */
	public static String readSlidingWindowSource() {
		try (InputStream input = new ClassPathResource(SLIDING_WINDOW_LOCATION).getInputStream()) {
			return new String(input.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to read the rate limit script " + SLIDING_WINDOW_LOCATION, ex);
		}
	}

}
