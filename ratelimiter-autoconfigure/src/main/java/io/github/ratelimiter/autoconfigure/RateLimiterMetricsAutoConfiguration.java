package io.github.ratelimiter.autoconfigure;

import io.github.ratelimiter.core.RateLimitStore;
import io.github.ratelimiter.core.RateLimiter;
import io.github.ratelimiter.metrics.RateLimitMetricsListener;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the rate limiter's Micrometer metrics.
 */
@AutoConfiguration(after = RateLimiterAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, RateLimiter.class })
public final class RateLimiterMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RateLimitMetricsListener rateLimitMetricsListener(MeterRegistry registry, RateLimiterProperties properties,
			RateLimitStore store) {
		return new RateLimitMetricsListener(registry, properties.getPolicies().keySet(), store.name());
	}

}
