package io.github.ratelimiter.benchmarks.report;

import java.util.List;

import io.github.ratelimiter.benchmarks.MachineInfo;
import io.github.ratelimiter.benchmarks.decision.DecisionResults;
import io.github.ratelimiter.benchmarks.http.HttpResults;
import io.github.ratelimiter.benchmarks.inmemory.InMemoryResults;
import io.github.ratelimiter.benchmarks.memory.MemoryResults;

/**
 * Everything one run of {@code benchmarks/run.sh} measured, as written to
 * {@code docs/benchmarks/results.json}.
 *
 * @param machine machine and software of the run
 * @param settings settings of the run
 * @param decisions decision throughput and latency against Redis
 * @param http HTTP overhead of the limiter
 * @param memory Redis memory per client
 * @param inMemory in-JVM decision throughput
 * @param targets each target with its measured figure and whether it was met
 */
public record BenchmarkResults(MachineInfo machine, RunSettings settings, DecisionResults decisions, HttpResults http,
		MemoryResults memory, InMemoryResults inMemory, List<TargetResult> targets) {

	/**
	 * Settings of a run.
	 *
	 * @param rounds measured rounds per contender and concurrency level
	 * @param roundSeconds length of one measured round
	 * @param warmupSeconds length of an unmeasured warm-up run
	 * @param callerCounts concurrency levels
	 * @param jmhSeconds length of one JMH iteration
	 * @param runSeconds wall-clock time of the whole run, including the build
	 */
	public record RunSettings(int rounds, long roundSeconds, long warmupSeconds, List<Integer> callerCounts,
			long jmhSeconds, long runSeconds) {
	}

	/**
	 * One target of the benchmarks.
	 *
	 * @param id short identifier
	 * @param description what is measured and the threshold
	 * @param measured the measured figure, as the page prints it
	 * @param status whether the target was met
	 * @param reason why a target was missed, or what qualifies a met one, or empty when there is nothing to add
	 */
	public record TargetResult(String id, String description, String measured, Status status, String reason) {
	}

	/** Outcome of a target. */
	public enum Status {

		/** The median meets the threshold. */
		MET,

		/** The median misses the threshold. */
		MISSED,

		/** The rounds spread far wider than the threshold on both sides of it, so noise hides the effect. */
		INCONCLUSIVE,

		/** The section that measures it did not run. */
		NOT_MEASURED

	}

}
