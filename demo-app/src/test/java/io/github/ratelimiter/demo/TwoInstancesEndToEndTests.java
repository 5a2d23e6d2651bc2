package io.github.ratelimiter.demo;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
 * Two instances of the demo application on two loopback ports share one Redis, as replicas behind a
 * load balancer do, and must enforce one limit per client between them.
 */
class TwoInstancesEndToEndTests {

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redis = RedisServerExtension.standalone();

	private static final RateLimitKeyBuilder keyBuilder = new RateLimitKeyBuilder("ratelimiter");

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	private static ExecutorService executor;

	@BeforeAll
	static void startInstances() {
		first = startInstance();
		second = startInstance();
		executor = Executors.newFixedThreadPool(200);
	}

	@AfterAll
	static void stopInstances() {
		executor.shutdownNow();
		second.close();
		first.close();
		RedisKeys.assertEveryKeyExpires(redis.server(), "ratelimiter");
	}

	private static ConfigurableApplicationContext startInstance() {
		// Bursts of 200 requests on two cores can exceed the default deadline. Failure modes are tested
		// elsewhere, and here every decision must come from Redis.
		return DemoInstances.start(redis.server(), "ratelimiter.policies.hello.limit=5",
				"ratelimiter.policies.hello.window=10s", "ratelimiter.timeout=5s", "ratelimiter.failure-mode=closed");
	}

	private static DemoHttpClient clientOf(ConfigurableApplicationContext context) {
		return DemoInstances.clientOf(context);
	}

	@Test
	void sameMillisecondBurstAcrossInstancesAdmitsExactlyLimit() throws Exception {
		for (int round = 1; round <= 20; round++) {
			String clientId = "same-ms-" + round;
			List<Integer> statuses = burst("GET", "/api/hello", clientId, 3);

			assertThat(statuses).as("statuses of round %d", round).filteredOn((status) -> status == 200).hasSize(5);
			assertThat(statuses).as("statuses of round %d", round).filteredOn((status) -> status == 429).hasSize(1);
			assertThat(redis.server().command("ZCARD", keyBuilder.key("hello", ClientId.of(clientId))))
				.as("log size of round %d", round)
				.isEqualTo(5L);
		}
	}

	@Test
	void concurrentBurstsAcrossInstancesAdmitExactlyLimit() throws Exception {
		for (int round = 1; round <= 50; round++) {
			String clientId = "burst-" + round;
			List<Integer> statuses = burst("GET", "/api/hello", clientId, 100);

			assertThat(statuses).as("statuses of round %d", round).filteredOn((status) -> status == 200).hasSize(5);
			assertThat(statuses).as("statuses of round %d", round).filteredOn((status) -> status == 429).hasSize(195);
			assertThat(redis.server().command("ZCARD", keyBuilder.key("hello", ClientId.of(clientId))))
				.as("log size of round %d", round)
				.isEqualTo(5L);
		}
	}

	@Test
	void concurrentCostlyRequestsAcrossInstancesAdmitExactlyLimit() throws Exception {
		List<Integer> statuses = burst("POST", "/api/reports", "costly", 20);

		assertThat(statuses).filteredOn((status) -> status == 202).hasSize(2);
		assertThat(statuses).filteredOn((status) -> status == 429).hasSize(38);
		assertThat(redis.server().command("ZCARD", keyBuilder.key("reports", ClientId.of("costly")))).isEqualTo(10L);
	}

	@Test
	void eachDecisionIsOneScriptCall() throws Exception {
		List<String> commands;
		try (RedisMonitor monitor = RedisMonitor.start(redis.server().port())) {
			burst("GET", "/api/hello", "monitored", 100);
			commands = monitor.stop();
		}

		List<String> fromClients = commands.stream().filter((line) -> !line.contains(" lua] ")).toList();
		assertThat(fromClients).as("commands sent by the applications")
			.allSatisfy((line) -> assertThat(line).containsAnyOf("\"EVALSHA\"", "\"evalsha\""));
		assertThat(fromClients).hasSize(200);
		assertThat(commands).as("commands run inside the script")
			.filteredOn((line) -> line.contains(" lua] ") && line.toUpperCase().contains("\"ZADD\""))
			.hasSize(5);
	}

	@Test
	void instancesReportTheSameRetryAfter() {
		String clientId = "retry-after";
		DemoHttpClient firstClient = clientOf(first);
		DemoHttpClient secondClient = clientOf(second);
		for (int i = 0; i < 5; i++) {
			assertThat(firstClient.get("/api/hello", clientId).statusCode()).as("status of request %d", i).isEqualTo(200);
		}

		HttpResponse<String> deniedByFirst = firstClient.get("/api/hello", clientId);
		HttpResponse<String> deniedBySecond = secondClient.get("/api/hello", clientId);

		assertThat(deniedByFirst.statusCode()).isEqualTo(429);
		assertThat(deniedBySecond.statusCode()).isEqualTo(429);
		// Both come from the same entry in Redis. The second request is a little later, which can round
		// its wait down by one second.
		long firstRetryAfter = Long.parseLong(deniedByFirst.headers().firstValue("Retry-After").orElseThrow());
		long secondRetryAfter = Long.parseLong(deniedBySecond.headers().firstValue("Retry-After").orElseThrow());
		assertThat(secondRetryAfter).isBetween(firstRetryAfter - 1, firstRetryAfter);
	}

	/** Sends {@code perInstance} requests to each instance, released together, and returns the statuses. */
	private List<Integer> burst(String method, String path, String clientId, int perInstance) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Integer>> futures = new ArrayList<>();
		for (ConfigurableApplicationContext instance : List.of(first, second)) {
			DemoHttpClient client = clientOf(instance);
			for (int i = 0; i < perInstance; i++) {
				futures.add(executor.submit(() -> {
					start.await();
					return client.send(method, path, clientId).statusCode();
				}));
			}
		}
		start.countDown();
		List<Integer> statuses = new ArrayList<>();
		for (Future<Integer> future : futures) {
			statuses.add(future.get(30, TimeUnit.SECONDS));
		}
		return statuses;
	}

}
