package io.github.ratelimiter.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends requests to a demo application on 127.0.0.1.
 */
final class DemoHttpClient {

	static final String CLIENT_ID_HEADER = "X-Client-Id";

	private final HttpClient httpClient = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final int port;

	DemoHttpClient(int port) {
		this.port = port;
	}

	/** Sends {@code GET path} with the client id header, or without it when the id is {@code null}. */
	HttpResponse<String> get(String path, String clientId) {
		return send("GET", path, clientId);
	}

	/** Sends a request with an empty body and the client id header, or without it when the id is {@code null}. */
	HttpResponse<String> send(String method, String path, String clientId) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (clientId != null) {
			request.header(CLIENT_ID_HEADER, clientId);
		}
		try {
			return this.httpClient.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Request " + method + " " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while sending " + method + " " + path, ex);
		}
	}

}
