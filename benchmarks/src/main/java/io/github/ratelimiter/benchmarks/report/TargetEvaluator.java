package io.github.ratelimiter.benchmarks.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.github.ratelimiter.benchmarks.Spread;
import io.github.ratelimiter.benchmarks.decision.DecisionResults;
import io.github.ratelimiter.benchmarks.decision.DecisionResults.ContenderSummary;
import io.github.ratelimiter.benchmarks.decision.DecisionResults.RatioSummary;
import io.github.ratelimiter.benchmarks.http.HttpOverheadBenchmark;
import io.github.ratelimiter.benchmarks.http.HttpResults;
import io.github.ratelimiter.benchmarks.http.HttpResults.Comparison;
import io.github.ratelimiter.benchmarks.http.HttpResults.EndpointSummary;
import io.github.ratelimiter.benchmarks.memory.MemoryResults;
import io.github.ratelimiter.benchmarks.memory.MemoryResults.KeyMemory;
import io.github.ratelimiter.benchmarks.report.BenchmarkResults.Status;
import io.github.ratelimiter.benchmarks.report.BenchmarkResults.TargetResult;

/**
 * Checks the measured figures against the project's targets and explains each miss with the CPU and
 * memory figures of the same run.
 */
final class TargetEvaluator {

	static final String STARTER = "ratelimiter";

	static final String BUCKET4J = "bucket4j";

	static final String REDIS_BENCHMARK = "redis-benchmark";

	static final double MIN_RATIO_TO_REDIS_BENCHMARK = 1.0;

	static final double MIN_RATIO_TO_BUCKET4J = 2.0;

	static final double MIN_HTTP_THROUGHPUT_RATIO = 0.85;

	static final double MAX_HTTP_ADDED_P99_MILLIS = 1.0;

	static final double MAX_COMPACT_BYTES_PER_ENTRY = 24;

	private static final String PROFILE_POINTER = "[Where the starter's client time goes]"
			+ "(#where-the-starters-client-time-goes) splits the starter's client CPU.";

	/** A latency target whose rounds straddle it over more than this many thresholds is inconclusive. */
	static final double INCONCLUSIVE_RANGE_FACTOR = 10;

	private TargetEvaluator() {
	}

	/** Evaluates every target on the results that were measured. */
	static List<TargetResult> evaluate(DecisionResults decisions, HttpResults http, MemoryResults memory) {
		List<TargetResult> targets = new ArrayList<>();
		targets.add(versusRedisBenchmark(decisions));
		targets.add(versusBucket4j(decisions));
		targets.add(httpThroughput(http));
		targets.add(httpLatency(http));
		targets.add(compactMemory(memory));
		return targets;
	}

	/** Returns the highest concurrency level of the decision benchmark. */
	static int topCallers(DecisionResults decisions) {
		return Collections.max(decisions.summaries().stream().map(ContenderSummary::callers).toList());
	}

	private static TargetResult versusRedisBenchmark(DecisionResults decisions) {
		String id = "decisions-vs-redis-benchmark";
		String description = "Starter ≥ " + Formats.twoDecimals(MIN_RATIO_TO_REDIS_BENCHMARK)
				+ "× redis-benchmark EVALSHA without pipelining, at the highest concurrency";
		if (decisions == null) {
			return notMeasured(id, description);
		}
		int callers = topCallers(decisions);
		RatioSummary ratio = decisions.ratio(STARTER, REDIS_BENCHMARK, callers);
		if (ratio == null) {
			return notMeasured(id, description);
		}
		ContenderSummary starter = decisions.summary(STARTER, callers);
		ContenderSummary tool = decisions.summary(REDIS_BENCHMARK, callers);
		Status status = status(ratio.ratio().median() >= MIN_RATIO_TO_REDIS_BENCHMARK);
		String reason = (status == Status.MET)
				? "The starter's callers share one connection, so Lettuce writes several callers' commands together "
						+ "and Redis reads them in one system call; redis-benchmark gives each caller its own connection."
				: "CPU per decision, client + Redis: starter " + cpu(starter) + ", redis-benchmark " + cpu(tool)
						+ ". On two shared cores the client's CPU time comes out of Redis's. " + PROFILE_POINTER;
		return new TargetResult(id, description, Formats.ratioSpread(ratio.ratio()) + " at " + callers + " callers",
				status, reason + roundsNote(ratio.ratio(), MIN_RATIO_TO_REDIS_BENCHMARK, true));
	}

