package io.github.ratelimiter.test.redis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * Readiness probe that sends {@code INFO server} over a plain socket and reads the server's process id.
 *
 * <p>
 * The process id proves that the server on the port is the one just started, not another Redis that took the port
 * first. A plain socket keeps the probe cheap, because it runs every few milliseconds while a server starts.
 */
final class RedisServerProbe {

	private static final int CONNECT_TIMEOUT_MILLIS = 500;

	private static final int READ_TIMEOUT_MILLIS = 1000;

	private static final String PROCESS_ID_FIELD = "process_id:";

	private RedisServerProbe() {
	}

	/**
	 * Returns the process id that the server on {@code 127.0.0.1:port} reports, or an empty optional when the server
	 * does not accept connections or replies with an error, such as {@code -LOADING}.
	 */
	static OptionalLong processId(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(LoopbackPorts.LOOPBACK_ADDRESS, port), CONNECT_TIMEOUT_MILLIS);
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			OutputStream output = socket.getOutputStream();
			output.write("INFO server\r\n".getBytes(StandardCharsets.US_ASCII));
			output.flush();
			return parseProcessId(readBulkString(socket.getInputStream()));
		}
		catch (IOException ex) {
			return OptionalLong.empty();
		}
	}

	private static String readBulkString(InputStream input) throws IOException {
		String header = readLine(input);
		if (!header.startsWith("$")) {
			return "";
		}
		int length = Integer.parseInt(header.substring(1));
		byte[] body = input.readNBytes(Math.max(length, 0));
		return new String(body, StandardCharsets.UTF_8);
	}

	private static String readLine(InputStream input) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int current;
		while ((current = input.read()) != -1 && current != '\n') {
			if (current != '\r') {
				line.write(current);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	private static OptionalLong parseProcessId(String info) {
		for (String line : info.split("\r?\n")) {
			if (line.startsWith(PROCESS_ID_FIELD)) {
				return OptionalLong.of(Long.parseLong(line.substring(PROCESS_ID_FIELD.length()).trim()));
			}
		}
		return OptionalLong.empty();
	}

}
