package io.github.ratelimiter.test.redis;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code @ExtendWith(RedisServerExtension.class)} with the server injected as a parameter.
 */
@ExtendWith(RedisServerExtension.class)
class RedisServerExtensionInjectionTests {

	private static RedisStandaloneTestServer beforeAllServer;

	private final RedisStandaloneTestServer constructorServer;

	RedisServerExtensionInjectionTests(RedisStandaloneTestServer server) {
		this.constructorServer = server;
	}

	@BeforeAll
	static void keepServer(RedisStandaloneTestServer server) {
		beforeAllServer = server;
	}

	@Test
	void injectsRunningStandaloneServer(RedisStandaloneTestServer server) {
		assertThat(server.isRunning()).isTrue();
		assertThat(server.command("PING")).isEqualTo("PONG");
	}

	@Test
	void injectsSameServerEverywhere(RedisStandaloneTestServer server, RedisTestServer serverInterface) {
		assertThat(server).isSameAs(this.constructorServer);
		assertThat(server).isSameAs(beforeAllServer);
		assertThat(serverInterface).isSameAs(server);
	}

}
