package io.github.ratelimiter.benchmarks.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.github.ratelimiter.benchmarks.BenchmarkSettings;
import io.github.ratelimiter.benchmarks.CpuMeter;
import io.github.ratelimiter.benchmarks.Spread;
import io.github.ratelimiter.benchmarks.http.HttpResults.Comparison;
import io.github.ratelimiter.benchmarks.http.HttpResults.EndpointSummary;
import io.github.ratelimiter.benchmarks.http.HttpResults.HttpRound;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cost of the rate limiter on a Spring MVC request: wrk against the limited and the unlimited handler
 * of the {@link HttpBenchmarkApplication}, alternating which goes first in each round.
 *
 * <p>
 * Throughput rounds keep several connections busy, so the machine runs at full load and the latency
 * includes queueing. Latency rounds use one connection, so each request runs alone and the difference
 * between the endpoints is the limiter's own latency.
 */
public final class HttpOverheadBenchmark {

	/** Path of the rate-limited handler. */
	public static final String LIMITED = "/limited";

	/** Path of the handler without a limit. */
	public static final String UNLIMITED = "/unlimited";

	private static final int LATENCY_CONNECTIONS = 1;

	private static final Path WRK_SCRIPT = Path.of("benchmarks/wrk/client-ids.lua");

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private static final String RESULT_PREFIX = "WRK_RESULT ";

	private static final Duration IN_FLIGHT_GRACE = Duration.ofMillis(300);

	private final BenchmarkSettings settings;

	private final HttpClient httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	public HttpOverheadBenchmark(BenchmarkSettings settings) {
		this.settings = settings;
	}

	/** Waits for the application, runs wrk against both endpoints and returns the results. */
	public HttpResults run() {
		if (!Files.isRegularFile(WRK_SCRIPT)) {
			throw new IllegalStateException(WRK_SCRIPT + " is missing; run the benchmark from the repository root");
		}
		int port = this.settings.requireAppPort();
		String rateLimitHeader = awaitApplication(port);

		// Tomcat and Spring MVC need more than a few seconds before the JIT has compiled their paths.
		Duration warmup = this.settings.warmupDuration().multipliedBy(3);
		int connections = this.settings.wrkConnections();
		wrk(port, UNLIMITED, connections, warmup);
		wrk(port, LIMITED, connections, warmup);

		List<HttpRound> rounds = new ArrayList<>();
		try (CpuMeter cpuMeter = new CpuMeter(this.settings.requireAppPid(), this.settings.requireRedisPort())) {
			for (int round = 1; round <= this.settings.rounds(); round++) {
				List<String> order = (round % 2 == 1) ? List.of(UNLIMITED, LIMITED) : List.of(LIMITED, UNLIMITED);
				for (int roundConnections : List.of(connections, LATENCY_CONNECTIONS)) {
					for (String endpoint : order) {
						HttpRound result = measure(cpuMeter, port, endpoint, roundConnections, round);
						print(result);
						rounds.add(result);
					}
				}
			}
		}
		return summarize(rounds, rateLimitHeader);
	}

	private HttpRound measure(CpuMeter cpuMeter, int port, String endpoint, int connections, int round) {
		Map<String, Long> outcomesBefore = outcomes(port);
		CpuMeter.Sample before = cpuMeter.sample();
		WrkResult wrk = wrk(port, endpoint, connections, this.settings.roundDuration());
		// Requests still in flight when wrk stops finish within the 100 ms store timeout.
		sleep(IN_FLIGHT_GRACE);
		CpuMeter.Sample after = cpuMeter.sample();
		Map<String, Long> outcomesAfter = outcomes(port);

		long allowed = 0;
		long notDecidedByRedis = 0;
		for (Map.Entry<String, Long> outcome : outcomesAfter.entrySet()) {
			long count = outcome.getValue() - outcomesBefore.getOrDefault(outcome.getKey(), 0L);
			if (outcome.getKey().equals("ALLOWED")) {
				allowed += count;
			}
			else {
				notDecidedByRedis += count;
			}
		}
		return new HttpRound(endpoint, connections, round, wrk.requestsPerSecond(), wrk.p50Micros(), wrk.p90Micros(),
				wrk.p99Micros(), wrk.requests(), wrk.errors(), wrk.errorStatuses(),
				after.processMicrosPerOperation(before, wrk.requests()),
				after.processSystemMicrosPerOperation(before, wrk.requests()),
				after.redisMicrosPerOperation(before, wrk.requests()), allowed, notDecidedByRedis);
	}

