package io.github.ratelimiter.test.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Single Redis server on 127.0.0.1: a local {@code redis-server} process when the binary is installed, otherwise a
 * {@code redis:7} container when a Docker engine is available.
 */
public final class RedisStandaloneTestServer implements RedisTestServer {

	private final RedisNodeGroup group;

	private final RedisNode node;

	private RedisStandaloneTestServer(RedisNodeGroup group, RedisNode node) {
		this.group = group;
		this.node = node;
	}

	/**
	 * Starts a server from the local {@code redis-server} binary, or in Docker when the binary is missing.
	 * @throws IllegalStateException if there is neither a {@code redis-server} binary nor a Docker engine, with the
	 * packages to install
	 */
	public static RedisStandaloneTestServer start() {
		RedisNodeGroup group = new RedisNodeGroup("Redis standalone");
		try {
			return new RedisStandaloneTestServer(group, startNode(group));
		}
		catch (RuntimeException | LinkageError ex) {
			group.closeAfterFailure(ex);
			throw ex;
		}
	}

	private static RedisNode startNode(RedisNodeGroup group) {
		Optional<Path> binary = RedisBinaries.findRedisServer();
		if (binary.isPresent()) {
			return group.startProcess(binary.get(), "standalone", RedisServerProcess.Mode.DATA, List.of(),
					LoopbackPorts::findFreePort);
		}
		if (!isDockerAvailable()) {
			throw new IllegalStateException("No " + RedisBinaries.REDIS_SERVER
					+ " binary on PATH, /usr/bin or /usr/local/bin and no Docker engine: "
					+ RedisBinaries.INSTALL_HINT);
		}
		RedisServerContainer container = group.add(new RedisServerContainer());
		container.start();
		return container;
	}

	private static boolean isDockerAvailable() {
		try {
			return RedisServerContainer.isDockerAvailable();
		}
		catch (LinkageError ex) {
			// Testcontainers is an optional test dependency of modules that reuse this class.
			return false;
		}
	}

	/** Returns the port on {@value #HOST}, which stays the same across {@link #restart()}. */
	public int port() {
		return this.node.port();
	}

	/** Returns {@code redis://127.0.0.1:<port>}. */
	@Override
	public String redisUri() {
		return "redis://" + HOST + ":" + port();
	}

	@Override
	public Object command(String... command) {
		return this.group.execute(port(), command);
	}

	@Override
	public void flushAll() {
		command("FLUSHALL");
	}

	@Override
	public void pause(Duration duration) {
		this.group.pause(port(), duration);
	}

	/** Stops the server, which loses all data because persistence is off. */
	public void stop() {
		this.node.stop();
	}

	/**
	 * Stops the server if it is running, starts it again on the same port and waits until it replies. The restarted
	 * server is empty because persistence is off.
	 */
	public void restart() {
		this.node.stop();
		this.node.start();
	}

	/** Returns whether the server runs, which is false after {@link #stop()} until {@link #restart()}. */
	public boolean isRunning() {
		return this.node.isRunning();
	}

	/** Returns {@code spring.data.redis.host} and {@code spring.data.redis.port}. */
	@Override
	public Map<String, String> springProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.data.redis.host", HOST);
		properties.put("spring.data.redis.port", Integer.toString(port()));
		return properties;
	}

	@Override
	public void close() {
		this.group.close();
	}

	@Override
	public String toString() {
		return "Redis standalone (" + this.node + ")";
	}

	Path directory() {
		return this.group.directory();
	}

}
