package io.github.ratelimiter.redis;

import java.time.Duration;
import java.util.List;

import io.github.ratelimiter.test.redis.RedisSentinelTestServer;
import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.web.FailureModeAssertions;
import io.github.ratelimiter.test.web.LogExcerpt;
import io.github.ratelimiter.test.web.RateLimitedTestApplication;
import io.github.ratelimiter.test.web.TestApplicationInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running application connected through Redis Sentinel decides exactly, and decides exactly again
 * without a restart after a Sentinel failover.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisSentinelRecoveryTests {

	@RegisterExtension
	static final RedisServerExtension<RedisSentinelTestServer> redis = RedisServerExtension.sentinel();

	private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(5);

	private static final int LIMIT = RateLimitedTestApplication.LIMIT;

	private static TestApplicationInstance application;

	@BeforeAll
	static void startApplication() {
		// Deadlines that a busy machine does not miss, so that the only failures are those of the failover.
		application = RateLimitedTestApplication.start(redis.server().springProperties(), "ratelimiter.timeout=1s",
				"ratelimiter.policies.closed.timeout=5s");
	}

	@AfterAll
	static void stopApplication() {
		application.close();
	}

	@Test
	void limitIsExact() {
		List<List<Integer>> attempts = application.awaitExactDecisions("/closed", LIMIT, RECOVERY_DEADLINE);

		assertThat(attempts).containsExactly(List.of(200, 200, 200, 429));
	}

	@Test
	void decisionsAreExactAfterFailover(CapturedOutput output) {
		application.awaitExactDecisions("/open", LIMIT, RECOVERY_DEADLINE);
		LogExcerpt log = LogExcerpt.from(output);
		int oldMasterPort = redis.server().masterPort();

		int newMasterPort = redis.server().failover();

		assertThat(newMasterPort).isNotEqualTo(oldMasterPort);
		List<List<Integer>> attempts = application.awaitExactDecisions("/open", LIMIT, RECOVERY_DEADLINE);
		assertThat(attempts).flatMap((statuses) -> statuses).containsOnly(200, 429);
		assertThat(log.warnings()).hasSizeLessThanOrEqualTo(1);
		assertThat(log.linesContaining(LogExcerpt.OUTAGE_ENDED)).hasSameSizeAs(log.warnings());
		assertThat(application.awaitExactDecisions("/closed", LIMIT, RECOVERY_DEADLINE)).hasSize(1);
	}

	@Test
	void everyFailureModeAppliesWhileScriptsAreDenied() {
		application.awaitExactDecisions("/open", LIMIT, RECOVERY_DEADLINE);

		FailureModeAssertions.assertFailureModesWhileScriptsDenied(application, List.of(redis.server().masterPort()),
				(port, command) -> redis.server().nodeCommand(port, command), RECOVERY_DEADLINE);
	}

	@Test
	void everyFailureModeAppliesWithinDeadlineWhilePaused() throws Exception {
		// Shorter than the time after which a failover would start.
		FailureModeAssertions.assertFailureModesWithinDeadlineWhilePaused(redis.server().springProperties(),
				() -> redis.server().pause(Duration.ofMillis(700)), RECOVERY_DEADLINE);
	}

}
