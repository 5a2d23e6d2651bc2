package io.github.ratelimiter.benchmarks.http;

import java.util.Arrays;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Spring MVC application of the HTTP benchmark: two handlers that do the same work, one of them
 * {@code @RateLimited} under a limit that the benchmark never reaches.
 *
 * <p>
 * Start it with {@code --server.port=<port> --spring.data.redis.port=<port>}. It refuses to start
 * without a Redis port, so it never talks to a Redis on the default port that other programs may use.
 */
@SpringBootApplication
public class HttpBenchmarkApplication {

	/** Name of the policy of the limited handler. */
	static final String POLICY = "bench";

	public static void main(String[] args) {
		if (Arrays.stream(args).noneMatch((arg) -> arg.startsWith("--spring.data.redis.port="))) {
			System.err.println("Missing --spring.data.redis.port=<port> of the benchmark Redis on 127.0.0.1");
			System.exit(2);
		}
		SpringApplication application = new SpringApplication(HttpBenchmarkApplication.class);
		application.setDefaultProperties(Map.of("server.address", "127.0.0.1", "spring.data.redis.host", "127.0.0.1",
				"ratelimiter.policies." + POLICY + ".limit", "1000000", "ratelimiter.policies." + POLICY + ".window",
				"1s", "spring.main.banner-mode", "off", "logging.level.root", "WARN"));
		application.run(args);
	}

	@Bean
	OutcomeCounter outcomeCounter() {
		return new OutcomeCounter();
	}

}
