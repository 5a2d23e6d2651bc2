package io.github.ratelimiter.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Structural checks of the auto-configuration metadata.
 */
@ExtendWith(OutputCaptureExtension.class)
class AutoConfigurationStructureTests {

	private static final String IMPORTS = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

	@Test
	void importsResolveToPublicFinalAutoConfigurationsInOrder() throws IOException {
		List<String> entries = readImports();

		assertThat(entries).isNotEmpty().isSorted();
		for (String entry : entries) {
			Class<?> type = ClassUtils.resolveClassName(entry, getClass().getClassLoader());
			assertThat(type.isAnnotationPresent(AutoConfiguration.class)).as("%s is an auto-configuration", entry)
				.isTrue();
			assertThat(Modifier.isPublic(type.getModifiers()) && Modifier.isFinal(type.getModifiers()))
				.as("%s is public and final", entry)
				.isTrue();
		}
	}

	@Test
	void failureAnalyzerIsRegistered() {
		List<String> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, SpringFactoriesLoader.ArgumentResolver.none(),
					SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> {
						// Analyzers of other modules need constructor arguments; only ours is checked.
					}))
			.stream()
			.map((analyzer) -> analyzer.getClass().getName())
			.toList();

		assertThat(analyzers).contains(RateLimiterConfigurationFailureAnalyzer.class.getName());
	}

	@Test
	void invalidLimitPrintsFailureAnalysisOnStartup(CapturedOutput output) {
		SpringApplication application = new SpringApplication(EmptyApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);

		assertThatException().isThrownBy(() -> application.run("--ratelimiter.store=in-memory",
				"--ratelimiter.policies.hello.limit=0", "--ratelimiter.policies.hello.window=10s"));

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid rate limiter configuration: ratelimiter.policies.hello.limit is 0; "
					+ "it must be between 1 and 1000000.")
			.contains("Change ratelimiter.policies.hello.limit in your application configuration");
	}

	private List<String> readImports() throws IOException {
		try (InputStream input = new ClassPathResource(IMPORTS).getInputStream()) {
			return Arrays.stream(new String(input.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
				.map(String::trim)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class EmptyApplication {

	}

}
