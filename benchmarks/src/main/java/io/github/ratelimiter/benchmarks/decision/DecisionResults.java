package io.github.ratelimiter.benchmarks.decision;

import java.util.List;

import io.github.ratelimiter.benchmarks.Spread;

/**
 * Results of the decision benchmark.
 *
 * @param limit limit of every client key
 * @param windowMillis window of every client key, in milliseconds
 * @param keys client keys shared out between the callers of one run
 * @param roundSeconds length of one measured round
 * @param contenders what each contender runs
 * @param rounds every measured round, in the order they ran
 * @param summaries spread of each contender's rounds per concurrency level
 * @param ratios ratios of the starter to each other contender, round by round
 * @param redisKeysAfterRun keys in Redis after the last round, which shows that keys stay bounded
 */
public record DecisionResults(long limit, long windowMillis, int keys, long roundSeconds, List<ContenderInfo> contenders,
		List<RoundResult> rounds, List<ContenderSummary> summaries, List<RatioSummary> ratios, long redisKeysAfterRun) {

	/**
	 * Name and description of a contender.
	 *
	 * @param name short name
	 * @param description what it runs
	 */
	public record ContenderInfo(String name, String description) {
	}

	/**
	 * Spread of one contender's rounds at one concurrency level.
	 *
	 * @param contender contender name
	 * @param callers concurrent callers
	 * @param decisionsPerSecond decisions per second
	 * @param p50Micros median latency in microseconds
	 * @param p99Micros 99th percentile latency in microseconds
	 * @param admitted admitted decisions over all rounds, or -1 where the tool cannot tell
	 * @param denied denied decisions over all rounds, or -1 where the tool cannot tell
	 * @param failed failed decisions over all rounds
	 * @param clientCpuMicros client CPU time per decision in microseconds
	 * @param redisCpuMicros Redis CPU time per decision in microseconds
	 */
	public record ContenderSummary(String contender, int callers, Spread decisionsPerSecond, Spread p50Micros,
			Spread p99Micros, long admitted, long denied, long failed, Spread clientCpuMicros, Spread redisCpuMicros) {
	}

	/**
	 * Ratio of two contenders' throughput, taken round by round so both sides of each ratio ran
	 * back to back on the same machine state.
	 *
	 * @param numerator contender above the line
	 * @param denominator contender below the line
	 * @param callers concurrent callers
	 * @param ratio spread of the per-round ratios
	 * @param perRound ratio of each round
	 */
	public record RatioSummary(String numerator, String denominator, int callers, Spread ratio, List<Double> perRound) {
	}

	/** Returns the summary of a contender at a concurrency level, or {@code null} when it did not run. */
	public ContenderSummary summary(String contender, int callers) {
		return this.summaries.stream()
			.filter((summary) -> summary.contender().equals(contender) && summary.callers() == callers)
			.findFirst()
			.orElse(null);
	}

	/** Returns the ratio of two contenders at a concurrency level, or {@code null} when it was not taken. */
	public RatioSummary ratio(String numerator, String denominator, int callers) {
		return this.ratios.stream()
			.filter((ratio) -> ratio.numerator().equals(numerator) && ratio.denominator().equals(denominator)
					&& ratio.callers() == callers)
			.findFirst()
			.orElse(null);
	}

}
