package io.github.ratelimiter.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.RateLimitKeyBuilder;
import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.redis.RedisStandaloneTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks which address a client without an id is keyed by, for each of Spring Boot's forwarded-header
 * strategies, with forged {@code X-Forwarded-For} values. Each set-up runs in its own application, and
 * every request comes from 127.0.0.1. The addresses in the headers are documentation ranges (RFC 5737)
 * and are never contacted.
 */
@ExtendWith(OutputCaptureExtension.class)
class ForwardedHeadersEndToEndTests {

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redis = RedisServerExtension.standalone();

	private static final RateLimitKeyBuilder keyBuilder = new RateLimitKeyBuilder("ratelimiter");

	private static final String FRAMEWORK_WARNING = "ratelimiter.client-id.when-missing is remote-address and "
			+ "server.forward-headers-strategy is framework";

	private final HttpClient httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@BeforeEach
	void flushRedis() {
		redis.server().flushAll();
	}

	@Test
	void nativeStrategyIgnoresHeaderFromUntrustedPeer() {
		// Spring Boot's default list of internal proxies includes loopback, so the test names another one.
		try (ConfigurableApplicationContext demo = start("server.forward-headers-strategy=native",
				"server.tomcat.remoteip.internal-proxies=192\\.0\\.2\\.10")) {
			assertForgedHeadersAreIgnored(demo);
		}
	}

	@Test
	void noneStrategyIgnoresHeader() {
		try (ConfigurableApplicationContext demo = start("server.forward-headers-strategy=none")) {
			assertForgedHeadersAreIgnored(demo);
		}
	}

	@Test
	void trustedProxyYieldsRightMostUntrustedHop() {
		try (ConfigurableApplicationContext demo = start("server.forward-headers-strategy=native",
				"server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1")) {
			HttpResponse<String> response = get(demo, "192.0.2.66, 203.0.113.5");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(zcard("203.0.113.5")).isEqualTo(1L);
			assertThat(keys()).containsExactly(addressKey("203.0.113.5"));
		}
	}

	@Test
	void trustedProxyStopsForgedVictimAddress() {
		try (ConfigurableApplicationContext demo = start("server.forward-headers-strategy=native",
				"server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1")) {
			for (int i = 1; i <= 3; i++) {
				HttpResponse<String> attack = get(demo, "203.0.113.7, 198.51.100.20");
				assertThat(attack.statusCode()).as("status of forged request %d", i).isEqualTo(200);
			}

			HttpResponse<String> victim = get(demo, "203.0.113.7");

			assertThat(zcard("198.51.100.20")).isEqualTo(3L);
			assertThat(victim.statusCode()).isEqualTo(200);
			assertThat(victim.headers().firstValue("RateLimit")).hasValue("\"hello\";r=2;t=10");
			assertThat(zcard("203.0.113.7")).isEqualTo(1L);
			assertThat(keys()).containsExactlyInAnyOrder(addressKey("198.51.100.20"), addressKey("203.0.113.7"));
		}
	}

	@Test
	void frameworkStrategyTrustsLeftMostValueAndWarns(CapturedOutput output) {
		try (ConfigurableApplicationContext demo = start("server.forward-headers-strategy=framework")) {
			HttpResponse<String> first = get(demo, "192.0.2.1, 127.0.0.1");
			HttpResponse<String> second = get(demo, "192.0.2.2");

			assertThat(first.statusCode()).isEqualTo(200);
			assertThat(second.statusCode()).isEqualTo(200);
			assertThat(keys()).containsExactlyInAnyOrder(addressKey("192.0.2.1"), addressKey("192.0.2.2"));
			assertThat(output).containsOnlyOnce(FRAMEWORK_WARNING);
		}
	}

	@Test
	void addressLikeIdIsSeparateClient() {
		try (ConfigurableApplicationContext demo = start("server.forward-headers-strategy=none")) {
			DemoHttpClient client = DemoInstances.clientOf(demo);
			for (int i = 1; i <= 3; i++) {
				assertThat(client.get("/api/hello", "127.0.0.1").statusCode()).as("status of request %d", i)
					.isEqualTo(200);
			}

			HttpResponse<String> deniedId = client.get("/api/hello", "127.0.0.1");
			HttpResponse<String> byAddress = client.get("/api/hello", null);

			assertThat(deniedId.statusCode()).isEqualTo(429);
			assertThat(byAddress.statusCode()).isEqualTo(200);
			assertThat(byAddress.headers().firstValue("RateLimit")).hasValue("\"hello\";r=2;t=10");
			assertThat(redis.server().command("ZCARD", keyBuilder.key("hello", ClientId.of("127.0.0.1"))))
				.isEqualTo(3L);
			assertThat(zcard("127.0.0.1")).isEqualTo(1L);
		}
	}

	private void assertForgedHeadersAreIgnored(ConfigurableApplicationContext demo) {
		List<Integer> statuses = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			statuses.add(get(demo, "192.0.2." + i).statusCode());
		}

		assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
		assertThat(zcard("127.0.0.1")).isEqualTo(3L);
		for (int i = 1; i <= 5; i++) {
			assertThat(redis.server().command("EXISTS", addressKey("192.0.2." + i))).as("key of 192.0.2.%d", i)
				.isEqualTo(0L);
		}
		assertThat(keys()).containsExactly(addressKey("127.0.0.1"));
	}

	private static ConfigurableApplicationContext start(String... properties) {
		List<String> settings = new ArrayList<>(List.of("ratelimiter.client-id.when-missing=remote-address",
				"ratelimiter.failure-mode=closed", "ratelimiter.timeout=5s"));
		settings.addAll(List.of(properties));
		return DemoInstances.start(redis.server(), settings.toArray(String[]::new));
	}

	/** Sends {@code GET /api/hello} without a client id and with the given X-Forwarded-For value. */
	private HttpResponse<String> get(ConfigurableApplicationContext demo, String forwardedFor) {
		int port = demo.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/hello"))
			.timeout(Duration.ofSeconds(10))
			.header("X-Forwarded-For", forwardedFor)
			.GET()
			.build();
		try {
			return this.httpClient.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("GET /api/hello failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while sending GET /api/hello", ex);
		}
	}

	private static String addressKey(String address) {
		return keyBuilder.key("hello", ClientId.ofAddress(address));
	}

	private static Object zcard(String address) {
		return redis.server().command("ZCARD", addressKey(address));
	}

	@SuppressWarnings("unchecked")
	private static List<Object> keys() {
		return (List<Object>) redis.server().command("KEYS", "ratelimiter:*");
	}

}
