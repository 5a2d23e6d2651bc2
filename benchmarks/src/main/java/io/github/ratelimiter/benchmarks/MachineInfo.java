package io.github.ratelimiter.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import org.springframework.boot.SpringBootVersion;

/**
 * Machine and software that a benchmark run measured on, recorded next to its numbers.
 *
 * @param startedAt start of the run, UTC
 * @param cores processors available to the JVM
 * @param cpuModel processor model from {@code /proc/cpuinfo}
 * @param memoryMegabytes total memory from {@code /proc/meminfo}
 * @param os operating system name and kernel version
 * @param jdk Java runtime vendor and version
 * @param redisVersion version that the benchmark's Redis reports
 * @param redisBenchmark first line of {@code redis-benchmark --version}
 * @param wrk first line of {@code wrk -v}
 * @param lettuceVersion Lettuce client version
 * @param bucket4jVersion Bucket4j version
 * @param springBootVersion Spring Boot version
 * @param gitCommit commit of the measured code, with {@code -dirty} when the work tree had changes
 * @param loadAverageAtStart 1, 5 and 15 minute load averages when the run started
 * @param loadAverageAtEnd 1, 5 and 15 minute load averages when the report was written
 */
public record MachineInfo(String startedAt, int cores, String cpuModel, long memoryMegabytes, String os, String jdk,
		String redisVersion, String redisBenchmark, String wrk, String lettuceVersion, String bucket4jVersion,
		String springBootVersion, String gitCommit, String loadAverageAtStart, String loadAverageAtEnd) {

	/** Collects the facts of this machine and of the Redis on the given port. */
	public static MachineInfo collect(int redisPort) {
		return new MachineInfo(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
				Runtime.getRuntime().availableProcessors(), procField("/proc/cpuinfo", "model name"),
				readMemoryMegabytes(), System.getProperty("os.name") + " " + System.getProperty("os.version"),
				System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
				readRedisVersion(redisPort), firstLine("redis-benchmark", "--version"), firstLine("wrk", "-v").replaceFirst(" Copyright.*", ""),
				mavenVersion("io.lettuce", "lettuce-core"), mavenVersion("com.bucket4j", "bucket4j_jdk17-core"),
				SpringBootVersion.getVersion(), System.getenv().getOrDefault("BENCH_GIT_COMMIT", "unknown"),
				loadAverage(), null);
	}

	/** Returns a copy with the current load average as {@link #loadAverageAtEnd()}. */
	public MachineInfo withLoadAverageAtEnd() {
		return new MachineInfo(this.startedAt, this.cores, this.cpuModel, this.memoryMegabytes, this.os, this.jdk,
				this.redisVersion, this.redisBenchmark, this.wrk, this.lettuceVersion, this.bucket4jVersion,
				this.springBootVersion, this.gitCommit, this.loadAverageAtStart, loadAverage());
	}

	/** Returns the 1, 5 and 15 minute load averages from {@code /proc/loadavg}. */
	public static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String readRedisVersion(int port) {
		RedisClient client = RedisClient.create(BenchmarkRedis.uri(port));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return connection.sync()
				.info("server")
				.lines()
				.filter((line) -> line.startsWith("redis_version:"))
				.map((line) -> line.substring("redis_version:".length()).trim())
				.findFirst()
				.orElse("unknown");
		}
		finally {
			client.shutdown();
		}
	}

	private static String procField(String file, String field) {
		try (var lines = Files.lines(Path.of(file))) {
			return lines.filter((line) -> line.startsWith(field))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static long readMemoryMegabytes() {
		String total = procField("/proc/meminfo", "MemTotal");
		try {
			return Long.parseLong(total.replace("kB", "").trim()) / 1024;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static String firstLine(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			List<String> lines = new String(process.getInputStream().readAllBytes()).lines().toList();
			process.waitFor(10, TimeUnit.SECONDS);
			return lines.isEmpty() ? "unknown" : lines.get(0).trim();
		}
		catch (IOException ex) {
			return "not installed";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

	private static String mavenVersion(String groupId, String artifactId) {
		String resource = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
		try (InputStream input = MachineInfo.class.getClassLoader().getResourceAsStream(resource)) {
			if (input == null) {
				return "unknown";
			}
			Properties properties = new Properties();
			properties.load(input);
			return properties.getProperty("version", "unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

}
