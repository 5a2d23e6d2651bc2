package io.github.ratelimiter.core;

import io.github.ratelimiter.core.RateLimitDecision.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the second values that {@link RateLimitDecision} derives from milliseconds.
 */
class RateLimitDecisionTests {

	@ParameterizedTest(name = "{0} ms -> {1} s")
	@CsvSource({ "0, 0", "1, 1", "999, 1", "1000, 1", "1001, 2", "3500, 4", "6000, 6", "9999, 10", "10000, 10" })
	void waitSecondsRoundUp(long waitMillis, long expectedSeconds) {
		RateLimitDecision decision = decision(Outcome.ALLOWED, waitMillis, 10_000);

		assertThat(decision.waitSeconds()).isEqualTo(expectedSeconds);
	}

	@ParameterizedTest(name = "{0} ms -> {1} s")
	@CsvSource({ "0, 1", "1, 1", "999, 1", "1000, 1", "3500, 4", "6000, 6", "10000, 10" })
	void retryAfterRoundsUpToAtLeastOneSecond(long waitMillis, long expectedSeconds) {
		RateLimitDecision decision = decision(Outcome.DENIED, waitMillis, 10_000);

		assertThat(decision.retryAfterSeconds()).isEqualTo(expectedSeconds);
	}

	@ParameterizedTest(name = "{0} ms -> {1} s")
	@CsvSource({ "1, 1", "500, 1", "1000, 1", "1500, 2", "10000, 10", "2678400000, 2678400" })
	void windowSecondsRoundUpToAtLeastOneSecond(long windowMillis, long expectedSeconds) {
		RateLimitDecision decision = decision(Outcome.ALLOWED, 0, windowMillis);

		assertThat(decision.windowSeconds()).isEqualTo(expectedSeconds);
	}

	private static RateLimitDecision decision(Outcome outcome, long waitMillis, long windowMillis) {
		return new RateLimitDecision(outcome, "hello", 3, 0, waitMillis, windowMillis);
	}

}
