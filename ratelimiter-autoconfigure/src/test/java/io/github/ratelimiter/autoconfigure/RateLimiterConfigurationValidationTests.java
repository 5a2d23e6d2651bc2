package io.github.ratelimiter.autoconfigure;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that invalid {@code ratelimiter.*} settings stop the application with a failure analysis that
 * names the property, the value and the rule.
 */
class RateLimiterConfigurationValidationTests {

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
						"must match"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidSettings")
	void rejectsInvalidSetting(String setting, String problem, String rule) {
		this.contextRunner.withPropertyValues(setting).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains(problem).contains(rule);
			assertThat(analysis.getAction()).contains(problem.substring(0, problem.indexOf(" is ")));
		});
	}

	private static FailureAnalysis analyze(Throwable failure) {
		FailureAnalysis analysis = new RateLimiterConfigurationFailureAnalyzer().analyze(failure);
		assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
		return analysis;
	}

}
