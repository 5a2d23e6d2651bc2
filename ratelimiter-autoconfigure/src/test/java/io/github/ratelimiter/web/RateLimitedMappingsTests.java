package io.github.ratelimiter.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.RateLimit;
import io.github.ratelimiter.core.RateLimitKeyBuilder;
import io.github.ratelimiter.core.RateLimitStore;
import io.github.ratelimiter.redis.RateLimitScripts;
import io.github.ratelimiter.redis.RedisRateLimitStore;
import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.redis.RedisStandaloneTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives a small application on 127.0.0.1 against a real Redis to check which handler methods share
 * a policy's window and that a rejected client id never reaches the store.
 */
class RateLimitedMappingsTests {

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redis = RedisServerExtension.standalone();

	private static ConfigurableApplicationContext context;

	private static HttpClient httpClient;

	private static int port;

	@BeforeAll
	static void startApplication() {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
				"--ratelimiter.timeout=5s", "--ratelimiter.failure-mode=closed", "--ratelimiter.policies.p.limit=2",
				"--ratelimiter.policies.p.window=60s", "--ratelimiter.policies.shared.limit=2",
				"--ratelimiter.policies.shared.window=60s", "--ratelimiter.policies.own.limit=5",
				"--ratelimiter.policies.own.window=60s"));
		redis.server().springProperties().forEach((name, value) -> args.add("--" + name + "=" + value));
		context = SpringApplication.run(MappingsApplication.class, args.toArray(String[]::new));
		port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
	}

	@AfterAll
	static void stopApplication() {
		context.close();
	}

	@BeforeEach
	void resetRedisAndStore() {
		redis.server().flushAll();
		context.getBean(CountingStore.class).calls.set(0);
	}

	@Test
	void pathsOfOneHandlerMethodShareItsWindow() {
		HttpResponse<String> first = get("/a", "alice");
		HttpResponse<String> second = get("/b", "alice");
		HttpResponse<String> third = get("/a", "alice");

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("RateLimit")).hasValue("\"p\";r=1;t=60");
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(second.headers().firstValue("RateLimit")).hasValue("\"p\";r=0;t=60");
		assertThat(third.statusCode()).isEqualTo(429);
		assertThat(redis.server().command("ZCARD", key("p", "alice"))).isEqualTo(2L);
	}

	@Test
	void classAnnotationCoversEveryHandlerMethod() {
		HttpResponse<String> first = get("/class/first", "bob");
		HttpResponse<String> second = get("/class/second", "bob");
		HttpResponse<String> third = get("/class/first", "bob");

		assertThat(first.headers().firstValue("RateLimit")).hasValue("\"shared\";r=1;t=60");
		assertThat(second.headers().firstValue("RateLimit")).hasValue("\"shared\";r=0;t=60");
		assertThat(third.statusCode()).isEqualTo(429);
	}

	@Test
	void methodAnnotationWinsOverClassAnnotation() {
		get("/class/first", "carol");
		get("/class/second", "carol");

		HttpResponse<String> own = get("/class/own", "carol");

		assertThat(own.statusCode()).isEqualTo(200);
		assertThat(own.headers().firstValue("RateLimit-Policy")).hasValue("\"own\";q=5;w=60");
		assertThat(own.headers().firstValue("RateLimit")).hasValue("\"own\";r=4;t=60");
	}

	@Test
	void tooLongClientIdNeverReachesTheStore() {
		String tooLong = "x".repeat(129);

		HttpResponse<String> rejected = get("/a", tooLong);
		HttpResponse<String> accepted = get("/a", "x".repeat(128));

		assertThat(rejected.statusCode()).isEqualTo(400);
		assertThat(rejected.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(rejected.body()).contains("\"header\":\"X-Client-Id\"")
			.contains("is 129 characters long; at most 128 are accepted");
		assertThat(rejected.headers().firstValue("RateLimit")).isEmpty();
		assertThat(accepted.statusCode()).isEqualTo(200);
		assertThat(context.getBean(CountingStore.class).calls).hasValue(1);
		assertThat(redis.server().command("EXISTS", key("p", tooLong))).isEqualTo(0L);
		assertThat(redis.server().command("DBSIZE")).isEqualTo(1L);
	}

	private HttpResponse<String> get(String path, String clientId) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.header("X-Client-Id", clientId)
			.GET()
			.build();
		try {
			return httpClient.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("GET " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while sending GET " + path, ex);
		}
	}

	private static String key(String policy, String clientId) {
		return context.getBean(RateLimitKeyBuilder.class).key(policy, ClientId.of(clientId));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ MultiPathController.class, ClassLevelController.class })
	static class MappingsApplication {

		@Bean
		CountingStore countingStore(ReactiveRedisConnectionFactory connectionFactory) {
			return new CountingStore(
					new RedisRateLimitStore(connectionFactory, RateLimitScripts.slidingWindow(), Duration.ofSeconds(5)));
		}

	}

	@RestController
	static class MultiPathController {

		@GetMapping({ "/a", "/b" })
		@RateLimited("p")
		String ab() {
			return "ab";
		}

	}

	@RestController
	@RateLimited("shared")
	static class ClassLevelController {

		@GetMapping("/class/first")
		String first() {
			return "first";
		}

		@GetMapping("/class/second")
		String second() {
			return "second";
		}

		@GetMapping("/class/own")
		@RateLimited("own")
		String own() {
			return "own";
		}

	}

	/** Redis store that counts the decisions it is asked for. */
	static final class CountingStore implements RateLimitStore {

		final AtomicInteger calls = new AtomicInteger();

		private final RateLimitStore delegate;

		CountingStore(RateLimitStore delegate) {
			this.delegate = delegate;
		}

		@Override
		public StoreDecision tryAcquire(String key, RateLimit limit, int cost) {
			this.calls.incrementAndGet();
			return this.delegate.tryAcquire(key, limit, cost);
		}

		@Override
		public StoreDecision peek(String key, RateLimit limit) {
			this.calls.incrementAndGet();
			return this.delegate.peek(key, limit);
		}

		@Override
		public String name() {
			return this.delegate.name();
		}

	}

}
