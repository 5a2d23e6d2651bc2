package io.github.ratelimiter.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.github.ratelimiter.core.RateLimit;
import io.github.ratelimiter.core.RateLimitStore;
import io.github.ratelimiter.core.RateLimitStoreException;
import io.lettuce.core.RedisConnectionException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
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
 * The command may still run on Redis later. A call that may have to open a connection runs on Reactor's
 * bounded elastic scheduler, because Spring Data Redis opens it on the subscribing thread. So a Redis
 * that accepts connections but never replies cannot hold the caller past the deadline either. That is
 * every call until Redis first replies, the calls after a reset of the shared connection, and all calls
 * of a factory that validates its connection. Other calls subscribe on the caller's thread, which saves
 * a thread hand-off per decision; Lettuce then reconnects in the background.
 *
 * <p>
 * A {@code READONLY} error means that the connection leads to a replica, for example an old master that
 * a Sentinel failover demoted without closing its client connections. The store then resets the shared
 * connection of a {@link LettuceConnectionFactory}, at most once per {@value #READ_ONLY_RESET_INTERVAL_MILLIS}
 * ms, so that the next call connects to the current master.
 */
public class RedisRateLimitStore implements RateLimitStore {

	/** Store name used in metrics and the actuator output. */
	public static final String NAME = "redis";

	private static final Log logger = LogFactory.getLog(RedisRateLimitStore.class);

	private static final String ACQUIRE = "acquire";

	private static final String PEEK = "peek";

	private static final long READ_ONLY_RESET_INTERVAL_MILLIS = 1000;

	private final ReactiveRedisConnectionFactory connectionFactory;

	private final ReactiveScriptExecutor<String> scriptExecutor;

	private final RedisScript<List<Long>> script;

	private final Duration timeout;

	private final AtomicLong nextReadOnlyResetNanos = new AtomicLong(System.nanoTime());

	private volatile boolean connected;

	/**
	 * Creates a store.
	 * @param connectionFactory reactive connection factory, such as Spring Boot's Lettuce factory
	 * @param script the sliding-window script
	 * @param timeout deadline of one store call whose caller sets none
	 */
	public RedisRateLimitStore(ReactiveRedisConnectionFactory connectionFactory, RedisScript<List<Long>> script,
			Duration timeout) {
		this.connectionFactory = connectionFactory;
		this.scriptExecutor = new DefaultReactiveScriptExecutor<>(connectionFactory, RedisSerializationContext.string());
		this.script = script;
		this.timeout = timeout;
	}

	@Override
	public StoreDecision tryAcquire(String key, RateLimit limit, int cost) {
		return run(key, limit, cost, ACQUIRE, this.timeout);
	}

	@Override
	public StoreDecision tryAcquire(String key, RateLimit limit, int cost, Duration timeout) {
		return run(key, limit, cost, ACQUIRE, (timeout != null) ? timeout : this.timeout);
	}

	@Override
	public StoreDecision peek(String key, RateLimit limit) {
		return run(key, limit, 1, PEEK, this.timeout);
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
	 * @throws RateLimitStoreException when Redis does not respond in time
	 */
	public void warmUp(String key, Duration deadline) {
		run(key, new RateLimit(1, Duration.ofMillis(1)), 1, PEEK, deadline);
	}

	private StoreDecision run(String key, RateLimit limit, int cost, String mode, Duration deadline) {
		List<Object> reply = execute(List.of(key), List.of(Long.toString(limit.limit()),
				Long.toString(limit.windowMillis()), Integer.toString(cost), mode), deadline);
		return toDecision(reply);
	}

	private List<Object> execute(List<String> keys, List<String> args, Duration deadline) {
		Flux<List<Long>> call = this.scriptExecutor.execute(this.script, keys, args);
		if (mayConnect()) {
			call = call.subscribeOn(Schedulers.boundedElastic());
		}
		CompletableFuture<List<Object>> reply = call.map(Object.class::cast).collectList().toFuture();
		try {
			// The calling thread waits with its own timer, so many calls that time out together do not
			// queue behind one scheduler thread.
			List<Object> result = reply.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
			this.connected = true;
			return result;
		}
		catch (TimeoutException ex) {
			reply.cancel(true);
			throw new RateLimitStoreException("Redis did not decide within " + deadline.toMillis() + "ms", ex);
		}
		catch (InterruptedException ex) {
			reply.cancel(true);
			Thread.currentThread().interrupt();
			throw new RateLimitStoreException("Interrupted while waiting for Redis to decide", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			String message = describe(cause);
			if (message.startsWith("READONLY")) {
				resetConnectionAfterReadOnlyError();
			}
			throw new RateLimitStoreException("Redis failed to run the rate limit script: " + message, cause);
		}
	}

	private boolean mayConnect() {
		return !this.connected || (this.connectionFactory instanceof LettuceConnectionFactory lettuce
				&& lettuce.getValidateConnection());
	}

	/**
	 * Returns the Redis error or the connection failure of the cause chain without the generic messages of
	 * the Spring wrappers, such as "Error in execution".
	 */
	private static String describe(Throwable failure) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
		for (Throwable cause = failure; cause != null && cause != root; cause = cause.getCause()) {
			if (cause instanceof RedisConnectionException) {
				return cause.getMessage() + ": " + root.getMessage();
			}
		}
		return String.valueOf(root.getMessage());
	}

	private void resetConnectionAfterReadOnlyError() {
		if (!(this.connectionFactory instanceof LettuceConnectionFactory lettuce)) {
			return;
		}
		long now = System.nanoTime();
		long next = this.nextReadOnlyResetNanos.get();
		if (now - next < 0 || !this.nextReadOnlyResetNanos.compareAndSet(next,
				now + READ_ONLY_RESET_INTERVAL_MILLIS * 1_000_000)) {
			return;
		}
		logger.debug("Redis replied READONLY, so the rate limiter resets the shared Lettuce connection to reach "
				+ "the current master");
		this.connected = false;
		lettuce.resetConnection();
	}

	private static StoreDecision toDecision(List<Object> reply) {
		List<Object> values = flatten(reply);
		if (values.size() != 3 || !values.stream().allMatch(Long.class::isInstance)) {
			throw new RateLimitStoreException("Redis returned " + reply + " from the rate limit script, but a decision "
					+ "is three integers. Check that the bean '" + RateLimitScripts.SLIDING_WINDOW_SCRIPT_BEAN_NAME
					+ "' is the starter's sliding-window script.");
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
