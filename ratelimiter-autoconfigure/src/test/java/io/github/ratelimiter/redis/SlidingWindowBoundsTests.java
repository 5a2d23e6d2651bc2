package io.github.ratelimiter.redis;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.github.ratelimiter.core.RateLimit;
import io.github.ratelimiter.core.RateLimitStore.StoreDecision;
import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.redis.RedisStandaloneTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests the script's arithmetic at the largest accepted limit and window and at a far-future time.
 * Lua numbers are doubles, exact up to 2^53, and every number the script computes must stay below.
 */
class SlidingWindowBoundsTests {

	/** 2200-01-01T00:00:00Z in milliseconds; members are this times 1000 plus a sequence number. */
	private static final long FAR_FUTURE = 7_258_118_400_000L;

	private static final RateLimit LARGEST = new RateLimit(RateLimit.MAX_LIMIT, RateLimit.MAX_WINDOW);

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redisServer = RedisServerExtension.standalone();

	private static LettuceConnectionFactory connectionFactory;

	private final AtomicLong clock = new AtomicLong(FAR_FUTURE);

	private PinnedClockStore store;

	@BeforeAll
	static void connect() {
		RedisStandaloneTestServer redis = redisServer.server();
		connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@BeforeEach
	void createStore() {
		redisServer.server().flushAll();
		this.store = new PinnedClockStore(connectionFactory, this.clock::get);
	}

	@Test
	void largestBoundsStayExactInFarFuture() {
		long windowMillis = RateLimit.MAX_WINDOW.toMillis();

		StoreDecision first = this.store.tryAcquire("bounds", LARGEST, 1000);
		this.clock.set(FAR_FUTURE + windowMillis - 1);
		StoreDecision second = this.store.tryAcquire("bounds", LARGEST, 1000);

		assertThat(first.admitted()).isTrue();
		assertThat(first.remaining()).isEqualTo(RateLimit.MAX_LIMIT - 1000);
		assertThat(first.waitMillis()).isEqualTo(windowMillis);
		assertThat(second.admitted()).isTrue();
		assertThat(second.remaining()).isEqualTo(RateLimit.MAX_LIMIT - 2000);
		assertThat(second.waitMillis()).isEqualTo(1);
		assertThat((Long) redisServer.server().command("PTTL", "bounds")).isBetween(windowMillis - 10_000, windowMillis);
	}

	@Test
	@SuppressWarnings("unchecked")
	void membersAndScoresAreExactIntegers() {
		this.store.tryAcquire("bounds", LARGEST, 3);

		List<Object> first = (List<Object>) redisServer.server().command("ZRANGE", "bounds", "0", "0", "WITHSCORES");
		List<Object> last = (List<Object>) redisServer.server().command("ZRANGE", "bounds", "-1", "-1", "WITHSCORES");

		assertThat(first).containsExactly(Long.toString(FAR_FUTURE * 1000 + 1), Long.toString(FAR_FUTURE));
		assertThat(last).containsExactly(Long.toString(FAR_FUTURE * 1000 + 3), Long.toString(FAR_FUTURE));
		assertThat(FAR_FUTURE * 1000 + 999).isLessThan(1L << 53);
	}

	@Test
	void entriesLeaveExactlyOneLargestWindowLater() {
		this.store.tryAcquire("bounds", LARGEST, 1000);

		this.clock.set(FAR_FUTURE + RateLimit.MAX_WINDOW.toMillis());
		StoreDecision peeked = this.store.peek("bounds", LARGEST);

		assertThat(peeked.remaining()).isEqualTo(RateLimit.MAX_LIMIT);
		assertThat(peeked.waitMillis()).isZero();
	}

	@Test
	void costAboveLargestLimitIsDeniedWithoutWriting() {
		this.store.tryAcquire("bounds", LARGEST, 10);

		StoreDecision denied = this.store.tryAcquire("bounds", LARGEST, Integer.MAX_VALUE);

		assertThat(denied.admitted()).isFalse();
		assertThat(denied.remaining()).isEqualTo(RateLimit.MAX_LIMIT - 10);
		assertThat(denied.waitMillis()).isEqualTo(RateLimit.MAX_WINDOW.toMillis());
		assertThat(redisServer.server().command("ZCARD", "bounds")).isEqualTo(10L);
	}

	@Test
	void denialWaitsForBlockingEntry() {
		RateLimit two = new RateLimit(2, RateLimit.MAX_WINDOW);
		this.store.tryAcquire("bounds", two, 1);
		this.clock.set(FAR_FUTURE + 1_000);
		this.store.tryAcquire("bounds", two, 1);

		this.clock.set(FAR_FUTURE + 2_000);
		StoreDecision denied = this.store.tryAcquire("bounds", two, 2);

		assertThat(denied.admitted()).isFalse();
		assertThat(denied.waitMillis()).isEqualTo(RateLimit.MAX_WINDOW.toMillis() - 1_000);
	}

}
