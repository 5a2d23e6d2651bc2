package io.github.ratelimiter.benchmarks.inmemory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.bucket4j.Bucket;
import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.RateLimit;
import io.github.ratelimiter.core.RateLimitDecision;
import io.github.ratelimiter.core.RateLimitKeyBuilder;
import io.github.ratelimiter.core.RateLimitListener;
import io.github.ratelimiter.core.RateLimitPolicy;
import io.github.ratelimiter.core.RateLimiter;
import io.github.ratelimiter.memory.InMemoryRateLimitStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * JMH benchmark of in-JVM decisions: the starter's {@link RateLimiter} over the
 * {@link InMemoryRateLimitStore}, and, as a peer, a map of local Bucket4j buckets with the same limit.
 * Each benchmark thread cycles through its own client ids, as the Redis contenders' callers do.
 */
@State(Scope.Benchmark)
public class InMemoryDecisionBenchmark {

	static final String POLICY = "bench";

	/** Limit of every client: high enough that no request is denied. */
	static final RateLimit LIMIT = new RateLimit(10_000, Duration.ofSeconds(1));

	/** Client ids shared out between the benchmark threads. */
	static final int KEYS = 4096;

	private RateLimiter rateLimiter;

	private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

	@Setup
	public void createLimiters() {
		RateLimitPolicy policy = RateLimitPolicy.of(POLICY, LIMIT);
		this.rateLimiter = new RateLimiter(List.of(policy), new InMemoryRateLimitStore(), null,
				new RateLimitKeyBuilder("bench"), RateLimitListener.NONE);
	}

	@Benchmark
	public RateLimitDecision ratelimiterInMemory(ClientIds clientIds) {
		return this.rateLimiter.tryAcquire(POLICY, ClientId.of(clientIds.next()), 1);
	}

	@Benchmark
	public boolean bucket4jLocal(ClientIds clientIds) {
		Bucket bucket = this.buckets.computeIfAbsent(clientIds.next(), (clientId) -> Bucket.builder()
			.addLimit((bandwidth) -> bandwidth.capacity(LIMIT.limit()).refillGreedy(LIMIT.limit(), LIMIT.window()))
			.build());
		return bucket.tryConsume(1);
	}

	/** Client ids of one benchmark thread. */
	@State(Scope.Thread)
	public static class ClientIds {

		private String[] ids;

		private int next;

		@Setup
		public void createIds(ThreadParams threadParams) {
			int count = Math.max(1, KEYS / threadParams.getThreadCount());
			this.ids = new String[count];
			for (int i = 0; i < count; i++) {
				this.ids[i] = "thread-" + threadParams.getThreadIndex() + "-client-" + i;
			}
		}

		String next() {
			String id = this.ids[this.next];
			this.next = (this.next + 1) % this.ids.length;
			return id;
		}

	}

}
