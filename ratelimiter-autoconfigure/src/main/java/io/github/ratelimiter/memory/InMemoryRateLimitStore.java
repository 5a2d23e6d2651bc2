package io.github.ratelimiter.memory;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

import io.github.ratelimiter.core.RateLimit;
import io.github.ratelimiter.core.RateLimitStore;

/**
 * Sliding-window logs kept in this JVM, with the same decisions as the Redis store.
 *
 * <p>
 * Each key is decided atomically, so concurrent requests never exceed the limit. The logs are not
 * shared between application instances: with several instances, each one admits up to the limit. A
 * client's log is dropped one window after its last admission, like a Redis key with its expiry, so the
 * number of logs follows the clients active within a window, not all clients ever seen.
 */
public class InMemoryRateLimitStore implements RateLimitStore {

	/** Store name used in metrics and the actuator output. */
	public static final String NAME = "in-memory";

	private static final long SWEEP_INTERVAL_MILLIS = 1000;

	private final ConcurrentMap<String, WindowLog> logs = new ConcurrentHashMap<>();

	private final LongSupplier clock;

	private volatile long nextSweepMillis;

	/** Creates a store that reads a monotonic clock. */
	public InMemoryRateLimitStore() {
		this(() -> System.nanoTime() / 1_000_000);
	}

	/**
	 * Creates a store that reads the given clock.
	 * @param clock current time in milliseconds; it must not go backwards
	 */
	public InMemoryRateLimitStore(LongSupplier clock) {
		this.clock = clock;
		this.nextSweepMillis = clock.getAsLong() + SWEEP_INTERVAL_MILLIS;
	}

	@Override
	public StoreDecision tryAcquire(String key, RateLimit limit, int cost) {
		long now = this.clock.getAsLong();
		sweepIfDue(now);
		StoreDecision[] decision = new StoreDecision[1];
		this.logs.compute(key, (k, log) -> {
			WindowLog current = (log == null || log.isExpired(now)) ? new WindowLog() : log;
			decision[0] = current.tryAcquire(now, limit, cost);
			return current.isEmpty() ? null : current;
		});
		return decision[0];
	}

	@Override
	public StoreDecision peek(String key, RateLimit limit) {
		long now = this.clock.getAsLong();
		StoreDecision[] decision = { new StoreDecision(false, limit.limit(), 0) };
		this.logs.computeIfPresent(key, (k, log) -> {
			if (log.isExpired(now)) {
				return null;
			}
			decision[0] = log.peek(now, limit);
			return log;
		});
		return decision[0];
	}

	@Override
	public String name() {
		return NAME;
	}

	/** Returns the number of clients whose log is kept, after dropping the expired ones. */
	public int trackedClients() {
		evictExpired(this.clock.getAsLong());
		return this.logs.size();
	}

	private void sweepIfDue(long now) {
		if (now < this.nextSweepMillis) {
			return;
		}
		this.nextSweepMillis = now + SWEEP_INTERVAL_MILLIS;
		evictExpired(now);
	}

	private void evictExpired(long now) {
		for (String key : this.logs.keySet()) {
			this.logs.computeIfPresent(key, (k, log) -> log.isExpired(now) ? null : log);
		}
	}

	/**
	 * Admissions of one key, oldest first, with consecutive units of one millisecond merged.
	 * Guarded by the map's per-key lock.
	 */
	private static final class WindowLog {

		private final ArrayDeque<long[]> entries = new ArrayDeque<>();

		private long units;

		private long expiresAtMillis;

		boolean isExpired(long now) {
			return now >= this.expiresAtMillis;
		}

		boolean isEmpty() {
			return this.entries.isEmpty();
		}

		StoreDecision tryAcquire(long now, RateLimit limit, int cost) {
			trim(now - limit.windowMillis());
			long free = Math.max(0, limit.limit() - this.units);
			if (cost > limit.limit()) {
				return new StoreDecision(false, free, limit.windowMillis());
			}
			if (this.units + cost > limit.limit()) {
				long blockingTime = timeOfUnit(this.units + cost - limit.limit());
				return new StoreDecision(false, free, blockingTime + limit.windowMillis() - now);
			}
			record(now, cost);
			this.expiresAtMillis = now + limit.windowMillis();
			return new StoreDecision(true, limit.limit() - this.units, oldestWait(now, limit));
		}

		StoreDecision peek(long now, RateLimit limit) {
			long windowStart = now - limit.windowMillis();
			long used = 0;
			long oldest = -1;
			for (long[] entry : this.entries) {
				if (entry[0] > windowStart) {
					used += entry[1];
					oldest = (oldest < 0) ? entry[0] : oldest;
				}
			}
			long wait = (oldest < 0) ? 0 : oldest + limit.windowMillis() - now;
			return new StoreDecision(false, Math.max(0, limit.limit() - used), wait);
		}

		private void trim(long windowStart) {
			while (!this.entries.isEmpty() && this.entries.peekFirst()[0] <= windowStart) {
				this.units -= this.entries.pollFirst()[1];
			}
		}

		private void record(long now, int cost) {
			long[] newest = this.entries.peekLast();
			if (newest != null && newest[0] == now) {
				newest[1] += cost;
			}
			else {
				this.entries.addLast(new long[] { now, cost });
			}
			this.units += cost;
		}

		private long timeOfUnit(long ordinal) {
			long seen = 0;
			Iterator<long[]> iterator = this.entries.iterator();
			while (iterator.hasNext()) {
				long[] entry = iterator.next();
				seen += entry[1];
				if (seen >= ordinal) {
					return entry[0];
				}
			}
			throw new IllegalStateException("log contains " + this.units + " units, fewer than " + ordinal);
		}

		private long oldestWait(long now, RateLimit limit) {
			return this.entries.peekFirst()[0] + limit.windowMillis() - now;
		}

	}

}
