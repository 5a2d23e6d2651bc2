package io.github.ratelimiter.benchmarks.decision;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.ratelimiter.benchmarks.BenchmarkRedis;
import io.github.ratelimiter.core.RateLimit;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;

/**
 * Bucket4j's Lettuce integration: a token bucket per client key in Redis, updated by compare-and-swap
 * (a {@code GET}, then a Lua script that writes the new state if it is unchanged). The bucket's capacity
 * is the policy's limit and it refills greedily over the window, which admits the same steady rate as
 * the sliding window. Keys expire once the bucket would be full again.
 */
final class Bucket4jContender extends JavaContender {

	static final String NAME = "bucket4j";

	private final RedisClient client;

	private final StatefulRedisConnection<byte[], byte[]> connection;

	private final ProxyManager<byte[]> proxyManager;

	private final BucketConfiguration configuration;

	Bucket4jContender(ClientResources clientResources, int redisPort, RateLimit limit, Duration timeout, int keys) {
		super(keys);
		this.client = RedisClient.create(clientResources, BenchmarkRedis.uri(redisPort));
		this.connection = this.client.connect(ByteArrayCodec.INSTANCE);
		this.proxyManager = Bucket4jLettuce.casBasedBuilder(this.connection)
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(limit.window()))
			.requestTimeout(timeout)
			.build();
		this.configuration = BucketConfiguration.builder()
			.addLimit((bandwidth) -> bandwidth.capacity(limit.limit()).refillGreedy(limit.limit(), limit.window()))
			.build();
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String description() {
		return "Bucket4j LettuceBasedProxyManager (compare-and-swap), one shared connection, same 100 ms timeout";
	}

	@Override
	DecisionCaller newCaller(String[] clientIds) {
		return new DecisionCaller() {

			private int next;

			@Override
			public Outcome decide() {
				String clientId = clientIds[this.next++ % clientIds.length];
				byte[] key = ("bench-bucket4j:" + clientId).getBytes(StandardCharsets.UTF_8);
				boolean consumed = Bucket4jContender.this.proxyManager.builder()
					.build(key, () -> Bucket4jContender.this.configuration)
					.tryConsume(1);
				return consumed ? Outcome.ADMITTED : Outcome.DENIED;
			}

		};
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

}
