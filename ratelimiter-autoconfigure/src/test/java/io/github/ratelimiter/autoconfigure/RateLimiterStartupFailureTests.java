package io.github.ratelimiter.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.redis.RedisStandaloneTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Starts whole applications with invalid settings and checks the failure analysis they print, whether
 * the starter's analyzer or Spring Boot's own binding analyzers write it.
 */
@ExtendWith(OutputCaptureExtension.class)
class RateLimiterStartupFailureTests {

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redis = RedisServerExtension.standalone();

	@Test
	void unknownFailureModeListsValidValues(CapturedOutput output) {
		assertStartupFails("--ratelimiter.failure-mode=maybe");

		assertThat(output).contains("Property: ratelimiter.failure-mode")
			.contains("Value: \"maybe\"")
			.contains("The following values are valid:")
			.containsPattern("\\s+CLOSED\\s+LOCAL\\s+OPEN");
	}

	@Test
	void unknownPolicyFailureModeListsValidValues(CapturedOutput output) {
		assertStartupFails("--ratelimiter.policies.hello.failure-mode=sometimes");

		assertThat(output).contains("Property: ratelimiter.policies.hello.failure-mode")
			.contains("Value: \"sometimes\"")
			.containsPattern("\\s+CLOSED\\s+LOCAL\\s+OPEN");
	}

	@Test
	void unknownStoreListsValidValues(CapturedOutput output) {
		assertStartupFails("--ratelimiter.store=redis-cluster");

		assertThat(output).contains("Property: ratelimiter.store")
			.contains("Value: \"redis-cluster\"")
			.containsPattern("\\s+IN_MEMORY\\s+REDIS");
	}

	@Test
	void unknownWhenMissingListsValidValues(CapturedOutput output) {
		assertStartupFails("--ratelimiter.client-id.when-missing=ip");

		assertThat(output).contains("Property: ratelimiter.client-id.when-missing")
			.contains("Value: \"ip\"")
			.containsPattern("\\s+REJECT\\s+REMOTE_ADDRESS");
	}

	@Test
	void misspeltPropertyIsRejectedInsteadOfIgnored(CapturedOutput output) {
		assertStartupFails("--ratelimiter.failur-mode=closed");

		assertThat(output).contains("Property: ratelimiter.failur-mode")
			.contains("Value: \"closed\"")
			.contains("Reason: The elements [ratelimiter.failur-mode] were left unbound.");
	}

	@Test
	void limitThatOverflowsLongNamesProperty(CapturedOutput output) {
		assertStartupFails("--ratelimiter.policies.hello.limit=99999999999999999999");

		assertThat(output).contains("Property: ratelimiter.policies.hello.limit")
			.contains("Value: \"99999999999999999999\"");
	}

	@Test
	void invalidLimitPrintsDescriptionAndAction(CapturedOutput output) {
		assertStartupFails("--ratelimiter.policies.hello.limit=0");

		assertThat(output).contains("Invalid rate limiter configuration: ratelimiter.policies.hello.limit is 0; "
				+ "it must be between 1 and 1000000.")
			.contains("Change ratelimiter.policies.hello.limit in your application configuration: "
					+ "it must be between 1 and 1000000.");
	}

	@Test
	void alteredClientIdPrintsAnalysis(CapturedOutput output) {
		assertStartupFails("--ratelimiter.policies.hello.clients.Partner.A.limit=5");

		assertThat(output).contains("Invalid rate limiter configuration: the client id 'Partner.A' in "
				+ "ratelimiter.policies.hello.clients.Partner.A.limit (bound as "
				+ "ratelimiter.policies.hello.clients.partner.a.limit) is written outside brackets")
			.contains("Write the client id in bracket notation, for example "
					+ "ratelimiter.policies.hello.clients[Partner.A].limit");
	}

	/** Starts an application with a valid policy, changed by one setting, and expects it to fail. */
	private static void assertStartupFails(String setting) {
		Map<String, String> properties = new LinkedHashMap<>(redis.server().springProperties());
		properties.put("ratelimiter.store", "in-memory");
		properties.put("ratelimiter.policies.hello.limit", "3");
		properties.put("ratelimiter.policies.hello.window", "10s");
		String[] nameAndValue = setting.substring(2).split("=", 2);
		properties.put(nameAndValue[0], nameAndValue[1]);
		List<String> args = new ArrayList<>();
		properties.forEach((name, value) -> args.add("--" + name + "=" + value));
		SpringApplication application = new SpringApplication(EmptyApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);

		assertThatException().isThrownBy(() -> application.run(args.toArray(String[]::new)).close());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class EmptyApplication {

	}

}
