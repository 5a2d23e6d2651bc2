package io.github.ratelimiter.benchmarks.decision;

/**
 * Figures of one contender in one measured round.
 *
 * @param contender contender name
 * @param callers concurrent callers
 * @param round round number, from 1
 * @param decisionsPerSecond decisions completed per second
 * @param p50Micros median latency of one decision, in microseconds
 * @param p99Micros 99th percentile latency of one decision, in microseconds
 * @param decisions decisions completed, or -1 where the tool reports only a rate
 * @param admitted admitted decisions, or -1 where the tool cannot tell
 * @param denied denied decisions, or -1 where the tool cannot tell
 * @param failed decisions that failed (store error or timeout)
 * @param clientCpuMicros CPU time of the client per decision, in microseconds: the benchmark JVM, or
 * redis-benchmark
 * @param redisCpuMicros CPU time of Redis per decision, in microseconds
 */
public record RoundResult(String contender, int callers, int round, double decisionsPerSecond, double p50Micros,
		double p99Micros, long decisions, long admitted, long denied, long failed, double clientCpuMicros,
		double redisCpuMicros) {

	/** Returns a copy labelled with the given contender, callers, round and CPU times per decision. */
	RoundResult labelled(String contender, int callers, int round, double clientCpuMicros, double redisCpuMicros) {
		return new RoundResult(contender, callers, round, this.decisionsPerSecond, this.p50Micros, this.p99Micros,
				this.decisions, this.admitted, this.denied, this.failed, clientCpuMicros, redisCpuMicros);
	}

}
