package io.github.ratelimiter.test.redis;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lookup of the {@code redis-server} binary on the {@code PATH}, {@code /usr/bin} and {@code /usr/local/bin}.
 */
final class RedisBinaries {

	static final String REDIS_SERVER = "redis-server";

	/** Action for a developer whose machine has neither Redis nor Docker. */
	static final String INSTALL_HINT = "install Redis (Debian: apt-get install redis-server redis-tools redis-sentinel;"
			+ " macOS: brew install redis) or start a Docker engine";

	private static final List<String> FALLBACK_DIRECTORIES = List.of("/usr/bin", "/usr/local/bin");

	private RedisBinaries() {
	}

	/** Returns the first executable {@code redis-server} found, or an empty optional. */
	static Optional<Path> findRedisServer() {
		return findRedisServer(searchDirectories());
	}

	static Optional<Path> findRedisServer(List<Path> directories) {
		for (Path directory : directories) {
			Path candidate = directory.resolve(REDIS_SERVER);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/**
	 * Returns the {@code redis-server} binary, failing with an installation hint when it is missing.
	 * @param topology topology that needs the binary, used in the error message
	 */
	static Path requireRedisServer(String topology) {
		return requireRedisServer(topology, searchDirectories());
	}

	static Path requireRedisServer(String topology, List<Path> directories) {
		return findRedisServer(directories).orElseThrow(() -> new IllegalStateException("No " + REDIS_SERVER
				+ " binary on PATH, /usr/bin or /usr/local/bin, and a Redis " + topology
				+ " is only started from local binaries, never in Docker: install Redis"
				+ " (Debian: apt-get install redis-server redis-tools redis-sentinel; macOS: brew install redis)"));
	}

	private static List<Path> searchDirectories() {
		List<Path> directories = new ArrayList<>();
		String path = System.getenv("PATH");
		if (path != null) {
			for (String entry : path.split(File.pathSeparator)) {
				if (!entry.isBlank()) {
					directories.add(Path.of(entry));
				}
			}
		}
		for (String fallback : FALLBACK_DIRECTORIES) {
			directories.add(Path.of(fallback));
		}
		return directories;
	}

}
