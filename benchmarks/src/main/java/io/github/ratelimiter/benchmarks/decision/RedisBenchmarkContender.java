package io.github.ratelimiter.benchmarks.decision;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.ratelimiter.benchmarks.BenchmarkRedis;
import io.github.ratelimiter.core.RateLimit;

/**
 * {@code redis-benchmark} sending {@code EVALSHA} of the starter's own sliding-window script: the rate
 * that Redis and this machine reach with a client written in C and nothing in between, which is the
 * ceiling for any Java client of the same script.
 *
 * <p>
 * redis-benchmark takes a request count, not a duration, so each run sends as many requests as the
 * previous run of the same concurrency completed in the given time. The first run of a concurrency level
 * calibrates that rate.
 */
final class RedisBenchmarkContender implements Contender {

	private static final int CALIBRATION_REQUESTS = 20_000;

	private final int redisPort;

	private final String scriptSha;

	private final RateLimit limit;

	private final int keys;

	private final int pipeline;

	private final Map<Integer, Double> ratesByCallers = new HashMap<>();

	/**
	 * Creates a contender.
	 * @param redisPort port of the benchmark Redis
	 * @param scriptSha SHA-1 of the sliding-window script, already loaded on that Redis
	 * @param limit limit and window passed to the script
	 * @param keys client keys that requests pick from at random
	 * @param pipeline requests each connection sends before reading replies, 1 for no pipelining
	 */
	RedisBenchmarkContender(int redisPort, String scriptSha, RateLimit limit, int keys, int pipeline) {
		this.redisPort = redisPort;
		this.scriptSha = scriptSha;
		this.limit = limit;
		this.keys = keys;
		this.pipeline = pipeline;
	}

	@Override
	public String name() {
		return (this.pipeline == 1) ? "redis-benchmark" : "redis-benchmark-P" + this.pipeline;
	}

	@Override
	public String description() {
		return "redis-benchmark EVALSHA of the same script, one connection per caller, "
				+ ((this.pipeline == 1) ? "no pipelining" : "pipelining " + this.pipeline + " requests");
	}

	@Override
	public RoundResult measure(int callers, Duration duration) {
		Double rate = this.ratesByCallers.get(callers);
		long requests = (rate != null) ? Math.round(rate * duration.toMillis() / 1000.0) : CALIBRATION_REQUESTS;
		RoundResult result = run(callers, Math.max(requests, 10L * callers * this.pipeline));
		this.ratesByCallers.put(callers, result.decisionsPerSecond());
		return result;
	}

	private RoundResult run(int callers, long requests) {
		List<String> command = command(callers, requests);
		List<String> output;
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			output = new String(process.getInputStream().readAllBytes()).lines().toList();
			if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IllegalStateException("redis-benchmark failed: " + String.join("\n", output));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Failed to run redis-benchmark; install redis-tools", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while redis-benchmark ran", ex);
		}
		return parse(output, callers, requests);
	}

	private List<String> command(int callers, long requests) {
		List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", BenchmarkRedis.HOST, "-p",
				Integer.toString(this.redisPort), "-c", Integer.toString(callers), "-n", Long.toString(requests),
				"-r", Integer.toString(this.keys), "-P", Integer.toString(this.pipeline), "--csv"));
		// redis-benchmark replaces __rand_int__ with a random number below -r, so keys stay bounded.
		command.addAll(List.of("EVALSHA", this.scriptSha, "1", "bench-redis-benchmark:{__rand_int__}",
				Long.toString(this.limit.limit()), Long.toString(this.limit.windowMillis()), "1", "acquire"));
		return command;
	}

	/**
	 * Parses the CSV row that redis-benchmark 7 prints:
	 * {@code "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"}.
	 */
	static RoundResult parse(List<String> output, int callers, long requests) {
		int header = -1;
		for (int i = 0; i < output.size(); i++) {
			if (output.get(i).startsWith("\"test\",\"rps\"")) {
				header = i;
			}
		}
		boolean hasErrors = output.stream().anyMatch((line) -> line.contains("ERR") || line.contains("NOSCRIPT"));
		if (header < 0 || header + 1 >= output.size() || hasErrors) {
			throw new IllegalStateException("Unexpected redis-benchmark output:\n" + String.join("\n", output));
		}
		List<String> columns = csvFields(output.get(header));
		List<String> values = csvFields(output.get(header + 1));
		double rps = Double.parseDouble(values.get(columns.indexOf("rps")));
		double p50 = Double.parseDouble(values.get(columns.indexOf("p50_latency_ms"))) * 1000;
		double p99 = Double.parseDouble(values.get(columns.indexOf("p99_latency_ms"))) * 1000;
		return new RoundResult(null, callers, 0, rps, p50, p99, requests, -1, -1, 0, 0, 0);
	}

	private static List<String> csvFields(String line) {
		List<String> fields = new ArrayList<>();
		for (String field : line.split("\",\"")) {
			fields.add(field.replace("\"", ""));
		}
		return fields;
	}

}
