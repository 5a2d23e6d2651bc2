package io.github.ratelimiter.autoconfigure;

import io.github.ratelimiter.actuate.RateLimiterHealthIndicator;
import io.github.ratelimiter.core.RateLimiter;
import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.redis.RedisStandaloneTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimiterHealthContributorAutoConfiguration}.
 */
class RateLimiterHealthContributorAutoConfigurationTests {

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redis = RedisServerExtension.standalone();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RateLimiterAutoConfiguration.class,
				RateLimiterHealthContributorAutoConfiguration.class))
		.withPropertyValues("ratelimiter.policies.hello.limit=3", "ratelimiter.policies.hello.window=10s");

	@Test
	void registersHealthIndicator() {
		this.contextRunner.withPropertyValues("ratelimiter.store=in-memory")
			.run((context) -> assertThat(context).hasSingleBean(RateLimiterHealthIndicator.class)
				.hasBean("ratelimiterHealthIndicator"));
	}

	@Test
	void registersContributorNamedRatelimiter() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(HealthContributorRegistryAutoConfiguration.class))
			.withPropertyValues("ratelimiter.store=in-memory")
			.run((context) -> assertThat(context.getBean(HealthContributorRegistry.class).getContributor("ratelimiter"))
				.isInstanceOf(RateLimiterHealthIndicator.class));
	}

	@Test
	void reportsInMemoryStoreWithoutVersion() {
		this.contextRunner.withPropertyValues("ratelimiter.store=in-memory").run((context) -> {
			Health health = context.getBean(RateLimiterHealthIndicator.class).health();

			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("store", "in-memory");
			assertThat(health.getDetails()).doesNotContainKey("version");
		});
	}

	@Test
	void reportsRedisStoreWithVersion() {
		this.contextRunner.withPropertyValues(redis.server().springPropertyValues()).run((context) -> {
			Health health = context.getBean(RateLimiterHealthIndicator.class).health();

			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("store", "redis");
			assertThat((String) health.getDetails().get("version")).matches("\\d+\\.\\d+\\.\\d+");
		});
	}

	@Test
	void backsOffWhenIndicatorIsDisabled() {
		this.contextRunner.withPropertyValues("ratelimiter.store=in-memory", "management.health.ratelimiter.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimiterHealthIndicator.class));
	}

	@Test
	void backsOffWithoutHealthModule() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.withPropertyValues("ratelimiter.store=in-memory")
			.run((context) -> {
				assertThat(context).hasSingleBean(RateLimiter.class);
				assertThat(context).doesNotHaveBean(RateLimiterHealthIndicator.class);
			});
	}

	@Test
	void backsOffWhenRateLimitingIsDisabled() {
		this.contextRunner.withPropertyValues("ratelimiter.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimiterHealthIndicator.class));
	}

	@Test
	void backsOffWhenUserDefinesIndicator() {
		this.contextRunner.withPropertyValues("ratelimiter.store=in-memory")
			.withUserConfiguration(UserHealthIndicatorConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RateLimiterHealthIndicator.class);
				assertThat(context.getBean("ratelimiterHealthIndicator", HealthIndicator.class).health().getStatus())
					.isEqualTo(Status.OUT_OF_SERVICE);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserHealthIndicatorConfiguration {

		@Bean
		HealthIndicator ratelimiterHealthIndicator() {
			return () -> Health.outOfService().build();
		}

	}

}
