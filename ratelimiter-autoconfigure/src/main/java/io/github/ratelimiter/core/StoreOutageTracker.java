package io.github.ratelimiter.core;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Follows whether a store is failing, logging one WARN when an outage starts and one INFO when it ends.
 * Failures in between are counted, not logged, so an outage does not flood the log.
 */
public final class StoreOutageTracker {

	private static final Log logger = LogFactory.getLog(StoreOutageTracker.class);

	private final String store;

	private final AtomicReference<Exception> lastFailure = new AtomicReference<>();

	private final AtomicLong failuresInOutage = new AtomicLong();

	public StoreOutageTracker(String store) {
		this.store = store;
	}

	/** Records a failed store call, logging a WARN if it starts an outage. */
	public void recordFailure(Exception failure) {
		Exception previous = this.lastFailure.getAndSet(failure);
		this.failuresInOutage.incrementAndGet();
		if (previous == null) {
			logger.warn("Rate limit store '" + this.store + "' failed; requests now follow the failure mode "
					+ "until it recovers: " + failure.getMessage(), failure);
		}
	}

	/** Records a successful store call, logging an INFO if it ends an outage. */
	public void recordSuccess() {
		if (this.lastFailure.get() == null) {
			return;
		}
		Exception previous = this.lastFailure.getAndSet(null);
		if (previous != null) {
			long failures = this.failuresInOutage.getAndSet(0);
			logger.info("Rate limit store '" + this.store + "' recovered after " + failures
					+ " failed calls; the last error was: " + previous.getMessage());
		}
	}

	/** Whether the most recent store call failed. */
	public boolean isFailing() {
		return this.lastFailure.get() != null;
	}

	/** Returns the error of the most recent call when it failed, else {@code null}. */
	public Exception lastFailure() {
		return this.lastFailure.get();
	}

}
