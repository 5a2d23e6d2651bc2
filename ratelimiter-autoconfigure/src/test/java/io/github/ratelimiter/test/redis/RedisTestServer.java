package io.github.ratelimiter.test.redis;

import java.time.Duration;
import java.util.Map;

/**
 * Real Redis on 127.0.0.1 for tests, started by {@link RedisServerExtension} or directly by a topology's
 * {@code start()} method, and stopped by {@link #close()}.
 *
 * <p>
 * Every node binds to 127.0.0.1 on a free port, never 6379, and runs with persistence off.
 *
 * @see RedisStandaloneTestServer
 * @see RedisSentinelTestServer
 * @see RedisClusterTestServer
 */
public interface RedisTestServer extends AutoCloseable {

	/** Address that every node binds to and that clients connect to. */
	String HOST = "127.0.0.1";

	/** Returns {@value #HOST}, the address of every node. */
	default String host() {
		return HOST;
	}

	/** Returns a Lettuce {@code RedisURI} string that connects to this server. */
	String redisUri();

	/**
	 * Sends a command, such as {@code command("SET", "key", "value")}, to the current master and returns the reply.
	 * In a cluster the master is the one that owns the key.
	 * <p>
	 * Replies are a {@code String}, {@code Long}, {@code null} or a {@code List} of those. An error reply raises
	 * Lettuce's {@code RedisCommandExecutionException}.
	 */
	Object command(String... command);

	/** Deletes all keys on every master. */
	void flushAll();

	/**
	 * Pauses all clients of the master nodes with {@code CLIENT PAUSE <ms> ALL} and returns at once.
	 * <p>
	 * Commands sent during the pause block until it ends, which lets a test provoke client timeouts.
	 */
	void pause(Duration duration);

	/**
	 * Returns the Spring Boot properties that connect {@code spring-boot-data-redis} to this server, such as
	 * {@code spring.data.redis.host} and {@code spring.data.redis.port}.
	 */
	Map<String, String> springProperties();

	/**
	 * Returns {@link #springProperties()} as {@code name=value} pairs for
	 * {@code ApplicationContextRunner.withPropertyValues(...)}.
	 */
	default String[] springPropertyValues() {
		return springProperties().entrySet()
			.stream()
			.map((property) -> property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
	}

	/** Stops every process or container of this server and deletes its temporary directory. */
	@Override
	void close();

}
