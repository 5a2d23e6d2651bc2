package io.github.ratelimiter.metrics;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.github.ratelimiter.core.RateLimitDecision;
import io.github.ratelimiter.core.RateLimitDecision.Outcome;
import io.github.ratelimiter.core.RateLimitListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Counts decisions by policy and outcome and times the store, on a Micrometer {@link MeterRegistry}.
 *
 * <p>
 * Every tag comes from a bounded set: policy names, outcome values and store names. Client ids, addresses
 * and paths are never tags, so the number of meters does not grow with traffic. The counters of the
 * policies given to the constructor exist from the start, with a value of 0, and the hot path only reads
 * meters that it cached.
 */
public class RateLimitMetricsListener implements RateLimitListener {

	/** Name of the counter of decided requests. */
	public static final String REQUESTS_METRIC = "ratelimiter.requests";

	/** Name of the timer of store calls. */
	public static final String DECISION_METRIC = "ratelimiter.decision";

	/** Tag with the name of the policy that decided. */
	public static final String POLICY_TAG = "policy";

	/** Tag with the outcome of a decision, as returned by {@link #outcomeTag(Outcome)}. */
	public static final String OUTCOME_TAG = "outcome";

	/** Tag with the name of the store that was asked. */
	public static final String STORE_TAG = "store";

	private final MeterRegistry registry;

	private final ConcurrentMap<String, Map<Outcome, Counter>> countersByPolicy = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Timer> timersByStore = new ConcurrentHashMap<>();

	/**
	 * Creates the listener and registers the counters of every policy and outcome and the timer of the
	 * store.
	 * @param registry registry that receives the meters
	 * @param policies names of the configured policies
	 * @param store name of the store that decides
	 */
	public RateLimitMetricsListener(MeterRegistry registry, Collection<String> policies, String store) {
		this.registry = registry;
		policies.forEach(this::countersOf);
		timerOf(store);
	}

	/**
	 * Returns the value of the {@value #OUTCOME_TAG} tag for an outcome: {@code allowed}, {@code denied},
	 * {@code error} when the store failed and no limiter decided, {@code fallback_allowed} or
	 * {@code fallback_denied} when the per-instance fallback limiter decided.
	 */
	public static String outcomeTag(Outcome outcome) {
		return switch (outcome) {
			case ALLOWED -> "allowed";
			case DENIED -> "denied";
			case FAILED_OPEN, FAILED_CLOSED -> "error";
			case LOCAL_ALLOWED -> "fallback_allowed";
			case LOCAL_DENIED -> "fallback_denied";
		};
	}

	@Override
	public void onDecision(RateLimitDecision decision, String store, long storeNanos) {
		countersOf(decision.policy()).get(decision.outcome()).increment();
		// 0 means the request followed the failure mode without calling the store, which took no time.
		if (storeNanos > 0) {
			timerOf(store).record(storeNanos, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Returns the counters of a policy, registering them on first use. The rate limiter rejects unknown
	 * policy names before it decides, so only configured policies get here and the map stays bounded.
	 */
	private Map<Outcome, Counter> countersOf(String policy) {
		Map<Outcome, Counter> counters = this.countersByPolicy.get(policy);
		if (counters != null) {
			return counters;
		}
		return this.countersByPolicy.computeIfAbsent(policy, this::registerCounters);
	}

	private Map<Outcome, Counter> registerCounters(String policy) {
		Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);
		for (Outcome outcome : Outcome.values()) {
			// Outcomes that share a tag value get the same counter back from the registry.
			counters.put(outcome, Counter.builder(REQUESTS_METRIC)
				.description("Requests decided by the rate limiter")
				.tag(POLICY_TAG, policy)
				.tag(OUTCOME_TAG, outcomeTag(outcome))
				.register(this.registry));
		}
		return counters;
	}

	private Timer timerOf(String store) {
		Timer timer = this.timersByStore.get(store);
		if (timer != null) {
			return timer;
		}
		return this.timersByStore.computeIfAbsent(store, this::registerTimer);
	}

	private Timer registerTimer(String store) {
		return Timer.builder(DECISION_METRIC)
			.description("Time the rate limit store took to decide a request, including calls that failed "
					+ "or timed out")
			.tag(STORE_TAG, store)
			.register(this.registry);
	}

}
