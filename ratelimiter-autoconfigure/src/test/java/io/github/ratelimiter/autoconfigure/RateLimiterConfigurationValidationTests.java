package io.github.ratelimiter.autoconfigure;

import java.time.Duration;
import java.util.stream.Stream;

import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.RateLimit;
import io.github.ratelimiter.core.RateLimitDecision;
import io.github.ratelimiter.core.RateLimiter;
import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.redis.RedisStandaloneTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that invalid {@code ratelimiter.*} settings stop the application with a failure analysis that
 * names the property, the value and the rule, whichever store is chosen.
 */
class RateLimiterConfigurationValidationTests {

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redis = RedisServerExtension.standalone();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RateLimiterAutoConfiguration.class))
		.withPropertyValues("ratelimiter.store=in-memory", "ratelimiter.policies.hello.limit=3",
				"ratelimiter.policies.hello.window=10s");

	static Stream<Arguments> invalidSettings() {
		return Stream.of(
				Arguments.of("ratelimiter.policies.hello.limit=0", "ratelimiter.policies.hello.limit is 0",
						"must be between 1 and 1000000"),
				Arguments.of("ratelimiter.policies.hello.limit=-5", "ratelimiter.policies.hello.limit is -5",
						"must be between 1 and 1000000"),
				Arguments.of("ratelimiter.policies.hello.limit=1000001", "ratelimiter.policies.hello.limit is 1000001",
						"must be between 1 and 1000000"),
				Arguments.of("ratelimiter.policies.hello.window=0s", "ratelimiter.policies.hello.window is PT0S",
						"must be between 1ms and 31d"),
				Arguments.of("ratelimiter.policies.hello.window=-1s", "ratelimiter.policies.hello.window is PT-1S",
						"must be between 1ms and 31d"),
				Arguments.of("ratelimiter.policies.hello.window=500us",
						"ratelimiter.policies.hello.window is PT0.0005S", "must be between 1ms and 31d"),
				Arguments.of("ratelimiter.policies.hello.window=1500us",
						"ratelimiter.policies.hello.window is PT0.0015S", "must be a whole number of milliseconds"),
				Arguments.of("ratelimiter.policies.hello.window=32d", "ratelimiter.policies.hello.window is PT768H",
						"must be between 1ms and 31d"),
				Arguments.of("ratelimiter.policies.missing-window.limit=3",
						"ratelimiter.policies.missing-window.window is missing", "must be between 1ms and 31d"),
				Arguments.of("ratelimiter.policies.hello.clients.c1.limit=0",
						"ratelimiter.policies.hello.clients[c1].limit is 0", "must be between 1 and 1000000"),
				Arguments.of("ratelimiter.policies.hello.clients.c1.window=-10s",
						"ratelimiter.policies.hello.clients[c1].window is PT-10S", "must be between 1ms and 31d"),
				Arguments.of("ratelimiter.default-policy=nope", "ratelimiter.default-policy is 'nope'",
						"must name a policy under ratelimiter.policies"),
				Arguments.of("ratelimiter.timeout=0ms", "ratelimiter.timeout is PT0S", "must be between 1ms and 1m"),
				Arguments.of("ratelimiter.client-id.max-length=0", "ratelimiter.client-id.max-length is 0",
						"must be between 1 and 8192"),
				Arguments.of("ratelimiter.client-id.header=", "ratelimiter.client-id.header is ''",
						"must be a valid HTTP header name"),
				Arguments.of("ratelimiter.key-prefix=rate{limiter}", "ratelimiter.key-prefix is 'rate{limiter}'",
						"must match"),
				Arguments.of("ratelimiter.timeout=61s", "ratelimiter.timeout is PT1M1S", "must be between 1ms and 1m"),
				Arguments.of("ratelimiter.client-id.max-length=-1", "ratelimiter.client-id.max-length is -1",
						"must be between 1 and 8192"),
				Arguments.of("ratelimiter.client-id.max-length=8193", "ratelimiter.client-id.max-length is 8193",
						"must be between 1 and 8192"),
				Arguments.of("ratelimiter.client-id.header=X Client", "ratelimiter.client-id.header is 'X Client'",
						"must be a valid HTTP header name"),
				Arguments.of("ratelimiter.policies[a b].limit=1", "ratelimiter.policies[a b] is an invalid policy name",
						"a policy name must match"),
				Arguments.of("ratelimiter.policies[" + "p".repeat(65) + "].limit=1",
						"ratelimiter.policies[" + "p".repeat(65) + "] is an invalid policy name",
						"a policy name must match"),
				Arguments.of("ratelimiter.policies.hello.clients.c1.window=1500us",
						"ratelimiter.policies.hello.clients[c1].window is PT0.0015S",
						"must be a whole number of milliseconds"));
	}

	static Stream<Arguments> invalidSettingsWithEachStore() {
		return invalidSettings().flatMap((arguments) -> Stream.of("in-memory", "redis").map((store) -> {
			Object[] values = arguments.get();
			return Arguments.of(store, values[0], values[1], values[2]);
		}));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("invalidSettingsWithEachStore")
	void rejectsInvalidSetting(String store, String setting, String problem, String rule) {
		ApplicationContextRunner runner = "redis".equals(store) ? this.contextRunner
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues(redis.server().springPropertyValues()) : this.contextRunner;

		runner.withPropertyValues("ratelimiter.store=" + store, setting).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains(problem).contains(rule);
			assertThat(analysis.getAction()).contains(problem.substring(0, problem.indexOf(" is ")));
		});
	}

	@Test
	void rejectsOverridesEqualInNfc() {
		this.contextRunner
			.withPropertyValues("ratelimiter.policies.hello.clients[caf\u00e9].limit=5",
					"ratelimiter.policies.hello.clients[cafe\u0301].limit=6")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("ratelimiter.policies.hello.clients has overrides for")
					.contains("'caf\u00e9'")
					.contains("'cafe\u0301'")
					.contains("Unicode normalization form C");
				assertThat(analysis.getAction()).isEqualTo("Keep one of the two overrides under ratelimiter.policies.hello.clients.");
			});
	}

	@Test
	void acceptsLargestLimitAndWindow() {
		this.contextRunner
			.withPropertyValues("ratelimiter.policies.hello.limit=" + RateLimit.MAX_LIMIT,
					"ratelimiter.policies.hello.window=31d", "ratelimiter.policies.hello.clients.c1.limit=1",
					"ratelimiter.policies.hello.clients.c1.window=1ms", "ratelimiter.timeout=1m",
					"ratelimiter.client-id.max-length=8192")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RateLimiter rateLimiter = context.getBean(RateLimiter.class);
				RateLimitDecision decision = rateLimiter.tryAcquire("hello", ClientId.of("alice"), 1_000_000);
				assertThat(decision.admitted()).isTrue();
				assertThat(decision.remaining()).isZero();
				assertThat(decision.waitSeconds()).isEqualTo(Duration.ofDays(31).toSeconds());
			});
	}

	private static FailureAnalysis analyze(Throwable failure) {
		FailureAnalysis analysis = new RateLimiterConfigurationFailureAnalyzer().analyze(failure);
		assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
		return analysis;
	}

}
