package io.github.ratelimiter.benchmarks.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.github.ratelimiter.benchmarks.BenchmarkSettings;
import io.github.ratelimiter.benchmarks.MachineInfo;
import io.github.ratelimiter.benchmarks.ResultFiles;
import io.github.ratelimiter.benchmarks.decision.DecisionResults;
import io.github.ratelimiter.benchmarks.http.HttpResults;
import io.github.ratelimiter.benchmarks.inmemory.InMemoryResults;
import io.github.ratelimiter.benchmarks.memory.MemoryResults;
import io.github.ratelimiter.benchmarks.report.BenchmarkResults.RunSettings;

/**
 * Merges the section result files into {@code docs/benchmarks/results.json} and writes the page and the
 * chart from it.
 */
public final class ReportWriter {

	/** Merged results of the last run. */
	public static final Path RESULTS = Path.of("docs/benchmarks/results.json");

	/** Benchmark page. */
	public static final Path PAGE = Path.of("docs/benchmarks.md");

	private final BenchmarkSettings settings;

	public ReportWriter(BenchmarkSettings settings) {
		this.settings = settings;
	}

	/** Merges the section results of this run, then writes the results file, the page and the chart. */
	public void merge() {
		MachineInfo machine = ResultFiles.read(ResultFiles.sectionFile(this.settings, "machine"), MachineInfo.class)
			.withLoadAverageAtEnd();
		DecisionResults decisions = readIfPresent("decisions", DecisionResults.class);
		HttpResults http = readIfPresent("http", HttpResults.class);
		MemoryResults memory = readIfPresent("memory", MemoryResults.class);
		InMemoryResults inMemory = readIfPresent("in-memory", InMemoryResults.class);
		long runSeconds = Duration.between(Instant.parse(machine.startedAt()), Instant.now()).toSeconds()
				+ Long.parseLong(System.getenv().getOrDefault("BENCH_BUILD_SECONDS", "0"));
		RunSettings runSettings = new RunSettings(this.settings.rounds(), this.settings.roundDuration().toSeconds(),
				this.settings.warmupDuration().toSeconds(), this.settings.callerCounts(),
				this.settings.jmhDuration().toSeconds(), runSeconds);
		BenchmarkResults results = new BenchmarkResults(machine, runSettings, decisions, http, memory, inMemory,
				TargetEvaluator.evaluate(decisions, http, memory));
		ResultFiles.write(RESULTS, results);
		System.out.println("[report] wrote " + RESULTS);
		render(results);
	}

	/** Rewrites the page and the chart from the results file of the last run. */
	public void renderExisting() {
		BenchmarkResults stored = ResultFiles.read(RESULTS, BenchmarkResults.class);
		BenchmarkResults results = new BenchmarkResults(stored.machine(), stored.settings(), stored.decisions(),
				stored.http(), stored.memory(), stored.inMemory(),
				TargetEvaluator.evaluate(stored.decisions(), stored.http(), stored.memory()));
		render(results);
	}

	private void render(BenchmarkResults results) {
		try {
			Files.writeString(PAGE, ReportPage.render(results));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to write " + PAGE, ex);
		}
		if (results.decisions() != null) {
			ResultChart.write(results.decisions(), PAGE.resolveSibling(ReportPage.CHART));
		}
		System.out.println("[report] wrote " + PAGE + " and " + PAGE.resolveSibling(ReportPage.CHART));
	}

	private <T> T readIfPresent(String section, Class<T> type) {
		Path file = ResultFiles.sectionFile(this.settings, section);
		return Files.isRegularFile(file) ? ResultFiles.read(file, type) : null;
	}

}
