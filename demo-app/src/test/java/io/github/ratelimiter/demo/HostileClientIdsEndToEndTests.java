package io.github.ratelimiter.demo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.RateLimitKeyBuilder;
import io.github.ratelimiter.demo.RawHttpClient.RawResponse;
import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.redis.RedisStandaloneTestServer;
import io.github.ratelimiter.test.web.PrintableIds;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends hostile client ids to the demo application against a real Redis. Each id is sent as raw bytes
 * over a socket, because Java's HTTP client rejects control characters and bytes outside ISO-8859-1 in
 * header values, and records what Tomcat and the starter do with it.
 */
class HostileClientIdsEndToEndTests {

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redis = RedisServerExtension.standalone();

	private static final String PREFIX = "ratelimiter";

	private static final RateLimitKeyBuilder keyBuilder = new RateLimitKeyBuilder(PREFIX);

	/** Bound on every key that the README documents: the prefix length plus 90. */
	private static final int MAX_KEY_LENGTH = PREFIX.length() + 90;

	private static ConfigurableApplicationContext demo;

	private static RawHttpClient client;

	@BeforeAll
	static void startDemo() {
		// The override is written in decomposed form (NFD); requests spell the id either way.
		demo = DemoInstances.start(redis.server(), "ratelimiter.timeout=5s", "ratelimiter.failure-mode=closed",
				"ratelimiter.policies.hello.clients[nai\u0308ve].limit=7");
		client = new RawHttpClient(demo.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
	}

	@AfterAll
	static void stopDemo() {
		demo.close();
	}

	@BeforeEach
	void flushRedis() {
		redis.server().flushAll();
	}

	/** Ids that the starter accepts: each gets its own window of the hello policy, limit 3. */
	static List<String> acceptedIds() {
		return List.of("x".repeat(128), "{}", "}{", "{victim}", "a:b:c", "a b", "a\tb", "*", "?", "../..",
				"ratelimiter:hello:{x}", keyBuilder.key("hello", ClientId.of("victim")), "127.0.0.1", "::1",
				"2001:db8::1", "address:127.0.0.1", "caf\u00e9", "\ud83d\ude00", "\u202eevil", "\u00ff\u0080");
	}

	@Test
	void acceptedIdsGetTheirOwnBoundedKey() {
		Set<String> metersBefore = rateLimiterMeters();

		for (String id : acceptedIds()) {
			RawResponse response = get(utf8(id));

			assertThat(response.status()).as("status for id %s", PrintableIds.printable(id)).isEqualTo(200);
			assertThat(response.header("RateLimit")).as("RateLimit for id %s", PrintableIds.printable(id))
				.hasValue("\"hello\";r=2;t=10");
			assertThat(redis.server().command("ZCARD", keyBuilder.key("hello", ClientId.of(id))))
				.as("log size for id %s", PrintableIds.printable(id))
				.isEqualTo(1L);
		}

		assertEveryKeyIsBounded(acceptedIds().size());
		assertThat(rateLimiterMeters()).isEqualTo(metersBefore);
	}

	@Test
	void keyLikeIdLeavesVictimAlone() {
		String victimKey = keyBuilder.key("hello", ClientId.of("victim"));
		get(utf8("victim"));

		for (int i = 0; i < 3; i++) {
			get(utf8(victimKey));
			get(utf8("{victim}"));
		}

		assertThat(redis.server().command("ZCARD", victimKey)).isEqualTo(1L);
		assertThat(get(utf8("victim")).header("RateLimit")).hasValue("\"hello\";r=1;t=10");
	}

	@Test
	void rejectsIdOverMaxLength() {
		RawResponse atMax = get(utf8("x".repeat(128)));
		RawResponse tooLong = get(utf8("y".repeat(129)));

		assertThat(atMax.status()).isEqualTo(200);
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.header("Content-Type")).hasValue("application/problem+json");
		assertThat(tooLong.body()).contains("is 129 characters long; at most 128 are accepted");
		assertThat(tooLong.header("RateLimit")).isEmpty();
		assertThat(redis.server().command("EXISTS", keyBuilder.key("hello", ClientId.of("y".repeat(129)))))
			.isEqualTo(0L);
		assertThat(redis.server().command("DBSIZE")).isEqualTo(1L);
	}

