package io.github.ratelimiter.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import io.github.ratelimiter.core.RateLimit;
import io.github.ratelimiter.core.RateLimitStore;
import io.github.ratelimiter.core.RateLimitStoreException;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.script.DefaultReactiveScriptExecutor;
import org.springframework.data.redis.core.script.ReactiveScriptExecutor;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializationContext;

/**
 * Sliding-window logs in Redis sorted sets, decided by one Lua script call per request.
 *
 * <p>
 * The script runs through Spring Data Redis's script executor, which sends {@code EVALSHA} and falls
 * back to {@code EVAL} on {@code NOSCRIPT}, so a restarted or failed-over Redis gets the script again by
 * itself. Each call has its own deadline, independent of the Redis client's command timeout: a call that
 * does not finish in time fails with a {@link RateLimitStoreException}, which frees the request thread.
 * The command may still run on Redis later.
 */
public class RedisRateLimitStore implements RateLimitStore {

	/** Store name used in metrics and the actuator output. */
	public static final String NAME = "redis";

	private static final String ACQUIRE = "acquire";

	private static final String PEEK = "peek";

	private final ReactiveScriptExecutor<String> scriptExecutor;

	private final RedisScript<List<Long>> script;

	private final Duration timeout;

	private volatile boolean connected;

	/**
	 * Creates a store.
	 * @param connectionFactory reactive connection factory, such as Spring Boot's Lettuce factory
	 * @param script the sliding-window script
	 * @param timeout deadline of one store call
	 */
	public RedisRateLimitStore(ReactiveRedisConnectionFactory connectionFactory, RedisScript<List<Long>> script,
			Duration timeout) {
		this.scriptExecutor = new DefaultReactiveScriptExecutor<>(connectionFactory, RedisSerializationContext.string());
		this.script = script;
		this.timeout = timeout;
	}

	@Override
	public StoreDecision tryAcquire(String key, RateLimit limit, int cost) {
		return run(key, limit, cost, ACQUIRE);
	}

	@Override
	public StoreDecision peek(String key, RateLimit limit) {
		return run(key, limit, 1, PEEK);
	}

	@Override
	public String name() {
		return NAME;
	}

	/**
	 * Connects to Redis and loads the script by reading the usage of the given key, so that the first
	 * request does not pay for the connection and the script upload.
	 * @param key a key under the rate limiter's prefix
	 * @param deadline how long to wait, usually longer than the per-call deadline
	 * @throws RateLimitStoreException when Redis does not answer in time
	 */
	public void warmUp(String key, Duration deadline) {
		run(key, new RateLimit(1, Duration.ofMillis(1)), 1, PEEK, deadline);
	}

	private StoreDecision run(String key, RateLimit limit, int cost, String mode) {
		return run(key, limit, cost, mode, this.timeout);
	}

	private StoreDecision run(String key, RateLimit limit, int cost, String mode, Duration deadline) {
		List<Object> reply = execute(List.of(key), List.of(Long.toString(limit.limit()),
				Long.toString(limit.windowMillis()), Integer.toString(cost), mode), deadline);
		return toDecision(reply);
	}

	@SuppressWarnings("unchecked")
	private List<Object> execute(List<String> keys, List<String> args, Duration deadline) {
		Flux<List<Long>> call = this.scriptExecutor.execute(this.script, keys, args);
		if (!this.connected) {
			// Until Redis has answered once, the first call opens the shared connection, which blocks the
			// subscribing thread. Subscribing on another thread keeps the caller within its deadline. Later
			// reconnects happen in Lettuce's background, so calls then subscribe on the caller's thread.
			call = call.subscribeOn(Schedulers.boundedElastic());
		}
		try {
			List<Object> reply = (List<Object>) (List<?>) call.collectList().timeout(deadline).block();
			this.connected = true;
			return reply;
		}
		catch (RuntimeException ex) {
			Throwable cause = Exceptions.unwrap(ex);
			if (cause instanceof TimeoutException) {
				throw new RateLimitStoreException("Redis did not decide within " + deadline.toMillis() + "ms", cause);
			}
			// Spring Data Redis wraps Redis errors in "Error in execution", so the message comes from the root cause.
			throw new RateLimitStoreException(
					"Redis failed to run the rate limit script: " + NestedExceptionUtils.getMostSpecificCause(cause).getMessage(),
					cause);
		}
	}

	private static StoreDecision toDecision(List<Object> reply) {
		List<Object> values = flatten(reply);
		if (values.size() != 3 || !values.stream().allMatch(Long.class::isInstance)) {
			throw new RateLimitStoreException("Redis returned " + reply + " from the rate limit script; "
					+ "expected three integers. Is another script loaded under the same SHA?");
		}
		return new StoreDecision((Long) values.get(0) == 1L, (Long) values.get(1), (Long) values.get(2));
	}

	@SuppressWarnings("unchecked")
	private static List<Object> flatten(List<Object> reply) {
		if (reply != null && reply.size() == 1 && reply.get(0) instanceof List<?> nested) {
			return (List<Object>) nested;
		}
		return (reply != null) ? reply : List.of();
	}

}
