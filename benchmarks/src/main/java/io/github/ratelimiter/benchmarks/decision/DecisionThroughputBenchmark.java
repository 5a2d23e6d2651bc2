package io.github.ratelimiter.benchmarks.decision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import io.github.ratelimiter.benchmarks.BenchmarkRedis;
import io.github.ratelimiter.benchmarks.BenchmarkSettings;
import io.github.ratelimiter.benchmarks.CpuMeter;
import io.github.ratelimiter.benchmarks.Spread;
import io.github.ratelimiter.benchmarks.decision.DecisionResults.ContenderInfo;
import io.github.ratelimiter.benchmarks.decision.DecisionResults.ContenderSummary;
import io.github.ratelimiter.benchmarks.decision.DecisionResults.RatioSummary;
import io.github.ratelimiter.core.RateLimit;
import io.github.ratelimiter.redis.RateLimitScripts;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

/**
 * Decision throughput and latency of the starter, Bucket4j and redis-benchmark on the same Redis, at
 * each concurrency level, interleaved round by round.
 *
 * <p>
 * Every client key admits 10,000 requests per second, far above what one key receives here, so every
 * decision takes the admit path (the script trims, counts, adds and sets the expiry). The one-second
 * window makes idle keys expire quickly, so Redis keeps at most one key per client id and contender.
 */
public final class DecisionThroughputBenchmark {

	/** Limit of every client key: high enough that no request is denied. */
	static final RateLimit LIMIT = new RateLimit(10_000, Duration.ofSeconds(1));

	private static final int PIPELINE = 16;

	private final BenchmarkSettings settings;

	public DecisionThroughputBenchmark(BenchmarkSettings settings) {
		this.settings = settings;
	}

	/** Runs every contender at every concurrency level and returns the results. */
	public DecisionResults run() {
		int port = this.settings.requireRedisPort();
		ClientResources clientResources = DefaultClientResources.create();
		String scriptSha = loadScript(port);
		List<Contender> contenders = selected(List.of(
				new StarterContender(clientResources, port, LIMIT, this.settings.keys()),
				new Bucket4jContender(clientResources, port, LIMIT, Duration.ofMillis(100), this.settings.keys()),
				new RedisBenchmarkContender(port, scriptSha, LIMIT, this.settings.keys(), 1),
				new RedisBenchmarkContender(port, scriptSha, LIMIT, this.settings.keys(), PIPELINE)));
		try (CpuMeter cpuMeter = new CpuMeter(ProcessHandle.current().pid(), port)) {
			List<RoundResult> rounds = measure(contenders, cpuMeter);
			return new DecisionResults(LIMIT.limit(), LIMIT.windowMillis(), this.settings.keys(),
					this.settings.roundDuration().toSeconds(), describe(contenders), rounds, summarize(rounds),
					ratios(rounds), countKeys(port));
		}
		finally {
			contenders.forEach(Contender::close);
			clientResources.shutdown();
		}
	}

	private List<Contender> selected(List<Contender> contenders) {
		if (this.settings.contenders().isEmpty()) {
			return contenders;
		}
		List<Contender> selected = new ArrayList<>();
		for (Contender contender : contenders) {
			if (this.settings.contenders().contains(contender.name())) {
				selected.add(contender);
			}
			else {
				contender.close();
			}
		}
		return selected;
	}

	private List<RoundResult> measure(List<Contender> contenders, CpuMeter cpuMeter) {
		warmUpJit(contenders);
		List<RoundResult> rounds = new ArrayList<>();
		for (int callers : this.settings.callerCounts()) {
			for (Contender contender : contenders) {
				contender.measure(callers, this.settings.warmupDuration());
			}
			for (int round = 1; round <= this.settings.rounds(); round++) {
				// Each round starts with the next contender, so none always runs first or last.
				List<Contender> order = new ArrayList<>(contenders);
				Collections.rotate(order, -(round - 1));
				for (Contender contender : order) {
					CpuMeter.Sample before = cpuMeter.sample();
					RoundResult result = contender.measure(callers, this.settings.roundDuration());
					CpuMeter.Sample after = cpuMeter.sample();
					result = result.labelled(contender.name(), callers, round,
							after.processMicrosPerOperation(before, result.decisions()),
							after.redisMicrosPerOperation(before, result.decisions()));
					print(result);
					rounds.add(result);
				}
			}
		}
		return rounds;
	}

	/** Runs the Java contenders once before any measurement, so the JIT compiles their paths. */
	private void warmUpJit(List<Contender> contenders) {
		Duration jitWarmup = this.settings.warmupDuration().multipliedBy(2);
		for (Contender contender : contenders) {
			if (contender instanceof JavaContender) {
				contender.measure(16, jitWarmup);
			}
		}
	}

