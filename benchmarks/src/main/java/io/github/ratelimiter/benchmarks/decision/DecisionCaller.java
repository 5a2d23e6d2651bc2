package io.github.ratelimiter.benchmarks.decision;

/**
 * One caller of a Java contender, deciding one request per call on its own client keys. A caller is
 * used by one thread only.
 */
@FunctionalInterface
interface DecisionCaller {

	/** Decides one request. */
	Outcome decide();

	/** Outcome of one decision. */
	enum Outcome {

		ADMITTED, DENIED, FAILED

	}

}