	@Test
	void spellingsOfOneIdShareOneWindow() {
		RawResponse composed = get(utf8("caf\u00e9"));
		RawResponse decomposed = get(utf8("cafe\u0301"));
		RawResponse latin1 = get("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));

		assertThat(composed.header("RateLimit")).hasValue("\"hello\";r=2;t=10");
		assertThat(decomposed.header("RateLimit")).hasValue("\"hello\";r=1;t=10");
		assertThat(latin1.header("RateLimit")).hasValue("\"hello\";r=0;t=10");
		assertThat(redis.server().command("DBSIZE")).isEqualTo(1L);
	}

	@Test
	void overrideMatchesComposedAndDecomposedSpellings() {
		RawResponse composed = get(utf8("na\u00efve"));
		RawResponse decomposed = get(utf8("nai\u0308ve"));

		assertThat(composed.header("RateLimit-Policy")).hasValue("\"hello\";q=7;w=10");
		assertThat(composed.header("RateLimit")).hasValue("\"hello\";r=6;t=10");
		assertThat(decomposed.header("RateLimit-Policy")).hasValue("\"hello\";q=7;w=10");
		assertThat(decomposed.header("RateLimit")).hasValue("\"hello\";r=5;t=10");
	}

	@Test
	void tomcatTrimsAndUnfoldsIds() {
		RawResponse padded = get(utf8("  padded  "));
		RawResponse plain = get(utf8("padded"));
		RawResponse folded = get(utf8("q\r\n r"));
		RawResponse unfolded = get(utf8("q r"));

		assertThat(padded.header("RateLimit")).hasValue("\"hello\";r=2;t=10");
		assertThat(plain.header("RateLimit")).hasValue("\"hello\";r=1;t=10");
		assertThat(folded.header("RateLimit")).hasValue("\"hello\";r=2;t=10");
		assertThat(unfolded.header("RateLimit")).hasValue("\"hello\";r=1;t=10");
	}

	@Test
	void emptyOrBlankIdIsRejectedByStarter() {
		for (String id : List.of("", "   ", "\t")) {
			RawResponse response = get(utf8(id));

			assertThat(response.status()).as("status for id %s", PrintableIds.printable(id)).isEqualTo(400);
			assertThat(response.body()).as("body for id %s", PrintableIds.printable(id)).contains("Missing client id");
		}
		assertThat(redis.server().command("DBSIZE")).isEqualTo(0L);
	}

	@Test
	void controlCharactersAreRejectedByTomcat() {
		for (String id : List.of("a\u0000b", "a\u0001b", "a\u001bb", "a\u007fb", "a\rb")) {
			RawResponse response = get(id.getBytes(StandardCharsets.ISO_8859_1));

			assertThat(response.status()).as("status for id %s", PrintableIds.printable(id)).isEqualTo(400);
			assertThat(response.header("RateLimit")).as("RateLimit for id %s", PrintableIds.printable(id)).isEmpty();
			assertThat(response.body()).as("body for id %s", PrintableIds.printable(id)).doesNotContain("urn:ratelimiter");
		}
		assertThat(redis.server().command("DBSIZE")).isEqualTo(0L);
	}

	@Test
	void tomcatRejectsOversizedHeader() {
		RawResponse response = get(utf8("x".repeat(9000)));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("RateLimit")).isEmpty();
		assertThat(redis.server().command("DBSIZE")).isEqualTo(0L);
	}

	@Test
	void firstOfTwoIdHeadersIsUsed() {
		RawResponse response = client.send("GET /api/hello HTTP/1.1",
				List.of(utf8("X-Client-Id: first"), utf8("X-Client-Id: second")));

		assertThat(response.header("RateLimit")).hasValue("\"hello\";r=2;t=10");
		assertThat(redis.server().command("ZCARD", keyBuilder.key("hello", ClientId.of("first")))).isEqualTo(1L);
		assertThat(redis.server().command("DBSIZE")).isEqualTo(1L);
	}

	private static RawResponse get(byte[] clientId) {
		return client.send("GET /api/hello HTTP/1.1", "X-Client-Id", clientId);
	}

	private static void assertEveryKeyIsBounded(int expectedKeys) {
		List<?> keys = (List<?>) redis.server().command("KEYS", "*");
		assertThat(keys).hasSize(expectedKeys);
		for (Object key : keys) {
			assertThat((String) key).as("key %s", key).startsWith(PREFIX + ":hello:{").endsWith("}");
			assertThat(((String) key).length()).as("length of key %s", key).isLessThanOrEqualTo(MAX_KEY_LENGTH);
		}
	}

	/** Returns the ids of the starter's meters, which must not grow with the ids clients send. */
	private static Set<String> rateLimiterMeters() {
		Set<String> meters = new TreeSet<>();
		for (Meter meter : demo.getBean(MeterRegistry.class).getMeters()) {
			if (meter.getId().getName().startsWith("ratelimiter.")) {
				meters.add(meter.getId().toString());
			}
		}
		return meters;
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
