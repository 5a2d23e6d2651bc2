package io.github.ratelimiter.benchmarks.decision;

import java.time.Duration;

/**
 * One way of deciding requests against Redis that the decision benchmark measures.
 */
interface Contender extends AutoCloseable {

	/** Returns the short name that the results and the page use. */
	String name();

	/** Returns one sentence on what this contender runs. */
	String description();

	/**
	 * Decides requests from the given number of concurrent callers for about the given time.
	 * @param callers concurrent callers, each on its own client keys
	 * @param duration how long to run
	 * @return throughput, latency and outcome counts of the run
	 */
	RoundResult measure(int callers, Duration duration);

	@Override
	default void close() {
	}

}
