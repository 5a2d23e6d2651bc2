package io.github.ratelimiter.test.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import io.github.ratelimiter.core.RateLimitDecision.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that each failure mode of {@link RateLimitedTestApplication} responds as documented while its
 * store fails: {@code open} admits without rate limit headers, {@code closed} rejects with a 503 problem,
 * and {@code local} limits with the per-instance limiter.
 */
public final class FailureModeAssertions {

	/** Requests that each check sends for one client. */
	public static final int REQUESTS = 5;

	private FailureModeAssertions() {
	}

	/**
	 * Denies the script commands to the default user on the given Redis nodes, checks every failure mode,
	 * allows the commands again and checks that the limit is exact once more.
	 * @param instance the application, connected to the nodes as the default user
	 * @param masters ports of the nodes that run the scripts
	 * @param nodeCommand sends a command to the node on a port
	 * @param recoveryDeadline how long the limit may take to be exact again
	 */
	public static void assertFailureModesWhileScriptsDenied(TestApplicationInstance instance, List<Integer> masters,
			BiConsumer<Integer, String[]> nodeCommand, Duration recoveryDeadline) {
		setScriptPermission(masters, nodeCommand, "-");
		try {
			instance.listener().clear();
			assertEveryFailureModeApplies(instance, "denied-" + UUID.randomUUID());
		}
		finally {
			setScriptPermission(masters, nodeCommand, "+");
		}

		assertThat(instance.awaitExactDecisions("/open", RateLimitedTestApplication.LIMIT, recoveryDeadline)).last()
			.isEqualTo(List.of(200, 200, 200, 429));
	}

	private static void setScriptPermission(List<Integer> ports, BiConsumer<Integer, String[]> nodeCommand,
			String grant) {
		for (int port : ports) {
			nodeCommand.accept(port, new String[] { "ACL", "SETUSER", "default", grant + "evalsha", grant + "eval" });
		}
	}

