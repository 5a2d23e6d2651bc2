package io.github.ratelimiter.test.redis;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Polls a condition until it is true or a deadline passes, keeping the last failure for the error message.
 */
final class ConditionPoller {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(25);

	private ConditionPoller() {
	}

	/**
	 * Polls {@code condition} until it returns {@code true}, treating an exception like {@code false}.
	 * @param description what is awaited, used as the start of the error message
	 * @param timeout maximum time to wait
	 * @param condition condition to poll
	 * @param diagnostics extra text for the error message, such as the tail of a server log
	 * @throws IllegalStateException if the condition does not hold within the timeout
	 */
	static void awaitCondition(String description, Duration timeout, Condition condition, Supplier<String> diagnostics) {
		long deadline = System.nanoTime() + timeout.toNanos();
		Exception lastFailure = null;
		while (true) {
			try {
				if (condition.check()) {
					return;
				}
			}
			catch (Exception ex) {
				lastFailure = ex;
			}
			if (System.nanoTime() - deadline >= 0) {
				throw timedOut(description, timeout, lastFailure, diagnostics.get());
			}
			sleep(POLL_INTERVAL);
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Redis", ex);
		}
	}

	private static IllegalStateException timedOut(String description, Duration timeout, Exception lastFailure,
			String diagnostics) {
		StringBuilder message = new StringBuilder(description).append(" timed out after ")
			.append(timeout.toMillis())
			.append(" ms");
		if (lastFailure != null) {
			message.append(". Last error: ").append(lastFailure);
		}
		if (diagnostics != null && !diagnostics.isBlank()) {
			message.append(System.lineSeparator()).append(diagnostics);
		}
		return new IllegalStateException(message.toString(), lastFailure);
	}

	/** Condition that may throw while the server is not ready yet. */
	@FunctionalInterface
	interface Condition {

		boolean check() throws Exception;

	}

}