	private static TargetResult versusBucket4j(DecisionResults decisions) {
		String id = "decisions-vs-bucket4j";
		String description = "Starter ≥ " + Formats.twoDecimals(MIN_RATIO_TO_BUCKET4J)
				+ "× Bucket4j (Lettuce, compare-and-swap) on the same Redis, at the highest concurrency";
		if (decisions == null) {
			return notMeasured(id, description);
		}
		int callers = topCallers(decisions);
		RatioSummary ratio = decisions.ratio(STARTER, BUCKET4J, callers);
		if (ratio == null) {
			return notMeasured(id, description);
		}
		ContenderSummary starter = decisions.summary(STARTER, callers);
		ContenderSummary bucket4j = decisions.summary(BUCKET4J, callers);
		Status status = status(ratio.ratio().median() >= MIN_RATIO_TO_BUCKET4J);
		double predicted = totalCpu(bucket4j) / totalCpu(starter);
		String reason = "CPU per decision, client + Redis: starter " + cpu(starter) + ", Bucket4j " + cpu(bucket4j)
				+ ". Client and Redis share this machine's two cores, so throughput follows the total CPU per decision, "
				+ "which predicts " + Formats.twoDecimals(predicted) + "×. "
				+ "Bucket4j needs two round trips (GET, then a compare-and-swap script), but each costs Redis less than "
				+ "the sliding-window script, whose log has one entry per admitted request. The extra round trip "
				+ "weighs more where Redis is across a network, which this loopback benchmark does not measure. "
				+ PROFILE_POINTER;
		return new TargetResult(id, description, Formats.ratioSpread(ratio.ratio()) + " at " + callers + " callers",
				status, reason + roundsNote(ratio.ratio(), MIN_RATIO_TO_BUCKET4J, true));
	}

	private static TargetResult httpThroughput(HttpResults http) {
		String id = "http-throughput";
		String description = "Limited endpoint ≥ " + Formats.twoDecimals(MIN_HTTP_THROUGHPUT_RATIO)
				+ "× the requests/s of the unlimited one";
		if (http == null) {
			return notMeasured(id, description);
		}
		Comparison comparison = http.comparison(http.connections());
		EndpointSummary limited = http.summary(HttpOverheadBenchmark.LIMITED, http.connections());
		EndpointSummary unlimited = http.summary(HttpOverheadBenchmark.UNLIMITED, http.connections());
		Status status = status(comparison.throughputRatio().median() >= MIN_HTTP_THROUGHPUT_RATIO);
		EndpointSummary limitedAlone = http.summary(HttpOverheadBenchmark.LIMITED, http.latencyConnections());
		EndpointSummary unlimitedAlone = http.summary(HttpOverheadBenchmark.UNLIMITED, http.latencyConnections());
		String reason = "wrk, the application and Redis share two cores, so both endpoints run the machine at full "
				+ "load and every CPU microsecond that the limiter adds comes out of throughput. At "
				+ http.connections() + " connections a limited request costs "
				+ Formats.oneDecimal(limited.appCpuMicros().median()) + " µs of application CPU against "
				+ Formats.oneDecimal(unlimited.appCpuMicros().median()) + " µs for an unlimited one, plus "
				+ Formats.oneDecimal(limited.redisCpuMicros().median() - unlimited.redisCpuMicros().median())
				+ " µs of Redis CPU. With " + http.latencyConnections() + " connection it costs "
				+ Formats.oneDecimal(limitedAlone.appCpuMicros().median()) + " µs against "
				+ Formats.oneDecimal(unlimitedAlone.appCpuMicros().median()) + " µs, "
				+ Formats.oneDecimal(limitedAlone.appSystemCpuMicros().median()) + " µs of it in the kernel: the "
				+ "request thread hands each call to a scheduler thread, which hands the command to Lettuce's "
				+ "event-loop thread, and is woken up when the reply arrives.";
		return new TargetResult(id, description,
				Formats.ratioSpread(comparison.throughputRatio()) + " at " + http.connections() + " connections", status,
				reason + roundsNote(comparison.throughputRatio(), MIN_HTTP_THROUGHPUT_RATIO, true));
	}

