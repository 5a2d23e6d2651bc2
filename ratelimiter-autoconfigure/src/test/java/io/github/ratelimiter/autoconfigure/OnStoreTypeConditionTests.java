package io.github.ratelimiter.autoconfigure;

import io.github.ratelimiter.memory.InMemoryRateLimitStore;
import io.github.ratelimiter.redis.RedisRateLimitStore;
import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.redis.RedisStandaloneTestServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@code ratelimiter.store} selects the same store for every spelling that Spring Boot binds.
 */
class OnStoreTypeConditionTests {

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redis = RedisServerExtension.standalone();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RateLimiterAutoConfiguration.class))
		.withPropertyValues("ratelimiter.policies.hello.limit=3", "ratelimiter.policies.hello.window=10s");

	@ParameterizedTest
	@ValueSource(strings = { "in-memory", "in_memory", "IN_MEMORY", "In-Memory", "inmemory" })
	void inMemorySpellingsSelectInMemoryStore(String store) {
		this.contextRunner.withPropertyValues("ratelimiter.store=" + store).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(InMemoryRateLimitStore.class);
			assertThat(context).doesNotHaveBean(RedisRateLimitStore.class);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "REDIS", "Redis" })
	void redisSpellingsSelectRedisStore(String store) {
		this.contextRunner.withPropertyValues(redis.server().springPropertyValues())
			.withPropertyValues("ratelimiter.store=" + store)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(RedisRateLimitStore.class);
				assertThat(context).doesNotHaveBean(InMemoryRateLimitStore.class);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis-cluster", "memory", "" })
	void unknownStoreFailsBindingInsteadOfMissingBean(String store) {
		this.contextRunner.withPropertyValues(redis.server().springPropertyValues())
			.withPropertyValues("ratelimiter.store=" + store)
			.run((context) -> {
				assertThat(context).hasFailed();
				BindException bindFailure = findCause(context.getStartupFailure(), BindException.class);
				assertThat(bindFailure).as("binding failure in %s", context.getStartupFailure()).isNotNull();
				assertThat(bindFailure.getName()).hasToString(store.isEmpty() ? "ratelimiter" : "ratelimiter.store");
			});
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
