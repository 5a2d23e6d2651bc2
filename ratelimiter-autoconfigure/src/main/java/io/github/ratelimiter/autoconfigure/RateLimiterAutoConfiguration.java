package io.github.ratelimiter.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import io.github.ratelimiter.autoconfigure.RateLimiterProperties.StoreType;
import io.github.ratelimiter.core.FailureMode;
import io.github.ratelimiter.core.RateLimitKeyBuilder;
import io.github.ratelimiter.core.RateLimitListener;
import io.github.ratelimiter.core.RateLimitPolicy;
import io.github.ratelimiter.core.RateLimitStore;
import io.github.ratelimiter.core.RateLimitStoreException;
import io.github.ratelimiter.core.RateLimiter;
import io.github.ratelimiter.core.RateLimiterConfigurationException;
import io.github.ratelimiter.core.StoreOutageTracker;
import io.github.ratelimiter.memory.InMemoryRateLimitStore;
import io.github.ratelimiter.redis.RateLimitScripts;
import io.github.ratelimiter.redis.RedisRateLimitStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Auto-configuration of the {@link RateLimiter} and its store.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "ratelimiter.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RateLimiterProperties.class)
public final class RateLimiterAutoConfiguration {

	private static final Log logger = LogFactory.getLog(RateLimiterAutoConfiguration.class);

	private static final Duration WARM_UP_DEADLINE = Duration.ofSeconds(5);

	/**
	 * Checks the policy names and client ids as written in the configuration before any bean binds them,
	 * because Spring Boot's relaxed binding would change some of them without a trace.
	 */
	@Bean
	static BeanFactoryPostProcessor rateLimiterPropertyKeysValidator(Environment environment) {
		return (beanFactory) -> RateLimiterPropertyKeys.validate(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitKeyBuilder rateLimitKeyBuilder(RateLimiterProperties properties) {
		RateLimitPolicyFactory.validateGeneralSettings(properties);
		return new RateLimitKeyBuilder(properties.getKeyPrefix());
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimiter rateLimiter(RateLimiterProperties properties, RateLimitStore store, RateLimitKeyBuilder keyBuilder,
			ObjectProvider<RateLimitListener> listeners) {
		RateLimitPolicyFactory.validateGeneralSettings(properties);
		List<RateLimitPolicy> policies = RateLimitPolicyFactory.createPolicies(properties);
		boolean anyLocal = policies.stream().anyMatch((policy) -> policy.failureMode() == FailureMode.LOCAL);
		RateLimitStore fallbackStore = anyLocal ? new InMemoryRateLimitStore() : null;
		List<RateLimitListener> allListeners = listeners.orderedStream().toList();
		RateLimitListener listener = (decision, storeName, nanos) -> allListeners
			.forEach((each) -> each.onDecision(decision, storeName, nanos));
		logSummary(store, policies);
		return new RateLimiter(policies, store, fallbackStore, keyBuilder, listener);
	}

	private static void logSummary(RateLimitStore store, List<RateLimitPolicy> policies) {
		String summary = policies.stream()
			.map((policy) -> policy.name() + " " + policy.limit().limit() + "/" + policy.limit().window() + " ("
					+ policy.clientLimits().size() + " client overrides, failure mode "
					+ policy.failureMode().name().toLowerCase() + ")")
			.collect(Collectors.joining(", "));
		logger.info("Rate limiter uses the " + store.name() + " store with "
				+ (policies.isEmpty() ? "no policies" : "policies " + summary));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ReactiveRedisConnectionFactory.class, reactor.core.publisher.Mono.class })
	@ConditionalOnStoreType(StoreType.REDIS)
	static class RedisStoreConfiguration {

		@Bean(RateLimitScripts.SLIDING_WINDOW_SCRIPT_BEAN_NAME)
		@ConditionalOnMissingBean(name = RateLimitScripts.SLIDING_WINDOW_SCRIPT_BEAN_NAME)
		RedisScript<List<Long>> rateLimiterSlidingWindowScript() {
			return RateLimitScripts.slidingWindow();
		}

		@Bean
		@ConditionalOnMissingBean(RateLimitStore.class)
		RedisRateLimitStore redisRateLimitStore(ObjectProvider<ReactiveRedisConnectionFactory> connectionFactory,
				RedisScript<List<Long>> rateLimiterSlidingWindowScript, RateLimiterProperties properties) {
			ReactiveRedisConnectionFactory factory = connectionFactory.getIfAvailable();
			if (factory == null) {
				throw new RateLimiterConfigurationException(
						"ratelimiter.store is redis, but there is no ReactiveRedisConnectionFactory bean. "
								+ "The Redis store needs the Lettuce client that spring-boot-starter-data-redis brings.",
						"Use Lettuce (the default of spring-boot-starter-data-redis) instead of Jedis, "
								+ "or set ratelimiter.store=in-memory for a single instance.");
			}
			return new RedisRateLimitStore(factory, rateLimiterSlidingWindowScript, properties.getTimeout());
		}

		/**
		 * Connects to Redis and loads the script before the server takes traffic. A Redis that does not
		 * respond does not stop the application: its requests follow the failure mode. The failure starts an
		 * outage of the rate limiter's {@link StoreOutageTracker}, so it is logged once, and the first
		 * request that Redis decides ends it.
		 */
		@Bean
		static SmartInitializingSingleton redisRateLimitStoreWarmUp(ObjectProvider<RedisRateLimitStore> store,
				ObjectProvider<RateLimitKeyBuilder> keyBuilder, ObjectProvider<RateLimiter> rateLimiter) {
			return () -> store.ifAvailable((redisStore) -> {
				try {
					redisStore.warmUp(keyBuilder.getObject().namespace() + "warm-up", WARM_UP_DEADLINE);
				}
				catch (RateLimitStoreException ex) {
					RateLimiter limiter = rateLimiter.getIfAvailable();
					if (limiter != null && limiter.getStore() == redisStore) {
						limiter.getOutageTracker().recordFailure(ex);
						return;
					}
					logger.warn("Redis did not reply to the rate limiter at startup, so requests follow "
							+ "ratelimiter.failure-mode until it does: " + ex.getMessage());
				}
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.data.redis.connection.ReactiveRedisConnectionFactory")
	@ConditionalOnStoreType(StoreType.REDIS)
	static class MissingRedisConfiguration {

		@Bean
		@ConditionalOnMissingBean(RateLimitStore.class)
		RateLimitStore redisRateLimitStore() {
			throw new RateLimiterConfigurationException(
					"ratelimiter.store is redis, but Spring Data Redis is not on the class path.",
					"Add spring-boot-starter-data-redis to your dependencies, "
							+ "or set ratelimiter.store=in-memory for a single instance.");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnStoreType(StoreType.IN_MEMORY)
	static class InMemoryStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(RateLimitStore.class)
		InMemoryRateLimitStore inMemoryRateLimitStore() {
			return new InMemoryRateLimitStore();
		}

	}

}
