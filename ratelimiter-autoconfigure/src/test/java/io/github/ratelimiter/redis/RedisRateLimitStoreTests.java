package io.github.ratelimiter.redis;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.ratelimiter.core.RateLimit;
import io.github.ratelimiter.core.RateLimitStore;
import io.github.ratelimiter.core.RateLimitStore.StoreDecision;
import io.github.ratelimiter.core.RateLimitStoreContractTests;
import io.github.ratelimiter.core.RateLimitStoreException;
import io.github.ratelimiter.core.TestClock;
import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.redis.RedisStandaloneTestServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RedisRateLimitStore} and its script against a real Redis.
 */
class RedisRateLimitStoreTests extends RateLimitStoreContractTests {

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redisServer = RedisServerExtension.standalone();

	private static RedisStandaloneTestServer redis;

	private static LettuceConnectionFactory connectionFactory;

	@BeforeAll
	static void connect() {
		redis = redisServer.server();
		connectionFactory = createConnectionFactory();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	private static LettuceConnectionFactory createConnectionFactory() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis.host(), redis.port()));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	@BeforeEach
	void flushRedis() {
		redis.flushAll();
	}

	@Override
	protected RateLimitStore createStore(TestClock clock) {
		return new PinnedClockStore(connectionFactory, clock);
	}

	@Override
	protected RateLimitStore createStoreWithRealClock() {
		return new RedisRateLimitStore(connectionFactory, RateLimitScripts.slidingWindow(), Duration.ofSeconds(5));
	}

	@Test
	void sameMillisecondAdmissionsGetDistinctShortMembers() {
		for (int i = 0; i < 5; i++) {
			this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 1);
		}

		List<?> membersAndScores = (List<?>) redis.command("ZRANGE", "k", "0", "-1", "WITHSCORES");

		assertThat(redis.command("ZCARD", "k")).isEqualTo(3L);
		assertThat(members(membersAndScores)).hasSize(3).allSatisfy((member) -> assertThat(member).hasSizeLessThanOrEqualTo(20));
		assertThat(scores(membersAndScores)).containsOnly(Double.toString((double) TestClock.START));
	}

	@Test
	void twoStoresWithSeparateConnectionsShareOneLog() {
		LettuceConnectionFactory otherConnection = createConnectionFactory();
		try {
			RateLimitStore otherInstance = new PinnedClockStore(otherConnection, this.clock);
			int admitted = 0;
			for (int i = 0; i < 2; i++) {
				admitted += this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 1).admitted() ? 1 : 0;
				admitted += otherInstance.tryAcquire("k", THREE_PER_TEN_SECONDS, 1).admitted() ? 1 : 0;
			}

			assertThat(admitted).isEqualTo(3);
			assertThat(members((List<?>) redis.command("ZRANGE", "k", "0", "-1", "WITHSCORES"))).hasSize(3);
		}
		finally {
			otherConnection.destroy();
		}
	}

	@Test
	void costAddsOneDistinctMemberPerUnit() {
		RateLimit tenPerMinute = new RateLimit(10, Duration.ofSeconds(60));

		this.store.tryAcquire("k", tenPerMinute, 5);
		this.store.tryAcquire("k", tenPerMinute, 5);

		assertThat(redis.command("ZCARD", "k")).isEqualTo(10L);
		assertThat(members((List<?>) redis.command("ZRANGE", "k", "0", "-1", "WITHSCORES"))).hasSize(10);
	}

	@Test
	void manyUnitsInOneMillisecondStayDistinct() {
		RateLimit large = new RateLimit(5_000, Duration.ofSeconds(60));

		this.store.tryAcquire("k", large, 2_500);
		this.store.tryAcquire("k", large, 2_500);

		assertThat(redis.command("ZCARD", "k")).isEqualTo(5_000L);
	}

	@Test
	void everyAdmissionSetsExpiryToWindow() {
		this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 1);
		assertThat((Long) redis.command("PTTL", "k")).isBetween(9_950L, 10_000L);

		redis.command("PEXPIRE", "k", "5000");
		this.clock.setElapsed(8_000);
		this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 1);

		assertThat((Long) redis.command("PTTL", "k")).isBetween(9_950L, 10_000L);
	}

	@Test
	void denialChangesNeitherMembersNorExpiry() {
		for (int i = 0; i < 3; i++) {
			this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 1);
		}
		redis.command("PEXPIRE", "k", "5000");
		Object membersBefore = redis.command("ZRANGE", "k", "0", "-1", "WITHSCORES");

		this.clock.setElapsed(1_000);
		StoreDecision denied = this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 1);

		assertThat(denied.admitted()).isFalse();
		assertThat(redis.command("ZRANGE", "k", "0", "-1", "WITHSCORES")).isEqualTo(membersBefore);
		assertThat((Long) redis.command("PTTL", "k")).isLessThanOrEqualTo(5_000L);
	}

	@Test
	void admissionTrimsEntriesOlderThanWindow() {
		this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 1);
		this.clock.setElapsed(8_000);
		this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 1);
		this.clock.setElapsed(8_500);
		this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 1);
		this.clock.setElapsed(10_500);
		StoreDecision admitted = this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 1);
		this.clock.setElapsed(11_500);
		StoreDecision denied = this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 1);

		assertThat(admitted.admitted()).isTrue();
		assertThat(scores((List<?>) redis.command("ZRANGE", "k", "0", "-1", "WITHSCORES"))).containsExactly(
				score(8_000), score(8_500), score(10_500));
		assertThat(denied.admitted()).isFalse();
		assertThat((denied.waitMillis() + 999) / 1000).isEqualTo(7);
	}

	@Test
	void subSecondWindowSetsExpiryInMilliseconds() {
		RateLimit twoPerHalfSecond = new RateLimit(2, Duration.ofMillis(500));

		this.store.tryAcquire("k", twoPerHalfSecond, 1);

		assertThat((Long) redis.command("PTTL", "k")).isBetween(1L, 500L);
	}

	@Test
	void decisionsAreCorrectAfterScriptFlush() {
		RateLimitStore realStore = createStoreWithRealClock();
		RateLimit threePerMinute = new RateLimit(3, Duration.ofMinutes(1));
		assertThat(realStore.tryAcquire("k", threePerMinute, 1).admitted()).isTrue();

		redis.command("SCRIPT", "FLUSH");

		assertThat(realStore.tryAcquire("k", threePerMinute, 1).remaining()).isEqualTo(1);
		assertThat(realStore.tryAcquire("k", threePerMinute, 1).admitted()).isTrue();
		assertThat(realStore.tryAcquire("k", threePerMinute, 1).admitted()).isFalse();
	}

	@Test
	void pinnedDecisionsAreExactAcrossScriptFlush() {
		this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 1);
		redis.command("SCRIPT", "FLUSH");
		this.clock.setElapsed(1_000);
		this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 1);
		this.clock.setElapsed(2_000);
		this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 1);
		this.clock.setElapsed(3_500);

		StoreDecision denied = this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 1);

		assertThat(denied.admitted()).isFalse();
		assertThat(denied.remaining()).isZero();
		assertThat(denied.waitMillis()).isEqualTo(6_500);
	}

	@Test
	void pausedRedisFailsWithinDeadline() {
		RedisRateLimitStore fastStore = new RedisRateLimitStore(connectionFactory, RateLimitScripts.slidingWindow(),
				Duration.ofMillis(100));
		fastStore.tryAcquire("warm-up", THREE_PER_TEN_SECONDS, 1);

		assertCallFailsWithinDeadlineWhilePaused(fastStore);
	}

	@Test
	void idleKeysExpireOneWindowAfterLastAdmission() {
		RateLimitStore realStore = createStoreWithRealClock();
		RateLimit threePerTwoSeconds = new RateLimit(3, Duration.ofSeconds(2));
		for (int i = 0; i < 1_000; i++) {
			realStore.tryAcquire("idle-" + i, threePerTwoSeconds, 1);
		}
		assertThat(redis.command("DBSIZE")).isEqualTo(1_000L);

		Awaitility.await()
			.atMost(Duration.ofSeconds(6))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(redis.command("DBSIZE")).isEqualTo(0L));
	}

	@Test
	void firstCallMeetsDeadlineWhileConnectionCannotOpen() {
		LettuceConnectionFactory unconnected = createConnectionFactory();
		try {
			RedisRateLimitStore fastStore = new RedisRateLimitStore(unconnected, RateLimitScripts.slidingWindow(),
					Duration.ofMillis(100));

			assertCallFailsWithinDeadlineWhilePaused(fastStore);
		}
		finally {
			unconnected.destroy();
		}
	}

	@Test
	void scriptUsesOnlyTheKeyItIsGiven() {
		String source = RateLimitScripts.readSlidingWindowSource();

		assertThat(source).contains("local key = KEYS[1]");
		assertThat(source.replace("KEYS[1]", "")).doesNotContain("KEYS[");
		// Every command other than TIME takes the declared key as its first argument.
		assertThat(source).doesNotContainPattern("redis\\.call\\('[A-Z]+'(?!\\)|, key\\b)");
		assertThat(source).doesNotContain("redis.pcall");
	}

	/** Pauses Redis and checks that a call of the store with a 100 ms deadline fails within it. */
	private static void assertCallFailsWithinDeadlineWhilePaused(RedisRateLimitStore fastStore) {
		redis.pause(Duration.ofSeconds(2));
		try {
			long start = System.nanoTime();
			assertThatExceptionOfType(RateLimitStoreException.class)
				.isThrownBy(() -> fastStore.tryAcquire("k", THREE_PER_TEN_SECONDS, 1))
				.withMessageContaining("within 100ms");
			long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

			assertThat(elapsedMillis).isLessThan(100 + 400);
		}
		finally {
			redis.command("CLIENT", "UNPAUSE");
		}
	}

	private static Set<String> members(List<?> membersAndScores) {
		Set<String> members = new HashSet<>();
		for (int i = 0; i < membersAndScores.size(); i += 2) {
			members.add((String) membersAndScores.get(i));
		}
		return members;
	}

	private static List<String> scores(List<?> membersAndScores) {
		List<String> scores = new java.util.ArrayList<>();
		for (int i = 1; i < membersAndScores.size(); i += 2) {
			scores.add(Double.toString(Double.parseDouble((String) membersAndScores.get(i))));
		}
		return scores;
	}

	private static String score(long elapsedMillis) {
		return Double.toString((double) (TestClock.START + elapsedMillis));
	}

}
