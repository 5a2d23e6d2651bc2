package io.github.ratelimiter.benchmarks.http;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.github.ratelimiter.core.RateLimitDecision;
import io.github.ratelimiter.core.RateLimitDecision.Outcome;
import io.github.ratelimiter.core.RateLimitListener;

/**
 * Counts the rate limiter's decisions by outcome, so the benchmark can check that every request to the
 * limited handler was decided by Redis, not admitted because the store failed or timed out.
 */
class OutcomeCounter implements RateLimitListener {

	private final Map<Outcome, LongAdder> counts = new EnumMap<>(Outcome.class);

	OutcomeCounter() {
		for (Outcome outcome : Outcome.values()) {
			this.counts.put(outcome, new LongAdder());
		}
	}

	@Override
	public void onDecision(RateLimitDecision decision, String store, long storeNanos) {
		this.counts.get(decision.outcome()).increment();
	}

	/** Returns the decisions so far by outcome name. */
	Map<String, Long> snapshot() {
		Map<String, Long> snapshot = new java.util.TreeMap<>();
		this.counts.forEach((outcome, count) -> snapshot.put(outcome.name(), count.sum()));
		return snapshot;
	}

}