	private static void print(RoundResult result) {
		System.out.printf(Locale.ROOT, "[decisions] callers=%d round=%d %-20s %,9.0f decisions/s  p50 %,7.1f us  "
				+ "p99 %,8.1f us  CPU/decision client %5.1f us, Redis %5.1f us  admitted %d denied %d failed %d%n",
				result.callers(), result.round(), result.contender(), result.decisionsPerSecond(), result.p50Micros(),
				result.p99Micros(), result.clientCpuMicros(), result.redisCpuMicros(), result.admitted(),
				result.denied(), result.failed());
	}

	private static List<ContenderInfo> describe(List<Contender> contenders) {
		return contenders.stream().map((contender) -> new ContenderInfo(contender.name(), contender.description())).toList();
	}

	private List<ContenderSummary> summarize(List<RoundResult> rounds) {
		List<ContenderSummary> summaries = new ArrayList<>();
		for (int callers : this.settings.callerCounts()) {
			for (String contender : rounds.stream().map(RoundResult::contender).distinct().toList()) {
				List<RoundResult> runs = rounds.stream()
					.filter((round) -> round.contender().equals(contender) && round.callers() == callers)
					.toList();
				summaries.add(new ContenderSummary(contender, callers,
						Spread.of(runs.stream().map(RoundResult::decisionsPerSecond).toList()),
						Spread.of(runs.stream().map(RoundResult::p50Micros).toList()),
						Spread.of(runs.stream().map(RoundResult::p99Micros).toList()), sum(runs, RoundResult::admitted),
						sum(runs, RoundResult::denied), sum(runs, RoundResult::failed),
						Spread.of(runs.stream().map(RoundResult::clientCpuMicros).toList()),
						Spread.of(runs.stream().map(RoundResult::redisCpuMicros).toList())));
			}
		}
		return summaries;
	}

	private static long sum(List<RoundResult> runs, java.util.function.ToLongFunction<RoundResult> field) {
		if (runs.isEmpty() || runs.stream().anyMatch((run) -> field.applyAsLong(run) < 0)) {
			return -1;
		}
		return runs.stream().mapToLong(field).sum();
	}

	private List<RatioSummary> ratios(List<RoundResult> rounds) {
		List<RatioSummary> ratios = new ArrayList<>();
		if (rounds.stream().noneMatch((round) -> round.contender().equals(StarterContender.NAME))) {
			return ratios;
		}
		List<String> others = rounds.stream()
			.map(RoundResult::contender)
			.distinct()
			.filter((name) -> !name.equals(StarterContender.NAME))
			.toList();
		for (int callers : this.settings.callerCounts()) {
			for (String other : others) {
				List<Double> perRound = new ArrayList<>();
				for (int round = 1; round <= this.settings.rounds(); round++) {
					perRound.add(find(rounds, StarterContender.NAME, callers, round).decisionsPerSecond()
							/ find(rounds, other, callers, round).decisionsPerSecond());
				}
				ratios.add(new RatioSummary(StarterContender.NAME, other, callers, Spread.of(perRound), perRound));
			}
		}
		return ratios;
	}

	private static RoundResult find(List<RoundResult> rounds, String contender, int callers, int round) {
		return rounds.stream()
			.filter((result) -> result.contender().equals(contender) && result.callers() == callers
					&& result.round() == round)
			.findFirst()
			.orElseThrow();
	}

	/**
	 * Loads the sliding-window script for redis-benchmark, which only sends {@code EVALSHA}, and checks
	 * that the script admits a request with the benchmark's arguments.
	 */
	private static String loadScript(int port) {
		RedisClient client = RedisClient.create(BenchmarkRedis.uri(port));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			String sha = connection.sync().scriptLoad(RateLimitScripts.readSlidingWindowSource());
			List<Long> reply = connection.sync()
				.evalsha(sha, ScriptOutputType.MULTI, new String[] { "bench-redis-benchmark:check" },
						Long.toString(LIMIT.limit()), Long.toString(LIMIT.windowMillis()), "1", "acquire");
			if (reply.isEmpty() || reply.get(0) != 1L) {
				throw new IllegalStateException("The sliding-window script did not admit a request: " + reply);
			}
			return sha;
		}
		finally {
			client.shutdown();
		}
	}

	private static long countKeys(int port) {
		RedisClient client = RedisClient.create(BenchmarkRedis.uri(port));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return connection.sync().dbsize();
		}
		finally {
			client.shutdown();
		}
	}

}