	private static TargetResult httpLatency(HttpResults http) {
		String id = "http-added-p99";
		String description = "Limited endpoint adds ≤ " + Formats.oneDecimal(MAX_HTTP_ADDED_P99_MILLIS)
				+ " ms to the p99 latency";
		if (http == null) {
			return notMeasured(id, description);
		}
		Comparison loaded = http.comparison(http.connections());
		Comparison single = http.comparison(http.latencyConnections());
		Spread addedP99 = loaded.addedP99Millis();
		String alone = "With " + http.latencyConnections() + " connection, where no request waits for another, the "
				+ "limiter adds " + Formats.twoDecimals(single.addedP50Millis().median()) + " ms at the median and "
				+ Formats.twoDecimals(single.addedP90Millis().median()) + " ms at p90.";
		String measured = Formats.twoDecimalSpread(addedP99) + " ms at " + http.connections() + " connections";
		boolean straddles = addedP99.min() <= MAX_HTTP_ADDED_P99_MILLIS && addedP99.max() > MAX_HTTP_ADDED_P99_MILLIS;
		if (straddles && addedP99.max() - addedP99.min() > INCONCLUSIVE_RANGE_FACTOR * MAX_HTTP_ADDED_P99_MILLIS) {
			return new TargetResult(id, description, measured, Status.INCONCLUSIVE,
					"The rounds range over " + Formats.oneDecimal(addedP99.max() - addedP99.min()) + " ms, far more "
							+ "than the threshold: stalls of this shared machine, not the limiter, set the p99 of both "
							+ "endpoints. " + alone);
		}
		Status status = status(addedP99.median() <= MAX_HTTP_ADDED_P99_MILLIS);
		String reason = alone + ((status == Status.MET) ? ""
				: " At " + http.connections() + " connections the machine is saturated, so latency is mostly "
						+ "queueing and grows with the throughput lost to the limiter.");
		return new TargetResult(id, description, measured, status,
				reason + roundsNote(addedP99, MAX_HTTP_ADDED_P99_MILLIS, false));
	}

	private static TargetResult compactMemory(MemoryResults memory) {
		String id = "memory-compact";
		String description = "≤ " + Formats.whole(MAX_COMPACT_BYTES_PER_ENTRY)
				+ " bytes per logged request while the sorted set is a listpack (≤ 128 entries)";
		if (memory == null) {
			return notMeasured(id, description);
		}
		List<KeyMemory> compact = memory.keys().stream().filter((key) -> key.encoding().equals("listpack")).toList();
		List<String> figures = new ArrayList<>();
		List<String> misses = new ArrayList<>();
		for (KeyMemory key : compact) {
			figures.add("limit " + key.limit() + ": " + Formats.oneDecimal(key.bytesPerEntry()));
			if (key.bytesPerEntry() > MAX_COMPACT_BYTES_PER_ENTRY) {
				misses.add(Integer.toString(key.limit()));
			}
		}
		Status status = status(misses.isEmpty());
		KeyMemory first = compact.get(0);
		long fixedBytes = Math.round(first.bytes() - first.marginalBytesPerEntry() * (first.limit() - 1));
		Spread marginal = Spread.of(compact.stream().map(KeyMemory::marginalBytesPerEntry).toList());
		String reason = "Each entry beyond the first adds " + Formats.oneDecimal(marginal.min()) + " to "
				+ Formats.oneDecimal(marginal.max()) + " bytes. The listpack stores the member (admission millisecond "
				+ "and sequence number, a 16-digit integer) and the score each as an 8-byte integer with 2 bytes of "
				+ "framing, 20 bytes in all, and jemalloc rounds the listpack up to its next size class. A key costs "
				+ "about " + fixedBytes + " bytes before its first entry (its " + memory.keyLength()
				+ "-byte name, the Redis object and the listpack header), which dominates small limits.";
		String measured = String.join("; ", figures) + " bytes per logged request";
		return new TargetResult(id, description, measured, status,
				misses.isEmpty() ? reason : "Missed at limit " + String.join(", ", misses) + ". " + reason);
	}

	private static double totalCpu(ContenderSummary summary) {
		return summary.clientCpuMicros().median() + summary.redisCpuMicros().median();
	}

	private static String cpu(ContenderSummary summary) {
		double client = summary.clientCpuMicros().median();
		double redis = summary.redisCpuMicros().median();
		return Formats.oneDecimal(client) + " + " + Formats.oneDecimal(redis) + " = " + Formats.oneDecimal(client + redis)
				+ " µs";
	}

	/** Returns a note when the rounds disagree about a target, so a median near the threshold is not taken for more. */
	private static String roundsNote(Spread spread, double threshold, boolean higherIsBetter) {
		boolean allMeet = higherIsBetter ? spread.min() >= threshold : spread.max() <= threshold;
		boolean noneMeet = higherIsBetter ? spread.max() < threshold : spread.min() > threshold;
		if (allMeet || noneMeet) {
			return "";
		}
		return " The rounds disagree: some meet the threshold and some do not.";
	}

	private static Status status(boolean met) {
		return met ? Status.MET : Status.MISSED;
	}

	private static TargetResult notMeasured(String id, String description) {
		return new TargetResult(id, description, "not measured in this run", Status.NOT_MEASURED, "");
	}

}