	/**
	 * Starts an instance whose deadline is the default 100 ms, pauses Redis, and sends one request to
	 * each failure mode's endpoint at once: each must follow its failure mode within the deadline, plus
	 * a margin for a busy machine. After the pause the limit must be exact again.
	 * @param redisProperties Spring Boot properties that connect to the paused Redis
	 * @param pause pauses the Redis nodes that run the scripts, for less time than a failover needs
	 * @param recoveryDeadline how long the limit may take to be exact again
	 */
	public static void assertFailureModesWithinDeadlineWhilePaused(Map<String, String> redisProperties,
			Runnable pause, Duration recoveryDeadline) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(RateLimitedTestApplication.FAILURE_MODES.size());
		try (TestApplicationInstance instance = RateLimitedTestApplication.start(redisProperties,
				"ratelimiter.timeout=100ms")) {
			instance.awaitExactDecisions("/open", RateLimitedTestApplication.LIMIT, recoveryDeadline);
			instance.listener().clear();
			String client = "paused-" + UUID.randomUUID();

			pause.run();
			Map<String, Future<TimedResponse>> responses = new LinkedHashMap<>();
			for (String mode : RateLimitedTestApplication.FAILURE_MODES) {
				responses.put(mode, executor.submit(() -> TimedResponse.of(() -> instance.get("/" + mode, client))));
			}

			assertPausedResponse(responses.get("open").get(), 200, null);
			assertPausedResponse(responses.get("closed").get(), 503, null);
			assertPausedResponse(responses.get("local").get(), 200, "local");
			assertThat(instance.awaitExactDecisions("/open", RateLimitedTestApplication.LIMIT, recoveryDeadline))
				.last()
				.isEqualTo(List.of(200, 200, 200, 429));
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static void assertPausedResponse(TimedResponse response, int status, String source) {
		assertThat(response.response().statusCode()).as("status of %s", response).isEqualTo(status);
		assertThat(response.response().headers().firstValue("RateLimit-Source")).as("source of %s", response)
			.isEqualTo(Optional.ofNullable(source));
		// The target is the deadline plus 50 ms; two busy cores get twice that margin and the HTTP round trip.
		assertThat(response.elapsed()).as("time of %s", response).isLessThan(Duration.ofMillis(100 + 400));
	}

	private record TimedResponse(HttpResponse<String> response, Duration elapsed) {

		static TimedResponse of(Supplier<HttpResponse<String>> request) {
			long start = System.nanoTime();
			HttpResponse<String> response = request.get();
			return new TimedResponse(response, Duration.ofNanos(System.nanoTime() - start));
		}

	}

	/** Sends {@value #REQUESTS} requests for the client to each failure mode's endpoint and checks them. */
	public static void assertEveryFailureModeApplies(TestApplicationInstance instance, String client) {
		assertOpenAdmitsWithoutHeaders(instance, client);
		assertClosedRejectsWith503(instance, client);
		assertLocalLimitsPerInstance(instance, client);
	}

	public static void assertOpenAdmitsWithoutHeaders(TestApplicationInstance instance, String client) {
		List<HttpResponse<String>> responses = instance.getRepeatedly("/open", client, REQUESTS);

		for (int i = 0; i < REQUESTS; i++) {
			HttpResponse<String> response = responses.get(i);
			assertThat(response.statusCode()).as("status of open request %d", i).isEqualTo(200);
			assertThat(response.headers().map()).as("headers of open request %d", i)
				.doesNotContainKeys("ratelimit", "ratelimit-policy", "retry-after");
		}
		assertThat(instance.listener().outcomesOf("open")).containsExactly(Outcome.FAILED_OPEN, Outcome.FAILED_OPEN,
				Outcome.FAILED_OPEN, Outcome.FAILED_OPEN, Outcome.FAILED_OPEN);
	}

	public static void assertClosedRejectsWith503(TestApplicationInstance instance, String client) {
		List<HttpResponse<String>> responses = instance.getRepeatedly("/closed", client, REQUESTS);

		for (int i = 0; i < REQUESTS; i++) {
			HttpResponse<String> response = responses.get(i);
			assertThat(response.statusCode()).as("status of closed request %d", i).isEqualTo(503);
			assertThat(response.headers().firstValue("Content-Type")).as("type of closed request %d", i)
				.hasValue("application/problem+json");
			assertThat(response.headers().map()).as("headers of closed request %d", i)
				.doesNotContainKeys("ratelimit", "ratelimit-policy", "retry-after");
			assertThat(response.body()).as("body of closed request %d", i)
				.contains("\"status\":503")
				.contains("\"type\":\"urn:ratelimiter:problem:rate-limit-unavailable\"")
				.contains("\"policy\":\"closed\"");
		}
		assertThat(instance.listener().outcomesOf("closed")).containsExactly(Outcome.FAILED_CLOSED,
				Outcome.FAILED_CLOSED, Outcome.FAILED_CLOSED, Outcome.FAILED_CLOSED, Outcome.FAILED_CLOSED);
	}

	public static void assertLocalLimitsPerInstance(TestApplicationInstance instance, String client) {
		List<HttpResponse<String>> responses = instance.getRepeatedly("/local", client, REQUESTS);

		assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(200, 200, 200, 429, 429);
		for (int i = 0; i < REQUESTS; i++) {
			assertThat(responses.get(i).headers().firstValue("RateLimit-Source")).as("source of local request %d", i)
				.hasValue("local");
		}
		assertThat(responses.get(0).headers().firstValue("RateLimit")).hasValue("\"local\";r=2;t=10");
		assertThat(responses.get(3).headers().firstValue("Retry-After")).isPresent();
		assertThat(instance.listener().outcomesOf("local")).containsExactly(Outcome.LOCAL_ALLOWED,
				Outcome.LOCAL_ALLOWED, Outcome.LOCAL_ALLOWED, Outcome.LOCAL_DENIED, Outcome.LOCAL_DENIED);
	}

}
