package io.github.ratelimiter.core;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Follows whether a store is failing, logging one WARN when an outage starts and one INFO when it ends.
 * Requests that follow the failure mode in between are counted, not logged, so an outage does not flood
 * the log.
 *
 * <p>
 * While the store fails, the tracker lets one call at a time through to probe it, and the
 * {@link RateLimiter} decides every other request by the failure mode at once. A store that stalls
 * therefore keeps one request waiting for its deadline instead of all of them, and a client library that queues
 * commands, as Lettuce does during a {@code CLIENT PAUSE} or a reconnect, queues one command per deadline
 * instead of one per request. The first call that succeeds ends the outage.
 *
 * <p>
 * NOTE: The tracker cannot tell an error of one key, such as a key that another program overwrote with
 * a string, from an outage. Such an error between successful calls for other clients starts and ends an
 * outage each time, with a WARN and an INFO line.
 */
public final class StoreOutageTracker {

	private static final Log logger = LogFactory.getLog(StoreOutageTracker.class);

	private final String store;

	private final AtomicReference<Exception> lastFailure = new AtomicReference<>();

	private final AtomicLong outageStartNanos = new AtomicLong();

	private final AtomicLong requestsInOutage = new AtomicLong();

	private final AtomicBoolean probeInFlight = new AtomicBoolean();

	public StoreOutageTracker(String store) {
		this.store = store;
	}

	/**
	 * Returns how a request may use the store now: every request calls a working store, and while it
	 * fails, one request at a time probes it. Each call that this method allows must be ended with
	 * {@link #endCall(StoreCall)}.
	 */
	StoreCall startCall() {
		if (this.lastFailure.get() == null) {
			return StoreCall.REGULAR;
		}
		return this.probeInFlight.compareAndSet(false, true) ? StoreCall.PROBE : StoreCall.SKIPPED;
	}

	/** Ends a call that {@link #startCall()} allowed, so that the next request may probe the store. */
	void endCall(StoreCall call) {
		if (call == StoreCall.PROBE) {
			this.probeInFlight.set(false);
		}
	}

	/** Records a request that followed the failure mode without calling the store. */
	void recordSkipped() {
		this.requestsInOutage.incrementAndGet();
	}

	/** Records a failed store call, logging a WARN if it starts an outage. */
	public void recordFailure(Exception failure) {
		Exception previous = this.lastFailure.getAndSet(failure);
		if (previous != null) {
			this.requestsInOutage.incrementAndGet();
			return;
		}
		this.outageStartNanos.set(System.nanoTime());
		this.requestsInOutage.set(1);
		logger.warn("Rate limit store '" + this.store + "' failed, so requests follow the failure mode until it "
				+ "recovers: " + failure.getMessage(), failure);
	}

	/** Records a successful store call, logging an INFO if it ends an outage. */
	public void recordSuccess() {
		if (this.lastFailure.get() == null) {
			return;
		}
		Exception previous = this.lastFailure.getAndSet(null);
		if (previous != null) {
			long outageMillis = (System.nanoTime() - this.outageStartNanos.get()) / 1_000_000;
			logger.info("Rate limit store '" + this.store + "' recovered after " + outageMillis
					+ " ms. Requests that followed the failure mode meanwhile: " + this.requestsInOutage.getAndSet(0)
					+ ". The last error was: " + previous.getMessage());
		}
	}

	/** Returns whether the most recent store call failed. */
	public boolean isFailing() {
		return this.lastFailure.get() != null;
	}

	/** Returns the error of the most recent call when it failed, else {@code null}. */
	public Exception lastFailure() {
		return this.lastFailure.get();
	}

	/** How a request may use the store, as {@link #startCall()} decides. */
	enum StoreCall {

		/** The store works, so the request calls it. */
		REGULAR,

		/** The store fails and this request is the one call that checks whether it recovered. */
		PROBE,

		/** The store fails and another call is probing it, so the request follows the failure mode. */
		SKIPPED

	}

}
