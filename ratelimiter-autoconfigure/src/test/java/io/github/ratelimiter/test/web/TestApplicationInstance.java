package io.github.ratelimiter.test.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Running {@link RateLimitedTestApplication} with an HTTP client for it. Closing the instance stops the
 * application.
 */
public final class TestApplicationInstance implements AutoCloseable {

	/** Header that carries the client id. */
	public static final String CLIENT_ID_HEADER = "X-Client-Id";

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	private final ConfigurableApplicationContext context;

	private final HttpClient httpClient = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final int port;

	TestApplicationInstance(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	/** Returns the application context. */
	public ConfigurableApplicationContext context() {
		return this.context;
	}

	/** Returns the listener that records every decision. */
	public RecordingRateLimitListener listener() {
		return this.context.getBean(RecordingRateLimitListener.class);
	}

	/** Sends {@code GET path} with the client id header, or without it when the id is {@code null}. */
	public HttpResponse<String> get(String path, String clientId) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.GET();
		if (clientId != null) {
			request.header(CLIENT_ID_HEADER, clientId);
		}
		try {
			return this.httpClient.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Request GET " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while sending GET " + path, ex);
		}
	}

	/** Sends {@code count} requests for the client, one after the other, and returns the responses. */
	public List<HttpResponse<String>> getRepeatedly(String path, String clientId, int count) {
		List<HttpResponse<String>> responses = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			responses.add(get(path, clientId));
		}
		return responses;
	}

	/**
	 * Sends {@code limit + 1} requests for a fresh client at a time until one client gets {@code limit}
	 * admissions that Redis counted down to {@code r=0} and then a 429, as after any recovery.
	 * @param path path of an endpoint whose policy admits {@code limit} requests per window
	 * @param limit the policy's limit
	 * @param deadline how long to keep trying
	 * @return the statuses of every attempt, the exact one last
	 * @throws AssertionError when no client gets exact decisions before the deadline, with every attempt
	 */
	public List<List<Integer>> awaitExactDecisions(String path, int limit, Duration deadline) {
		return awaitExactDecisions(path, limit, deadline, () -> "fresh-" + UUID.randomUUID());
	}

	/**
	 * Works like {@link #awaitExactDecisions(String, int, Duration)} with client ids from the supplier.
	 * @param path path of an endpoint whose policy admits {@code limit} requests per window
	 * @param limit the policy's limit
	 * @param deadline how long to keep trying
	 * @param freshClientIds returns an id that no request used before on each call
	 * @return the statuses of every attempt, the exact one last
	 */
	public List<List<Integer>> awaitExactDecisions(String path, int limit, Duration deadline,
			Supplier<String> freshClientIds) {
		long end = System.nanoTime() + deadline.toNanos();
		List<List<Integer>> attempts = new ArrayList<>();
		while (true) {
			List<HttpResponse<String>> responses = getRepeatedly(path, freshClientIds.get(), limit + 1);
			attempts.add(responses.stream().map(HttpResponse::statusCode).toList());
			if (isExact(responses, limit)) {
				return attempts;
			}
			if (System.nanoTime() - end >= 0) {
				throw new AssertionError("No fresh client got " + limit + " admissions counted by the store and a 429 "
						+ "within " + deadline.toMillis() + " ms; statuses of each attempt: " + attempts);
			}
			sleep(POLL_INTERVAL);
		}
	}

	private static boolean isExact(List<HttpResponse<String>> responses, int limit) {
		for (int i = 0; i < limit; i++) {
			HttpResponse<String> response = responses.get(i);
			String usage = response.headers().firstValue("RateLimit").orElse("");
			if (response.statusCode() != 200 || !usage.contains(";r=" + (limit - 1 - i) + ";")) {
				return false;
			}
		}
		return responses.get(limit).statusCode() == 429;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for exact decisions", ex);
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

}
