package io.github.ratelimiter.redis;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import io.github.ratelimiter.core.RateLimit;
import io.github.ratelimiter.core.RateLimitStore;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Redis store whose script reads a clock of the test instead of Redis {@code TIME}, so tests can pin
 * "now" to the millisecond. Each call runs the production script with only its {@code TIME} call
 * replaced by the pinned value; production code has no such seam.
 */
public final class PinnedClockStore implements RateLimitStore {

	private static final String TIME_CALL = "redis.call('TIME')";

	private final ReactiveRedisConnectionFactory connectionFactory;

	private final LongSupplier clock;

	private final String source;

	/**
	 * Creates the store.
	 * @param connectionFactory connection to the test's Redis
	 * @param clock current time in milliseconds since the epoch, read once per call
	 */
	public PinnedClockStore(ReactiveRedisConnectionFactory connectionFactory, LongSupplier clock) {
		this.connectionFactory = connectionFactory;
		this.clock = clock;
		this.source = RateLimitScripts.readSlidingWindowSource();
		if (!this.source.contains(TIME_CALL)) {
			throw new IllegalStateException("The sliding-window script no longer reads " + TIME_CALL);
		}
	}

	@Override
	public StoreDecision tryAcquire(String key, RateLimit limit, int cost) {
		return storeAtNow().tryAcquire(key, limit, cost);
	}

	@Override
	public StoreDecision peek(String key, RateLimit limit) {
		return storeAtNow().peek(key, limit);
	}

	@Override
	public String name() {
		return RedisRateLimitStore.NAME;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private RedisRateLimitStore storeAtNow() {
		long millis = this.clock.getAsLong();
		String time = "{'" + Math.floorDiv(millis, 1000) + "', '" + Math.floorMod(millis, 1000) * 1000 + "'}";
		RedisScript<List<Long>> script = (RedisScript) RedisScript.of(this.source.replace(TIME_CALL, time), List.class);
		return new RedisRateLimitStore(this.connectionFactory, script, Duration.ofSeconds(5));
	}

}
