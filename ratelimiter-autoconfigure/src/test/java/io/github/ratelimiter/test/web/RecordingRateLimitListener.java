package io.github.ratelimiter.test.web;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.github.ratelimiter.core.RateLimitDecision;
import io.github.ratelimiter.core.RateLimitDecision.Outcome;
import io.github.ratelimiter.core.RateLimitListener;

/**
 * Listener that keeps every decision with the time its store call took, so tests can check outcomes and
 * durations as a metrics listener would see them. Pass the class as a source of a
 * {@code SpringApplicationBuilder} to register it as a bean.
 */
public class RecordingRateLimitListener implements RateLimitListener {

	private final ConcurrentLinkedQueue<RecordedDecision> decisions = new ConcurrentLinkedQueue<>();

	@Override
	public void onDecision(RateLimitDecision decision, String store, long storeNanos) {
		this.decisions.add(new RecordedDecision(decision, store, Duration.ofNanos(storeNanos)));
	}

	/** Returns the decisions of the policy, in the order they were recorded. */
	public List<RecordedDecision> decisionsOf(String policy) {
		return this.decisions.stream().filter((recorded) -> recorded.decision().policy().equals(policy)).toList();
	}

	/** Returns the outcomes of the policy's decisions, in the order they were recorded. */
	public List<Outcome> outcomesOf(String policy) {
		return decisionsOf(policy).stream().map((recorded) -> recorded.decision().outcome()).toList();
	}

	/** Forgets every decision recorded so far. */
	public void clear() {
		this.decisions.clear();
	}

	/**
	 * One decision as the listener received it.
	 *
	 * @param decision the decision
	 * @param store name of the store that was asked
	 * @param duration time the store took to decide or fail, zero when the store was not asked
	 */
	public record RecordedDecision(RateLimitDecision decision, String store, Duration duration) {
	}

}
