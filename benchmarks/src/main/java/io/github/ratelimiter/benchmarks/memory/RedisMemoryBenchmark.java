package io.github.ratelimiter.benchmarks.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.ratelimiter.benchmarks.BenchmarkRedis;
import io.github.ratelimiter.benchmarks.BenchmarkSettings;
import io.github.ratelimiter.benchmarks.memory.MemoryResults.ClientsMemory;
import io.github.ratelimiter.benchmarks.memory.MemoryResults.KeyMemory;
import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.FailureMode;
import io.github.ratelimiter.core.RateLimit;
import io.github.ratelimiter.core.RateLimitDecision;
import io.github.ratelimiter.core.RateLimitDecision.Outcome;
import io.github.ratelimiter.core.RateLimitKeyBuilder;
import io.github.ratelimiter.core.RateLimitListener;
import io.github.ratelimiter.core.RateLimitPolicy;
import io.github.ratelimiter.core.RateLimiter;
import io.github.ratelimiter.redis.RateLimitScripts;
import io.github.ratelimiter.redis.RedisRateLimitStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Memory that Redis needs per client: {@code MEMORY USAGE} of one key with a full window for several
 * limits, on both sides of the listpack threshold of 128 entries, and the growth of {@code used_memory}
 * when many clients fill their windows.
 *
 * <p>
 * Keys are filled through {@link RateLimiter#tryAcquire}, one unit per call, so their members look like
 * those of real traffic. The window is one hour, so nothing expires while a key is measured.
 */
public final class RedisMemoryBenchmark {

	static final List<Integer> LIMITS = List.of(10, 100, 128, 129, 1_000, 10_000);

	static final List<Integer> SIZING_LIMITS = List.of(10, 100, 1_000);

	static final int SIZING_CLIENTS = 1_000;

	private static final Duration WINDOW = Duration.ofHours(1);

	private static final String KEY_PREFIX = "ratelimiter";

	private final BenchmarkSettings settings;

	public RedisMemoryBenchmark(BenchmarkSettings settings) {
		this.settings = settings;
	}

	/** Measures every limit and returns the results. */
	public MemoryResults run() {
		int port = this.settings.requireRedisPort();
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(BenchmarkRedis.HOST, port));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		RedisClient client = RedisClient.create(BenchmarkRedis.uri(port));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> redis = connection.sync();
			// The benchmark's own Redis: drop the expired keys of earlier sections, so used_memory is stable.
			redis.flushdb();
			RedisRateLimitStore store = new RedisRateLimitStore(connectionFactory, RateLimitScripts.slidingWindow(),
					Duration.ofSeconds(5));
			RateLimitKeyBuilder keyBuilder = new RateLimitKeyBuilder(KEY_PREFIX);
			KeyMemory single = measureKey(redis, store, keyBuilder, 1);
			List<KeyMemory> keys = new ArrayList<>();
			for (int limit : LIMITS) {
				keys.add(withMarginal(measureKey(redis, store, keyBuilder, limit), single));
			}
			List<ClientsMemory> sizing = new ArrayList<>();
			for (int limit : SIZING_LIMITS) {
				sizing.add(measureClients(redis, store, keyBuilder, limit));
			}
			String sampleKey = keyBuilder.key(policyName(10), ClientId.of("client"));
			return new MemoryResults(listpackMaxEntries(redis), sampleKey.length(), keys, sizing);
		}
		finally {
			client.shutdown();
			connectionFactory.destroy();
		}
	}

	private static KeyMemory measureKey(RedisCommands<String, String> redis, RedisRateLimitStore store,
			RateLimitKeyBuilder keyBuilder, int limit) {
		RateLimiter rateLimiter = rateLimiter(store, keyBuilder, limit);
		ClientId client = ClientId.of("memory-client");
		for (int i = 1; i <= limit; i++) {
			require(rateLimiter.tryAcquire(policyName(limit), client, 1), Outcome.ALLOWED, limit, i);
		}
		require(rateLimiter.tryAcquire(policyName(limit), client, 1), Outcome.DENIED, limit, limit + 1);

		String key = keyBuilder.key(policyName(limit), client);
		long entries = redis.zcard(key);
		if (entries != limit) {
			throw new IllegalStateException("Key " + key + " contains " + entries + " entries, expected " + limit);
		}
		long bytes = redis.memoryUsage(key);
		String encoding = redis.objectEncoding(key);
		redis.del(key);
		KeyMemory memory = new KeyMemory(limit, bytes, (double) bytes / limit, Double.NaN, encoding);
		System.out.printf(Locale.ROOT, "[memory] limit %,6d: %,9d bytes, %6.1f bytes per entry, %s%n", limit, bytes,
				memory.bytesPerEntry(), encoding);
		return memory;
	}

	private static KeyMemory withMarginal(KeyMemory memory, KeyMemory single) {
		double marginal = (double) (memory.bytes() - single.bytes()) / (memory.limit() - 1);
		return new KeyMemory(memory.limit(), memory.bytes(), memory.bytesPerEntry(), marginal, memory.encoding());
	}

	/**
	 * Fills the windows of many clients, each with one call of cost {@code limit}, and measures the
	 * growth of {@code used_memory}.
	 */
	private static ClientsMemory measureClients(RedisCommands<String, String> redis, RedisRateLimitStore store,
			RateLimitKeyBuilder keyBuilder, int limit) {
		RateLimiter rateLimiter = rateLimiter(store, keyBuilder, limit);
		long before = usedMemory(redis);
		for (int i = 0; i < SIZING_CLIENTS; i++) {
			require(rateLimiter.tryAcquire(policyName(limit), ClientId.of("sizing-client-" + i), limit),
					Outcome.ALLOWED, limit, i);
		}
		long grown = usedMemory(redis) - before;
		for (int i = 0; i < SIZING_CLIENTS; i++) {
			redis.del(keyBuilder.key(policyName(limit), ClientId.of("sizing-client-" + i)));
		}
		ClientsMemory memory = new ClientsMemory(limit, SIZING_CLIENTS, (double) grown / SIZING_CLIENTS,
				(double) grown / SIZING_CLIENTS / limit);
		System.out.printf(Locale.ROOT, "[memory] %,d clients at limit %,d: %,.0f bytes per client, %.1f per entry%n",
				SIZING_CLIENTS, limit, memory.bytesPerClient(), memory.bytesPerEntry());
		return memory;
	}

	private static RateLimiter rateLimiter(RedisRateLimitStore store, RateLimitKeyBuilder keyBuilder, int limit) {
		RateLimitPolicy policy = new RateLimitPolicy(policyName(limit), new RateLimit(limit, WINDOW), Map.of(),
				FailureMode.CLOSED);
		return new RateLimiter(List.of(policy), store, null, keyBuilder, RateLimitListener.NONE);
	}

	private static String policyName(int limit) {
		return "limit-" + limit;
	}

	private static void require(RateLimitDecision decision, Outcome expected, int limit, int request) {
		if (decision.outcome() != expected) {
			throw new IllegalStateException("Request " + request + " under limit " + limit + " was "
					+ decision.outcome() + ", expected " + expected);
		}
	}

	private static long usedMemory(RedisCommands<String, String> redis) {
		return redis.info("memory")
			.lines()
			.filter((line) -> line.startsWith("used_memory:"))
			.map((line) -> Long.parseLong(line.substring("used_memory:".length()).trim()))
			.findFirst()
			.orElseThrow();
	}

	private static int listpackMaxEntries(RedisCommands<String, String> redis) {
		Map<String, String> config = redis.configGet("zset-max-listpack-entries");
		return Integer.parseInt(config.get("zset-max-listpack-entries"));
	}

}
