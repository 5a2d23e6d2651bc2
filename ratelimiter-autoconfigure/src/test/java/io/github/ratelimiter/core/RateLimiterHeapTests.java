package io.github.ratelimiter.core;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.ratelimiter.redis.RateLimitScripts;
import io.github.ratelimiter.redis.RedisRateLimitStore;
import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.redis.RedisStandaloneTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that the JVM keeps no state per client on the Redis path, so callers who invent new ids
 * cannot grow the heap.
 */
class RateLimiterHeapTests {

	/** Largest heap growth accepted between 1,000 and 100,000 distinct clients. */
	private static final long MAX_GROWTH_BYTES = 4 * 1024 * 1024;

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redis = RedisServerExtension.standalone();

	@Test
	void heapDoesNotGrowWithDistinctClients() throws Exception {
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis.server().host(), redis.server().port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			RateLimiter rateLimiter = new RateLimiter(
					List.of(RateLimitPolicy.of("hello", new RateLimit(2, Duration.ofSeconds(60)))),
					new RedisRateLimitStore(connectionFactory, RateLimitScripts.slidingWindow(), Duration.ofSeconds(5)),
					null, new RateLimitKeyBuilder("ratelimiter"), RateLimitListener.NONE);

			decideForClients(rateLimiter, executor, 0, 1_000);
			long baseline = usedHeapAfterGc();
			decideForClients(rateLimiter, executor, 1_000, 100_000);
			long growth = usedHeapAfterGc() - baseline;

			assertThat(redis.server().command("DBSIZE")).isEqualTo(100_000L);
			assertThat(growth).as("heap growth in bytes between 1,000 and 100,000 clients")
				.isLessThan(MAX_GROWTH_BYTES);
		}
		finally {
			executor.shutdownNow();
			connectionFactory.destroy();
		}
	}

	private static void decideForClients(RateLimiter rateLimiter, ExecutorService executor, int from, int to)
			throws Exception {
		List<Future<?>> futures = new ArrayList<>();
		int threads = 8;
		for (int thread = 0; thread < threads; thread++) {
			int first = from + thread;
			futures.add(executor.submit(() -> {
				for (int client = first; client < to; client += threads) {
					RateLimitDecision decision = rateLimiter.tryAcquire("hello", ClientId.of("client-" + client), 1);
					if (decision.outcome() != RateLimitDecision.Outcome.ALLOWED) {
						throw new IllegalStateException("client-" + client + " got " + decision);
					}
				}
			}));
		}
		for (Future<?> future : futures) {
			future.get(5, TimeUnit.MINUTES);
		}
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			Thread.sleep(100);
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

}
