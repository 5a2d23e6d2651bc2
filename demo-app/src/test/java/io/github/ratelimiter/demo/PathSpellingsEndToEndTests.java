package io.github.ratelimiter.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.RateLimitKeyBuilder;
import io.github.ratelimiter.demo.RawHttpClient.RawResponse;
import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.redis.RedisStandaloneTestServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends different spellings of the orders path as raw request lines, so no HTTP client tidies them, and
 * checks that every spelling that reaches the orders handler is counted in one window, whatever the
 * spelling. Keys are per policy and client and never contain the path.
 */
class PathSpellingsEndToEndTests {

	private static final Log logger = LogFactory.getLog(PathSpellingsEndToEndTests.class);

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redis = RedisServerExtension.standalone();

	private static final String CLIENT_ID = "path-client";

	private static final List<String> REQUEST_LINES = List.of("GET /api/orders/1", "GET /api/orders/2",
			"HEAD /api/orders/3", "GET /api/orders/4;x=1", "GET /api/orders/%35", "GET /api//orders/6",
			"GET /api/./orders/7", "GET /API/orders/8", "GET /api/orders/9/", "GET /api/orders/1%2F0");

	@Test
	void everyRoutedSpellingSharesOneWindow() {
		List<RawResponse> reference = sendAll("ratelimiter.enabled=false");
		redis.server().flushAll();
		List<RawResponse> limited = sendAll("ratelimiter.policies.orders.limit=3",
				"ratelimiter.policies.orders.window=60s");

		int routed = 0;
		for (int i = 0; i < REQUEST_LINES.size(); i++) {
			String line = REQUEST_LINES.get(i);
			RawResponse expected = reference.get(i);
			RawResponse actual = limited.get(i);
			logger.info(line + ": reference " + expected.status() + ", limited " + actual.status() + " "
					+ actual.header("RateLimit").orElse("(no RateLimit header)"));
			if (!reachedOrdersHandler(line, expected)) {
				assertThat(actual.status()).as("status of %s, which does not route", line).isEqualTo(expected.status());
				assertThat(actual.header("RateLimit")).as("RateLimit of %s", line).isEmpty();
				assertThat(actual.header("RateLimit-Policy")).as("RateLimit-Policy of %s", line).isEmpty();
				continue;
			}
			routed++;
			if (routed <= 3) {
				assertThat(actual.status()).as("status of %s, routed request %d", line, routed).isEqualTo(200);
				assertThat(actual.header("RateLimit")).as("RateLimit of %s", line)
					.hasValue("\"orders\";r=" + (3 - routed) + ";t=60");
			}
			else {
				assertThat(actual.status()).as("status of %s, routed request %d", line, routed).isEqualTo(429);
				// Retry-After is 60 unless more than a second passed since the first request.
				assertThat(actual.header("Retry-After")).as("Retry-After of %s", line)
					.hasValueSatisfying((value) -> assertThat(Integer.parseInt(value)).isBetween(59, 60));
			}
		}

		String key = new RateLimitKeyBuilder("ratelimiter").key("orders", ClientId.of(CLIENT_ID));
		assertThat(routed).as("spellings that reach the orders handler").isGreaterThanOrEqualTo(4);
		assertThat((List<?>) redis.server().command("KEYS", "*")).singleElement().isEqualTo(key);
		assertThat(redis.server().command("ZCARD", key)).isEqualTo(3L);
		assertThat(key).doesNotContain("/").doesNotContain("api");
	}

	/** Starts the demo with the given settings, sends every request line once, and stops the demo. */
	private static List<RawResponse> sendAll(String... settings) {
		List<RawResponse> responses = new ArrayList<>();
		try (ConfigurableApplicationContext demo = DemoInstances.start(redis.server(), settings)) {
			RawHttpClient client = new RawHttpClient(
					demo.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
			client.send("GET /api/public HTTP/1.1", List.of());
			for (String line : REQUEST_LINES) {
				responses.add(client.send(line + " HTTP/1.1",
						List.of(("X-Client-Id: " + CLIENT_ID).getBytes(StandardCharsets.US_ASCII))));
			}
		}
		return responses;
	}

	/**
	 * Returns whether the reference response came from the orders handler: a GET returns its JSON, and a
	 * HEAD that Spring MVC routes to it returns 200 without a body.
	 */
	private static boolean reachedOrdersHandler(String line, RawResponse reference) {
		if (line.startsWith("HEAD ")) {
			return reference.status() == 200;
		}
		return reference.status() == 200 && reference.body().contains("\"status\":\"shipped\"");
	}

}
