package io.github.ratelimiter.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import io.github.ratelimiter.benchmarks.decision.DecisionThroughputBenchmark;
import io.github.ratelimiter.benchmarks.http.HttpOverheadBenchmark;
import io.github.ratelimiter.benchmarks.inmemory.InMemoryThroughputBenchmark;
import io.github.ratelimiter.benchmarks.memory.RedisMemoryBenchmark;
import io.github.ratelimiter.benchmarks.report.ReportWriter;

/**
 * Runs one section of the benchmarks and writes its JSON result file. {@code benchmarks/run.sh} calls
 * each section in turn, with the Redis and application ports in {@code BENCH_*} variables.
 */
public final class BenchmarkSuite {

	private BenchmarkSuite() {
	}

	public static void main(String[] args) {
		if (args.length != 1 || !sections().containsKey(args[0])) {
			System.err.println("Usage: BenchmarkSuite <section>, where section is one of " + sections().keySet());
			System.exit(2);
		}
		BenchmarkSettings settings = BenchmarkSettings.fromEnvironment();
		Object result = sections().get(args[0]).run(settings);
		if (result != null) {
			Path file = ResultFiles.sectionFile(settings, args[0]);
			ResultFiles.write(file, result);
			System.out.println("[" + args[0] + "] wrote " + file);
		}
		System.exit(0);
	}

	private static Map<String, Section> sections() {
		Map<String, Section> sections = new TreeMap<>();
		sections.put("machine", (settings) -> MachineInfo.collect(settings.requireRedisPort()));
		sections.put("decisions", (settings) -> new DecisionThroughputBenchmark(settings).run());
		sections.put("http", (settings) -> new HttpOverheadBenchmark(settings).run());
		sections.put("memory", (settings) -> new RedisMemoryBenchmark(settings).run());
		sections.put("in-memory", (settings) -> new InMemoryThroughputBenchmark(settings).run());
		sections.put("report", (settings) -> {
			new ReportWriter(settings).merge();
			return null;
		});
		sections.put("render", (settings) -> {
			new ReportWriter(settings).renderExisting();
			return null;
		});
		return sections;
	}

	@FunctionalInterface
	private interface Section {

		Object run(BenchmarkSettings settings);

	}

}
