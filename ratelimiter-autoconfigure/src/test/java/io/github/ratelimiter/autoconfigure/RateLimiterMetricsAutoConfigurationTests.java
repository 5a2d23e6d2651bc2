package io.github.ratelimiter.autoconfigure;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.RateLimitDecision;
import io.github.ratelimiter.core.RateLimitListener;
import io.github.ratelimiter.core.RateLimiter;
import io.github.ratelimiter.metrics.RateLimitMetricsListener;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimiterMetricsAutoConfiguration}.
 */
class RateLimiterMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				RateLimiterAutoConfiguration.class, RateLimiterMetricsAutoConfiguration.class))
		.withPropertyValues("ratelimiter.store=in-memory", "ratelimiter.policies.hello.limit=3",
				"ratelimiter.policies.hello.window=10s", "ratelimiter.policies.orders.limit=5",
				"ratelimiter.policies.orders.window=30s");

	@Test
	void registersListener() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(RateLimitMetricsListener.class));
	}

	@Test
	void registersCountersAtStartup() {
		this.contextRunner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);

			assertThat(registry.find("ratelimiter.requests").tag("policy", "hello").counters()).hasSize(5);
			assertThat(registry.find("ratelimiter.requests").tag("policy", "orders").counters()).hasSize(5);
			assertThat(registry.find("ratelimiter.decision").tag("store", "in-memory").timer()).isNotNull();
		});
	}

	@Test
	void countsDecisionsOfRateLimiter() {
		this.contextRunner.run((context) -> {
			RateLimiter rateLimiter = context.getBean(RateLimiter.class);
			for (int request = 0; request < 5; request++) {
				rateLimiter.tryAcquire("hello", ClientId.of("client-a"), 1);
			}

			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("ratelimiter.requests").tags("policy", "hello", "outcome", "allowed").counter()
				.count()).isEqualTo(3);
			assertThat(registry.get("ratelimiter.requests").tags("policy", "hello", "outcome", "denied").counter()
				.count()).isEqualTo(2);
			assertThat(registry.get("ratelimiter.decision").tag("store", "in-memory").timer().count()).isEqualTo(5);
		});
	}

	@Test
	void distinctClientIdsAddNoMeters() {
		this.contextRunner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			RateLimiter rateLimiter = context.getBean(RateLimiter.class);
			List<Meter.Id> before = rateLimiterMeterIds(registry);

			for (int client = 0; client < 10_000; client++) {
				rateLimiter.tryAcquire((client % 2 == 0) ? "hello" : "orders", ClientId.of("client-" + client), 1);
			}

			assertThat(rateLimiterMeterIds(registry)).containsExactlyInAnyOrderElementsOf(before);
			assertThat(registry.get("ratelimiter.decision").timer().count()).isEqualTo(10_000);
		});
	}

	@Test
	void publishesPercentilesFromDistributionProperties() {
		this.contextRunner.withPropertyValues("management.metrics.distribution.percentiles.ratelimiter.decision=0.5,0.99")
			.run((context) -> {
				context.getBean(RateLimiter.class).tryAcquire("hello", ClientId.of("client-a"), 1);

				Timer timer = context.getBean(MeterRegistry.class).get("ratelimiter.decision").timer();
				ValueAtPercentile[] percentiles = timer.takeSnapshot().percentileValues();
				assertThat(percentiles).extracting(ValueAtPercentile::percentile).containsExactly(0.5, 0.99);
				assertThat(percentiles[1].value(TimeUnit.NANOSECONDS)).isPositive();
			});
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> {
				assertThat(context).hasSingleBean(RateLimiter.class);
				assertThat(context).doesNotHaveBean(RateLimitMetricsListener.class);
			});
	}

	@Test
	void backsOffWithoutMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(RateLimiterAutoConfiguration.class, RateLimiterMetricsAutoConfiguration.class))
			.withPropertyValues("ratelimiter.store=in-memory")
			.run((context) -> {
				assertThat(context).hasSingleBean(RateLimiter.class);
				assertThat(context).doesNotHaveBean(RateLimitMetricsListener.class);
			});
	}

	@Test
	void backsOffWhenRateLimitingIsDisabled() {
		this.contextRunner.withPropertyValues("ratelimiter.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimitMetricsListener.class));
	}

	@Test
	void backsOffWhenUserDefinesListener() {
		this.contextRunner.withUserConfiguration(UserListenerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(RateLimitMetricsListener.class);
			assertThat(context).hasBean("userMetricsListener");
			assertThat(context.getBean(MeterRegistry.class).find("ratelimiter.requests").counters()).isEmpty();
		});
	}

	@Test
	void keepsOtherListeners() {
		this.contextRunner.withUserConfiguration(CountingListenerConfiguration.class).run((context) -> {
			context.getBean(RateLimiter.class).tryAcquire("hello", ClientId.of("client-a"), 1);

			assertThat(context.getBean(CountingListener.class).decisions).isEqualTo(1);
			assertThat(context.getBean(MeterRegistry.class)
				.get("ratelimiter.requests")
				.tags("policy", "hello", "outcome", "allowed")
				.counter()
				.count()).isEqualTo(1);
		});
	}

	private static List<Meter.Id> rateLimiterMeterIds(MeterRegistry registry) {
		return registry.getMeters()
			.stream()
			.map(Meter::getId)
			.filter((id) -> id.getName().startsWith("ratelimiter."))
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserListenerConfiguration {

		@Bean
		RateLimitMetricsListener userMetricsListener() {
			return new RateLimitMetricsListener(new SimpleMeterRegistry(),
					List.of(), "custom");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CountingListenerConfiguration {

		@Bean
		CountingListener countingListener() {
			return new CountingListener();
		}

	}

	static class CountingListener implements RateLimitListener {

		private int decisions;

		@Override
		public void onDecision(RateLimitDecision decision, String store, long storeNanos) {
			this.decisions++;
		}

	}

}
