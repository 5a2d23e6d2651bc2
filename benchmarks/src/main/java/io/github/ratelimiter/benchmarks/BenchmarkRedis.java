package io.github.ratelimiter.benchmarks;

import io.lettuce.core.RedisURI;

/**
 * Address of the Redis that {@code benchmarks/run.sh} starts for the benchmarks. It is always on the
 * loopback interface, never on the default port, so a Redis that other programs use stays untouched.
 */
public final class BenchmarkRedis {

	/** Host of the benchmark Redis. */
	public static final String HOST = "127.0.0.1";

	private static final int DEFAULT_REDIS_PORT = 6379;

	private BenchmarkRedis() {
	}

	/** Returns the URI of the benchmark Redis on the given port. */
	public static RedisURI uri(int port) {
		if (port == DEFAULT_REDIS_PORT) {
			throw new IllegalArgumentException("Redis port " + port
					+ " is the default port, which another Redis may use; start the benchmark Redis on a free port");
		}
		return RedisURI.builder().withHost(HOST).withPort(port).build();
	}

}
