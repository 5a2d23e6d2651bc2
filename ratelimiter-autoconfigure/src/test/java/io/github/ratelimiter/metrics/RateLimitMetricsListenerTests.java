package io.github.ratelimiter.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.ratelimiter.core.RateLimitDecision;
import io.github.ratelimiter.core.RateLimitDecision.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimitMetricsListener}.
 */
class RateLimitMetricsListenerTests {

	private static final Set<String> OUTCOME_TAGS = Set.of("allowed", "denied", "error", "fallback_allowed",
			"fallback_denied");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final RateLimitMetricsListener listener = new RateLimitMetricsListener(this.registry,
			List.of("hello", "orders"), "redis");

	@Test
	void registersCountersOfEveryPolicyAndOutcome() {
		for (String policy : List.of("hello", "orders")) {
			Set<String> outcomes = this.registry.find(RateLimitMetricsListener.REQUESTS_METRIC)
				.tag("policy", policy)
				.counters()
				.stream()
				.map((counter) -> counter.getId().getTag("outcome"))
				.collect(Collectors.toSet());
			assertThat(outcomes).as("outcomes of policy %s", policy).isEqualTo(OUTCOME_TAGS);
		}
	}

	@Test
	void registeredCountersStartAtZero() {
		assertThat(this.registry.find(RateLimitMetricsListener.REQUESTS_METRIC).counters())
			.allSatisfy((counter) -> assertThat(counter.count()).as(counter.getId().toString()).isZero());
	}

	@Test
	void registersTimerOfStore() {
		Timer timer = this.registry.find(RateLimitMetricsListener.DECISION_METRIC).tag("store", "redis").timer();

		assertThat(timer).isNotNull();
		assertThat(timer.count()).isZero();
	}

	@Test
	void everyMeterHasDescription() {
		assertThat(this.registry.getMeters())
			.allSatisfy((meter) -> assertThat(meter.getId().getDescription()).as(meter.getId().toString())
				.isNotBlank());
	}

	@Test
	void mapsEveryOutcomeToTag() {
		assertThat(RateLimitMetricsListener.outcomeTag(Outcome.ALLOWED)).isEqualTo("allowed");
		assertThat(RateLimitMetricsListener.outcomeTag(Outcome.DENIED)).isEqualTo("denied");
		assertThat(RateLimitMetricsListener.outcomeTag(Outcome.FAILED_OPEN)).isEqualTo("error");
		assertThat(RateLimitMetricsListener.outcomeTag(Outcome.FAILED_CLOSED)).isEqualTo("error");
		assertThat(RateLimitMetricsListener.outcomeTag(Outcome.LOCAL_ALLOWED)).isEqualTo("fallback_allowed");
		assertThat(RateLimitMetricsListener.outcomeTag(Outcome.LOCAL_DENIED)).isEqualTo("fallback_denied");
	}

	@Test
	void countsDecisionsByPolicyAndOutcome() {
		this.listener.onDecision(decision(Outcome.ALLOWED, "hello"), "redis", 1000);
		this.listener.onDecision(decision(Outcome.ALLOWED, "hello"), "redis", 1000);
		this.listener.onDecision(decision(Outcome.DENIED, "hello"), "redis", 1000);
		this.listener.onDecision(decision(Outcome.ALLOWED, "orders"), "redis", 1000);

		assertThat(count("hello", "allowed")).isEqualTo(2);
		assertThat(count("hello", "denied")).isEqualTo(1);
		assertThat(count("orders", "allowed")).isEqualTo(1);
		assertThat(count("orders", "denied")).isZero();
	}

	@Test
	void countsBothFailureOutcomesAsError() {
		this.listener.onDecision(decision(Outcome.FAILED_OPEN, "hello"), "redis", 1000);
		this.listener.onDecision(decision(Outcome.FAILED_CLOSED, "hello"), "redis", 1000);

		assertThat(count("hello", "error")).isEqualTo(2);
	}

	@Test
	void countsFallbackDecisions() {
		this.listener.onDecision(decision(Outcome.LOCAL_ALLOWED, "hello"), "redis", 1000);
		this.listener.onDecision(decision(Outcome.LOCAL_DENIED, "hello"), "redis", 1000);
		this.listener.onDecision(decision(Outcome.LOCAL_DENIED, "hello"), "redis", 1000);

		assertThat(count("hello", "fallback_allowed")).isEqualTo(1);
		assertThat(count("hello", "fallback_denied")).isEqualTo(2);
	}

	@Test
	void timesStoreCalls() {
		this.listener.onDecision(decision(Outcome.ALLOWED, "hello"), "redis", TimeUnit.MILLISECONDS.toNanos(3));
		this.listener.onDecision(decision(Outcome.FAILED_OPEN, "hello"), "redis", TimeUnit.MILLISECONDS.toNanos(100));

		Timer timer = this.registry.get(RateLimitMetricsListener.DECISION_METRIC).tag("store", "redis").timer();
		assertThat(timer.count()).isEqualTo(2);
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(103.0);
		assertThat(timer.max(TimeUnit.MILLISECONDS)).isEqualTo(100.0);
	}

	@Test
	void doesNotTimeSkippedStoreCalls() {
		this.listener.onDecision(decision(Outcome.FAILED_OPEN, "hello"), "redis", TimeUnit.MILLISECONDS.toNanos(100));
		this.listener.onDecision(decision(Outcome.FAILED_OPEN, "hello"), "redis", 0);

		Timer timer = this.registry.get(RateLimitMetricsListener.DECISION_METRIC).tag("store", "redis").timer();
		assertThat(count("hello", "error")).isEqualTo(2);
		assertThat(timer.count()).isEqualTo(1);
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(100.0);
	}

	@Test
	void registersUnconfiguredPolicyOnFirstDecision() {
		this.listener.onDecision(decision(Outcome.DENIED, "reports"), "redis", 1000);

		assertThat(count("reports", "denied")).isEqualTo(1);
		assertThat(this.registry.find(RateLimitMetricsListener.REQUESTS_METRIC).tag("policy", "reports").counters())
			.hasSize(OUTCOME_TAGS.size());
	}

	@Test
	void repeatedDecisionsAddNoMeters() {
		List<Meter.Id> before = meterIds();

		Stream.of(Outcome.values())
			.forEach((outcome) -> this.listener.onDecision(decision(outcome, "orders"), "redis", 1000));

		assertThat(meterIds()).containsExactlyInAnyOrderElementsOf(before);
	}

	private List<Meter.Id> meterIds() {
		return this.registry.getMeters().stream().map(Meter::getId).toList();
	}

	private double count(String policy, String outcome) {
		Counter counter = this.registry.get(RateLimitMetricsListener.REQUESTS_METRIC)
			.tag("policy", policy)
			.tag("outcome", outcome)
			.counter();
		return counter.count();
	}

	private static RateLimitDecision decision(Outcome outcome, String policy) {
		return new RateLimitDecision(outcome, policy, 10, 5, 0, Duration.ofSeconds(10).toMillis());
	}

}
