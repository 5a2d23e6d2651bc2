package io.github.ratelimiter.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * CPU time used by a process and by the benchmark Redis, so that a run can show where its work spent
 * the machine's cores.
 *
 * <p>
 * A process's time is the {@code utime}, {@code stime}, {@code cutime} and {@code cstime} fields of
 * {@code /proc/<pid>/stat}: its own threads plus the child processes it has waited for, such as
 * redis-benchmark. Linux counts them in clock ticks of 10 ms. The Redis time is {@code used_cpu_user}
 * plus {@code used_cpu_sys} from {@code INFO cpu}.
 */
public final class CpuMeter implements AutoCloseable {

	/** Clock ticks per second of {@code /proc} times, {@code USER_HZ}, which is 100 on Linux x86-64. */
	private static final double TICKS_PER_SECOND = 100;

	private final long pid;

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	/**
	 * Creates a meter.
	 * @param pid process to measure
	 * @param redisPort port of the benchmark Redis
	 */
	public CpuMeter(long pid, int redisPort) {
		this.pid = pid;
		this.client = RedisClient.create(BenchmarkRedis.uri(redisPort));
		this.connection = this.client.connect();
	}

	/** Reads both CPU times now. */
	public Sample sample() {
		double[] process = processSeconds();
		return new Sample(process[0], process[1], redisSeconds());
	}

	/** Returns the process's user and system seconds, each with those of its waited-for children. */
	private double[] processSeconds() {
		Path file = Path.of("/proc", Long.toString(this.pid), "stat");
		try {
			String stat = Files.readString(file);
			// The command name is in brackets and may contain spaces, so split after it. Field 3 is at index 0.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long userTicks = Long.parseLong(fields[11]) + Long.parseLong(fields[13]);
			long systemTicks = Long.parseLong(fields[12]) + Long.parseLong(fields[14]);
			return new double[] { userTicks / TICKS_PER_SECOND, systemTicks / TICKS_PER_SECOND };
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to read " + file, ex);
		}
	}

	private double redisSeconds() {
		double seconds = 0;
		for (String line : this.connection.sync().info("cpu").lines().toList()) {
			if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
				seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
			}
		}
		return seconds;
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

	/**
	 * CPU seconds used so far.
	 *
	 * @param processUserSeconds user time of the measured process and its waited-for children
	 * @param processSystemSeconds system (kernel) time of the measured process and its waited-for children
	 * @param redisSeconds user and system time of the Redis server
	 */
	public record Sample(double processUserSeconds, double processSystemSeconds, double redisSeconds) {

		/** Returns the process CPU microseconds, user and system, per operation since the earlier sample. */
		public double processMicrosPerOperation(Sample earlier, double operations) {
			return (this.processUserSeconds + this.processSystemSeconds - earlier.processUserSeconds
					- earlier.processSystemSeconds) * 1e6 / operations;
		}

		/** Returns the process system CPU microseconds per operation since the earlier sample. */
		public double processSystemMicrosPerOperation(Sample earlier, double operations) {
			return (this.processSystemSeconds - earlier.processSystemSeconds) * 1e6 / operations;
		}

		/** Returns the Redis CPU microseconds per operation since the earlier sample. */
		public double redisMicrosPerOperation(Sample earlier, double operations) {
			return (this.redisSeconds - earlier.redisSeconds) * 1e6 / operations;
		}

	}

}
