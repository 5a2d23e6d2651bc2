package io.github.ratelimiter.autoconfigure;

import io.github.ratelimiter.actuate.RateLimitersEndpoint;
import io.github.ratelimiter.actuate.RateLimitersEndpointWebExtension;
import io.github.ratelimiter.core.RateLimiter;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link RateLimitersEndpoint ratelimiters} actuator endpoint.
 */
@AutoConfiguration(after = RateLimiterAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBean(RateLimiter.class)
@ConditionalOnAvailableEndpoint(RateLimitersEndpoint.class)
@EnableConfigurationProperties(RateLimitersEndpointProperties.class)
public final class RateLimiterEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RateLimitersEndpoint rateLimitersEndpoint(RateLimiter rateLimiter, RateLimitersEndpointProperties properties) {
		return new RateLimitersEndpoint(rateLimiter, properties.getShowClients(), properties.getRoles());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RateLimitersEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	RateLimitersEndpointWebExtension rateLimitersEndpointWebExtension(RateLimitersEndpoint endpoint) {
		return new RateLimitersEndpointWebExtension(endpoint);
	}

}
