package io.github.ratelimiter.autoconfigure;

import java.util.List;

import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.FailureMode;
import io.github.ratelimiter.core.RateLimitDecision;
import io.github.ratelimiter.core.RateLimitKeyBuilder;
import io.github.ratelimiter.core.RateLimitListener;
import io.github.ratelimiter.core.RateLimitStore;
import io.github.ratelimiter.core.RateLimiter;
import io.github.ratelimiter.core.RateLimiterConfigurationException;
import io.github.ratelimiter.memory.InMemoryRateLimitStore;
import io.github.ratelimiter.redis.RateLimitScripts;
import io.github.ratelimiter.redis.RedisRateLimitStore;
import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.redis.RedisStandaloneTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimiterAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class RateLimiterAutoConfigurationTests {

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redis = RedisServerExtension.standalone();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RateLimiterAutoConfiguration.class))
		.withPropertyValues("ratelimiter.policies.hello.limit=3", "ratelimiter.policies.hello.window=10s");

	@Test
	void usesRedisStoreByDefault() {
		this.contextRunner.withPropertyValues(redis.server().springPropertyValues()).run((context) -> {
			assertThat(context).hasSingleBean(RedisRateLimitStore.class);
			assertThat(context).hasBean(RateLimitScripts.SLIDING_WINDOW_SCRIPT_BEAN_NAME);
			RateLimiter rateLimiter = context.getBean(RateLimiter.class);
			RateLimitDecision decision = rateLimiter.tryAcquire("hello", ClientId.of("auto-config"), 1);
			assertThat(decision.outcome()).isEqualTo(RateLimitDecision.Outcome.ALLOWED);
			assertThat(decision.remaining()).isEqualTo(2);
		});
	}

	@Test
	void usesInMemoryStoreWhenConfigured() {
		this.contextRunner.withPropertyValues("ratelimiter.store=in-memory").run((context) -> {
			assertThat(context).hasSingleBean(InMemoryRateLimitStore.class);
			assertThat(context).doesNotHaveBean(RedisRateLimitStore.class);
			assertThat(context.getBean(RateLimiter.class).getStore()).isInstanceOf(InMemoryRateLimitStore.class);
		});
	}

	@Test
	void inMemoryStoreWorksWithoutRedisClasses() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ReactiveRedisConnectionFactory.class))
			.withPropertyValues("ratelimiter.store=in-memory")
			.run((context) -> assertThat(context).hasSingleBean(InMemoryRateLimitStore.class));
	}

	@Test
	void redisStoreWithoutRedisClassesFailsWithClearMessage() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ReactiveRedisConnectionFactory.class))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(RateLimiterConfigurationException.class)
					.hasMessageContaining("Spring Data Redis is not on the class path");
			});
	}

	@Test
	void isDisabledByProperty() {
		this.contextRunner.withPropertyValues("ratelimiter.enabled=false", "ratelimiter.store=in-memory")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RateLimiter.class);
				assertThat(context).doesNotHaveBean(RateLimitStore.class);
				assertThat(context).doesNotHaveBean(RateLimiterProperties.class);
			});
	}

	@Test
	void backsOffWhenUserDefinesStore() {
		this.contextRunner.withUserConfiguration(UserStoreConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(RateLimitStore.class);
			assertThat(context.getBean(RateLimiter.class).getStore())
				.isSameAs(context.getBean("userStore", RateLimitStore.class));
		});
	}

	@Test
	void backsOffWhenUserDefinesRateLimiter() {
		this.contextRunner.withPropertyValues("ratelimiter.store=in-memory")
			.withUserConfiguration(UserRateLimiterConfiguration.class)
			.run((context) -> assertThat(context).getBean(RateLimiter.class)
				.isSameAs(context.getBean("userRateLimiter")));
	}

	@Test
	void backsOffWhenUserDefinesKeyBuilder() {
		this.contextRunner.withPropertyValues("ratelimiter.store=in-memory")
			.withUserConfiguration(UserKeyBuilderConfiguration.class)
			.run((context) -> assertThat(context).getBean(RateLimitKeyBuilder.class)
				.isSameAs(context.getBean("userKeyBuilder")));
	}

	@Test
	void backsOffWhenUserDefinesScript() {
		this.contextRunner.withPropertyValues(redis.server().springPropertyValues())
			.withUserConfiguration(UserScriptConfiguration.class)
			.run((context) -> assertThat(context).getBean(RateLimitScripts.SLIDING_WINDOW_SCRIPT_BEAN_NAME)
				.isSameAs(UserScriptConfiguration.SCRIPT));
	}

	@Test
	void notifiesEveryListener() {
		this.contextRunner.withPropertyValues("ratelimiter.store=in-memory")
			.withUserConfiguration(ListenerConfiguration.class)
			.run((context) -> {
				context.getBean(RateLimiter.class).tryAcquire("hello", ClientId.of("c1"), 1);
				assertThat(context.getBean(ListenerConfiguration.class).decisions).hasSize(2);
			});
	}

	@Test
	void appliesPerClientOverrideAndPolicyFailureMode() {
		this.contextRunner
			.withPropertyValues("ratelimiter.store=in-memory", "ratelimiter.policies.hello.clients.partner-a.limit=5",
					"ratelimiter.policies.hello.failure-mode=closed")
			.run((context) -> {
				RateLimiter rateLimiter = context.getBean(RateLimiter.class);
				assertThat(rateLimiter.tryAcquire("hello", ClientId.of("partner-a"), 1).remaining()).isEqualTo(4);
				assertThat(rateLimiter.tryAcquire("hello", ClientId.of("other"), 1).remaining()).isEqualTo(2);
				assertThat(rateLimiter.findPolicy("hello").failureMode()).isEqualTo(FailureMode.CLOSED);
			});
	}

	@Test
	void logsOneSummaryLineAtStartup(CapturedOutput output) {
		this.contextRunner.withPropertyValues("ratelimiter.store=in-memory").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).containsOnlyOnce("Rate limiter uses the in-memory store with policies hello 3/PT10S");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserStoreConfiguration {

		@Bean
		RateLimitStore userStore() {
			return new InMemoryRateLimitStore();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRateLimiterConfiguration {

		@Bean
		RateLimiter userRateLimiter() {
			return new RateLimiter(List.of(), new InMemoryRateLimitStore(), null, new RateLimitKeyBuilder("user"),
					RateLimitListener.NONE);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserKeyBuilderConfiguration {

		@Bean
		RateLimitKeyBuilder userKeyBuilder() {
			return new RateLimitKeyBuilder("custom");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserScriptConfiguration {

		static final RedisScript<List<Long>> SCRIPT = RateLimitScripts.slidingWindow();

		@Bean(RateLimitScripts.SLIDING_WINDOW_SCRIPT_BEAN_NAME)
		RedisScript<List<Long>> userScript() {
			return SCRIPT;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ListenerConfiguration {

		final List<RateLimitDecision> decisions = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Bean
		RateLimitListener firstListener() {
			return (decision, store, nanos) -> this.decisions.add(decision);
		}

		@Bean
		RateLimitListener secondListener() {
			return (decision, store, nanos) -> this.decisions.add(decision);
		}

	}

}
