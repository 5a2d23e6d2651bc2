package io.github.ratelimiter.autoconfigure;

import java.util.Set;

import io.github.ratelimiter.actuate.RateLimitersEndpoint;
import io.github.ratelimiter.actuate.RateLimitersEndpointWebExtension;
import io.github.ratelimiter.core.RateLimiter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimiterEndpointAutoConfiguration}.
 */
class RateLimiterEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(RateLimiterAutoConfiguration.class, RateLimiterEndpointAutoConfiguration.class))
		.withPropertyValues("ratelimiter.store=in-memory", "ratelimiter.policies.hello.limit=3",
				"ratelimiter.policies.hello.window=10s", "ratelimiter.policies.hello.clients.partner-a.limit=10");

	@Test
	void registersEndpointWhenExposedOverWeb() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=ratelimiters")
			.run((context) -> {
				assertThat(context).hasSingleBean(RateLimitersEndpoint.class);
				assertThat(context).hasSingleBean(RateLimitersEndpointWebExtension.class);
			});
	}

	@Test
	void omitsWebExtensionForJmxExposure() {
		this.contextRunner
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=ratelimiters")
			.run((context) -> {
				assertThat(context).hasSingleBean(RateLimitersEndpoint.class);
				assertThat(context).doesNotHaveBean(RateLimitersEndpointWebExtension.class);
			});
	}

	@Test
	void backsOffWhenEndpointIsNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(RateLimitersEndpoint.class));
	}

	@Test
	void backsOffWhenAccessIsNone() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=ratelimiters",
					"management.endpoint.ratelimiters.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimitersEndpoint.class));
	}

	@Test
	void backsOffWithoutActuator() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=ratelimiters")
			.withClassLoader(new FilteredClassLoader(ConditionalOnAvailableEndpoint.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(RateLimiter.class);
				assertThat(context).doesNotHaveBean(RateLimitersEndpoint.class);
			});
	}

	@Test
	void backsOffWhenRateLimitingIsDisabled() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=ratelimiters", "ratelimiter.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimitersEndpoint.class));
	}

	@Test
	void backsOffWhenUserDefinesEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=ratelimiters")
			.withUserConfiguration(UserEndpointConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(RateLimitersEndpoint.class);
				assertThat(context).hasBean("userRateLimitersEndpoint");
			});
	}

	@Test
	void hidesClientIdsByDefault() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=ratelimiters")
			.run((context) -> assertThat(context.getBean(RateLimitersEndpoint.class)
				.rateLimiters(SecurityContext.NONE)
				.policies()
				.get("hello")
				.clients()).isNull());
	}

	@Test
	void showsClientIdsWhenConfigured() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=ratelimiters",
					"management.endpoint.ratelimiters.show-clients=always")
			.run((context) -> assertThat(context.getBean(RateLimitersEndpoint.class)
				.rateLimiters(SecurityContext.NONE)
				.policies()
				.get("hello")
				.clients()).containsOnlyKeys("id:partner-a"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpointConfiguration {

		@Bean
		RateLimitersEndpoint userRateLimitersEndpoint(RateLimiter rateLimiter) {
			return new RateLimitersEndpoint(rateLimiter, Show.ALWAYS, Set.of());
		}

	}

}
