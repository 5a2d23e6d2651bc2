package io.github.ratelimiter.test.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.ratelimiter.web.RateLimited;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring MVC application for end-to-end tests of the starter, started on a free port of 127.0.0.1 with
 * every auto-configuration on the class path. It is a plain configuration class, not a
 * {@code @SpringBootConfiguration}, so that no {@code @SpringBootTest} of another test finds it.
 *
 * <p>
 * Each failure mode has its own endpoint and policy, so one running application shows all three:
 * {@code GET /open}, {@code /closed} and {@code /local} each admit {@value #LIMIT} requests per 10 s and
 * client under the policy of the same name, whose failure mode is that name. {@code GET /unlimited} has
 * no limit. A {@link RecordingRateLimitListener} bean records every decision.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(RateLimitedTestApplication.Endpoints.class)
public class RateLimitedTestApplication {

	/** Requests per window of each policy. */
	public static final int LIMIT = 3;

	/** Failure modes, which are also the names of the policies and the paths of their endpoints. */
	public static final List<String> FAILURE_MODES = List.of("open", "closed", "local");

	@Bean
	RecordingRateLimitListener recordingRateLimitListener() {
		return new RecordingRateLimitListener();
	}

	/**
	 * Starts the application.
	 * @param redisProperties Spring Boot properties that connect to Redis, such as a test server's
	 * {@code springProperties()}
	 * @param properties further properties as {@code name=value}, which win over the defaults
	 * @return the running application
	 */
	public static TestApplicationInstance start(Map<String, String> redisProperties, String... properties) {
		return start(List.of(), redisProperties, properties);
	}

	/**
	 * Starts the application with further configuration classes, such as one that replaces a bean.
	 * @param configurations configuration classes to add to the application
	 * @param redisProperties Spring Boot properties that connect to Redis
	 * @param properties further properties as {@code name=value}, which win over the defaults
	 * @return the running application
	 */
	public static TestApplicationInstance start(List<Class<?>> configurations, Map<String, String> redisProperties,
			String... properties) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
				"--spring.main.banner-mode=off"));
		for (String mode : FAILURE_MODES) {
			args.add("--ratelimiter.policies." + mode + ".limit=" + LIMIT);
			args.add("--ratelimiter.policies." + mode + ".window=10s");
			args.add("--ratelimiter.policies." + mode + ".failure-mode=" + mode);
		}
		redisProperties.forEach((name, value) -> args.add("--" + name + "=" + value));
		for (String property : properties) {
			args.add("--" + property);
		}
		SpringApplicationBuilder builder = new SpringApplicationBuilder(RateLimitedTestApplication.class)
			.sources(configurations.toArray(Class<?>[]::new));
		return new TestApplicationInstance(builder.run(args.toArray(String[]::new)));
	}

	@RestController
	static class Endpoints {

		@GetMapping("/open")
		@RateLimited("open")
		String open() {
			return "open";
		}

		@GetMapping("/closed")
		@RateLimited("closed")
		String closed() {
			return "closed";
		}

		@GetMapping("/local")
		@RateLimited("local")
		String local() {
			return "local";
		}

		@GetMapping("/unlimited")
		String unlimited() {
			return "unlimited";
		}

	}

}
