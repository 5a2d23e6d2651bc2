package io.github.ratelimiter.benchmarks.http;

import java.util.List;

import io.github.ratelimiter.benchmarks.Spread;

/**
 * Results of the HTTP benchmark.
 *
 * @param connections open connections of wrk in the throughput rounds
 * @param latencyConnections open connections of wrk in the latency rounds, where requests do not queue
 * @param wrkThreads threads of wrk
 * @param clientIds distinct client ids that wrk sent
 * @param roundSeconds length of one measured round
 * @param rounds every measured round, in the order they ran
 * @param summaries spread of each endpoint's rounds per connection count
 * @param comparisons limited against unlimited endpoint, round by round, per connection count
 * @param rateLimitHeader {@code RateLimit} header of a sample response of the limited endpoint, which
 * shows that the limiter decided it
 */
public record HttpResults(int connections, int latencyConnections, int wrkThreads, int clientIds, long roundSeconds,
		List<HttpRound> rounds, List<EndpointSummary> summaries, List<Comparison> comparisons, String rateLimitHeader) {

	/** Returns the summary of an endpoint at a connection count, or {@code null} when it did not run. */
	public EndpointSummary summary(String endpoint, int connections) {
		return this.summaries.stream()
			.filter((summary) -> summary.endpoint().equals(endpoint) && summary.connections() == connections)
			.findFirst()
			.orElse(null);
	}

	/** Returns the comparison at a connection count, or {@code null} when it did not run. */
	public Comparison comparison(int connections) {
		return this.comparisons.stream()
			.filter((comparison) -> comparison.connections() == connections)
			.findFirst()
			.orElse(null);
	}

	/**
	 * One wrk run against one endpoint.
	 *
	 * @param endpoint request path
	 * @param connections open connections of wrk
	 * @param round round number, from 1
	 * @param requestsPerSecond completed requests per second
	 * @param p50Micros median latency in microseconds
	 * @param p90Micros 90th percentile latency in microseconds
	 * @param p99Micros 99th percentile latency in microseconds
	 * @param requests completed requests
	 * @param errors socket errors and timeouts
	 * @param errorStatuses responses with a status of 400 or more
	 * @param appCpuMicros CPU time of the application per request, in microseconds
	 * @param appSystemCpuMicros the part of {@code appCpuMicros} spent in the kernel, such as system calls
	 * and thread wake-ups
	 * @param redisCpuMicros CPU time of Redis per request, in microseconds
	 * @param allowed decisions of the limiter with the outcome {@code ALLOWED} during the run
	 * @param notDecidedByRedis decisions of the limiter with any other outcome, such as a request admitted
	 * because Redis timed out
	 */
	public record HttpRound(String endpoint, int connections, int round, double requestsPerSecond, double p50Micros,
			double p90Micros, double p99Micros, long requests, long errors, long errorStatuses, double appCpuMicros,
			double appSystemCpuMicros, double redisCpuMicros, long allowed, long notDecidedByRedis) {
	}

	/**
	 * Spread of one endpoint's rounds at one connection count.
	 *
	 * @param endpoint request path
	 * @param connections open connections of wrk
	 * @param requestsPerSecond requests per second
	 * @param p50Micros median latency in microseconds
	 * @param p99Micros 99th percentile latency in microseconds
	 * @param appCpuMicros application CPU time per request in microseconds
	 * @param appSystemCpuMicros the kernel part of the application CPU time per request in microseconds
	 * @param redisCpuMicros Redis CPU time per request in microseconds
	 * @param errors socket errors and timeouts over all rounds
	 * @param errorStatuses responses with a status of 400 or more over all rounds
	 * @param allowed decisions with the outcome {@code ALLOWED} over all rounds
	 * @param notDecidedByRedis decisions with any other outcome over all rounds
	 */
	public record EndpointSummary(String endpoint, int connections, Spread requestsPerSecond, Spread p50Micros,
			Spread p99Micros, Spread appCpuMicros, Spread appSystemCpuMicros, Spread redisCpuMicros, long errors,
			long errorStatuses, long allowed, long notDecidedByRedis) {
	}

	/**
	 * Limited against unlimited endpoint at one connection count, each figure taken round by round.
	 *
	 * @param connections open connections of wrk
	 * @param throughputRatio limited over unlimited requests per second
	 * @param addedP50Millis limited minus unlimited median latency in milliseconds
	 * @param addedP90Millis limited minus unlimited 90th percentile latency in milliseconds
	 * @param addedP99Millis limited minus unlimited 99th percentile latency in milliseconds
	 */
	public record Comparison(int connections, Spread throughputRatio, Spread addedP50Millis, Spread addedP90Millis,
			Spread addedP99Millis) {
	}

}
