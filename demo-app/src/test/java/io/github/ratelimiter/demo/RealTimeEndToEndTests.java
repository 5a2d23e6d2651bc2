package io.github.ratelimiter.demo;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.RateLimitKeyBuilder;
import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.redis.RedisStandaloneTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenarios that only show in real time, because keys really expire and windows really slide: a client
 * that keeps retrying, the header values over a window, and the key's lifetime. They run at once, each
 * on its own client, so the class takes about as long as its longest scenario. Every planned time sits
 * at least 500 ms from a window boundary. The {@code t} of an admitted request may be one off, because
 * it depends on the server-side gap between two requests; the store tests check its exact value.
 */
class RealTimeEndToEndTests {

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redis = RedisServerExtension.standalone();

	private static final RateLimitKeyBuilder keyBuilder = new RateLimitKeyBuilder("ratelimiter");

	private static ConfigurableApplicationContext twoPerWindow;

	private static ConfigurableApplicationContext threePerWindow;

	private static CompletableFuture<Void> retryingClient;

	private static CompletableFuture<Void> patientClient;

	private static CompletableFuture<Void> headerValues;

	private static CompletableFuture<Void> keyLifetime;

	@BeforeAll
	static void startScenarios() {
		twoPerWindow = startInstance(2);
		threePerWindow = startInstance(3);
		warmUp(twoPerWindow);
		warmUp(threePerWindow);
		retryingClient = CompletableFuture.runAsync(RealTimeEndToEndTests::runRetryingClient);
		patientClient = CompletableFuture.runAsync(RealTimeEndToEndTests::runPatientClient);
		headerValues = CompletableFuture.runAsync(RealTimeEndToEndTests::runHeaderValues);
		keyLifetime = CompletableFuture.runAsync(RealTimeEndToEndTests::runKeyLifetime);
	}

	@AfterAll
	static void stopInstances() {
		threePerWindow.close();
		twoPerWindow.close();
	}

	@Test
	void retryingClientGetsBackIn() throws Exception {
		retryingClient.get(60, TimeUnit.SECONDS);
	}

	@Test
	void clientWaitingAnnouncedTimeIsAdmitted() throws Exception {
		patientClient.get(60, TimeUnit.SECONDS);
	}

	@Test
	void headerValuesFollowTheWindow() throws Exception {
		headerValues.get(60, TimeUnit.SECONDS);
	}

	@Test
	void keyExpiresOnlyWithItsNewestEntry() throws Exception {
		keyLifetime.get(60, TimeUnit.SECONDS);
	}

	/** Calls every 2.2 s with a limit of 2 per 10 s, where denials must not keep the window full. */
	private static void runRetryingClient() {
		DemoHttpClient client = clientOf(twoPerWindow);
		String key = keyBuilder.key("hello", ClientId.of("retrying"));
		long[] times = { 0, 2_200, 4_400, 6_600, 8_800, 11_000, 13_200, 15_400, 17_600, 19_800, 22_000, 24_200 };
		int[] statuses = { 200, 200, 429, 429, 429, 200, 200, 429, 429, 429, 200, 200 };
		long[] retryAfter = { 0, 0, 6, 4, 2, 0, 0, 6, 4, 2, 0, 0 };
		Schedule schedule = new Schedule();
		for (int i = 0; i < times.length; i++) {
			Object membersBefore = redis.server().command("ZRANGE", key, "0", "-1", "WITHSCORES");
			long ttlBefore = pttl(key);
			schedule.waitUntil(times[i]);

			HttpResponse<String> response = client.get("/api/hello", "retrying");

			assertThat(response.statusCode()).as("status at t=%d", times[i]).isEqualTo(statuses[i]);
			assertThat((Long) redis.server().command("ZCARD", key)).as("log size at t=%d", times[i])
				.isLessThanOrEqualTo(2);
			if (statuses[i] == 429) {
				assertThat(retryAfterOf(response)).as("Retry-After at t=%d", times[i])
					.isBetween(retryAfter[i] - 1, retryAfter[i]);
				assertThat(redis.server().command("ZRANGE", key, "0", "-1", "WITHSCORES"))
					.as("log at t=%d", times[i])
					.isEqualTo(membersBefore);
				assertThat(pttl(key)).as("expiry at t=%d", times[i]).isLessThanOrEqualTo(ttlBefore);
			}
		}
	}

	/** Checks that a client who waits the announced time after a denial is admitted. */
	private static void runPatientClient() {
		DemoHttpClient client = clientOf(twoPerWindow);
		Schedule schedule = new Schedule();
		assertThat(client.get("/api/hello", "patient").statusCode()).isEqualTo(200);
		schedule.waitUntil(2_200);
		assertThat(client.get("/api/hello", "patient").statusCode()).isEqualTo(200);
		schedule.waitUntil(4_400);
		HttpResponse<String> denied = client.get("/api/hello", "patient");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(retryAfterOf(denied)).isBetween(5L, 6L);

		schedule.waitUntil(10_400);
		assertThat(client.get("/api/hello", "patient").statusCode()).isEqualTo(200);
	}

