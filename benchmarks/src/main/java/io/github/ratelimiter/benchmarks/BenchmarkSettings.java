package io.github.ratelimiter.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Settings of a benchmark run, read from {@code BENCH_*} environment variables so that
 * {@code benchmarks/run.sh} and a developer running one section by hand use the same names.
 *
 * @param redisPort port of the benchmark's own Redis on 127.0.0.1
 * @param appPort port of the HTTP benchmark application on 127.0.0.1
 * @param appPid process id of the HTTP benchmark application
 * @param rounds measured rounds per contender and concurrency level
 * @param roundDuration length of one measured round
 * @param warmupDuration length of the unmeasured run before each concurrency level
 * @param callerCounts concurrency levels of the decision benchmark
 * @param keys client keys shared out between the callers of one run
 * @param wrkConnections open connections of wrk
 * @param wrkThreads threads of wrk
 * @param wrkClients distinct {@code X-Client-Id} values that wrk sends
 * @param jmhDuration length of one measured JMH iteration
 * @param resultsDirectory directory of the per-section result files
 * @param contenders names of the decision contenders to run, or empty for all
 */
public record BenchmarkSettings(int redisPort, int appPort, long appPid, int rounds, Duration roundDuration,
		Duration warmupDuration, List<Integer> callerCounts, int keys, int wrkConnections, int wrkThreads,
		int wrkClients, Duration jmhDuration, String resultsDirectory, List<String> contenders) {

	/** Reads the settings from the environment, with the defaults that {@code run.sh} documents. */
	public static BenchmarkSettings fromEnvironment() {
		return fromMap(System.getenv());
	}

	static BenchmarkSettings fromMap(Map<String, String> environment) {
		return new BenchmarkSettings(integer(environment, "BENCH_REDIS_PORT", 0),
				integer(environment, "BENCH_APP_PORT", 0), integer(environment, "BENCH_APP_PID", 0),
				integer(environment, "BENCH_ROUNDS", 3),
				seconds(environment, "BENCH_SECONDS", 5), seconds(environment, "BENCH_WARMUP_SECONDS", 2),
				integers(environment, "BENCH_CALLERS", "1,16,64"), integer(environment, "BENCH_KEYS", 4096),
				integer(environment, "BENCH_WRK_CONNECTIONS", 16), integer(environment, "BENCH_WRK_THREADS", 1),
				integer(environment, "BENCH_WRK_CLIENTS", 1024), seconds(environment, "BENCH_JMH_SECONDS", 2),
				environment.getOrDefault("BENCH_RESULTS_DIR", "benchmarks/target/results"),
				names(environment, "BENCH_CONTENDERS"));
	}

	/** Returns the Redis port, failing when {@code BENCH_REDIS_PORT} is not set. */
	public int requireRedisPort() {
		return requirePort(this.redisPort, "BENCH_REDIS_PORT");
	}

	/** Returns the application port, failing when {@code BENCH_APP_PORT} is not set. */
	public int requireAppPort() {
		return requirePort(this.appPort, "BENCH_APP_PORT");
	}

	/** Returns the application's process id, failing when {@code BENCH_APP_PID} is not set. */
	public long requireAppPid() {
		if (this.appPid < 1) {
			throw new IllegalStateException(
					"BENCH_APP_PID is missing; benchmarks/run.sh sets it to the process id of the application it started");
		}
		return this.appPid;
	}

	private static int requirePort(int port, String variable) {
		if (port < 1 || port > 65535) {
			throw new IllegalStateException(variable + " is missing or invalid (" + port
					+ "); benchmarks/run.sh sets it to the port of the server it started on 127.0.0.1");
		}
		return port;
	}

	private static int integer(Map<String, String> environment, String name, int defaultValue) {
		String value = environment.get(name);
		if (value == null || value.isBlank()) {
			return defaultValue;
		}
		try {
			int parsed = Integer.parseInt(value.trim());
			if (parsed < 0) {
				throw new NumberFormatException("negative");
			}
			return parsed;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " is '" + value + "'; it must be a non-negative integer", ex);
		}
	}

	private static Duration seconds(Map<String, String> environment, String name, int defaultSeconds) {
		int seconds = integer(environment, name, defaultSeconds);
		if (seconds < 1) {
			throw new IllegalArgumentException(name + " is " + seconds + "; it must be at least 1 second");
		}
		return Duration.ofSeconds(seconds);
	}

	private static List<String> names(Map<String, String> environment, String name) {
		String value = environment.getOrDefault(name, "");
		return Arrays.stream(value.split("[,\\s]+")).filter((part) -> !part.isEmpty()).toList();
	}

	private static List<Integer> integers(Map<String, String> environment, String name, String defaultValue) {
		String value = environment.getOrDefault(name, defaultValue);
		try {
			List<Integer> parsed = Arrays.stream(value.split("[,\\s]+"))
				.filter((part) -> !part.isEmpty())
				.map(Integer::valueOf)
				.toList();
			if (parsed.isEmpty() || parsed.stream().anyMatch((count) -> count < 1)) {
				throw new NumberFormatException("empty or below 1");
			}
			return parsed;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					name + " is '" + value + "'; it must list positive integers, such as 1,16,64", ex);
		}
	}

}
