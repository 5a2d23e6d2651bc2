package io.github.ratelimiter.benchmarks.decision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.ratelimiter.benchmarks.decision.DecisionCaller.Outcome;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop load: each caller runs on its own platform thread and starts its next decision as soon as
 * the previous one returns, like a servlet thread that serves one request after another.
 *
 * <p>
 * Latency is the time of one blocking call, measured on the calling thread. In a closed loop a slow call
 * delays the following ones instead of queueing them, so the percentiles are service times, not the
 * response times that callers arriving at a fixed rate would see.
 */
final class LoadDriver {

	private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(30);

	private LoadDriver() {
	}

	/** Runs the callers concurrently for the given time and merges their figures. */
	static RoundResult run(List<DecisionCaller> callers, Duration duration) {
		CountDownLatch ready = new CountDownLatch(callers.size());
		CountDownLatch start = new CountDownLatch(1);
		List<Worker> workers = new ArrayList<>();
		for (int i = 0; i < callers.size(); i++) {
			Worker worker = new Worker(callers.get(i), ready, start);
			Thread thread = new Thread(worker, "bench-caller-" + i);
			thread.setDaemon(true);
			worker.thread = thread;
			workers.add(worker);
			thread.start();
		}

		awaitUninterruptibly(ready);
		long startNanos = System.nanoTime();
		start.countDown();
		sleep(duration);
		workers.forEach((worker) -> worker.stopped = true);
		workers.forEach(LoadDriver::join);
		long elapsedNanos = System.nanoTime() - startNanos;

		return merge(workers, elapsedNanos);
	}

	private static RoundResult merge(List<Worker> workers, long elapsedNanos) {
		Histogram latency = new Histogram(HIGHEST_TRACKABLE_NANOS, 2);
		long admitted = 0;
		long denied = 0;
		long failed = 0;
		for (Worker worker : workers) {
			latency.add(worker.latency);
			admitted += worker.admitted;
			denied += worker.denied;
			failed += worker.failed;
		}
		long decisions = admitted + denied + failed;
		double perSecond = decisions / (elapsedNanos / 1e9);
		return new RoundResult(null, workers.size(), 0, perSecond, latency.getValueAtPercentile(50) / 1e3,
				latency.getValueAtPercentile(99) / 1e3, decisions, admitted, denied, failed, 0, 0);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while the load ran", ex);
		}
	}

	private static void awaitUninterruptibly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while the callers started", ex);
		}
	}

	private static void join(Worker worker) {
		try {
			worker.thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while the callers stopped", ex);
		}
	}

	/** Loop of one caller; its counters are read only after its thread has ended. */
	private static final class Worker implements Runnable {

		private final DecisionCaller caller;

		private final CountDownLatch ready;

		private final CountDownLatch start;

		private final Histogram latency = new Histogram(HIGHEST_TRACKABLE_NANOS, 2);

		private volatile boolean stopped;

		private Thread thread;

		private long admitted;

		private long denied;

		private long failed;

		Worker(DecisionCaller caller, CountDownLatch ready, CountDownLatch start) {
			this.caller = caller;
			this.ready = ready;
			this.start = start;
		}

		@Override
		public void run() {
			this.ready.countDown();
			awaitUninterruptibly(this.start);
			while (!this.stopped) {
				long begin = System.nanoTime();
				Outcome outcome = decide();
				long nanos = System.nanoTime() - begin;
				switch (outcome) {
					case ADMITTED -> this.admitted++;
					case DENIED -> this.denied++;
					case FAILED -> this.failed++;
				}
				this.latency.recordValue(Math.min(nanos, HIGHEST_TRACKABLE_NANOS));
			}
		}

		private Outcome decide() {
			try {
				return this.caller.decide();
			}
			catch (RuntimeException ex) {
				if (this.failed == 0) {
					System.err.println(Thread.currentThread().getName() + ": first failed decision of this round: " + ex);
				}
				return Outcome.FAILED;
			}
		}

	}

}