	/** Checks the header values of a limit of 2 per 10 s, from the first request to one after a wait. */
	private static void runHeaderValues() {
		DemoHttpClient client = clientOf(twoPerWindow);
		Schedule schedule = new Schedule();

		HttpResponse<String> first = client.get("/api/hello", "headers");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("RateLimit-Policy")).hasValue("\"hello\";q=2;w=10");
		assertThat(first.headers().firstValue("RateLimit")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("\"hello\";r=1;t="));
		assertThat(first.headers().firstValue("Retry-After")).isEmpty();

		schedule.waitUntil(4_000);
		HttpResponse<String> second = client.get("/api/hello", "headers");
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(second.headers().firstValue("RateLimit")).hasValueSatisfying(
				(value) -> assertThat(value).isIn("\"hello\";r=0;t=5", "\"hello\";r=0;t=6", "\"hello\";r=0;t=7"));
		assertThat(second.headers().firstValue("Retry-After")).isEmpty();

		schedule.waitUntil(6_500);
		HttpResponse<String> denied = client.get("/api/hello", "headers");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.headers().firstValue("Retry-After")).hasValue("4");
		assertThat(denied.headers().firstValue("RateLimit")).hasValue("\"hello\";r=0;t=4");
		assertThat(denied.headers().firstValue("RateLimit-Policy")).hasValue("\"hello\";q=2;w=10");
		assertThat(denied.body()).contains("\"status\":429").contains("\"policy\":\"hello\"")
			.contains("\"title\":\"Too Many Requests\"").contains("\"detail\":").contains("\"type\":");

		schedule.waitUntil(10_500);
		HttpResponse<String> afterWaiting = client.get("/api/hello", "headers");
		assertThat(afterWaiting.statusCode()).isEqualTo(200);
		assertThat(afterWaiting.headers().firstValue("RateLimit")).hasValueSatisfying(
				(value) -> assertThat(value).isIn("\"hello\";r=0;t=3", "\"hello\";r=0;t=4", "\"hello\";r=0;t=5"));
	}

	/**
	 * Checks that under a limit of 3 per 10 s the key keeps entries younger than a window, whatever its
	 * first entry's age.
	 */
	private static void runKeyLifetime() {
		DemoHttpClient client = clientOf(threePerWindow);
		String key = keyBuilder.key("hello", ClientId.of("lifetime"));
		Schedule schedule = new Schedule();
		long[] admittedTimes = { 0, 8_000, 8_500, 10_500 };
		long[] logSizes = { 1, 2, 3, 3 };
		List<String> firstScores = new ArrayList<>();
		for (int i = 0; i < admittedTimes.length; i++) {
			schedule.waitUntil(admittedTimes[i]);
			HttpResponse<String> response = client.get("/api/hello", "lifetime");
			assertThat(response.statusCode()).as("status at t=%d", admittedTimes[i]).isEqualTo(200);
			assertThat(pttl(key)).as("expiry at t=%d", admittedTimes[i]).isBetween(9_500L, 10_000L);
			assertThat(redis.server().command("ZCARD", key)).as("log size at t=%d", admittedTimes[i])
				.isEqualTo(logSizes[i]);
			if (i == 0) {
				firstScores.addAll(scores(key));
			}
		}
		assertThat(scores(key)).as("the entry of t=0 was trimmed").doesNotContainAnyElementsOf(firstScores);

		schedule.waitUntil(11_500);
		HttpResponse<String> denied = client.get("/api/hello", "lifetime");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(retryAfterOf(denied)).isBetween(6L, 7L);
		assertThat(redis.server().command("ZCARD", key)).isEqualTo(3L);
	}

	private static ConfigurableApplicationContext startInstance(int helloLimit) {
		return DemoInstances.start(redis.server(), "ratelimiter.policies.hello.limit=" + helloLimit,
				"ratelimiter.policies.hello.window=10s", "ratelimiter.timeout=2s", "ratelimiter.failure-mode=closed");
	}

	/** Sends a few requests, so that the scenarios' first requests do not wait for class loading. */
	private static void warmUp(ConfigurableApplicationContext context) {
		DemoHttpClient client = clientOf(context);
		for (int i = 0; i < 5; i++) {
			client.get("/api/public", null);
			client.get("/api/hello", "warm-up-" + i);
			client.get("/api/orders/1", "warm-up-" + i);
		}
	}

	private static DemoHttpClient clientOf(ConfigurableApplicationContext context) {
		return DemoInstances.clientOf(context);
	}

	private static long retryAfterOf(HttpResponse<String> response) {
		return Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
	}

	private static long pttl(String key) {
		return (Long) redis.server().command("PTTL", key);
	}

	private static List<String> scores(String key) {
		List<?> membersAndScores = (List<?>) redis.server().command("ZRANGE", key, "0", "-1", "WITHSCORES");
		List<String> scores = new ArrayList<>();
		for (int i = 1; i < membersAndScores.size(); i += 2) {
			scores.add((String) membersAndScores.get(i));
		}
		return scores;
	}

	/** Times of a scenario, in milliseconds since its first request. */
	private static final class Schedule {

		private final long startNanos = System.nanoTime();

		void waitUntil(long elapsedMillis) {
			long target = this.startNanos + TimeUnit.MILLISECONDS.toNanos(elapsedMillis);
			long remaining;
			while ((remaining = target - System.nanoTime()) > 0) {
				LockSupport.parkNanos(remaining);
			}
		}

	}

}
