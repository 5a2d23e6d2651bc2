package io.github.ratelimiter.benchmarks.inmemory;

import java.util.List;

import io.github.ratelimiter.benchmarks.Spread;

/**
 * Results of the in-JVM decision benchmark.
 *
 * @param iterationSeconds length of one measured JMH iteration
 * @param rounds every measured round, in the order they ran
 * @param summaries spread of each benchmark's rounds per thread count
 * @param ratios starter over Bucket4j decisions per second, per thread count
 */
public record InMemoryResults(long iterationSeconds, List<Round> rounds, List<Summary> summaries, List<Ratio> ratios) {

	/**
	 * One JMH run of one benchmark.
	 *
	 * @param benchmark benchmark method name
	 * @param threads benchmark threads
	 * @param round round number, from 1
	 * @param decisionsPerSecond JMH's throughput score
	 */
	public record Round(String benchmark, int threads, int round, double decisionsPerSecond) {
	}

	/**
	 * Spread of one benchmark's rounds.
	 *
	 * @param benchmark benchmark method name
	 * @param threads benchmark threads
	 * @param decisionsPerSecond decisions per second
	 */
	public record Summary(String benchmark, int threads, Spread decisionsPerSecond) {
	}

	/**
	 * Ratio of the starter's in-memory store to local Bucket4j buckets, round by round.
	 *
	 * @param threads benchmark threads
	 * @param ratio spread of the per-round ratios
	 */
	public record Ratio(int threads, Spread ratio) {
	}

}
