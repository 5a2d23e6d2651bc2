package io.github.ratelimiter.benchmarks.decision;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.ratelimiter.autoconfigure.RateLimiterProperties;
import io.github.ratelimiter.benchmarks.BenchmarkRedis;
import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.FailureMode;
import io.github.ratelimiter.core.RateLimit;
import io.github.ratelimiter.core.RateLimitDecision;
import io.github.ratelimiter.core.RateLimitKeyBuilder;
import io.github.ratelimiter.core.RateLimitListener;
import io.github.ratelimiter.core.RateLimitPolicy;
import io.github.ratelimiter.core.RateLimiter;
import io.github.ratelimiter.redis.RateLimitScripts;
import io.github.ratelimiter.redis.RedisRateLimitStore;
import io.lettuce.core.resource.ClientResources;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The starter's public Java API, {@link RateLimiter#tryAcquire(String, ClientId, int)}, over the
 * {@link RedisRateLimitStore} and a {@link LettuceConnectionFactory} as Spring Boot configures them: one
 * shared native connection and the default store timeout. This is the path that the web interceptor
 * takes for every request.
 */
final class StarterContender extends JavaContender {

	static final String NAME = "ratelimiter";

	private static final String POLICY = "bench";

	private static final Duration WARM_UP_DEADLINE = Duration.ofSeconds(5);

	private final LettuceConnectionFactory connectionFactory;

	private final RateLimiter rateLimiter;

	StarterContender(ClientResources clientResources, int redisPort, RateLimit limit, int keys) {
		super(keys);
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(BenchmarkRedis.HOST, redisPort);
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.clientResources(clientResources)
			.build();
		this.connectionFactory = new LettuceConnectionFactory(server, client);
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();

		Duration timeout = new RateLimiterProperties().getTimeout();
		RedisRateLimitStore store = new RedisRateLimitStore(this.connectionFactory, RateLimitScripts.slidingWindow(),
				timeout);
		RateLimitKeyBuilder keyBuilder = new RateLimitKeyBuilder("bench-ratelimiter");
		// The auto-configuration warms the store up the same way before the server takes traffic.
		store.warmUp(keyBuilder.namespace() + "warm-up", WARM_UP_DEADLINE);
		RateLimitPolicy policy = new RateLimitPolicy(POLICY, limit, Map.of(), FailureMode.OPEN);
		this.rateLimiter = new RateLimiter(List.of(policy), store, null, keyBuilder, RateLimitListener.NONE);
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String description() {
		return "RateLimiter.tryAcquire over RedisRateLimitStore and a LettuceConnectionFactory "
				+ "(one shared connection, default 100 ms store timeout)";
	}

	@Override
	DecisionCaller newCaller(String[] clientIds) {
		return new DecisionCaller() {

			private int next;

			@Override
			public Outcome decide() {
				String clientId = clientIds[this.next++ % clientIds.length];
				RateLimitDecision decision = StarterContender.this.rateLimiter.tryAcquire(POLICY,
						ClientId.of(clientId), 1);
				return switch (decision.outcome()) {
					case ALLOWED -> Outcome.ADMITTED;
					case DENIED -> Outcome.DENIED;
					default -> Outcome.FAILED;
				};
			}

		};
	}

	@Override
	public void close() {
		this.connectionFactory.destroy();
	}

}
