package io.github.ratelimiter.redis;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.RateLimitDecision.Outcome;
import io.github.ratelimiter.core.RateLimitKeyBuilder;
import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.redis.RedisStandaloneTestServer;
import io.github.ratelimiter.test.web.LogExcerpt;
import io.github.ratelimiter.test.web.RateLimitedTestApplication;
import io.github.ratelimiter.test.web.RecordingRateLimitListener.RecordedDecision;
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
 * A running application against one Redis server decides exactly, and decides exactly again without a
 * restart after Redis loses its scripts, restarts empty or stalls.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisStandaloneRecoveryTests {

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redis = RedisServerExtension.standalone();

	private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(5);

	private static final Duration LOCAL_POLICY_TIMEOUT = Duration.ofMillis(400);

	private static final int LIMIT = RateLimitedTestApplication.LIMIT;

	private static TestApplicationInstance application;

	@BeforeAll
	static void startApplication() {
		// The closed policy gets a deadline that a burst on a busy machine cannot miss, so that its tests
		// see only decisions of Redis: any failure would be a 503.
		application = RateLimitedTestApplication.start(redis.server().springProperties(),
				"ratelimiter.policies.closed.timeout=5s",
				"ratelimiter.policies.local.timeout=" + LOCAL_POLICY_TIMEOUT.toMillis() + "ms");
	}

	@AfterAll
	static void stopApplication() {
		application.close();
	}

	@Test
	void concurrentRequestsOfOneClientAdmitExactlyLimit() throws Exception {
		String client = "concurrent";
		List<Integer> statuses = new ArrayList<>();
		ExecutorService executor = Executors.newFixedThreadPool(30);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> futures = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				futures.add(executor.submit(() -> {
					start.await();
					return application.get("/closed", client).statusCode();
				}));
			}
			start.countDown();
			for (Future<Integer> future : futures) {
				statuses.add(future.get(30, TimeUnit.SECONDS));
			}
		}
		finally {
			executor.shutdownNow();
		}

		assertThat(statuses).filteredOn((status) -> status == 200).hasSize(LIMIT);
		assertThat(statuses).filteredOn((status) -> status == 429).hasSize(30 - LIMIT);
		assertThat(redis.server().command("ZCARD", new RateLimitKeyBuilder("ratelimiter").key("closed",
				ClientId.of(client))))
			.isEqualTo((long) LIMIT);
	}

	@Test
	void decisionsAreExactAfterScriptFlush(CapturedOutput output) {
		application.awaitExactDecisions("/closed", LIMIT, RECOVERY_DEADLINE);
		LogExcerpt log = LogExcerpt.from(output);

		redis.server().command("SCRIPT", "FLUSH");

		List<List<Integer>> attempts = application.awaitExactDecisions("/closed", LIMIT, RECOVERY_DEADLINE);
		assertThat(attempts).containsExactly(List.of(200, 200, 200, 429));
		assertThat(log.warnings()).isEmpty();
	}

	@Test
	void decisionsAreExactAfterRestart(CapturedOutput output) {
		application.awaitExactDecisions("/closed", LIMIT, RECOVERY_DEADLINE);
		LogExcerpt log = LogExcerpt.from(output);

		redis.server().restart();

		// Lettuce queues the calls made while it reconnects and sends them when the connection is back,
		// which the closed policy's deadline waits for: a call that failed would be a 503.
		List<List<Integer>> attempts = application.awaitExactDecisions("/closed", LIMIT, RECOVERY_DEADLINE);
		assertThat(attempts).flatMap((statuses) -> statuses).containsOnly(200, 429);
		assertThat(log.warnings()).hasSizeLessThanOrEqualTo(1);
		assertThat(log.linesContaining(LogExcerpt.OUTAGE_ENDED)).hasSameSizeAs(log.warnings());
	}

	@Test
	void policyTimeoutOverridesGlobalTimeout() {
		application.awaitExactDecisions("/open", LIMIT, RECOVERY_DEADLINE);
		application.listener().clear();
		redis.server().pause(Duration.ofMillis(1500));

		// One request after the other, so that each one is the call that probes the paused Redis.
		HttpResponse<String> open = application.get("/open", "paused-open");
		HttpResponse<String> local = application.get("/local", "paused-local");

		assertThat(open.statusCode()).isEqualTo(200);
		assertThat(local.statusCode()).isEqualTo(200);
		RecordedDecision openDecision = application.listener().decisionsOf("open").get(0);
		RecordedDecision localDecision = application.listener().decisionsOf("local").get(0);
		assertThat(openDecision.decision().outcome()).isEqualTo(Outcome.FAILED_OPEN);
		assertThat(openDecision.duration()).isBetween(Duration.ofMillis(100), Duration.ofMillis(100 + 250));
		assertThat(localDecision.decision().outcome()).isEqualTo(Outcome.LOCAL_ALLOWED);
		assertThat(localDecision.duration()).isBetween(LOCAL_POLICY_TIMEOUT, LOCAL_POLICY_TIMEOUT.plusMillis(250));
		application.awaitExactDecisions("/open", LIMIT, RECOVERY_DEADLINE.plusMillis(1500));
	}

}
