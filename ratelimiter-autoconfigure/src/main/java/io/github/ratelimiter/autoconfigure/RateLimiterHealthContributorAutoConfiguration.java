package io.github.ratelimiter.autoconfigure;

import io.github.ratelimiter.actuate.RateLimiterHealthIndicator;
import io.github.ratelimiter.core.RateLimitKeyBuilder;
import io.github.ratelimiter.core.RateLimiter;
import io.github.ratelimiter.redis.RedisRateLimitStore;
import io.github.ratelimiter.redis.RedisVersionReader;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/**
 * Auto-configuration of the {@code ratelimiter} health contributor.
 */
@AutoConfiguration(after = RateLimiterAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(RateLimiter.class)
@ConditionalOnEnabledHealthIndicator("ratelimiter")
public final class RateLimiterHealthContributorAutoConfiguration {

	/** Bean name from which the health contributor name {@code ratelimiter} is derived. */
	static final String BEAN_NAME = "ratelimiterHealthIndicator";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ReactiveRedisConnectionFactory.class)
	@ConditionalOnBean(RedisRateLimitStore.class)
	static class RedisStoreHealthConfiguration {

		@Bean(BEAN_NAME)
		@ConditionalOnMissingBean(name = { BEAN_NAME, "ratelimiterHealthContributor" })
		RateLimiterHealthIndicator ratelimiterHealthIndicator(RateLimiter rateLimiter, RateLimitKeyBuilder keyBuilder,
				ReactiveRedisConnectionFactory connectionFactory, RateLimiterProperties properties) {
			RedisVersionReader versionReader = new RedisVersionReader(connectionFactory, properties.getTimeout());
			return new RateLimiterHealthIndicator(rateLimiter, keyBuilder, versionReader::readVersion);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(type = "io.github.ratelimiter.redis.RedisRateLimitStore")
	static class StoreHealthConfiguration {

		@Bean(BEAN_NAME)
		@ConditionalOnMissingBean(name = { BEAN_NAME, "ratelimiterHealthContributor" })
		RateLimiterHealthIndicator ratelimiterHealthIndicator(RateLimiter rateLimiter, RateLimitKeyBuilder keyBuilder) {
			return new RateLimiterHealthIndicator(rateLimiter, keyBuilder, null);
		}

	}

}
