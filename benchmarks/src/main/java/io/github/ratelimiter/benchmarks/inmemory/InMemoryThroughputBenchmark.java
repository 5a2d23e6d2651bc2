package io.github.ratelimiter.benchmarks.inmemory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.github.ratelimiter.benchmarks.BenchmarkSettings;
import io.github.ratelimiter.benchmarks.Spread;
import io.github.ratelimiter.benchmarks.inmemory.InMemoryResults.Ratio;
import io.github.ratelimiter.benchmarks.inmemory.InMemoryResults.Round;
import io.github.ratelimiter.benchmarks.inmemory.InMemoryResults.Summary;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the {@link InMemoryDecisionBenchmark} with JMH, one fork per benchmark, thread count and round,
 * alternating the benchmarks so that both see the same machine state.
 */
public final class InMemoryThroughputBenchmark {

	private static final String STARTER = "ratelimiterInMemory";

	private static final String BUCKET4J = "bucket4jLocal";

	private final BenchmarkSettings settings;

	public InMemoryThroughputBenchmark(BenchmarkSettings settings) {
		this.settings = settings;
	}

	/** Runs every benchmark at every thread count and returns the results. */
	public InMemoryResults run() {
		List<Round> rounds = new ArrayList<>();
		for (int threads : this.settings.callerCounts()) {
			for (int round = 1; round <= this.settings.rounds(); round++) {
				List<String> order = (round % 2 == 1) ? List.of(STARTER, BUCKET4J) : List.of(BUCKET4J, STARTER);
				for (String benchmark : order) {
					Round result = new Round(benchmark, threads, round, measure(benchmark, threads));
					System.out.printf(Locale.ROOT, "[in-memory] threads=%d round=%d %-20s %,12.0f decisions/s%n",
							threads, round, benchmark, result.decisionsPerSecond());
					rounds.add(result);
				}
			}
		}
		return new InMemoryResults(this.settings.jmhDuration().toSeconds(), rounds, summarize(rounds), ratios(rounds));
	}

	private double measure(String benchmark, int threads) {
		Options options = new OptionsBuilder().include(InMemoryDecisionBenchmark.class.getName() + "\\." + benchmark + "$")
			.mode(Mode.Throughput)
			.timeUnit(TimeUnit.SECONDS)
			.forks(1)
			.threads(threads)
			.warmupIterations(1)
			.warmupTime(TimeValue.seconds(this.settings.jmhDuration().toSeconds()))
			.measurementIterations(1)
			.measurementTime(TimeValue.seconds(this.settings.jmhDuration().toSeconds()))
			.jvmArgs("-Xms512m", "-Xmx512m")
			.verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT)
			.build();
		try {
			RunResult result = new Runner(options).runSingle();
			return result.getPrimaryResult().getScore();
		}
		catch (RunnerException ex) {
			throw new IllegalStateException("JMH failed to run " + benchmark + " with " + threads + " threads", ex);
		}
	}

	private List<Summary> summarize(List<Round> rounds) {
		List<Summary> summaries = new ArrayList<>();
		for (int threads : this.settings.callerCounts()) {
			for (String benchmark : List.of(STARTER, BUCKET4J)) {
				List<Double> scores = rounds.stream()
					.filter((round) -> round.benchmark().equals(benchmark) && round.threads() == threads)
					.map(Round::decisionsPerSecond)
					.toList();
				summaries.add(new Summary(benchmark, threads, Spread.of(scores)));
			}
		}
		return summaries;
	}

	private List<Ratio> ratios(List<Round> rounds) {
		List<Ratio> ratios = new ArrayList<>();
		for (int threads : this.settings.callerCounts()) {
			List<Double> perRound = new ArrayList<>();
			for (int round = 1; round <= this.settings.rounds(); round++) {
				perRound.add(score(rounds, STARTER, threads, round) / score(rounds, BUCKET4J, threads, round));
			}
			ratios.add(new Ratio(threads, Spread.of(perRound)));
		}
		return ratios;
	}

	private static double score(List<Round> rounds, String benchmark, int threads, int round) {
		return rounds.stream()
			.filter((result) -> result.benchmark().equals(benchmark) && result.threads() == threads
					&& result.round() == round)
			.findFirst()
			.orElseThrow()
			.decisionsPerSecond();
	}

}
