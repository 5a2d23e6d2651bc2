package io.github.ratelimiter.demo;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.redis.RedisStandaloneTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reads the demo's metrics, {@code ratelimiters} endpoint and health over HTTP against a real Redis.
 */
// The demo's fallback probe runs before @DynamicPropertySource values exist, so it would connect to the
// Redis address in application.yml. The deadline is longer than the default because reads right after a
// Redis restart can be slow on a busy machine. Deadlines have tests of their own.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "demo.redis-fallback.enabled=false", "ratelimiter.timeout=1s" })
@DirtiesContext
class ObservabilityEndToEndTests {

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redis = RedisServerExtension.standalone();

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	private DemoHttpClient client;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		redis.registerSpringProperties(registry);
	}

	@BeforeEach
	void createClient() {
		this.client = new DemoHttpClient(this.port);
	}

	@AfterEach
	void restoreRedis() {
		if (!redis.server().isRunning()) {
			redis.server().restart();
		}
		awaitHealthUp();
	}

	@Test
	void countersMatchAdmittedAndDeniedRequests() {
		// Only this test sends requests under the orders policy, whose limit is 5.
		String clientId = freshClientId();
		for (int request = 1; request <= 8; request++) {
			int expectedStatus = (request <= 5) ? 200 : 429;
			assertThat(this.client.get("/api/orders/" + request, clientId).statusCode()).as("status of request %d", request)
				.isEqualTo(expectedStatus);
		}

		String prometheus = this.client.get("/actuator/prometheus", null).body();

		assertThat(sample(prometheus, "ratelimiter_requests_total{outcome=\"allowed\",policy=\"orders\"}")).hasValue(5.0);
		assertThat(sample(prometheus, "ratelimiter_requests_total{outcome=\"denied\",policy=\"orders\"}")).hasValue(3.0);
		assertThat(sample(prometheus, "ratelimiter_requests_total{outcome=\"error\",policy=\"orders\"}")).hasValue(0.0);
		assertThat(sample(prometheus, "ratelimiter_decision_seconds_count{store=\"redis\"}"))
			.hasValueSatisfying((count) -> assertThat(count).isGreaterThanOrEqualTo(8.0));
		assertThat(prometheus).contains("ratelimiter_decision_seconds{store=\"redis\",quantile=\"0.99\"}");
	}

	@Test
	void metricsEndpointListsRequestCounter() {
		JsonNode metric = getJson("/actuator/metrics/ratelimiter.requests?tag=policy:async&tag=outcome:fallback_denied");

		assertThat(metric.get("description").asString()).isEqualTo("Requests decided by the rate limiter");
		assertThat(metric.get("measurements").get(0).get("value").asDouble()).isZero();
	}

	@Test
	void endpointDescribesConfiguredPolicies() {
		JsonNode rateLimiters = getJson("/actuator/ratelimiters");

		assertThat(rateLimiters.get("store").asString()).isEqualTo("redis");
		assertThat(rateLimiters.get("policies").propertyNames()).containsExactly("async", "hello", "orders", "reports");
		JsonNode hello = rateLimiters.get("policies").get("hello");
		assertThat(hello.get("limit").asLong()).isEqualTo(3);
		assertThat(hello.get("window").asString()).isEqualTo("PT10S");
		assertThat(hello.get("algorithm").asString()).isEqualTo("sliding-window-log");
		assertThat(hello.get("failureMode").asString()).isEqualTo("open");
		assertThat(hello.get("clientOverrides").asInt()).isEqualTo(1);
		assertThat(hello.has("clients")).isFalse();
		assertThat(rateLimiters.get("policies").get("reports").get("window").asString()).isEqualTo("PT1M");
	}

	@Test
	void endpointReadsUsageOfClient() {
		String clientId = freshClientId();
		this.client.get("/api/hello", clientId);
		this.client.get("/api/hello", clientId);

		JsonNode usage = getJson("/actuator/ratelimiters/hello/" + clientId);

		assertThat(usage.get("limit").asLong()).isEqualTo(3);
		assertThat(usage.get("window").asString()).isEqualTo("PT10S");
		assertThat(usage.get("used").asLong()).isEqualTo(2);
		assertThat(usage.get("remaining").asLong()).isEqualTo(1);
		assertThat(usage.get("secondsUntilUnitFrees").asLong()).isBetween(9L, 10L);
	}

	@Test
	void endpointReadsOverrideWithoutCreatingKey() {
		String before = String.valueOf(redis.server().command("DBSIZE"));

		JsonNode unknown = getJson("/actuator/ratelimiters/hello/" + freshClientId());
		JsonNode partner = getJson("/actuator/ratelimiters/hello/partner-a");

		assertThat(unknown.get("used").asLong()).isZero();
		assertThat(unknown.get("remaining").asLong()).isEqualTo(3);
		assertThat(partner.get("limit").asLong()).isEqualTo(10);
		assertThat(String.valueOf(redis.server().command("DBSIZE"))).isEqualTo(before);
	}

	@Test
	void endpointReturnsNotFoundForUnknownPolicy() {
		assertThat(this.client.get("/actuator/ratelimiters/missing/client-a", null).statusCode()).isEqualTo(404);
	}

	@Test
	void healthFollowsRedisOutage() {
		JsonNode up = getJson("/actuator/health/ratelimiter");
		assertThat(up.get("status").asString()).isEqualTo("UP");
		assertThat(up.get("details").get("store").asString()).isEqualTo("redis");
		assertThat(up.get("details").get("version").asString()).matches("\\d+\\.\\d+\\.\\d+");

		redis.server().stop();

		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			HttpResponse<String> health = this.client.get("/actuator/health/ratelimiter", null);
			assertThat(health.statusCode()).isEqualTo(503);
			assertThat(json.readTree(health.body()).get("status").asString()).isEqualTo("DOWN");
		});
		HttpResponse<String> usage = this.client.get("/actuator/ratelimiters/hello/client-a", null);
		assertThat(usage.statusCode()).isEqualTo(503);
		assertThat(usage.body()).contains("\"error\":\"Redis");

		redis.server().restart();

		awaitHealthUp();
	}

	@Test
	void storeOutageCountsAsError() {
		String prometheusBefore = this.client.get("/actuator/prometheus", null).body();
		double errorsBefore = sample(prometheusBefore, "ratelimiter_requests_total{outcome=\"error\",policy=\"async\"}")
			.orElseThrow();
		redis.server().stop();

		HttpResponse<String> response = this.client.get("/api/async", freshClientId());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("RateLimit")).isEmpty();
		String prometheus = this.client.get("/actuator/prometheus", null).body();
		assertThat(sample(prometheus, "ratelimiter_requests_total{outcome=\"error\",policy=\"async\"}"))
			.hasValue(errorsBefore + 1);
	}

	/** Waits until the ratelimiter health is UP and the store decides requests again. */
	private void awaitHealthUp() {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			assertThat(getJson("/actuator/health/ratelimiter").get("status").asString()).isEqualTo("UP");
			assertThat(this.client.get("/api/hello", freshClientId()).headers().firstValue("RateLimit")).isPresent();
		});
	}

	private JsonNode getJson(String path) {
		HttpResponse<String> response = this.client.get(path, null);
		assertThat(response.statusCode()).as("status of GET %s", path).isEqualTo(200);
		return json.readTree(response.body());
	}

	private static Optional<Double> sample(String prometheus, String series) {
		return prometheus.lines()
			.filter((line) -> line.startsWith(series + " "))
			.map((line) -> Double.parseDouble(line.substring(series.length() + 1).trim()))
			.findFirst();
	}

	private static String freshClientId() {
		return "client-" + UUID.randomUUID();
	}

}
