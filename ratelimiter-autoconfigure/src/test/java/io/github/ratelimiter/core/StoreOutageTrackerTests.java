package io.github.ratelimiter.core;

import io.github.ratelimiter.core.StoreOutageTracker.StoreCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StoreOutageTracker}.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoreOutageTrackerTests {

	private static final String OUTAGE_STARTED = "Rate limit store 'redis' failed";

	private static final String OUTAGE_ENDED = "Rate limit store 'redis' recovered";

	private final StoreOutageTracker tracker = new StoreOutageTracker("redis");

	@Test
	void logsOneWarningPerOutage(CapturedOutput output) {
		for (int failure = 1; failure <= 3; failure++) {
			this.tracker.recordFailure(new RateLimitStoreException("Redis did not decide within 100ms"));
		}

		assertThat(countLines(output, OUTAGE_STARTED)).isEqualTo(1);
		assertThat(lineWith(output, OUTAGE_STARTED)).contains("WARN").contains("Redis did not decide within 100ms");
	}

	@Test
	void logsRecoveryOnceWithRequestCount(CapturedOutput output) {
		for (int failure = 1; failure <= 3; failure++) {
			this.tracker.recordFailure(new RateLimitStoreException("Redis did not decide within 100ms"));
		}
		this.tracker.recordSkipped();

		this.tracker.recordSuccess();
		this.tracker.recordSuccess();

		assertThat(countLines(output, OUTAGE_ENDED)).isEqualTo(1);
		assertThat(lineWith(output, OUTAGE_ENDED)).contains("INFO")
			.contains("Requests that followed the failure mode meanwhile: 4.")
			.contains("Redis did not decide within 100ms");
	}

	@Test
	void logsNothingWhileStoreWorks(CapturedOutput output) {
		this.tracker.recordSuccess();
		this.tracker.recordSuccess();

		assertThat(output).doesNotContain("Rate limit store");
	}

	@Test
	void logsEachSeparateOutage(CapturedOutput output) {
		this.tracker.recordFailure(new RateLimitStoreException("first outage"));
		this.tracker.recordSuccess();
		this.tracker.recordFailure(new RateLimitStoreException("second outage"));
		this.tracker.recordFailure(new RateLimitStoreException("second outage"));
		this.tracker.recordSuccess();

		assertThat(countLines(output, OUTAGE_STARTED)).isEqualTo(2);
		assertThat(countLines(output, OUTAGE_ENDED)).isEqualTo(2);
		assertThat(output).contains("meanwhile: 1.").contains("meanwhile: 2.");
	}

	@Test
	void reportsFailingUntilNextSuccess() {
		RateLimitStoreException failure = new RateLimitStoreException("Connection refused");

		assertThat(this.tracker.isFailing()).isFalse();
		this.tracker.recordFailure(failure);
		assertThat(this.tracker.isFailing()).isTrue();
		assertThat(this.tracker.lastFailure()).isSameAs(failure);
		this.tracker.recordSuccess();
		assertThat(this.tracker.isFailing()).isFalse();
		assertThat(this.tracker.lastFailure()).isNull();
	}

	@Test
	void everyCallGoesToWorkingStore() {
		assertThat(this.tracker.startCall()).isEqualTo(StoreCall.REGULAR);
		assertThat(this.tracker.startCall()).isEqualTo(StoreCall.REGULAR);
	}

	@Test
	void failingStoreGetsOneProbeAtATime() {
		this.tracker.recordFailure(new RateLimitStoreException("down"));

		StoreCall probe = this.tracker.startCall();
		StoreCall whileProbing = this.tracker.startCall();
		this.tracker.recordFailure(new RateLimitStoreException("still down"));
		this.tracker.endCall(probe);
		StoreCall nextProbe = this.tracker.startCall();

		assertThat(probe).isEqualTo(StoreCall.PROBE);
		assertThat(whileProbing).isEqualTo(StoreCall.SKIPPED);
		assertThat(nextProbe).isEqualTo(StoreCall.PROBE);
	}

	@Test
	void successfulProbeReopensStoreToEveryCall() {
		this.tracker.recordFailure(new RateLimitStoreException("down"));
		StoreCall probe = this.tracker.startCall();

		this.tracker.recordSuccess();
		this.tracker.endCall(probe);

		assertThat(this.tracker.startCall()).isEqualTo(StoreCall.REGULAR);
		assertThat(this.tracker.startCall()).isEqualTo(StoreCall.REGULAR);
	}

	@Test
	void regularCallDoesNotEndProbe() {
		StoreCall regular = this.tracker.startCall();
		this.tracker.recordFailure(new RateLimitStoreException("down"));
		StoreCall probe = this.tracker.startCall();

		this.tracker.endCall(regular);

		assertThat(probe).isEqualTo(StoreCall.PROBE);
		assertThat(this.tracker.startCall()).isEqualTo(StoreCall.SKIPPED);
	}

	private static long countLines(CapturedOutput output, String text) {
		return output.getOut().lines().filter((line) -> line.contains(text)).count();
	}

	private static String lineWith(CapturedOutput output, String text) {
		return output.getOut().lines().filter((line) -> line.contains(text)).findFirst().orElseThrow();
	}

}
