package io.github.ratelimiter.redis;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeoutException;

import io.github.ratelimiter.core.RateLimitStoreException;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.connection.ReactiveRedisClusterConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisClusterNode;

/**
 * Reads the version of the Redis server with {@code INFO server}, within a deadline.
 *
 * <p>
 * With Redis Cluster, it sends the command to the first master that the cluster does not mark as failed.
 */
public class RedisVersionReader {

	private static final String VERSION_FIELD = "redis_version";

	private final ReactiveRedisConnectionFactory connectionFactory;

	private final Duration timeout;

	/**
	 * Creates a reader.
	 * @param connectionFactory reactive connection factory, such as Spring Boot's Lettuce factory
	 * @param timeout deadline of one read, including getting the connection
	 */
	public RedisVersionReader(ReactiveRedisConnectionFactory connectionFactory, Duration timeout) {
		this.connectionFactory = connectionFactory;
		this.timeout = timeout;
	}

	/**
	 * Reads the version, such as {@code 7.2.4}.
	 * @return the version
	 * @throws RateLimitStoreException when Redis does not reply in time, fails, or replies without a version
	 */
	public String readVersion() {
		Properties info = readServerInfo();
		String version = (info != null) ? info.getProperty(VERSION_FIELD) : null;
		if (version == null) {
			throw new RateLimitStoreException("Redis replied to INFO server without " + VERSION_FIELD);
		}
		return version;
	}

	private Properties readServerInfo() {
		try {
			// The connection is taken on another thread, so the deadline also covers a blocking connect.
			return Mono.usingWhen(Mono.fromSupplier(this.connectionFactory::getReactiveConnection),
					RedisVersionReader::serverInfo, ReactiveRedisConnection::closeLater)
				.subscribeOn(Schedulers.boundedElastic())
				.timeout(this.timeout)
				.block();
		}
		catch (RuntimeException ex) {
			Throwable cause = Exceptions.unwrap(ex);
			if (cause instanceof TimeoutException) {
				throw new RateLimitStoreException(
						"Redis did not reply to INFO server within " + this.timeout.toMillis() + "ms", cause);
			}
			throw new RateLimitStoreException(
					"Redis failed to reply to INFO server: " + NestedExceptionUtils.getMostSpecificCause(cause).getMessage(),
					cause);
		}
	}

	private static Mono<Properties> serverInfo(ReactiveRedisConnection connection) {
		if (connection instanceof ReactiveRedisClusterConnection cluster) {
			return cluster.clusterGetNodes()
				.filter((node) -> node.isMaster() && !node.isMarkedAsFail())
				.next()
				.flatMap((RedisClusterNode node) -> cluster.serverCommands().info(node, "server"));
		}
		return connection.serverCommands().info("server");
	}

}
