package io.github.ratelimiter.test.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * Nodes of one Redis test server, their temporary directory and the client that sends them commands.
 *
 * <p>
 * Commands go only to ports of nodes in this group, so a test can never reach a Redis that it did not start.
 * Closing the group stops every node, shuts the client down and deletes the directory. The group registers itself
 * with the JVM shutdown hook until it is closed.
 */
final class RedisNodeGroup implements AutoCloseable {

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

	private final String description;

	private final Path directory;

	private final List<RedisNode> nodes = new CopyOnWriteArrayList<>();

	private final RedisNodeClient client;

	private volatile boolean closed;

	RedisNodeGroup(String description) {
		this.description = description;
		this.directory = RedisLeftoverCleaner.createServerDirectory();
		this.client = new RedisNodeClient(COMMAND_TIMEOUT);
		RedisShutdownHook.register(this);
	}

	/** Starts a {@code redis-server} process in this group's directory. */
	RedisServerProcess startProcess(Path binary, String name, RedisServerProcess.Mode mode,
			List<String> extraConfiguration, IntSupplier portFinder) {
		RedisServerProcess process = RedisServerProcess.startOnFreePort(binary, name, this.directory, mode,
				extraConfiguration, portFinder);
		this.nodes.add(process);
		return process;
	}

	/** Adds a node that was started elsewhere, so that it is closed with the group. */
	<N extends RedisNode> N add(N node) {
		this.nodes.add(node);
		return node;
	}

	/**
	 * Sends a command to the node on {@code port} and returns its reply.
	 * @throws IllegalArgumentException if no node of this group has that port
	 */
	Object execute(int port, String... command) {
		requireOwnPort(port);
		return this.client.execute(port, command);
	}

	/** Pauses all clients of the node on {@code port} with {@code CLIENT PAUSE <ms> ALL}. */
	void pause(int port, Duration duration) {
		long millis = duration.toMillis();
		if (millis <= 0) {
			throw new IllegalArgumentException("Pause duration must be at least 1 ms but was " + duration);
		}
		execute(port, "CLIENT", "PAUSE", Long.toString(millis), "ALL");
	}

	boolean hasPort(int port) {
		return this.nodes.stream().anyMatch((node) -> node.port() == port);
	}

	List<Integer> ports() {
		return this.nodes.stream().map(RedisNode::port).toList();
	}

	Path directory() {
		return this.directory;
	}

	/** Returns the log tails of all nodes, for error messages. */
	String logTails() {
		StringBuilder tails = new StringBuilder();
		for (RedisNode node : this.nodes) {
			tails.append(node.logTail());
		}
		return tails.toString();
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		List<RuntimeException> failures = new ArrayList<>();
		List<RedisNode> reversed = new ArrayList<>(this.nodes);
		Collections.reverse(reversed);
		for (RedisNode node : reversed) {
			closeQuietly(node::close, failures);
		}
		closeQuietly(() -> RedisLeftoverCleaner.deleteRecursively(this.directory), failures);
		closeQuietly(this.client::close, failures);
		RedisShutdownHook.unregister(this);
		if (!failures.isEmpty()) {
			IllegalStateException failure = new IllegalStateException("Failed to stop " + this.description
					+ " cleanly: check for leftover redis-server processes and " + this.directory);
			failures.forEach(failure::addSuppressed);
			throw failure;
		}
	}

	/** Closes the group after a failed start, recording a failure to close on the start failure. */
	void closeAfterFailure(Throwable startFailure) {
		try {
			close();
		}
		catch (RuntimeException ex) {
			startFailure.addSuppressed(ex);
		}
	}

	@Override
	public String toString() {
		return this.description + " " + ports();
	}

	private void requireOwnPort(int port) {
		if (!hasPort(port)) {
			throw new IllegalArgumentException("Port " + port + " is not a node of " + this
					+ ": send commands only to ports of this test server");
		}
	}

	private static void closeQuietly(Runnable action, List<RuntimeException> failures) {
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			failures.add(ex);
		}
	}

}
