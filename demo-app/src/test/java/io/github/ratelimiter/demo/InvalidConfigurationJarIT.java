package io.github.ratelimiter.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.ratelimiter.test.redis.RedisServerExtension;
import io.github.ratelimiter.test.redis.RedisStandaloneTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the packaged demo jar as a process with invalid settings, as a user would, and checks that it
 * exits with a non-zero status and prints the failure analysis.
 */
class InvalidConfigurationJarIT {

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redis = RedisServerExtension.standalone();

	private static final long EXIT_TIMEOUT_SECONDS = 120;

	@TempDir
	Path directory;

	@Test
	void zeroLimitStopsJar() throws Exception {
		JarRun run = runJar("--ratelimiter.policies.hello.limit=0");

		assertThat(run.exitCode()).isNotZero();
		assertThat(run.output()).contains("APPLICATION FAILED TO START")
			.contains("Invalid rate limiter configuration: ratelimiter.policies.hello.limit is 0; "
					+ "it must be between 1 and 1000000.")
			.contains("Change ratelimiter.policies.hello.limit in your application configuration")
			.doesNotContain("Tomcat started on port");
	}

	@Test
	void unknownFailureModeStopsJar() throws Exception {
		JarRun run = runJar("--ratelimiter.failure-mode=maybe");

		assertThat(run.exitCode()).isNotZero();
		assertThat(run.output()).contains("APPLICATION FAILED TO START")
			.contains("Property: ratelimiter.failure-mode")
			.contains("Value: \"maybe\"")
			.containsPattern("\\s+CLOSED\\s+LOCAL\\s+OPEN");
	}

	private JarRun runJar(String... settings) throws IOException, InterruptedException {
		String jar = System.getProperty("demo.jar");
		assertThat(jar).as("system property demo.jar, set by the failsafe plugin").isNotBlank();
		assertThat(Path.of(jar)).exists();
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-jar", jar, "--server.port=0",
				"--server.address=127.0.0.1"));
		redis.server().springProperties().forEach((name, value) -> command.add("--" + name + "=" + value));
		command.addAll(List.of(settings));
		Path output = this.directory.resolve("output.txt");

		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		boolean exited = process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		if (!exited) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}

		assertThat(exited).as("jar exited within %d s", EXIT_TIMEOUT_SECONDS).isTrue();
		return new JarRun(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
	}

	private record JarRun(int exitCode, String output) {
	}

}
