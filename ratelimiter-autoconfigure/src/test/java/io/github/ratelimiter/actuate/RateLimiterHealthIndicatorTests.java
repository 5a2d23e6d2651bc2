package io.github.ratelimiter.actuate;

import java.time.Duration;
import java.util.List;

import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.RateLimit;
import io.github.ratelimiter.core.RateLimitDecision.Outcome;
import io.github.ratelimiter.core.RateLimitKeyBuilder;
import io.github.ratelimiter.core.RateLimitListener;
import io.github.ratelimiter.core.RateLimitPolicy;
import io.github.ratelimiter.core.RateLimiter;
import io.github.ratelimiter.memory.InMemoryRateLimitStore;
import io.github.ratelimiter.redis.RateLimitScripts;
import io.github.ratelimiter.redis.RedisRateLimitStore;
import io.github.ratelimiter.redis.RedisVersionReader;
import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.redis.RedisStandaloneTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RateLimiterHealthIndicator} against a real Redis.
 */
class RateLimiterHealthIndicatorTests {

	private static final Duration TIMEOUT = Duration.ofMillis(200);

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redisServer = RedisServerExtension.standalone();

	private static RedisStandaloneTestServer redis;

	private static LettuceConnectionFactory connectionFactory;

	private RateLimiter rateLimiter;

	private RateLimiterHealthIndicator healthIndicator;

	@BeforeAll
	static void connect() {
		redis = redisServer.server();
		connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
	}

	private static final RateLimit PROBE_LIMIT = new RateLimit(1, Duration.ofSeconds(1));

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@BeforeEach
	void createHealthIndicator() {
		if (!redis.isRunning()) {
			redis.restart();
		}
		redis.flushAll();
		RateLimitKeyBuilder keyBuilder = new RateLimitKeyBuilder("ratelimiter");
		RedisRateLimitStore store = new RedisRateLimitStore(connectionFactory, RateLimitScripts.slidingWindow(),
				TIMEOUT);
		this.rateLimiter = new RateLimiter(List.of(RateLimitPolicy.of("hello", new RateLimit(3, Duration.ofSeconds(10)))),
				store, null, keyBuilder, RateLimitListener.NONE);
		RedisVersionReader versionReader = new RedisVersionReader(connectionFactory, TIMEOUT);
		this.healthIndicator = new RateLimiterHealthIndicator(this.rateLimiter, keyBuilder, versionReader::readVersion);
		// A test before may have stopped Redis, and Lettuce reconnects in the background.
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(() -> store.peek("ratelimiter:reconnected", PROBE_LIMIT) != null);
	}

	@AfterEach
	void restoreRedis() {
		if (!redis.isRunning()) {
			redis.restart();
		}
		redis.command("CONFIG", "SET", "min-replicas-to-write", "0");
	}

	@Test
	void upWhenStoreRunsScript() {
		Health health = this.healthIndicator.health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("store", "redis");
		assertThat(health.getDetails()).containsEntry("decisionsFailing", false);
		assertThat(health.getDetails()).doesNotContainKeys("error", "lastDecisionError");
	}

	@Test
	void reportsRedisServerVersion() {
		String info = (String) redis.command("INFO", "server");
		String version = info.lines()
			.filter((line) -> line.startsWith("redis_version:"))
			.map((line) -> line.substring("redis_version:".length()).trim())
			.findFirst()
			.orElseThrow();

		assertThat(this.healthIndicator.health().getDetails()).containsEntry("version", version);
	}

	@Test
	void probeKeyExpiresAtOnce() {
		this.healthIndicator.health();
		this.healthIndicator.health();

		await().atMost(Duration.ofSeconds(2))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(redis.command("DBSIZE")).isEqualTo(0L));
	}

	@Test
	void downWithinDeadlineWhenRedisStops() {
		redis.stop();

		long start = System.nanoTime();
		Health health = this.healthIndicator.health();
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("store", "redis");
		assertThat((String) health.getDetails().get("error")).startsWith("Redis");
		// One probe within the 200ms store deadline, with a wide margin for a busy machine.
		assertThat(elapsed).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void upAgainWhenRedisReturns() {
		redis.stop();
		assertThat(this.healthIndicator.health().getStatus()).isEqualTo(Status.DOWN);

		redis.restart();

		// Lettuce reconnects in the background, so the first probes after the restart may still fail.
		await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.healthIndicator.health().getStatus().equals(Status.UP));
	}

	@Test
	void downWhenRedisRejectsWrites() {
		// With min-replicas-to-write 1 and no replica, Redis rejects every write but still runs read-only scripts.
		redis.command("CONFIG", "SET", "min-replicas-to-write", "1");
		assertThat(this.rateLimiter.tryAcquire("hello", ClientId.of("client-a"), 1).outcome())
			.isEqualTo(Outcome.FAILED_OPEN);

		Health health = this.healthIndicator.health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat((String) health.getDetails().get("error")).contains("NOREPLICAS");
	}

	@Test
	void upWhenWritesWorkAgainWithoutTraffic() {
		redis.command("CONFIG", "SET", "min-replicas-to-write", "1");
		this.rateLimiter.tryAcquire("hello", ClientId.of("client-a"), 1);
		assertThat(this.healthIndicator.health().getStatus()).isEqualTo(Status.DOWN);

		redis.command("CONFIG", "SET", "min-replicas-to-write", "0");
		Health health = this.healthIndicator.health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("decisionsFailing", true);
		assertThat((String) health.getDetails().get("lastDecisionError")).contains("NOREPLICAS");
	}

	@Test
	void decisionsFailingClearsAfterNextDecision() {
		redis.command("CONFIG", "SET", "min-replicas-to-write", "1");
		this.rateLimiter.tryAcquire("hello", ClientId.of("client-a"), 1);
		redis.command("CONFIG", "SET", "min-replicas-to-write", "0");

		assertThat(this.rateLimiter.tryAcquire("hello", ClientId.of("client-a"), 1).outcome())
			.isEqualTo(Outcome.ALLOWED);

		Health health = this.healthIndicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("decisionsFailing", false);
		assertThat(health.getDetails()).doesNotContainKey("lastDecisionError");
	}

	@Test
	void upWithoutVersionForInMemoryStore() {
		RateLimitKeyBuilder keyBuilder = new RateLimitKeyBuilder("ratelimiter");
		RateLimiter inMemory = new RateLimiter(List.of(), new InMemoryRateLimitStore(), null, keyBuilder,
				RateLimitListener.NONE);

		Health health = new RateLimiterHealthIndicator(inMemory, keyBuilder, null).health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("store", "in-memory");
		assertThat(health.getDetails()).doesNotContainKey("version");
	}

}
