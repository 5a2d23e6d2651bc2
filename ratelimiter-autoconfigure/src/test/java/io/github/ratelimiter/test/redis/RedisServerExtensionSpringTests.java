package io.github.ratelimiter.test.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisServerExtension#registerSpringProperties} in a {@code @SpringBootTest}.
 */
@SpringBootTest(classes = RedisServerExtensionSpringTests.DataRedisConfiguration.class)
@DirtiesContext
class RedisServerExtensionSpringTests {

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redis = RedisServerExtension.standalone();

	@Autowired
	private StringRedisTemplate template;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		redis.registerSpringProperties(registry);
	}

	@Test
	void dynamicPropertiesConnectDataRedis() {
		this.template.opsForValue().set("spring-key", "spring-value");

		assertThat(redis.server().command("GET", "spring-key")).isEqualTo("spring-value");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DataRedisAutoConfiguration.class)
	static class DataRedisConfiguration {

	}

}