	private HttpResults summarize(List<HttpRound> rounds, String rateLimitHeader) {
		List<EndpointSummary> summaries = new ArrayList<>();
		List<Comparison> comparisons = new ArrayList<>();
		for (int connections : List.of(this.settings.wrkConnections(), LATENCY_CONNECTIONS)) {
			summaries.add(endpointSummary(rounds, LIMITED, connections));
			summaries.add(endpointSummary(rounds, UNLIMITED, connections));
			comparisons.add(compare(rounds, connections));
		}
		return new HttpResults(this.settings.wrkConnections(), LATENCY_CONNECTIONS, this.settings.wrkThreads(),
				this.settings.wrkClients(), this.settings.roundDuration().toSeconds(), rounds, summaries, comparisons,
				rateLimitHeader);
	}

	private Comparison compare(List<HttpRound> rounds, int connections) {
		List<Double> ratios = new ArrayList<>();
		List<Double> addedP50 = new ArrayList<>();
		List<Double> addedP90 = new ArrayList<>();
		List<Double> addedP99 = new ArrayList<>();
		for (int round = 1; round <= this.settings.rounds(); round++) {
			HttpRound limited = find(rounds, LIMITED, connections, round);
			HttpRound unlimited = find(rounds, UNLIMITED, connections, round);
			ratios.add(limited.requestsPerSecond() / unlimited.requestsPerSecond());
			addedP50.add((limited.p50Micros() - unlimited.p50Micros()) / 1000);
			addedP90.add((limited.p90Micros() - unlimited.p90Micros()) / 1000);
			addedP99.add((limited.p99Micros() - unlimited.p99Micros()) / 1000);
		}
		return new Comparison(connections, Spread.of(ratios), Spread.of(addedP50), Spread.of(addedP90),
				Spread.of(addedP99));
	}

	private static EndpointSummary endpointSummary(List<HttpRound> rounds, String endpoint, int connections) {
		List<HttpRound> runs = rounds.stream()
			.filter((round) -> round.endpoint().equals(endpoint) && round.connections() == connections)
			.toList();
		return new EndpointSummary(endpoint, connections, spread(runs, HttpRound::requestsPerSecond),
				spread(runs, HttpRound::p50Micros), spread(runs, HttpRound::p99Micros),
				spread(runs, HttpRound::appCpuMicros), spread(runs, HttpRound::appSystemCpuMicros),
				spread(runs, HttpRound::redisCpuMicros),
				sum(runs, HttpRound::errors), sum(runs, HttpRound::errorStatuses), sum(runs, HttpRound::allowed),
				sum(runs, HttpRound::notDecidedByRedis));
	}

	private static Spread spread(List<HttpRound> runs, ToDoubleFunction<HttpRound> field) {
		return Spread.of(runs.stream().map(field::applyAsDouble).toList());
	}

	private static long sum(List<HttpRound> runs, ToLongFunction<HttpRound> field) {
		return runs.stream().mapToLong(field).sum();
	}

	private static HttpRound find(List<HttpRound> rounds, String endpoint, int connections, int round) {
		return rounds.stream()
			.filter((result) -> result.endpoint().equals(endpoint) && result.connections() == connections
					&& result.round() == round)
			.findFirst()
			.orElseThrow();
	}

	/**
	 * Polls the limited endpoint until it returns 200, then returns its {@code RateLimit} header, which
	 * proves that the limiter decided the request through Redis.
	 */
	private String awaitApplication(int port) {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				HttpResponse<String> response = get(port, LIMITED);
				if (response.statusCode() == 200) {
					return response.headers()
						.firstValue("RateLimit")
						.orElseThrow(() -> new IllegalStateException(
								LIMITED + " answered without a RateLimit header, so the rate limiter did not decide it"));
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			sleep(Duration.ofMillis(500));
		}
		throw new IllegalStateException("The HTTP benchmark application did not respond on 127.0.0.1:" + port + " within "
				+ STARTUP_TIMEOUT.toSeconds() + " s");
	}

