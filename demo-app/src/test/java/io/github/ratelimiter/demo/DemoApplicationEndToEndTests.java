package io.github.ratelimiter.demo;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.RateLimitKeyBuilder;
import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.redis.RedisStandaloneTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the demo application over HTTP against a real Redis.
 */
// The demo looks for a Redis on its default address before the test's Redis properties exist, so the
// fallback is turned off: the test must not reach any Redis but its own.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "demo.redis-fallback.enabled=false")
@DirtiesContext
class DemoApplicationEndToEndTests {

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redis = RedisServerExtension.standalone();

	@LocalServerPort
	private int port;

	@Autowired
	private RateLimitKeyBuilder keyBuilder;

	private DemoHttpClient client;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		redis.registerSpringProperties(registry);
	}

	@AfterAll
	static void everyKeyExpires() {
		RedisKeys.assertEveryKeyExpires(redis.server(), "ratelimiter");
	}

	@BeforeEach
	void createClient() {
		this.client = new DemoHttpClient(this.port);
	}

	@Test
	void deniesAfterLimitWithProblemBody() {
		String clientId = freshClientId();
		for (int i = 1; i <= 3; i++) {
			HttpResponse<String> response = this.client.get("/api/hello", clientId);
			assertThat(response.statusCode()).as("status of request %d", i).isEqualTo(200);
			assertThat(response.headers().firstValue("RateLimit-Policy")).as("policy of request %d", i)
				.hasValue("\"hello\";q=3;w=10");
			String expectedUsage = "\"hello\";r=" + (3 - i) + ";t=";
			assertThat(response.headers().firstValue("RateLimit")).as("usage of request %d", i)
				.hasValueSatisfying((value) -> assertThat(value).startsWith(expectedUsage));
			assertThat(response.headers().firstValue("Retry-After")).as("retry of request %d", i).isEmpty();
		}

		HttpResponse<String> denied = this.client.get("/api/hello", clientId);

		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(denied.headers().firstValue("Retry-After")).hasValueSatisfying(
				(value) -> assertThat(Integer.parseInt(value)).isBetween(9, 10));
		assertThat(denied.headers().firstValue("RateLimit"))
			.hasValue("\"hello\";r=0;t=" + denied.headers().firstValue("Retry-After").orElseThrow());
		assertThat(denied.headers().firstValue("RateLimit-Policy")).hasValue("\"hello\";q=3;w=10");
		assertThat(denied.headers().allValues("RateLimit")).hasSize(1);
		assertThat(denied.body()).contains("\"status\":429")
			.contains("\"title\":\"Too Many Requests\"")
			.contains("\"type\":\"urn:ratelimiter:problem:rate-limit-exceeded\"")
			.contains("\"policy\":\"hello\"")
			.contains("\"detail\":\"Rate limit of policy 'hello' exceeded");
		assertThat(redis.server().command("ZCARD", helloKey(clientId))).isEqualTo(3L);
	}

	@Test
	void missingClientIdIsRejectedWithProblemBody() {
		HttpResponse<String> response = this.client.get("/api/hello", null);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("Retry-After")).isEmpty();
		assertThat(response.headers().firstValue("RateLimit")).isEmpty();
		assertThat(response.body()).contains("\"status\":400").contains("\"header\":\"X-Client-Id\"")
			.contains("X-Client-Id");
	}

	@Test
	void emptyClientIdIsRejected() {
		HttpResponse<String> response = this.client.get("/api/hello", "");

		assertThat(response.statusCode()).isEqualTo(400);
	}

	@Test
	void perClientOverrideRaisesLimit() {
		redis.server().command("DEL", helloKey("partner-a"));

		HttpResponse<String> response = this.client.get("/api/hello", "partner-a");

		assertThat(response.headers().firstValue("RateLimit-Policy")).hasValue("\"hello\";q=10;w=10");
		assertThat(response.headers().firstValue("RateLimit")).hasValue("\"hello\";r=9;t=10");
	}

	@Test
	void costTakesFiveUnits() {
		String clientId = freshClientId();

		HttpResponse<String> first = this.client.send("POST", "/api/reports", clientId);
		HttpResponse<String> second = this.client.send("POST", "/api/reports", clientId);
		HttpResponse<String> third = this.client.send("POST", "/api/reports", clientId);

		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(first.headers().firstValue("RateLimit")).hasValue("\"reports\";r=5;t=60");
		assertThat(second.statusCode()).isEqualTo(202);
		assertThat(second.headers().firstValue("RateLimit")).hasValue("\"reports\";r=0;t=60");
		assertThat(third.statusCode()).isEqualTo(429);
	}

	@Test
	void asyncRequestIsCountedOnce() {
		String clientId = freshClientId();

		HttpResponse<String> first = this.client.get("/api/async", clientId);
		HttpResponse<String> second = this.client.get("/api/async", clientId);
		HttpResponse<String> third = this.client.get("/api/async", clientId);

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("RateLimit")).hasValue("\"async\";r=1;t=10");
		assertThat(first.body()).contains("Hello from another thread");
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(third.statusCode()).isEqualTo(429);
	}

	@Test
	void unlimitedEndpointHasNoRateLimitHeaders() {
		for (int i = 0; i < 10; i++) {
			HttpResponse<String> response = this.client.get("/api/public", null);
			assertThat(response.statusCode()).as("status of request %d", i).isEqualTo(200);
			assertThat(response.headers().map()).as("headers of request %d", i)
				.doesNotContainKeys("ratelimit", "ratelimit-policy", "retry-after");
		}
	}

	@Test
	void pathVariablesAndHeadRequestsShareOnePolicyBucket() {
		String clientId = freshClientId();

		assertThat(this.client.get("/api/orders/1", clientId).headers().firstValue("RateLimit"))
			.hasValue("\"orders\";r=4;t=30");
		assertThat(this.client.send("HEAD", "/api/orders/2", clientId).headers().firstValue("RateLimit"))
			.hasValue("\"orders\";r=3;t=30");
		assertThat(this.client.get("/api/orders/3", clientId).headers().firstValue("RateLimit"))
			.hasValue("\"orders\";r=2;t=30");
	}

	@Test
	void keysLiveUnderPrefixWithExpiry() {
		String clientId = freshClientId();
		this.client.get("/api/hello", clientId);

		String key = helloKey(clientId);

		assertThat(key).startsWith("ratelimiter:hello:{");
		assertThat((Long) redis.server().command("PTTL", key)).isBetween(9_000L, 10_000L);
	}

	private static String freshClientId() {
		return "client-" + UUID.randomUUID();
	}

	private String helloKey(String clientId) {
		return this.keyBuilder.key("hello", ClientId.of(clientId));
	}

}
