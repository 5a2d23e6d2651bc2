package io.github.ratelimiter.demo;

import java.util.ArrayList;
import java.util.List;

import io.github.ratelimiter.test.redis.RedisTestServer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts instances of the demo application on free loopback ports, as replicas of one service.
 */
final class DemoInstances {

	private DemoInstances() {
	}

	/**
	 * Starts an instance connected to the given Redis.
	 * @param redis the test's Redis
	 * @param properties further properties as {@code name=value}
	 * @return the running application, to be closed by the caller
	 */
	static ConfigurableApplicationContext start(RedisTestServer redis, String... properties) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1"));
		redis.springProperties().forEach((name, value) -> args.add("--" + name + "=" + value));
		for (String property : properties) {
			args.add("--" + property);
		}
		return new SpringApplicationBuilder(DemoApplication.class).run(args.toArray(String[]::new));
	}

	/** Returns a client that sends requests to the instance. */
	static DemoHttpClient clientOf(ConfigurableApplicationContext instance) {
		return new DemoHttpClient(instance.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
	}

}
