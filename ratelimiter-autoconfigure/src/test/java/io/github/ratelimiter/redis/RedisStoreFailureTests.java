package io.github.ratelimiter.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.ratelimiter.actuate.RateLimiterHealthIndicator;
import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.RateLimitKeyBuilder;
import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.redis.RedisStandaloneTestServer;
import io.github.ratelimiter.test.web.FailureModeAssertions;
import io.github.ratelimiter.test.web.LogExcerpt;
import io.github.ratelimiter.test.web.RateLimitedTestApplication;
import io.github.ratelimiter.test.web.TestApplicationInstance;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of Redis error that a running application can meet follows the failure mode of the
 * request's policy, is visible to listeners, and is logged once per outage: none becomes a 429 or a 500.
 *
 * <p>
 * Each test sends five requests for one client to each endpoint of {@link RateLimitedTestApplication}:
 * under {@code open} all five are admitted without rate limit headers, under {@code closed} all five get
 * 503, and under {@code local} the per-instance limiter admits three and denies two.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisStoreFailureTests {

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redis = RedisServerExtension.standalone();

	private static final String USERNAME = "limiter";

	private static final String PASSWORD = "limiter-secret";

	private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(5);

	/**
	 * Deadline that a cold application on a busy machine does not miss, so that each test gets the error
	 * it provokes and not a timeout. The test of a server that never replies keeps the default.
	 */
	private static final String GENEROUS_TIMEOUT = "ratelimiter.timeout=2s";

	private static final RateLimitKeyBuilder keyBuilder = new RateLimitKeyBuilder("ratelimiter");

	private static TestApplicationInstance application;

	@BeforeAll
	static void startApplicationAsAclUser() {
		redis.server().command("ACL", "SETUSER", USERNAME, "reset", "on", ">" + PASSWORD, "~*", "+@all");
		application = RateLimitedTestApplication.start(credentials(redis.server(), PASSWORD), GENEROUS_TIMEOUT);
	}

	@AfterAll
	static void stopApplication() {
		application.close();
	}

	@Test
	void aclDenialFollowsFailureModeUntilGranted(CapturedOutput output) {
		application.awaitExactDecisions("/open", RateLimitedTestApplication.LIMIT, RECOVERY_DEADLINE);
		LogExcerpt log = LogExcerpt.from(output);
		application.listener().clear();

		redis.server().command("ACL", "SETUSER", USERNAME, "-evalsha", "-eval");
		try {
			assertEveryFailureModeApplies(application, log, "NOPERM");
			assertHealthDown(application);
		}
		finally {
			redis.server().command("ACL", "SETUSER", USERNAME, "+evalsha", "+eval");
		}

		assertRecovers(application, log);
	}

	@Test
	void scriptErrorFollowsFailureMode(CapturedOutput output) {
		application.awaitExactDecisions("/open", RateLimitedTestApplication.LIMIT, RECOVERY_DEADLINE);
		LogExcerpt log = LogExcerpt.from(output);
		application.listener().clear();
		String client = "wrong-type-" + UUID.randomUUID();
		for (String policy : RateLimitedTestApplication.FAILURE_MODES) {
			// A string where the script expects a sorted set makes every command of the script fail.
			redis.server().command("SET", keyBuilder.key(policy, ClientId.of(client)), "not a sorted set");
		}

		assertEveryFailureModeApplies(application, client, log, "WRONGTYPE");
		// Only this client's keys are broken, so the store itself is healthy.
		assertThat(healthOf(application).getStatus()).isEqualTo(Status.UP);

		assertRecovers(application, log);
	}

	@Test
	void wrongPasswordFollowsFailureModeUntilAccepted(CapturedOutput output) {
		String wrongPassword = "wrong-" + UUID.randomUUID();
		LogExcerpt log = LogExcerpt.from(output);
		try (TestApplicationInstance rejected = RateLimitedTestApplication
			.start(credentials(redis.server(), wrongPassword), GENEROUS_TIMEOUT)) {
			assertEveryFailureModeApplies(rejected, log, "WRONGPASS");
			assertHealthDown(rejected);

			redis.server().command("ACL", "SETUSER", USERNAME, ">" + wrongPassword);
			try {
				assertRecovers(rejected, log);
			}
			finally {
				redis.server().command("ACL", "SETUSER", USERNAME, "<" + wrongPassword);
			}
		}
	}

	@Test
	void replicaFollowsFailureModeUntilPromoted(CapturedOutput output) {
		// Without the delay, the master waits five seconds for more replicas before it sends its data.
		redis.server().command("CONFIG", "SET", "repl-diskless-sync-delay", "0");
		try (RedisStandaloneTestServer replica = RedisStandaloneTestServer.start()) {
			replica.command("REPLICAOF", replica.host(), Integer.toString(redis.server().port()));
			Awaitility.await("replica link up")
				.atMost(Duration.ofSeconds(30))
				.until(() -> String.valueOf(replica.command("INFO", "replication")).contains("master_link_status:up"));
			LogExcerpt log = LogExcerpt.from(output);
			try (TestApplicationInstance onReplica = RateLimitedTestApplication.start(replica.springProperties(),
					GENEROUS_TIMEOUT)) {
				assertEveryFailureModeApplies(onReplica, log, "READONLY");
				assertHealthDown(onReplica);

				replica.command("REPLICAOF", "NO", "ONE");

				assertRecovers(onReplica, log);
			}
		}
	}

	@Test
	void refusedConnectionFollowsFailureMode(CapturedOutput output) {
		Map<String, String> closedPort = Map.of("spring.data.redis.host", "127.0.0.1", "spring.data.redis.port",
				Integer.toString(findClosedPort()));
		LogExcerpt log = LogExcerpt.from(output);
		try (TestApplicationInstance unconnected = RateLimitedTestApplication.start(closedPort,
				GENEROUS_TIMEOUT)) {
			assertEveryFailureModeApplies(unconnected, log, "Connection refused");
			assertHealthDown(unconnected);
		}
	}

	@Test
	void unresponsiveServerFollowsFailureModeWithinDeadline(CapturedOutput output) throws IOException {
		// The kernel accepts connections into the backlog, but nothing ever reads from them or replies.
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Map<String, String> silentPort = Map.of("spring.data.redis.host", "127.0.0.1", "spring.data.redis.port",
					Integer.toString(silent.getLocalPort()));
			LogExcerpt log = LogExcerpt.from(output);
			try (TestApplicationInstance stalled = RateLimitedTestApplication.start(silentPort)) {
				assertEveryFailureModeApplies(stalled, log, "did not decide within");
				assertHealthDown(stalled);

				for (String policy : RateLimitedTestApplication.FAILURE_MODES) {
					assertThat(stalled.listener().decisionsOf(policy)).allSatisfy((recorded) -> assertThat(
							recorded.duration())
						.isLessThan(Duration.ofMillis(100 + 150)));
				}
			}
		}
	}

	@Test
	void replyOfWrongShapeFollowsFailureMode(CapturedOutput output) {
		LogExcerpt log = LogExcerpt.from(output);
		try (TestApplicationInstance wrongScript = RateLimitedTestApplication
			.start(List.of(TwoNumberScriptConfiguration.class), redis.server().springProperties(), GENEROUS_TIMEOUT)) {
			assertEveryFailureModeApplies(wrongScript, log, "three integers");
			assertHealthDown(wrongScript);
		}
	}

	private static void assertEveryFailureModeApplies(TestApplicationInstance instance, LogExcerpt log,
			String error) {
		assertEveryFailureModeApplies(instance, "client-" + UUID.randomUUID(), log, error);
	}

	private static void assertEveryFailureModeApplies(TestApplicationInstance instance, String client,
			LogExcerpt log, String error) {
		FailureModeAssertions.assertEveryFailureModeApplies(instance, client);

		List<String> warnings = log.warnings();
		assertThat(warnings).as("WARN lines of the outage").hasSize(1);
		assertThat(warnings.get(0)).contains(LogExcerpt.OUTAGE_STARTED).contains(error);
	}

	private static void assertHealthDown(TestApplicationInstance instance) {
		Health health = healthOf(instance);
		assertThat(health.getStatus()).as("health during the outage").isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).as("health details during the outage").containsKey("error");
	}

	private static Health healthOf(TestApplicationInstance instance) {
		return instance.context().getBean(RateLimiterHealthIndicator.class).health();
	}

	private static void assertRecovers(TestApplicationInstance instance, LogExcerpt log) {
		List<List<Integer>> attempts = instance.awaitExactDecisions("/open", RateLimitedTestApplication.LIMIT,
				RECOVERY_DEADLINE);

		assertThat(attempts).flatMap((statuses) -> statuses).containsOnly(200, 429);
		assertThat(healthOf(instance).getStatus()).as("health after the recovery").isEqualTo(Status.UP);
		assertThat(log.linesContaining(LogExcerpt.OUTAGE_ENDED)).as("INFO lines of the recovery").hasSize(1);
		assertThat(log.warnings()).as("WARN lines of the outage and the recovery").hasSize(1);
	}

	private static Map<String, String> credentials(RedisStandaloneTestServer server, String password) {
		Map<String, String> properties = new LinkedHashMap<>(server.springProperties());
		properties.put("spring.data.redis.username", USERNAME);
		properties.put("spring.data.redis.password", password);
		return properties;
	}

	/** Returns a loopback port that nothing listens on, so connections to it are refused. */
	private static int findClosedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to find a free loopback port", ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoNumberScriptConfiguration {

		@Bean(RateLimitScripts.SLIDING_WINDOW_SCRIPT_BEAN_NAME)
		@SuppressWarnings({ "rawtypes", "unchecked" })
		RedisScript<List<Long>> rateLimiterSlidingWindowScript() {
			return (RedisScript) RedisScript.of("return {1, 2}", List.class);
		}

	}

}
