package io.github.ratelimiter.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ratelimiter.core.RateLimitStore.StoreDecision;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behaviour that every {@link RateLimitStore} shares, run against each store with a pinned clock.
 */
public abstract class RateLimitStoreContractTests {

	protected static final RateLimit THREE_PER_TEN_SECONDS = new RateLimit(3, Duration.ofSeconds(10));

	protected final TestClock clock = new TestClock();

	protected RateLimitStore store;

	private ExecutorService executor;

	/** Returns a store that reads the given clock. */
	protected abstract RateLimitStore createStore(TestClock clock);

	/** Returns a store that reads the real clock, for tests that do not pin time. */
	protected abstract RateLimitStore createStoreWithRealClock();

	@BeforeEach
	void createStore() {
		this.store = createStore(this.clock);
	}

	@AfterEach
	void stopExecutor() {
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
	}

	@Test
	void firstRequestIsAdmittedWithRemainingUnits() {
		StoreDecision decision = this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 1);

		assertThat(decision.admitted()).isTrue();
		assertThat(decision.remaining()).isEqualTo(2);
		assertThat(decision.waitMillis()).isEqualTo(10_000);
	}

	@Test
	void deniesWhenLimitReached() {
		for (int i = 1; i <= 3; i++) {
			assertThat(this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 1).admitted()).as("request %d", i).isTrue();
		}

		StoreDecision denied = this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 1);

		assertThat(denied.admitted()).isFalse();
		assertThat(denied.remaining()).isZero();
		assertThat(denied.waitMillis()).isEqualTo(10_000);
	}

	@Test
	void sameMillisecondRequestsAreAllCounted() {
		List<Boolean> admitted = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			StoreDecision decision = this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 1);
			admitted.add(decision.admitted());
			if (!decision.admitted()) {
				assertThat(decision.waitMillis()).as("wait of request %d", i + 1).isEqualTo(10_000);
			}
		}

		assertThat(admitted).containsExactly(true, true, true, false, false);
	}

	@Test
	void entryExactlyOneWindowOldNoLongerCounts() {
		RateLimit onePerTenSeconds = new RateLimit(1, Duration.ofSeconds(10));
		assertThat(this.store.tryAcquire("k", onePerTenSeconds, 1).admitted()).isTrue();

		this.clock.setElapsed(9_999);
		StoreDecision beforeEdge = this.store.tryAcquire("k", onePerTenSeconds, 1);
		this.clock.setElapsed(10_000);
		StoreDecision atEdge = this.store.tryAcquire("k", onePerTenSeconds, 1);

		assertThat(beforeEdge.admitted()).isFalse();
		assertThat(beforeEdge.waitMillis()).isEqualTo(1);
		assertThat(atEdge.admitted()).isTrue();
	}

	@Test
	void costTakesSeveralUnits() {
		RateLimit tenPerMinute = new RateLimit(10, Duration.ofSeconds(60));

		StoreDecision first = this.store.tryAcquire("k", tenPerMinute, 5);
		StoreDecision second = this.store.tryAcquire("k", tenPerMinute, 5);
		StoreDecision third = this.store.tryAcquire("k", tenPerMinute, 5);

		assertThat(first.admitted()).isTrue();
		assertThat(first.remaining()).isEqualTo(5);
		assertThat(second.admitted()).isTrue();
		assertThat(second.remaining()).isZero();
		assertThat(third.admitted()).isFalse();
		assertThat(third.waitMillis()).isEqualTo(60_000);
	}

	@Test
	void deniedCostWaitsUntilEnoughUnitsLeave() {
		RateLimit fivePerTenSeconds = new RateLimit(5, Duration.ofSeconds(10));
		for (int t = 0; t < 4; t++) {
			this.clock.setElapsed(t * 1_000L);
			assertThat(this.store.tryAcquire("k", fivePerTenSeconds, 1).admitted()).as("request at %ds", t).isTrue();
		}

		this.clock.setElapsed(5_000);
		StoreDecision denied = this.store.tryAcquire("k", fivePerTenSeconds, 3);

		// One unit is free; two more must leave, and the second oldest was admitted at 1s.
		assertThat(denied.admitted()).isFalse();
		assertThat(denied.remaining()).isEqualTo(1);
		assertThat(denied.waitMillis()).isEqualTo(6_000);
	}

	@Test
	void costAboveLimitIsDeniedForOneWindow() {
		StoreDecision denied = this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 4);

		assertThat(denied.admitted()).isFalse();
		assertThat(denied.remaining()).isEqualTo(3);
		assertThat(denied.waitMillis()).isEqualTo(10_000);
	}

	@Test
	void denialsDoNotUseQuota() {
		RateLimit twoPerTenSeconds = new RateLimit(2, Duration.ofSeconds(10));
		long[] times = { 0, 2_200, 4_400, 6_600, 8_800, 11_000, 13_200, 15_400, 17_600, 19_800, 22_000, 24_200 };
		boolean[] expectedAdmitted = { true, true, false, false, false, true, true, false, false, false, true, true };
		long[] expectedRetryAfterSeconds = { 0, 0, 6, 4, 2, 0, 0, 6, 4, 2, 0, 0 };

		for (int i = 0; i < times.length; i++) {
			this.clock.setElapsed(times[i]);
			StoreDecision decision = this.store.tryAcquire("k", twoPerTenSeconds, 1);
			assertThat(decision.admitted()).as("admitted at t=%d", times[i]).isEqualTo(expectedAdmitted[i]);
			if (!decision.admitted()) {
				assertThat((decision.waitMillis() + 999) / 1000).as("retry after at t=%d", times[i])
					.isEqualTo(expectedRetryAfterSeconds[i]);
			}
		}
	}

	@Test
	void clientWhoWaitsTheAnnouncedTimeIsAdmitted() {
		RateLimit twoPerTenSeconds = new RateLimit(2, Duration.ofSeconds(10));
		this.store.tryAcquire("k", twoPerTenSeconds, 1);
		this.clock.setElapsed(4_000);
		StoreDecision last = this.store.tryAcquire("k", twoPerTenSeconds, 1);
		this.clock.setElapsed(6_500);
		StoreDecision denied = this.store.tryAcquire("k", twoPerTenSeconds, 1);

		this.clock.setElapsed(6_500 + denied.waitMillis());
		StoreDecision afterWaiting = this.store.tryAcquire("k", twoPerTenSeconds, 1);

		assertThat(last.remaining()).isZero();
		assertThat(last.waitMillis()).isEqualTo(6_000);
		assertThat(denied.admitted()).isFalse();
		assertThat(denied.waitMillis()).isEqualTo(3_500);
		assertThat(afterWaiting.admitted()).isTrue();
		assertThat(afterWaiting.remaining()).isZero();
		assertThat(afterWaiting.waitMillis()).isEqualTo(4_000);
	}

	@Test
	void keysAreIndependent() {
		RateLimit onePerTenSeconds = new RateLimit(1, Duration.ofSeconds(10));

		assertThat(this.store.tryAcquire("a", onePerTenSeconds, 1).admitted()).isTrue();
		assertThat(this.store.tryAcquire("b", onePerTenSeconds, 1).admitted()).isTrue();
		assertThat(this.store.tryAcquire("a", onePerTenSeconds, 1).admitted()).isFalse();
	}

	@Test
	void peekReportsUsageWithoutRecording() {
		this.store.tryAcquire("k", THREE_PER_TEN_SECONDS, 1);
		this.clock.setElapsed(1_000);

		StoreDecision first = this.store.peek("k", THREE_PER_TEN_SECONDS);
		StoreDecision second = this.store.peek("k", THREE_PER_TEN_SECONDS);
		StoreDecision unknown = this.store.peek("never-used", THREE_PER_TEN_SECONDS);

		assertThat(first.admitted()).isFalse();
		assertThat(first.remaining()).isEqualTo(2);
		assertThat(first.waitMillis()).isEqualTo(9_000);
		assertThat(second).isEqualTo(first);
		assertThat(unknown.remaining()).isEqualTo(3);
		assertThat(unknown.waitMillis()).isZero();
	}

	@Test
	void concurrentRequestsNeverExceedLimit() throws Exception {
		RateLimitStore realTimeStore = createStoreWithRealClock();
		RateLimit fivePerMinute = new RateLimit(5, Duration.ofMinutes(1));
		this.executor = Executors.newFixedThreadPool(64);
		for (int round = 1; round <= 50; round++) {
			String key = "burst-" + round;
			assertThat(admittedInBurst(realTimeStore, key, fivePerMinute, 64)).as("admitted in round %d", round)
				.isEqualTo(5);
		}
	}

	private int admittedInBurst(RateLimitStore target, String key, RateLimit limit, int threads) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		AtomicInteger admitted = new AtomicInteger();
		List<Future<?>> futures = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			Callable<Object> call = () -> {
				start.await();
				if (target.tryAcquire(key, limit, 1).admitted()) {
					admitted.incrementAndGet();
				}
				return null;
			};
			futures.add(this.executor.submit(call));
		}
		start.countDown();
		for (Future<?> future : futures) {
			future.get(30, TimeUnit.SECONDS);
		}
		return admitted.get();
	}

}
