package io.github.ratelimiter.autoconfigure;

import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.RateLimiterConfigurationException;
import io.github.ratelimiter.web.ClientIdResolver;
import io.github.ratelimiter.web.HeaderClientIdResolver;
import io.github.ratelimiter.web.RateLimitExceptionHandler;
import io.github.ratelimiter.web.RateLimitInterceptor;
import io.github.ratelimiter.web.RateLimited;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimiterWebMvcAutoConfiguration}.
 */
class RateLimiterWebMvcAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, RateLimiterAutoConfiguration.class,
				RateLimiterWebMvcAutoConfiguration.class))
		.withPropertyValues("ratelimiter.store=in-memory", "ratelimiter.policies.hello.limit=3",
				"ratelimiter.policies.hello.window=10s");

	@Test
	void registersInterceptorForRateLimitedHandlers() {
		this.contextRunner.withUserConfiguration(HelloController.class).run((context) -> {
			assertThat(context).hasSingleBean(RateLimitInterceptor.class);
			assertThat(context).hasSingleBean(RateLimitExceptionHandler.class);
			RequestMappingHandlerMapping mapping = context.getBean("requestMappingHandlerMapping",
					RequestMappingHandlerMapping.class);
			HandlerExecutionChain chain = mapping.getHandler(new MockHttpServletRequest("GET", "/hello"));
			assertThat(chain).isNotNull();
			assertThat(chain.getInterceptorList()).contains(context.getBean(RateLimitInterceptor.class));
		});
	}

	@Test
	void usesHeaderClientIdResolverByDefault() {
		this.contextRunner.run((context) -> assertThat(context).getBean(ClientIdResolver.class)
			.isInstanceOf(HeaderClientIdResolver.class));
	}

	@Test
	void backsOffWhenUserDefinesClientIdResolver() {
		this.contextRunner.withUserConfiguration(UserClientIdResolverConfiguration.class)
			.run((context) -> assertThat(context).getBean(ClientIdResolver.class)
				.isSameAs(context.getBean("userClientIdResolver")));
	}

	@Test
	void isDisabledByProperty() {
		this.contextRunner.withPropertyValues("ratelimiter.enabled=false")
			.withUserConfiguration(HelloController.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(RateLimitInterceptor.class);
			});
	}

	@Test
	void doesNotApplyOutsideServletWebApplications() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(RateLimiterAutoConfiguration.class, RateLimiterWebMvcAutoConfiguration.class))
			.withPropertyValues("ratelimiter.store=in-memory")
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimitInterceptor.class));
	}

	@Test
	void unknownPolicyOnHandlerFailsStartup() {
		this.contextRunner.withUserConfiguration(UnknownPolicyController.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.isInstanceOf(RateLimiterConfigurationException.class)
				.hasMessageContaining("@RateLimited(\"nope\") on RateLimiterWebMvcAutoConfigurationTests.UnknownPolicyController.hello() names policy 'nope'")
				.hasMessageContaining("not configured");
		});
	}

	@Test
	void unconfiguredDefaultPolicyFailsStartup() {
		this.contextRunner.withUserConfiguration(DefaultPolicyController.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("ratelimiter.default-policy, used by @RateLimited on RateLimiterWebMvcAutoConfigurationTests.DefaultPolicyController.hello()");
		});
	}

	@Test
	void zeroCostFailsStartup() {
		this.contextRunner.withUserConfiguration(ZeroCostController.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("@RateLimited on RateLimiterWebMvcAutoConfigurationTests.ZeroCostController.hello() has cost 0");
		});
	}

	@Test
	void negativeCostFailsStartup() {
		this.contextRunner.withUserConfiguration(NegativeCostController.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("@RateLimited on RateLimiterWebMvcAutoConfigurationTests.NegativeCostController.hello() has cost -1");
		});
	}

	@Test
	void costAboveLimitFailsStartup() {
		this.contextRunner.withUserConfiguration(ExpensiveController.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("has cost 4, above the limit 3 of policy 'hello'");
		});
	}

	@RestController
	static class HelloController {

		@GetMapping("/hello")
		@RateLimited("hello")
		String hello() {
			return "hello";
		}

	}

	@RestController
	static class UnknownPolicyController {

		@GetMapping("/hello")
		@RateLimited("nope")
		String hello() {
			return "hello";
		}

	}

	@RestController
	static class DefaultPolicyController {

		@GetMapping("/hello")
		@RateLimited
		String hello() {
			return "hello";
		}

	}

	@RestController
	static class ZeroCostController {

		@GetMapping("/hello")
		@RateLimited(value = "hello", cost = 0)
		String hello() {
			return "hello";
		}

	}

	@RestController
	static class NegativeCostController {

		@GetMapping("/hello")
		@RateLimited(value = "hello", cost = -1)
		String hello() {
			return "hello";
		}

	}

	@RestController
	static class ExpensiveController {

		@GetMapping("/hello")
		@RateLimited(value = "hello", cost = 4)
		String hello() {
			return "hello";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserClientIdResolverConfiguration {

		@Bean
		ClientIdResolver userClientIdResolver() {
			return (request) -> ClientId.of("everyone");
		}

	}

}
