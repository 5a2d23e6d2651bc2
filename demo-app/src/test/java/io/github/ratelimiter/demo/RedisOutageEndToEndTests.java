package io.github.ratelimiter.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.ratelimiter.core.RateLimitDecision.Outcome;
import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.redis.RedisStandaloneTestServer;
import io.github.ratelimiter.test.web.LogExcerpt;
import io.github.ratelimiter.test.web.RecordingRateLimitListener;
import io.github.ratelimiter.test.web.RecordingRateLimitListener.RecordedDecision;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the demo application over HTTP while its Redis stalls with {@code CLIENT PAUSE}: the pause
 * keeps connections open and replies to nothing, the way an overloaded or hung Redis does. Every limited
 * request must still end within the rate limiter's deadline and follow the failure mode, unlimited
 * requests must stay fast, and the first request after the pause must be decided by Redis again.
 *
 * <p>
 * The application runs with 20 request threads and Lettuce's default command timeout of 60 seconds,
 * so only the rate limiter's own deadline of 100 ms keeps threads free. Durations are checked with
 * margins for a busy two-core machine: the decision itself within the deadline plus 100 ms, measured by a
 * listener in the server, and the response within two deadlines plus a second at the client, because 40
 * requests on 20 threads take two rounds.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisOutageEndToEndTests {

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redis = RedisServerExtension.standalone();

	private static final Duration TIMEOUT = Duration.ofMillis(100);

	private static final Duration PAUSE = Duration.ofSeconds(5);

	private static final int REQUEST_THREADS = 20;

	private static final int CONCURRENT_REQUESTS = 40;

	// The target is the deadline plus 50 ms. Forty request threads that wake at the deadline on two busy
	// cores can take longer to be scheduled, so the check allows twice that margin.
	private static final Duration DECISION_BOUND = TIMEOUT.plusMillis(100);

	private static final Duration LIMITED_RESPONSE_BOUND = DECISION_BOUND.multipliedBy(2).plusSeconds(1);

	private static final Duration UNLIMITED_RESPONSE_BOUND = Duration.ofSeconds(1);

	private static final Pattern EVAL_CALLS = Pattern.compile("cmdstat_eval(?:sha)?:calls=(\\d+)");

	private ConfigurableApplicationContext application;

	private DemoHttpClient client;

	private ExecutorService executor;

	@BeforeEach
	void createExecutor() {
		this.executor = Executors.newFixedThreadPool(2 * CONCURRENT_REQUESTS);
	}

	@AfterEach
	void stopApplication() {
		this.executor.shutdownNow();
		if (this.application != null) {
			this.application.close();
		}
	}

	@Test
	void openModeAdmitsWithinDeadlineWhilePaused(CapturedOutput output) throws Exception {
		start("open");
		warmUp();
		long evalCallsBefore = evalCalls();
		LogExcerpt log = LogExcerpt.from(output);
		long pauseEnd = pause();

		List<TimedResponse> limited = new ArrayList<>();
		List<TimedResponse> unlimited = new ArrayList<>();
		sendConcurrently("paused-open", limited, unlimited);

		for (TimedResponse response : limited) {
			assertThat(response.status()).as("status of %s", response).isEqualTo(200);
			assertThat(response.rateLimitHeaders()).as("rate limit headers of %s", response).isEmpty();
			assertThat(response.elapsed()).as("client time of %s", response).isLessThan(LIMITED_RESPONSE_BOUND);
		}
		assertUnlimitedStayFast(unlimited);
		assertDecisions(Outcome.FAILED_OPEN, CONCURRENT_REQUESTS);
		assertThat(log.warnings()).singleElement().asString().contains(LogExcerpt.OUTAGE_STARTED);
		long healthStart = System.nanoTime();
		HttpResponse<String> pausedHealth = this.client.get("/actuator/health/ratelimiter", null);
		assertThat(Duration.ofNanos(System.nanoTime() - healthStart)).as("time of the health check")
			.isLessThan(UNLIMITED_RESPONSE_BOUND);
		assertThat(pausedHealth.statusCode()).isEqualTo(503);
		assertThat(pausedHealth.body()).contains("\"status\":\"DOWN\"");

		// More requests than threads while Redis is still paused: only one at a time may wait on Redis.
		sendLimited("paused-open", 4 * CONCURRENT_REQUESTS, REQUEST_THREADS);
		awaitEnd(pauseEnd);

		RecordingRateLimitListener listener = listener();
		listener.clear();
		HttpResponse<String> fresh = this.client.get("/api/hello", "fresh-" + UUID.randomUUID());
		assertThat(fresh.statusCode()).isEqualTo(200);
		assertThat(fresh.headers().firstValue("RateLimit")).hasValueSatisfying(
				(usage) -> assertThat(usage).startsWith("\"hello\";r=2;"));
		assertThat(listener.decisionsOf("hello")).singleElement().satisfies((recorded) -> {
			assertThat(recorded.decision().outcome()).isEqualTo(Outcome.ALLOWED);
			assertThat(recorded.duration()).isLessThan(TIMEOUT);
		});
		assertThat(log.linesContaining(LogExcerpt.OUTAGE_ENDED)).hasSize(1);
		assertThat(log.warnings()).hasSize(1);
		assertThat(this.client.get("/actuator/health/ratelimiter", null).statusCode()).isEqualTo(200);
		// 200 limited requests, but Redis got at most the first round of 20 plus one probe per deadline of
		// the pause, and the request above: the rest never left the application.
		long maxCommands = REQUEST_THREADS + PAUSE.dividedBy(TIMEOUT) + 1;
		assertThat(evalCalls() - evalCallsBefore).isLessThanOrEqualTo(maxCommands);
	}

	@Test
	void closedModeRejectsWith503WhilePaused(CapturedOutput output) throws Exception {
		start("closed");
		warmUp();
		LogExcerpt log = LogExcerpt.from(output);
		long pauseEnd = pause();

		List<TimedResponse> limited = new ArrayList<>();
		List<TimedResponse> unlimited = new ArrayList<>();
		sendConcurrently("paused-closed", limited, unlimited);

		for (TimedResponse response : limited) {
			assertThat(response.status()).as("status of %s", response).isEqualTo(503);
			assertThat(response.contentType()).as("content type of %s", response).isEqualTo("application/problem+json");
			assertThat(response.body()).as("body of %s", response)
				.contains("\"status\":503")
				.contains("\"policy\":\"hello\"");
			assertThat(response.rateLimitHeaders()).as("rate limit headers of %s", response).isEmpty();
			assertThat(response.elapsed()).as("client time of %s", response).isLessThan(LIMITED_RESPONSE_BOUND);
		}
		assertUnlimitedStayFast(unlimited);
		assertDecisions(Outcome.FAILED_CLOSED, CONCURRENT_REQUESTS);
		assertThat(log.warnings()).singleElement().asString().contains(LogExcerpt.OUTAGE_STARTED);

		awaitEnd(pauseEnd);
		assertThat(this.client.get("/api/hello", "fresh-" + UUID.randomUUID()).statusCode()).isEqualTo(200);
		assertThat(log.linesContaining(LogExcerpt.OUTAGE_ENDED)).hasSize(1);
	}

	@Test
	void localModeLimitsPerInstanceWhilePaused(CapturedOutput output) throws Exception {
		start("local");
		warmUp();
		LogExcerpt log = LogExcerpt.from(output);
		long pauseEnd = pause();

		List<TimedResponse> limited = new ArrayList<>();
		List<TimedResponse> unlimited = new ArrayList<>();
		sendConcurrently("paused-local", limited, unlimited);

		assertThat(limited).filteredOn((response) -> response.status() == 200).hasSize(3);
		assertThat(limited).filteredOn((response) -> response.status() == 429).hasSize(CONCURRENT_REQUESTS - 3);
		for (TimedResponse response : limited) {
			assertThat(response.source()).as("source of %s", response).isEqualTo("local");
			assertThat(response.elapsed()).as("client time of %s", response).isLessThan(LIMITED_RESPONSE_BOUND);
		}
		assertUnlimitedStayFast(unlimited);
		assertThat(listener().outcomesOf("hello")).filteredOn(Outcome.LOCAL_ALLOWED::equals).hasSize(3);
		assertThat(listener().outcomesOf("hello")).filteredOn(Outcome.LOCAL_DENIED::equals)
			.hasSize(CONCURRENT_REQUESTS - 3);
		assertThat(log.warnings()).singleElement().asString().contains(LogExcerpt.OUTAGE_STARTED);

		awaitEnd(pauseEnd);
		HttpResponse<String> fresh = this.client.get("/api/hello", "fresh-" + UUID.randomUUID());
		assertThat(fresh.statusCode()).isEqualTo(200);
		assertThat(fresh.headers().firstValue("RateLimit-Source")).isEmpty();
		assertThat(log.linesContaining(LogExcerpt.OUTAGE_ENDED)).hasSize(1);
	}

	@Test
	void policyFailureModeOverridesGlobalMode() {
		this.application = new SpringApplicationBuilder(DemoApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--demo.redis-fallback.enabled=false",
				"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + findClosedPort(),
				"--ratelimiter.failure-mode=open", "--ratelimiter.policies.hello.failure-mode=closed");
		this.client = new DemoHttpClient(port());

		HttpResponse<String> hello = this.client.get("/api/hello", "override");
		HttpResponse<String> order = this.client.get("/api/orders/1", "override");

		assertThat(hello.statusCode()).isEqualTo(503);
		assertThat(hello.body()).contains("\"policy\":\"hello\"");
		assertThat(order.statusCode()).isEqualTo(200);
		assertThat(order.headers().firstValue("RateLimit")).isEmpty();
	}

	private void start(String failureMode) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
				"--server.tomcat.threads.max=" + REQUEST_THREADS, "--ratelimiter.timeout=" + TIMEOUT.toMillis() + "ms",
				"--ratelimiter.failure-mode=" + failureMode, "--demo.redis-fallback.enabled=false"));
		redis.server().springProperties().forEach((name, value) -> args.add("--" + name + "=" + value));
		this.application = new SpringApplicationBuilder(DemoApplication.class, RecordingRateLimitListener.class)
			.run(args.toArray(String[]::new));
		this.client = new DemoHttpClient(port());
	}

	private int port() {
		return this.application.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private RecordingRateLimitListener listener() {
		return this.application.getBean(RecordingRateLimitListener.class);
	}

	/**
	 * Opens connections, fills the thread pools and runs every code path once before the pause, then
	 * waits until Redis decides again, in case the burst missed a deadline on a busy machine.
	 */
	private void warmUp() throws Exception {
		sendConcurrently("warm-up-" + UUID.randomUUID(), new ArrayList<>(), new ArrayList<>());
		Awaitility.await("a decision of Redis after the warm-up")
			.atMost(Duration.ofSeconds(5))
			.until(() -> isDecidedByRedis(this.client.get("/api/hello", "warm-up-" + UUID.randomUUID())));
		listener().clear();
	}

	private static boolean isDecidedByRedis(HttpResponse<String> response) {
		return response.headers().firstValue("RateLimit").isPresent()
				&& response.headers().firstValue("RateLimit-Source").isEmpty();
	}

	/** Pauses Redis and returns when the pause ends, in {@link System#nanoTime()}. */
	private static long pause() {
		long end = System.nanoTime() + PAUSE.toNanos();
		redis.server().pause(PAUSE);
		return end;
	}

	private static void awaitEnd(long pauseEnd) throws InterruptedException {
		long remainingMillis = (pauseEnd - System.nanoTime()) / 1_000_000;
		// Redis ends a pause on its next event loop turn, so the wait has a margin.
		Thread.sleep(Math.max(0, remainingMillis) + 300);
	}

	/** Sends the limited and the unlimited requests at once, all released by one latch. */
	private void sendConcurrently(String clientId, List<TimedResponse> limited, List<TimedResponse> unlimited)
			throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<Future<TimedResponse>> limitedFutures = new ArrayList<>();
		List<Future<TimedResponse>> unlimitedFutures = new ArrayList<>();
		for (int i = 0; i < CONCURRENT_REQUESTS; i++) {
			limitedFutures.add(this.executor.submit(() -> send(start, "/api/hello", clientId)));
			unlimitedFutures.add(this.executor.submit(() -> send(start, "/api/public", null)));
		}
		start.countDown();
		for (Future<TimedResponse> future : limitedFutures) {
			limited.add(future.get(30, TimeUnit.SECONDS));
		}
		for (Future<TimedResponse> future : unlimitedFutures) {
			unlimited.add(future.get(30, TimeUnit.SECONDS));
		}
	}

	/** Sends limited requests with the given concurrency and waits for all of them. */
	private void sendLimited(String clientId, int count, int concurrency) throws Exception {
		ExecutorService senders = Executors.newFixedThreadPool(concurrency);
		try {
			List<Future<HttpResponse<String>>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				futures.add(senders.submit(() -> this.client.get("/api/hello", clientId)));
			}
			for (Future<HttpResponse<String>> future : futures) {
				assertThat(future.get(30, TimeUnit.SECONDS).statusCode()).isNotIn(429, 500);
			}
		}
		finally {
			senders.shutdownNow();
		}
	}

	private TimedResponse send(CountDownLatch start, String path, String clientId) throws InterruptedException {
		start.await();
		long startNanos = System.nanoTime();
		HttpResponse<String> response = this.client.get(path, clientId);
		return new TimedResponse(path, response, Duration.ofNanos(System.nanoTime() - startNanos));
	}

	private static void assertUnlimitedStayFast(List<TimedResponse> unlimited) {
		for (TimedResponse response : unlimited) {
			assertThat(response.status()).as("status of %s", response).isEqualTo(200);
			assertThat(response.elapsed()).as("client time of %s", response).isLessThan(UNLIMITED_RESPONSE_BOUND);
		}
	}

	private void assertDecisions(Outcome outcome, int count) {
		List<RecordedDecision> decisions = listener().decisionsOf("hello");
		assertThat(decisions).hasSize(count);
		for (RecordedDecision recorded : decisions) {
			assertThat(recorded.decision().outcome()).as("outcome of %s", recorded).isEqualTo(outcome);
			assertThat(recorded.duration()).as("server time of %s", recorded).isLessThanOrEqualTo(DECISION_BOUND);
		}
	}

	private static long evalCalls() {
		Matcher matcher = EVAL_CALLS.matcher(String.valueOf(redis.server().command("INFO", "commandstats")));
		long calls = 0;
		while (matcher.find()) {
			calls += Long.parseLong(matcher.group(1));
		}
		return calls;
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

	/** Response of one request with the time the client waited for it. */
	private record TimedResponse(String path, HttpResponse<String> response, Duration elapsed) {

		int status() {
			return this.response.statusCode();
		}

		String body() {
			return this.response.body();
		}

		String contentType() {
			return this.response.headers().firstValue("Content-Type").orElse(null);
		}

		String source() {
			return this.response.headers().firstValue("RateLimit-Source").orElse(null);
		}

		List<String> rateLimitHeaders() {
			return this.response.headers()
				.map()
				.keySet()
				.stream()
				.filter((name) -> name.equalsIgnoreCase("RateLimit") || name.equalsIgnoreCase("RateLimit-Policy")
						|| name.equalsIgnoreCase("Retry-After"))
				.toList();
		}

		@Override
		public String toString() {
			return "GET " + this.path + " (" + this.response.statusCode() + " after " + this.elapsed.toMillis() + " ms)";
		}

	}

}
