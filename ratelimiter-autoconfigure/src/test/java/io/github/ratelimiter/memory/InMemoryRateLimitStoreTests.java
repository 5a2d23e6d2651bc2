package io.github.ratelimiter.memory;

import java.time.Duration;

import io.github.ratelimiter.core.RateLimit;
import io.github.ratelimiter.core.RateLimitStore;
import io.github.ratelimiter.core.RateLimitStoreContractTests;
import io.github.ratelimiter.core.TestClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InMemoryRateLimitStore}.
 */
class InMemoryRateLimitStoreTests extends RateLimitStoreContractTests {

	@Override
	protected RateLimitStore createStore(TestClock clock) {
		return new InMemoryRateLimitStore(clock);
	}

	@Override
	protected RateLimitStore createStoreWithRealClock() {
		return new InMemoryRateLimitStore();
	}

	@Test
	void idleClientsAreDroppedOneWindowAfterTheirLastAdmission() {
		InMemoryRateLimitStore memoryStore = (InMemoryRateLimitStore) this.store;
		RateLimit threePerSecond = new RateLimit(3, Duration.ofSeconds(1));
		for (int i = 0; i < 1_000; i++) {
			memoryStore.tryAcquire("client-" + i, threePerSecond, 1);
		}
		assertThat(memoryStore.trackedClients()).isEqualTo(1_000);

		this.clock.setElapsed(999);
		assertThat(memoryStore.trackedClients()).isEqualTo(1_000);
		this.clock.setElapsed(1_000);
		assertThat(memoryStore.trackedClients()).isZero();
	}

	@Test
	void deniedRequestOfUnknownClientKeepsNoLog() {
		InMemoryRateLimitStore memoryStore = (InMemoryRateLimitStore) this.store;

		memoryStore.tryAcquire("k", THREE_PER_TEN_SECONDS, 4);

		assertThat(memoryStore.trackedClients()).isZero();
	}

}
