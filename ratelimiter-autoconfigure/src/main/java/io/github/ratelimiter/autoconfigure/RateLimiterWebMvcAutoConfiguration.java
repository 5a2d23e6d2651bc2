package io.github.ratelimiter.autoconfigure;

import io.github.ratelimiter.autoconfigure.RateLimiterProperties.WhenMissing;
import io.github.ratelimiter.core.RateLimiter;
import io.github.ratelimiter.web.ClientIdResolver;
import io.github.ratelimiter.web.HeaderClientIdResolver;
import io.github.ratelimiter.web.RateLimitExceptionHandler;
import io.github.ratelimiter.web.RateLimitInterceptor;
import io.github.ratelimiter.web.RateLimitedHandlers;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Auto-configuration of rate limiting for Spring MVC handlers annotated with
 * {@link io.github.ratelimiter.web.RateLimited @RateLimited}.
 */
@AutoConfiguration(after = RateLimiterAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(WebMvcConfigurer.class)
@ConditionalOnBean(RateLimiter.class)
public final class RateLimiterWebMvcAutoConfiguration {

	private static final Log logger = LogFactory.getLog(RateLimiterWebMvcAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ClientIdResolver clientIdResolver(RateLimiterProperties properties, Environment environment) {
		RateLimiterProperties.ClientIdProperties clientId = properties.getClientId();
		boolean byRemoteAddress = clientId.getWhenMissing() == WhenMissing.REMOTE_ADDRESS;
		if (byRemoteAddress && isFrameworkForwardedHeaders(environment)) {
			logger.warn("ratelimiter.client-id.when-missing is remote-address and server.forward-headers-strategy "
					+ "is framework, so Spring's ForwardedHeaderFilter takes the client address from the left-most "
					+ "forwarded address, which every client can set. This is safe only behind an edge proxy that "
					+ "replaces the forwarding headers; otherwise use the native strategy with "
					+ "server.tomcat.remoteip.internal-proxies.");
		}
		return new HeaderClientIdResolver(clientId.getHeader(), byRemoteAddress, clientId.getMaxLength());
	}

	private static boolean isFrameworkForwardedHeaders(Environment environment) {
		String strategy = environment.getProperty("server.forward-headers-strategy");
		return strategy != null && strategy.trim().equalsIgnoreCase("framework");
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitedHandlers rateLimitedHandlers(RateLimiter rateLimiter, RateLimiterProperties properties) {
		return new RateLimitedHandlers(rateLimiter, properties.getDefaultPolicy());
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitInterceptor rateLimitInterceptor(RateLimiter rateLimiter, RateLimitedHandlers handlers,
			ClientIdResolver clientIdResolver) {
		return new RateLimitInterceptor(rateLimiter, handlers, clientIdResolver);
	}

	@Bean
	WebMvcConfigurer rateLimitWebMvcConfigurer(RateLimitInterceptor interceptor) {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(interceptor);
			}

		};
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitExceptionHandler rateLimitExceptionHandler() {
		return new RateLimitExceptionHandler();
	}

	/**
	 * Resolves every handler's {@code @RateLimited} before the server takes traffic, so an unknown policy
	 * or an invalid cost stops the application at startup.
	 */
	@Bean
	static SmartInitializingSingleton rateLimitedHandlersValidator(ObjectProvider<RateLimitedHandlers> handlers,
			ObjectProvider<RequestMappingHandlerMapping> mappings) {
		return () -> mappings.orderedStream()
			.flatMap((mapping) -> mapping.getHandlerMethods().values().stream())
			.forEach((handlerMethod) -> handlers.getObject().find(handlerMethod));
	}

}
