package io.github.ratelimiter.test.redis;

import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JVM shutdown hook that closes every Redis test server still open, as a last resort when a test run ends without
 * the extension's after-all callback, for example on Ctrl+C.
 *
 * <p>
 * A JVM killed with SIGKILL runs no hook, so its Redis processes keep running until the next test JVM starts a Redis
 * test server, which stops them and deletes their directories.
 */
final class RedisShutdownHook {

	private static final Set<AutoCloseable> openResources = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(RedisShutdownHook::closeAll, "redis-test-server-cleanup"));
	}

	private RedisShutdownHook() {
	}

	static void register(AutoCloseable resource) {
		openResources.add(resource);
	}

	static void unregister(AutoCloseable resource) {
		openResources.remove(resource);
	}

	private static void closeAll() {
		for (AutoCloseable resource : new ArrayList<>(openResources)) {
			try {
				resource.close();
			}
			catch (Exception ex) {
				// Logging may already be shut down, so standard error is the only reliable output here.
				System.err.println("Failed to close " + resource + " at JVM shutdown: " + ex);
			}
		}
	}

}
