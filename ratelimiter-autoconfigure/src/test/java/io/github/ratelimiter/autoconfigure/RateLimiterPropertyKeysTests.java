package io.github.ratelimiter.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.github.ratelimiter.core.ClientId;
import io.github.ratelimiter.core.RateLimitPolicy;
import io.github.ratelimiter.core.RateLimiter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that policy names and client ids written as map keys reach the rate limiter exactly as written,
 * or stop the application where Spring Boot's relaxed binding would change them.
 */
class RateLimiterPropertyKeysTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RateLimiterAutoConfiguration.class))
		.withPropertyValues("ratelimiter.store=in-memory");

	@Test
	void bracketedClientIdsAreTakenExactly() {
		String yaml = """
				ratelimiter:
				  policies:
				    hello:
				      limit: 3
				      window: 10s
				      clients:
				        "[Partner.A]": { limit: 11 }
				        "[partner_a]": { limit: 12 }
				        "[PARTNER-A]": { limit: 13 }
				        "[partner-a]": { limit: 14 }
				        "[partnera]": { limit: 15 }
				        "[a:b]": { limit: 16 }
				        "[a b]": { limit: 17 }
				        "[{x}]": { limit: 18 }
				        "[caf\u00e9]": { limit: 19 }
				""";
		this.contextRunner.withInitializer((context) -> addYaml(context.getEnvironment(), yaml)).run((context) -> {
			assertThat(context).hasNotFailed();
			RateLimitPolicy hello = context.getBean(RateLimiter.class).findPolicy("hello");
			Map<String, Long> expected = Map.of("Partner.A", 11L, "partner_a", 12L, "PARTNER-A", 13L, "partner-a", 14L,
					"partnera", 15L, "a:b", 16L, "a b", 17L, "{x}", 18L, "caf\u00e9", 19L);
			expected.forEach((id, limit) -> assertThat(hello.limitFor(ClientId.of(id)).limit()).as("limit of %s", id)
				.isEqualTo(limit));
			assertThat(hello.limitFor(ClientId.of("partner.a")).limit()).isEqualTo(3);
			assertThat(hello.limitFor(ClientId.of("ab")).limit()).isEqualTo(3);
		});
	}

	@Test
	void overrideMatchesEverySpellingOfTheSameId() {
		String yaml = """
				ratelimiter:
				  policies:
				    hello:
				      limit: 3
				      window: 10s
				      clients:
				        "[cafe\u0301]": { limit: 7 }
				""";
		this.contextRunner.withInitializer((context) -> addYaml(context.getEnvironment(), yaml)).run((context) -> {
			RateLimitPolicy hello = context.getBean(RateLimiter.class).findPolicy("hello");
			assertThat(hello.limitFor(ClientId.of("caf\u00e9")).limit()).isEqualTo(7);
			assertThat(hello.limitFor(ClientId.of("cafe\u0301")).limit()).isEqualTo(7);
			assertThat(hello.limitFor(ClientId.ofAddress("caf\u00e9")).limit()).isEqualTo(3);
		});
	}

	@Test
	void plainLowercaseClientIdsAreTakenExactly() {
		String yaml = """
				ratelimiter:
				  policies:
				    hello:
				      limit: 3
				      window: 10s
				      clients:
				        partner-a: { limit: 11 }
				        partnera: { limit: 12 }
				        "42": { limit: 13 }
				""";
		this.contextRunner.withInitializer((context) -> addYaml(context.getEnvironment(), yaml)).run((context) -> {
			assertThat(context).hasNotFailed();
			RateLimitPolicy hello = context.getBean(RateLimiter.class).findPolicy("hello");
			assertThat(hello.limitFor(ClientId.of("partner-a")).limit()).isEqualTo(11);
			assertThat(hello.limitFor(ClientId.of("partnera")).limit()).isEqualTo(12);
			assertThat(hello.limitFor(ClientId.of("42")).limit()).isEqualTo(13);
		});
	}

	@Test
	void rejectsClientIdWithDotOutsideBrackets() {
		assertRejected(clientsYaml("Partner.A: { limit: 5 }"),
				"the client id 'Partner.A' in ratelimiter.policies.hello.clients.Partner.A.limit",
				"ratelimiter.policies.hello.clients[Partner.A].limit");
	}

	@Test
	void rejectsClientIdWithUnderscoreOutsideBrackets() {
		// Spring Boot would give partner_a the override of partnera, or the other way round.
		assertRejected(clientsYaml("partner_a: { limit: 5 }\n        partnera: { limit: 6 }"),
				"the client id 'partner_a' in ratelimiter.policies.hello.clients.partner_a.limit",
				"ratelimiter.policies.hello.clients[partner_a].limit");
	}

	@Test
	void rejectsIdsDifferingOnlyInCase() {
		assertRejected(clientsYaml("Partner-A: { limit: 5 }\n        partner-a: { limit: 6 }"),
				"the client id 'Partner-A' in ratelimiter.policies.hello.clients.Partner-A.limit",
				"\"[Partner-A]\"");
	}

	@Test
	void rejectsClientIdWithCharactersThatBindingStrips() {
		assertRejected(clientsYaml("\"a:b\": { limit: 5 }"),
				"the client id 'a:b' in ratelimiter.policies.hello.clients.a:b.limit "
						+ "(bound as ratelimiter.policies.hello.clients.ab.limit)",
				"ratelimiter.policies.hello.clients[a:b].limit");
		assertRejected(clientsYaml("\"a b\": { limit: 5 }"), "the client id 'a b'", "clients[a b].limit");
		assertRejected(clientsYaml("\"x@y\": { limit: 5 }"), "the client id 'x@y'", "clients[x@y].limit");
	}

	@Test
	void rejectsNonAsciiClientIdOutsideBrackets() {
		assertRejected(clientsYaml("\"caf\u00e9\": { limit: 5 }"), "the client id 'caf\u00e9'",
				"clients[caf\u00e9].limit");
		assertRejected(clientsYaml("\"e\u0301\": { limit: 5 }"), "the client id 'e\u0301'", "clients[e\u0301].limit");
		assertRejected(clientsYaml("\"\u00e9\": { limit: 5 }"), "the client id '\u00e9'", "clients[\u00e9].limit");
	}

	@Test
	void rejectsMisspeltClientOverrideSetting() {
		assertRejected(clientsYaml("partner-a: { limt: 5 }"),
				"ratelimiter.policies.hello.clients.partner-a.limt from Byte array resource [test YAML] - 7:28 "
						+ "is not a setting of a client override, which has only limit and window",
				"Set ratelimiter.policies.hello.clients.<client id>.limit or .window");
	}

	@Test
	void rejectsPolicyNameThatBindingWouldChange() {
		String yaml = """
				ratelimiter:
				  policies:
				    Hello.World:
				      limit: 3
				      window: 10s
				""";
		assertRejected(yaml, "the policy name 'Hello.World' in ratelimiter.policies.Hello.World.limit",
				"ratelimiter.policies[Hello.World].limit");
	}

	@Test
	void acceptsBracketedPolicyName() {
		String yaml = """
				ratelimiter:
				  policies:
				    "[Hello.World]":
				      limit: 3
				      window: 10s
				""";
		this.contextRunner.withInitializer((context) -> addYaml(context.getEnvironment(), yaml))
			.run((context) -> assertThat(context.getBean(RateLimiter.class).getPolicies()).containsOnlyKeys("Hello.World"));
	}

	@Test
	void acceptsEnvironmentVariableForLowercaseId() {
		this.contextRunner.withPropertyValues("ratelimiter.policies.hello.limit=3", "ratelimiter.policies.hello.window=10s")
			.withInitializer((context) -> setEnvironmentVariables(context.getEnvironment(),
					Map.of("RATELIMITER_POLICIES_HELLO_CLIENTS_PARTNERA_LIMIT", "9")))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RateLimitPolicy hello = context.getBean(RateLimiter.class).findPolicy("hello");
				assertThat(hello.limitFor(ClientId.of("partnera")).limit()).isEqualTo(9);
			});
	}

	@Test
	void rejectsEnvironmentVariableThatSplitsAnId() {
		this.contextRunner.withPropertyValues("ratelimiter.policies.hello.limit=3", "ratelimiter.policies.hello.window=10s")
			.withInitializer((context) -> setEnvironmentVariables(context.getEnvironment(),
					Map.of("RATELIMITER_POLICIES_HELLO_CLIENTS_PARTNER_A_LIMIT", "9")))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains(
						"the client id 'PARTNER_A' in RATELIMITER_POLICIES_HELLO_CLIENTS_PARTNER_A_LIMIT "
								+ "(bound as ratelimiter.policies.hello.clients.partner.a.limit)");
			});
	}

	@Test
	void rejectsKeyPassedAsCommandLineStyleProperty() {
		this.contextRunner
			.withPropertyValues("ratelimiter.policies.hello.limit=3", "ratelimiter.policies.hello.window=10s",
					"ratelimiter.policies.hello.clients.Partner_A.limit=9")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("the client id 'Partner_A'");
				assertThat(analysis.getAction()).contains("ratelimiter.policies.hello.clients[Partner_A].limit");
			});
	}

	private void assertRejected(String yaml, String description, String action) {
		this.contextRunner.withInitializer((context) -> addYaml(context.getEnvironment(), yaml)).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).startsWith("Invalid rate limiter configuration: ")
				.contains(description);
			assertThat(analysis.getAction()).contains(action);
		});
	}

	private static String clientsYaml(String clients) {
		return """
				ratelimiter:
				  policies:
				    hello:
				      limit: 3
				      window: 10s
				      clients:
				        %s
				""".formatted(clients);
	}

	private static void addYaml(ConfigurableEnvironment environment, String yaml) {
		try {
			ByteArrayResource resource = new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8), "test YAML");
			new YamlPropertySourceLoader().load("test.yml", resource)
				.forEach((source) -> environment.getPropertySources().addFirst(source));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void setEnvironmentVariables(ConfigurableEnvironment environment,
			Map<String, Object> variables) {
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
	}

	private static FailureAnalysis analyze(Throwable failure) {
		FailureAnalysis analysis = new RateLimiterConfigurationFailureAnalyzer().analyze(failure);
		assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
		return analysis;
	}

}
