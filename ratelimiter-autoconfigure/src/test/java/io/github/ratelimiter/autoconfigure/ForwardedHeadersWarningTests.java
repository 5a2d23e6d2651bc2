package io.github.ratelimiter.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests the startup warning about keying clients by an address that Spring's forwarded-header filter
 * takes from a header every client can set.
 */
@ExtendWith(OutputCaptureExtension.class)
class ForwardedHeadersWarningTests {

	private static final String WARNING = "ratelimiter.client-id.when-missing is remote-address and "
			+ "server.forward-headers-strategy is framework";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, RateLimiterAutoConfiguration.class,
				RateLimiterWebMvcAutoConfiguration.class))
		.withPropertyValues("ratelimiter.store=in-memory", "ratelimiter.policies.hello.limit=3",
				"ratelimiter.policies.hello.window=10s");

	@Test
	void warnsOnceForFrameworkStrategyWithRemoteAddress(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("ratelimiter.client-id.when-missing=remote-address",
					"server.forward-headers-strategy=framework")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).containsOnlyOnce(WARNING);
				assertThat(output).contains("WARN")
					.contains("This is safe only behind an edge proxy that replaces the forwarding headers");
			});
	}

	@Test
	void doesNotWarnForNativeStrategy(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("ratelimiter.client-id.when-missing=remote-address",
					"server.forward-headers-strategy=native")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).doesNotContain(WARNING);
			});
	}

	@Test
	void doesNotWarnWhenMissingIdsAreRejected(CapturedOutput output) {
		this.contextRunner.withPropertyValues("server.forward-headers-strategy=FRAMEWORK").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).doesNotContain(WARNING);
		});
	}

}
