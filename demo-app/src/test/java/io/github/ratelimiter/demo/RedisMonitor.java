package io.github.ratelimiter.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records the commands that a test Redis on 127.0.0.1 runs, through {@code MONITOR} on a plain socket.
 * Commands that a script runs are reported with the source {@code lua}.
 */
final class RedisMonitor implements AutoCloseable {

	private final Socket socket;

	private final BufferedReader input;

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final Thread reader;

	private volatile boolean stopping;

	private RedisMonitor(Socket socket) throws IOException {
		this.socket = socket;
		this.input = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
		this.reader = new Thread(this::readLines, "redis-monitor");
		this.reader.setDaemon(true);
	}

	/** Connects to the Redis on the port and starts recording once it confirms {@code MONITOR}. */
	static RedisMonitor start(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
		socket.setSoTimeout(2_000);
		OutputStream output = socket.getOutputStream();
		output.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
		output.flush();
		RedisMonitor monitor = new RedisMonitor(socket);
		String confirmation = monitor.input.readLine();
		if (!"+OK".equals(confirmation)) {
			socket.close();
			throw new IllegalStateException("Redis replied to MONITOR with " + confirmation);
		}
		socket.setSoTimeout(200);
		monitor.reader.start();
		return monitor;
	}

	/** Stops recording after the commands in flight have arrived, and returns every command line. */
	List<String> stop() throws InterruptedException {
		Thread.sleep(500);
		this.stopping = true;
		this.reader.join(5_000);
		return new ArrayList<>(this.lines);
	}

	@Override
	public void close() throws IOException {
		this.stopping = true;
		this.socket.close();
	}

	private void readLines() {
		while (!this.stopping) {
			try {
				String line = this.input.readLine();
				if (line == null) {
					return;
				}
				this.lines.add(line);
			}
			catch (SocketTimeoutException ex) {
				// No command in the last 200 ms: check whether to stop.
			}
			catch (IOException ex) {
				if (!this.stopping) {
					throw new UncheckedIOException("Reading MONITOR output failed", ex);
				}
				return;
			}
		}
	}

}
