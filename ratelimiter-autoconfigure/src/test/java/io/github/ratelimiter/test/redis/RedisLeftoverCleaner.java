package io.github.ratelimiter.test.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Cleanup of the temporary directories of Redis test servers, including those of earlier test JVMs that were killed
 * before their shutdown hook could run.
 *
 * <p>
 * Each server directory contains an {@value #OWNER_FILE} file with the process id of the JVM that created it, and
 * each node directory a {@value #PROCESS_FILE} file with the process id of its {@code redis-server}. Once per JVM,
 * directories whose owner JVM is gone are removed, after stopping every recorded {@code redis-server} that still runs.
 * A directory without an owner file is left alone, because another JVM may be creating it right now.
 */
final class RedisLeftoverCleaner {

	static final String DIRECTORY_PREFIX = "redis-test-";

	static final String OWNER_FILE = "owner.pid";

	static final String PROCESS_FILE = "redis-server.pid";

	private static final Duration PROCESS_START_TOLERANCE = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(RedisLeftoverCleaner.class);

	private static boolean cleaned;

	private RedisLeftoverCleaner() {
	}

	/** Creates a server directory under {@code java.io.tmpdir} that records this JVM as its owner. */
	static Path createServerDirectory() {
		cleanLeftoversOnce();
		try {
			Path directory = Files.createTempDirectory(DIRECTORY_PREFIX);
			writeProcessId(directory.resolve(OWNER_FILE), ProcessHandle.current().pid());
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to create a temporary directory for Redis in "
					+ System.getProperty("java.io.tmpdir"), ex);
		}
	}

	/** Records the process id of a node's {@code redis-server} in its directory. */
	static void recordProcess(Path nodeDirectory, long processId) {
		try {
			writeProcessId(nodeDirectory.resolve(PROCESS_FILE), processId);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to record the process id of Redis in " + nodeDirectory, ex);
		}
	}

	/** Deletes a directory and everything in it. */
	static void deleteRecursively(Path root) {
		if (!Files.exists(root)) {
			return;
		}
		try {
			Files.walkFileTree(root, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
					Files.delete(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
					if (failure != null) {
						throw failure;
					}
					Files.delete(directory);
					return FileVisitResult.CONTINUE;
				}

			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to delete the Redis directory " + root, ex);
		}
	}

	private static synchronized void cleanLeftoversOnce() {
		if (cleaned) {
			return;
		}
		cleaned = true;
		Path temporaryDirectory = Path.of(System.getProperty("java.io.tmpdir"));
		try (DirectoryStream<Path> candidates = Files.newDirectoryStream(temporaryDirectory, DIRECTORY_PREFIX + "*")) {
			for (Path candidate : candidates) {
				cleanIfOrphaned(candidate);
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Failed to clean up Redis test directories of earlier runs in " + temporaryDirectory, ex);
		}
	}

	private static void cleanIfOrphaned(Path serverDirectory) throws IOException {
		OptionalLong owner = readProcessId(serverDirectory.resolve(OWNER_FILE));
		if (owner.isEmpty() || ProcessHandle.of(owner.getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
			return;
		}
		try (DirectoryStream<Path> nodeDirectories = Files.newDirectoryStream(serverDirectory, Files::isDirectory)) {
			for (Path nodeDirectory : nodeDirectories) {
				if (!stopLeftoverProcess(nodeDirectory)) {
					return;
				}
			}
		}
		deleteRecursively(serverDirectory);
		logger.info("Deleted " + serverDirectory + ", left behind by test JVM " + owner.getAsLong());
	}

	/** Stops the node's recorded process if it still runs, and returns whether the node directory may be deleted. */
	private static boolean stopLeftoverProcess(Path nodeDirectory) throws IOException {
		Path processFile = nodeDirectory.resolve(PROCESS_FILE);
		OptionalLong processId = readProcessId(processFile);
		if (processId.isEmpty()) {
			return true;
		}
		Optional<ProcessHandle> process = ProcessHandle.of(processId.getAsLong()).filter(ProcessHandle::isAlive);
		if (process.isEmpty()) {
			return true;
		}
		Optional<String> command = process.get().info().command();
		Optional<Instant> startTime = process.get().info().startInstant();
		if (command.isEmpty() || startTime.isEmpty()) {
			// Without these details the process cannot be distinguished from an unrelated one, so both stay.
			return false;
		}
		// The file is written right after the launch, so a process that started later reuses the id by chance.
		Instant recordedAt = Files.getLastModifiedTime(processFile).toInstant();
		if (!isRedisExecutable(command.get()) || startTime.get().isAfter(recordedAt.plus(PROCESS_START_TOLERANCE))) {
			return true;
		}
		process.get().destroyForcibly();
		process.get().onExit().join();
		logger.info("Stopped redis-server " + processId.getAsLong() + " left behind in " + nodeDirectory);
		return true;
	}

	// Debian links redis-server to redis-check-rdb, so the executable's name need not be redis-server.
	private static boolean isRedisExecutable(String command) {
		Path fileName = Path.of(command).getFileName();
		return fileName != null && fileName.toString().startsWith("redis-");
	}

	private static void writeProcessId(Path file, long processId) throws IOException {
		Files.writeString(file, Long.toString(processId), StandardCharsets.US_ASCII);
	}

	private static OptionalLong readProcessId(Path file) throws IOException {
		if (!Files.isRegularFile(file)) {
			return OptionalLong.empty();
		}
		String content = Files.readString(file, StandardCharsets.US_ASCII).trim();
		try {
			return OptionalLong.of(Long.parseLong(content));
		}
		catch (NumberFormatException ex) {
			return OptionalLong.empty();
		}
	}

}
