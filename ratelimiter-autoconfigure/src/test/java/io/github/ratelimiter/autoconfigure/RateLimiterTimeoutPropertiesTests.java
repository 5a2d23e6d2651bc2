package io.github.ratelimiter.autoconfigure;

import java.time.Duration;

import io.github.ratelimiter.core.RateLimiter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code ratelimiter.timeout} and its per-policy override {@code ratelimiter.policies.<name>.timeout}.
 */
class RateLimiterTimeoutPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RateLimiterAutoConfiguration.class))
		.withPropertyValues("ratelimiter.store=in-memory", "ratelimiter.policies.hello.limit=3",
				"ratelimiter.policies.hello.window=10s", "ratelimiter.policies.orders.limit=5",
				"ratelimiter.policies.orders.window=30s");

	@Test
	void policiesUseGlobalTimeoutByDefault() {
		this.contextRunner.run((context) -> {
			RateLimiter rateLimiter = context.getBean(RateLimiter.class);
			assertThat(rateLimiter.findPolicy("hello").timeout()).isEqualTo(Duration.ofMillis(100));
			assertThat(rateLimiter.findPolicy("orders").timeout()).isEqualTo(Duration.ofMillis(100));
		});
	}

	@Test
	void policyTimeoutOverridesGlobalTimeout() {
		this.contextRunner
			.withPropertyValues("ratelimiter.timeout=250ms", "ratelimiter.policies.orders.timeout=2s")
			.run((context) -> {
				RateLimiter rateLimiter = context.getBean(RateLimiter.class);
				assertThat(rateLimiter.findPolicy("hello").timeout()).isEqualTo(Duration.ofMillis(250));
				assertThat(rateLimiter.findPolicy("orders").timeout()).isEqualTo(Duration.ofSeconds(2));
			});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "0ms, PT0S", "-1s, PT-1S", "61s, PT1M1S" })
	void rejectsPolicyTimeoutOutsideRange(String timeout, String bound) {
		this.contextRunner.withPropertyValues("ratelimiter.policies.orders.timeout=" + timeout).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new RateLimiterConfigurationFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription())
				.contains("ratelimiter.policies.orders.timeout is " + bound + "; it must be between 1ms and 1m");
			assertThat(analysis.getAction()).contains("Change ratelimiter.policies.orders.timeout");
		});
	}

}
