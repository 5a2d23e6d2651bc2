package io.github.ratelimiter.test.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * {@code redis-server} child process bound to 127.0.0.1, with persistence off and its own directory for the
 * configuration file, the log and, for a cluster node, the cluster configuration.
 */
final class RedisServerProcess implements RedisNode {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

	private static final int MAX_PORT_ATTEMPTS = 5;

	private static final int LOG_TAIL_LINES = 30;

	private static final String PORT_IN_USE_MESSAGE = "Address already in use";

	private final Path binary;

	private final String name;

	private final Path directory;

	private final Mode mode;

	private final List<String> extraConfiguration;

	private int port;

	private Process process;

	private RedisServerProcess(Path binary, String name, Path directory, Mode mode, List<String> extraConfiguration) {
		this.binary = binary;
		this.name = name;
		this.directory = directory;
		this.mode = mode;
		this.extraConfiguration = List.copyOf(extraConfiguration);
	}

	/**
	 * Starts a process on a port from {@code portFinder}, retrying with a new port when another process took the port
	 * between the lookup and the bind.
	 * @param binary path of the {@code redis-server} binary
	 * @param name node name used for its directory and in error messages, such as {@code "replica-1"}
	 * @param parentDirectory directory in which the node's own directory is created
	 * @param mode whether the process is a data node or a Sentinel
	 * @param extraConfiguration configuration file lines added after the common ones
	 * @param portFinder source of free ports
	 */
	static RedisServerProcess startOnFreePort(Path binary, String name, Path parentDirectory, Mode mode,
			List<String> extraConfiguration, IntSupplier portFinder) {
		Path directory = createDirectory(parentDirectory.resolve(name));
		RedisServerProcess process = new RedisServerProcess(binary, name, directory, mode, extraConfiguration);
		for (int attempt = 1;; attempt++) {
			process.port = portFinder.getAsInt();
			try {
				process.start();
				return process;
			}
			catch (PortInUseException ex) {
				if (attempt == MAX_PORT_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	String name() {
		return this.name;
	}

	Path directory() {
		return this.directory;
	}

	@Override
	public int port() {
		return this.port;
	}

	@Override
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		Path configuration = writeConfiguration();
		this.process = launch(configuration);
		RedisLeftoverCleaner.recordProcess(this.directory, this.process.pid());
		awaitReady(this.process);
	}

	@Override
	public synchronized void stop() {
		Process running = this.process;
		this.process = null;
		if (running == null) {
			return;
		}
		running.descendants().forEach(ProcessHandle::destroy);
		running.destroy();
		if (waitForExit(running)) {
			return;
		}
		running.descendants().forEach(ProcessHandle::destroyForcibly);
		running.destroyForcibly();
		if (!waitForExit(running)) {
			throw new IllegalStateException("Redis " + this + " did not exit within " + SHUTDOWN_TIMEOUT.toSeconds()
					+ " s after SIGKILL: kill process " + running.pid() + " by hand");
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	@Override
	public String logTail() {
		StringBuilder tail = new StringBuilder();
		appendTail(tail, logFile());
		appendTail(tail, consoleFile());
		return tail.toString();
	}

	@Override
	public void close() {
		stop();
	}

	@Override
	public String toString() {
		return this.name + " on " + LoopbackPorts.LOOPBACK_ADDRESS + ":" + this.port;
	}

	private Path writeConfiguration() {
		List<String> lines = new ArrayList<>();
		lines.add("bind " + LoopbackPorts.LOOPBACK_ADDRESS);
		lines.add("port " + this.port);
		lines.add("daemonize no");
		lines.add("dir " + quote(this.directory));
		lines.add("logfile " + quote(logFile()));
		if (this.mode == Mode.DATA) {
			lines.add("save \"\"");
			lines.add("appendonly no");
		}
		lines.addAll(this.extraConfiguration);
		Path configuration = this.directory.resolve((this.mode == Mode.SENTINEL) ? "sentinel.conf" : "redis.conf");
		try {
			// A Sentinel rewrites its configuration file with what it learns, so the file must be writable.
			Files.write(configuration, lines, StandardCharsets.UTF_8);
			return configuration;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to write the configuration of Redis " + this, ex);
		}
	}

	private Process launch(Path configuration) {
		List<String> command = new ArrayList<>(List.of(this.binary.toString(), configuration.toString()));
		if (this.mode == Mode.SENTINEL) {
			command.add("--sentinel");
		}
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(consoleFile().toFile()));
		try {
			return builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to run " + String.join(" ", command) + " for Redis " + this, ex);
		}
	}

	private void awaitReady(Process started) {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (started.isAlive()) {
			OptionalLong processId = RedisServerProbe.processId(this.port);
			if (processId.isPresent() && processId.getAsLong() == started.pid()) {
				return;
			}
			if (System.nanoTime() - deadline >= 0) {
				stop();
				throw new IllegalStateException("Redis " + this + " did not reply to INFO within "
						+ STARTUP_TIMEOUT.toSeconds() + " s: check its log" + System.lineSeparator() + logTail());
			}
			ConditionPoller.sleep(Duration.ofMillis(10));
		}
		this.process = null;
		String log = logTail();
		if (log.contains(PORT_IN_USE_MESSAGE)) {
			throw new PortInUseException("Redis " + this + " could not bind its port, which another process took:"
					+ " free the port and run the tests again" + System.lineSeparator() + log);
		}
		throw new IllegalStateException("Redis " + this + " exited with code " + started.exitValue()
				+ " while starting: check its log" + System.lineSeparator() + log);
	}

	private boolean waitForExit(Process running) {
		try {
			return running.waitFor(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while stopping Redis " + this, ex);
		}
	}

	private Path logFile() {
		return this.directory.resolve("redis.log");
	}

	private Path consoleFile() {
		return this.directory.resolve("console.log");
	}

	private static void appendTail(StringBuilder tail, Path file) {
		if (!Files.isRegularFile(file)) {
			return;
		}
		try {
			List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
			if (lines.isEmpty()) {
				return;
			}
			tail.append("--- last lines of ").append(file).append(" ---").append(System.lineSeparator());
			for (String line : lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())) {
				tail.append(line).append(System.lineSeparator());
			}
		}
		catch (IOException ex) {
			tail.append("(failed to read ").append(file).append(": ").append(ex).append(')');
		}
	}

	private static String quote(Path path) {
		return "\"" + path.toAbsolutePath() + "\"";
	}

	private static Path createDirectory(Path directory) {
		try {
			return Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to create the Redis directory " + directory, ex);
		}
	}

	/** Role of the process, which decides its configuration and command line. */
	enum Mode {

		/** Redis server that stores data: a standalone server, a master or replica, or a cluster node. */
		DATA,

		/** Redis Sentinel, started with {@code --sentinel}. */
		SENTINEL

	}

	private static final class PortInUseException extends IllegalStateException {

		PortInUseException(String message) {
			super(message);
		}

	}

}
