package io.github.ratelimiter.redis;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.RateLimitKeyBuilder;
import io.github.ratelimiter.test.redis.RedisClusterTestServer;
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
 * A running application connected to a Redis Cluster with Spring Boot's default Lettuce settings decides
 * exactly for clients on every master, and decides exactly again without a restart after a cluster
 * failover or a script flush.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisClusterRecoveryTests {

	@RegisterExtension
	static final RedisServerExtension<RedisClusterTestServer> redis = RedisServerExtension.cluster();

	private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(5);

	private static final int LIMIT = RateLimitedTestApplication.LIMIT;

	private static final RateLimitKeyBuilder keyBuilder = new RateLimitKeyBuilder("ratelimiter");

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
	void clientsOnEveryMasterGetExactLimits(CapturedOutput output) {
		LogExcerpt log = LogExcerpt.from(output);
		Set<Integer> masters = new HashSet<>();
		String run = UUID.randomUUID().toString();

		for (int i = 1; i <= 50; i++) {
			String client = "c" + i + "-" + run;
			List<Integer> statuses = application.getRepeatedly("/closed", client, LIMIT + 1)
				.stream()
				.map((response) -> response.statusCode())
				.toList();
			assertThat(statuses).as("statuses of client %s", client).containsExactly(200, 200, 200, 429);
			String key = keyBuilder.key("closed", ClientId.of(client));
			assertThat(redis.server().command("ZCARD", key)).as("log size of client %s", client).isEqualTo(3L);
			masters.add(redis.server().masterPortForKey(key));
		}

		assertThat(masters).containsExactlyInAnyOrderElementsOf(redis.server().masterPorts());
		assertThat(log.linesContaining("CROSSSLOT")).isEmpty();
		assertThat(log.linesContaining("MOVED")).isEmpty();
		assertThat(log.linesContaining("ASK")).isEmpty();
		assertThat(log.warnings()).isEmpty();
	}

	@Test
	void decisionsAreExactAfterFailover(CapturedOutput output) {
		String firstClient = "failover-" + UUID.randomUUID();
		String key = keyBuilder.key("open", ClientId.of(firstClient));
		application.awaitExactDecisions("/open", LIMIT, RECOVERY_DEADLINE);
		LogExcerpt log = LogExcerpt.from(output);

		int newMasterPort = redis.server().failover(key);

		List<List<Integer>> attempts = application.awaitExactDecisions("/open", LIMIT, RECOVERY_DEADLINE,
				clientsOnMaster(newMasterPort));
		assertThat(attempts).flatMap((statuses) -> statuses).containsOnly(200, 429);
		assertThat(log.warnings()).hasSizeLessThanOrEqualTo(1);
		assertThat(log.linesContaining(LogExcerpt.OUTAGE_ENDED)).hasSameSizeAs(log.warnings());
		assertThat(application.awaitExactDecisions("/closed", LIMIT, RECOVERY_DEADLINE)).hasSize(1);
	}

	@Test
	void decisionsAreExactAfterScriptFlush(CapturedOutput output) {
		application.awaitExactDecisions("/closed", LIMIT, RECOVERY_DEADLINE);
		LogExcerpt log = LogExcerpt.from(output);

		for (int port : redis.server().masterPorts()) {
			redis.server().nodeCommand(port, "SCRIPT", "FLUSH");
		}

		for (int port : redis.server().masterPorts()) {
			List<List<Integer>> attempts = application.awaitExactDecisions("/closed", LIMIT, RECOVERY_DEADLINE,
					clientsOnMaster(port));
			assertThat(attempts).as("attempts on master %d", port).containsExactly(List.of(200, 200, 200, 429));
		}
		assertThat(log.warnings()).isEmpty();
	}

	/** Returns fresh client ids whose keys of the open and closed policies live on the given master. */
	private static Supplier<String> clientsOnMaster(int masterPort) {
		return () -> {
			while (true) {
				String client = "fresh-" + UUID.randomUUID();
				if (redis.server().masterPortForKey(keyBuilder.key("open", ClientId.of(client))) == masterPort) {
					return client;
				}
			}
		};
	}

	@Test
	void everyFailureModeAppliesWhileScriptsAreDenied() {
		application.awaitExactDecisions("/open", LIMIT, RECOVERY_DEADLINE);

		FailureModeAssertions.assertFailureModesWhileScriptsDenied(application, redis.server().masterPorts(),
				(port, command) -> redis.server().nodeCommand(port, command), RECOVERY_DEADLINE);
	}

	@Test
	void everyFailureModeAppliesWithinDeadlineWhilePaused() throws Exception {
		// Shorter than the time after which a failover would start.
		FailureModeAssertions.assertFailureModesWithinDeadlineWhilePaused(redis.server().springProperties(),
				() -> redis.server().pause(Duration.ofMillis(1500)), RECOVERY_DEADLINE);
	}

}