	@SuppressWarnings("unchecked")
	private Map<String, Long> outcomes(int port) {
		try {
			HttpResponse<String> response = get(port, "/outcomes");
			Map<String, Number> counts = JsonMapper.shared().readValue(response.body(), Map.class);
			Map<String, Long> outcomes = new java.util.TreeMap<>();
			counts.forEach((outcome, count) -> outcomes.put(outcome, count.longValue()));
			return outcomes;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Failed to read the decision counts of the application", ex);
		}
	}

	private HttpResponse<String> get(int port, String path) throws IOException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("X-Client-Id", "benchmark-check")
			.timeout(Duration.ofSeconds(2))
			.build();
		try {
			return this.httpClient.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while calling the application", ex);
		}
	}

	private WrkResult wrk(int port, String endpoint, int connections, Duration duration) {
		List<String> command = List.of("wrk", "-t" + Math.min(this.settings.wrkThreads(), connections),
				"-c" + connections, "-d" + duration.toSeconds() + "s", "-s", WRK_SCRIPT.toString(),
				"http://127.0.0.1:" + port + endpoint);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("BENCH_WRK_CLIENTS", Integer.toString(this.settings.wrkClients()));
		List<String> output;
		try {
			Process process = builder.start();
			output = new String(process.getInputStream().readAllBytes()).lines().toList();
			if (!process.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("wrk failed: " + String.join("\n", output));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Failed to run wrk; install the Debian package wrk", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while wrk ran", ex);
		}
		return WrkResult.parse(output);
	}

	private static void print(HttpRound round) {
		System.out.printf(Locale.ROOT,
				"[http] connections=%d round=%d %-10s %,8.0f requests/s  p50 %,6.0f us  p99 %,7.0f us  "
						+ "CPU/request app %5.1f us (kernel %5.1f), Redis %5.1f us  errors %d  status>=400 %d  "
						+ "not decided by Redis %d%n",
				round.connections(), round.round(), round.endpoint(), round.requestsPerSecond(), round.p50Micros(),
				round.p99Micros(), round.appCpuMicros(), round.appSystemCpuMicros(), round.redisCpuMicros(),
				round.errors(), round.errorStatuses(), round.notDecidedByRedis());
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting", ex);
		}
	}

	/**
	 * Summary line that {@code benchmarks/wrk/client-ids.lua} prints when wrk ends.
	 *
	 * @param requestsPerSecond completed requests per second
	 * @param p50Micros median latency in microseconds
	 * @param p90Micros 90th percentile latency in microseconds
	 * @param p99Micros 99th percentile latency in microseconds
	 * @param requests completed requests
	 * @param errors socket errors and timeouts
	 * @param errorStatuses responses with a status of 400 or more
	 */
	record WrkResult(double requestsPerSecond, double p50Micros, double p90Micros, double p99Micros, long requests,
			long errors, long errorStatuses) {

		@SuppressWarnings("unchecked")
		static WrkResult parse(List<String> output) {
			String line = output.stream()
				.filter((candidate) -> candidate.startsWith(RESULT_PREFIX))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("wrk printed no result line:\n" + String.join("\n", output)));
			Map<String, Number> values = JsonMapper.shared().readValue(line.substring(RESULT_PREFIX.length()), Map.class);
			long requests = values.get("requests").longValue();
			double seconds = values.get("durationMicros").doubleValue() / 1e6;
			long errors = values.get("connectErrors").longValue() + values.get("readErrors").longValue()
					+ values.get("writeErrors").longValue() + values.get("timeouts").longValue();
			return new WrkResult(requests / seconds, values.get("p50Micros").doubleValue(),
					values.get("p90Micros").doubleValue(), values.get("p99Micros").doubleValue(), requests, errors,
					values.get("statusErrors").longValue());
		}

	}

}
