package io.github.ratelimiter.actuate;

import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.ratelimiter.actuate.RateLimitersEndpoint.ClientUsageDescriptor;
import io.github.ratelimiter.actuate.RateLimitersEndpoint.LimitDescriptor;
import io.github.ratelimiter.actuate.RateLimitersEndpoint.PolicyDescriptor;
import io.github.ratelimiter.actuate.RateLimitersEndpoint.RateLimitersDescriptor;
import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.FailureMode;
import io.github.ratelimiter.core.RateLimit;
import io.github.ratelimiter.core.RateLimitKeyBuilder;
import io.github.ratelimiter.core.RateLimitListener;
import io.github.ratelimiter.core.RateLimitPolicy;
import io.github.ratelimiter.core.RateLimiter;
import io.github.ratelimiter.memory.InMemoryRateLimitStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimitersEndpoint}.
 */
class RateLimitersEndpointTests {

	private final InMemoryRateLimitStore store = new InMemoryRateLimitStore();

	private final RateLimiter rateLimiter = new RateLimiter(List.of(
			new RateLimitPolicy("hello", new RateLimit(3, Duration.ofSeconds(10)),
					Map.of(ClientId.of("partner-a").canonical(), new RateLimit(10, Duration.ofSeconds(20))),
					FailureMode.OPEN),
			new RateLimitPolicy("orders", new RateLimit(5, Duration.ofMillis(1500)), Map.of(), FailureMode.CLOSED)),
			this.store, null, new RateLimitKeyBuilder("ratelimiter"), RateLimitListener.NONE);

	@Test
	void describesStoreAndPolicies() {
		RateLimitersDescriptor descriptor = endpoint(Show.NEVER).rateLimiters(SecurityContext.NONE);

		assertThat(descriptor.store()).isEqualTo("in-memory");
		assertThat(descriptor.policies()).containsOnlyKeys("hello", "orders");
		assertThat(descriptor.policies().get("hello"))
			.isEqualTo(new PolicyDescriptor(3, "PT10S", "sliding-window-log", "open", 1, null));
		assertThat(descriptor.policies().get("orders"))
			.isEqualTo(new PolicyDescriptor(5, "PT1.5S", "sliding-window-log", "closed", 0, null));
	}

	@Test
	void hidesClientIdsWhenNever() {
		PolicyDescriptor hello = endpoint(Show.NEVER).rateLimiters(authenticated("ops")).policies().get("hello");

		assertThat(hello.clientOverrides()).isEqualTo(1);
		assertThat(hello.clients()).isNull();
	}

	@Test
	void showsClientIdsWhenAlways() {
		PolicyDescriptor hello = endpoint(Show.ALWAYS).rateLimiters(SecurityContext.NONE).policies().get("hello");

		assertThat(hello.clients()).containsExactly(Map.entry("id:partner-a", new LimitDescriptor(10, "PT20S")));
	}

	@Test
	void showsClientIdsOnlyToAuthorizedRole() {
		RateLimitersEndpoint endpoint = new RateLimitersEndpoint(this.rateLimiter, Show.WHEN_AUTHORIZED,
				Set.of("ops"));

		assertThat(endpoint.rateLimiters(SecurityContext.NONE).policies().get("hello").clients()).isNull();
		assertThat(endpoint.rateLimiters(authenticated("dev")).policies().get("hello").clients()).isNull();
		assertThat(endpoint.rateLimiters(authenticated("ops")).policies().get("hello").clients())
			.containsOnlyKeys("id:partner-a");
	}

	@Test
	void readsUsageOfClient() {
		this.rateLimiter.tryAcquire("hello", ClientId.of("client-a"), 1);
		this.rateLimiter.tryAcquire("hello", ClientId.of("client-a"), 1);

		ClientUsageDescriptor usage = endpoint(Show.NEVER).usage("hello", "client-a");

		assertThat(usage.policy()).isEqualTo("hello");
		assertThat(usage.clientId()).isEqualTo("client-a");
		assertThat(usage.limit()).isEqualTo(3);
		assertThat(usage.window()).isEqualTo("PT10S");
		assertThat(usage.used()).isEqualTo(2);
		assertThat(usage.remaining()).isEqualTo(1);
		assertThat(usage.secondsUntilUnitFrees()).isBetween(1L, 10L);
	}

	@Test
	void readsUsageUnderClientOverride() {
		this.rateLimiter.tryAcquire("hello", ClientId.of("partner-a"), 4);

		ClientUsageDescriptor usage = endpoint(Show.NEVER).usage("hello", "partner-a");

		assertThat(usage.limit()).isEqualTo(10);
		assertThat(usage.window()).isEqualTo("PT20S");
		assertThat(usage.used()).isEqualTo(4);
		assertThat(usage.remaining()).isEqualTo(6);
	}

	@Test
	void readsEmptyUsageOfUnknownClient() {
		ClientUsageDescriptor usage = endpoint(Show.NEVER).usage("orders", "never-seen");

		assertThat(usage.used()).isZero();
		assertThat(usage.remaining()).isEqualTo(5);
		assertThat(usage.secondsUntilUnitFrees()).isZero();
	}

	@Test
	void readingUsageRecordsNothing() {
		RateLimitersEndpoint endpoint = endpoint(Show.NEVER);
		this.rateLimiter.tryAcquire("hello", ClientId.of("client-a"), 1);

		for (int read = 0; read < 5; read++) {
			assertThat(endpoint.usage("hello", "client-a").used()).as("read %d", read).isEqualTo(1);
		}
		endpoint.usage("hello", "never-seen");
		assertThat(this.store.trackedClients()).isEqualTo(1);
	}

	@Test
	void returnsNullForUnknownPolicy() {
		assertThat(endpoint(Show.NEVER).usage("missing", "client-a")).isNull();
	}

	private RateLimitersEndpoint endpoint(Show showClients) {
		return new RateLimitersEndpoint(this.rateLimiter, showClients, Set.of());
	}

	private static SecurityContext authenticated(String role) {
		Principal principal = () -> "operator";
		return new SecurityContext() {

			@Override
			public Principal getPrincipal() {
				return principal;
			}

			@Override
			public boolean isUserInRole(String candidate) {
				return role.equals(candidate);
			}

		};
	}

}
