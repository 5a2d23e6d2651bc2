package io.github.ratelimiter.core;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Clock of a test, in milliseconds, that moves only when the test sets it. It starts at a realistic
 * epoch time, so members and scores look like production ones.
 */
public final class TestClock implements LongSupplier {

	/** Time of the scenario's first request, in milliseconds since the epoch. */
	public static final long START = 1_800_000_000_000L;

	private final AtomicLong millis = new AtomicLong(START);

	@Override
	public long getAsLong() {
		return this.millis.get();
	}

	/** Sets the clock to the given milliseconds after {@link #START}. */
	public void setElapsed(long elapsedMillis) {
		this.millis.set(START + elapsedMillis);
	}

}
