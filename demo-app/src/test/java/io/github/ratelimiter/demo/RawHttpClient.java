package io.github.ratelimiter.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Sends requests to 127.0.0.1 as raw bytes over a socket, so that neither the path nor a header value is
 * normalized, encoded or rejected by an HTTP client before the server receives it.
 */
final class RawHttpClient {

	private static final int TIMEOUT_MILLIS = 10_000;

	private final int port;

	RawHttpClient(int port) {
		this.port = port;
	}

	/**
	 * Sends one request line and the given header lines, and closes the connection after the response.
	 * @param requestLine such as {@code GET /api/orders/1 HTTP/1.1}
	 * @param headerLines header lines as bytes, each without the line end, such as {@code X-Client-Id: a}
	 * @return the response, or a response with status 0 when the server closed the connection without one
	 */
	RawResponse send(String requestLine, List<byte[]> headerLines) {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes((requestLine + "\r\nHost: 127.0.0.1:" + this.port + "\r\nConnection: close\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		for (byte[] line : headerLines) {
			request.writeBytes(line);
			request.writeBytes(new byte[] { '\r', '\n' });
		}
		request.writeBytes(new byte[] { '\r', '\n' });
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), TIMEOUT_MILLIS);
			socket.setSoTimeout(TIMEOUT_MILLIS);
			OutputStream output = socket.getOutputStream();
			output.write(request.toByteArray());
			output.flush();
			return RawResponse.parse(readAll(socket.getInputStream()), requestLine);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Request '" + requestLine + "' to 127.0.0.1:" + this.port + " failed", ex);
		}
	}

	/** Sends a request with one header whose value is given as raw bytes. */
	RawResponse send(String requestLine, String headerName, byte[] headerValue) {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		line.writeBytes((headerName + ": ").getBytes(StandardCharsets.US_ASCII));
		line.writeBytes(headerValue);
		return send(requestLine, List.of(line.toByteArray()));
	}

	private static byte[] readAll(InputStream input) throws IOException {
		ByteArrayOutputStream response = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			int read;
			while ((read = input.read(buffer)) != -1) {
				response.write(buffer, 0, read);
			}
		}
		catch (SocketTimeoutException ex) {
			if (response.size() == 0) {
				throw ex;
			}
		}
		return response.toByteArray();
	}

	/**
	 * Status, headers and body of a raw response.
	 *
	 * @param status status code, or 0 when the server sent nothing
	 * @param headers header lines as {@code name: value}
	 * @param body body as text, decoded as UTF-8
	 */
	record RawResponse(int status, List<String> headers, String body) {

		static RawResponse parse(byte[] bytes, String requestLine) {
			String text = new String(bytes, StandardCharsets.ISO_8859_1);
			if (text.isEmpty()) {
				return new RawResponse(0, List.of(), "");
			}
			int headerEnd = text.indexOf("\r\n\r\n");
			String head = (headerEnd >= 0) ? text.substring(0, headerEnd) : text;
			String[] lines = head.split("\r\n");
			if (!lines[0].startsWith("HTTP/1.1 ")) {
				throw new IllegalStateException("Response to '" + requestLine + "' has no status line: " + lines[0]);
			}
			int status = Integer.parseInt(lines[0].substring(9, 12));
			List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
			String body = (headerEnd >= 0) ? new String(bytes, headerEnd + 4, bytes.length - headerEnd - 4,
					StandardCharsets.UTF_8) : "";
			return new RawResponse(status, headers, body);
		}

		/** Returns the value of the first header with the name, ignoring case. */
		Optional<String> header(String name) {
			String prefix = name.toLowerCase(Locale.ROOT) + ":";
			return this.headers.stream()
				.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
				.map((line) -> line.substring(prefix.length()).trim())
				.findFirst();
		}

	}

}
