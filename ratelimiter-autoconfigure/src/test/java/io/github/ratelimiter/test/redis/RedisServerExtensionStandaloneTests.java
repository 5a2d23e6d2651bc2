package io.github.ratelimiter.test.redis;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RedisServerExtension#standalone()} and {@link RedisStandaloneTestServer}.
 */
class RedisServerExtensionStandaloneTests {

	@RegisterExtension
	static final RedisServerExtension<RedisStandaloneTestServer> redis = RedisServerExtension.standalone();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class));

	@BeforeEach
	void startAndFlush() {
		RedisStandaloneTestServer server = redis.server();
		if (!server.isRunning()) {
			server.restart();
		}
		server.flushAll();
	}

	@Test
	void repliesToPing() {
		assertThat(redis.server().command("PING")).isEqualTo("PONG");
	}

	@Test
	void listensOnLoopbackAwayFromDefaultPort() {
		RedisStandaloneTestServer server = redis.server();

		assertThat(server.host()).isEqualTo("127.0.0.1");
		assertThat(server.port()).isNotEqualTo(6379);
		assertThat(server.redisUri()).isEqualTo("redis://127.0.0.1:" + server.port());
		assertThat(server.command("CONFIG", "GET", "bind")).isEqualTo(List.of("bind", "127.0.0.1"));
		assertThat(server.command("CONFIG", "GET", "port")).isEqualTo(List.of("port", Integer.toString(server.port())));
	}

	@Test
	void runsWithPersistenceOff() {
		RedisStandaloneTestServer server = redis.server();

		assertThat(server.command("CONFIG", "GET", "save")).isEqualTo(List.of("save", ""));
		assertThat(server.command("CONFIG", "GET", "appendonly")).isEqualTo(List.of("appendonly", "no"));
	}

	@Test
	void commandReturnsPlainJavaValues() {
		RedisStandaloneTestServer server = redis.server();

		assertThat(server.command("SET", "greeting", "hello")).isEqualTo("OK");
		assertThat(server.command("GET", "greeting")).isEqualTo("hello");
		assertThat(server.command("GET", "missing")).isNull();
		assertThat(server.command("INCR", "counter")).isEqualTo(1L);
		assertThat(server.command("RPUSH", "list", "a", "b")).isEqualTo(2L);
		assertThat(server.command("LRANGE", "list", "0", "-1")).isEqualTo(List.of("a", "b"));
		assertThat(server.command("LRANGE", "missing", "0", "-1")).isEqualTo(List.of());
		assertThat(server.command("EVAL", "return {1, {'x', 2}, 'y'}", "0"))
			.isEqualTo(List.of(1L, List.of("x", 2L), "y"));
	}

	@Test
	void commandRaisesErrorReply() {
		assertThatExceptionOfType(RedisCommandExecutionException.class)
			.isThrownBy(() -> redis.server().command("NOSUCHCOMMAND"))
			.withMessageContaining("unknown command");
	}

	@Test
	void flushAllDeletesKeys() {
		RedisStandaloneTestServer server = redis.server();
		server.command("SET", "key", "value");

		server.flushAll();

		assertThat(server.command("DBSIZE")).isEqualTo(0L);
	}

	@Test
	void restartKeepsPortAndEmptiesData() {
		RedisStandaloneTestServer server = redis.server();
		int port = server.port();
		server.command("SET", "key", "value");

		server.restart();

		assertThat(server.port()).isEqualTo(port);
		assertThat(server.isRunning()).isTrue();
		assertThat(server.command("GET", "key")).isNull();
		assertThat(server.command("DBSIZE")).isEqualTo(0L);
	}

	@Test
	void stopMakesServerUnreachable() {
		RedisStandaloneTestServer server = redis.server();

		server.stop();

		assertThat(server.isRunning()).isFalse();
		assertThat(RedisServerProbe.processId(server.port())).isEmpty();
		assertThatExceptionOfType(RedisException.class).isThrownBy(() -> server.command("PING"));
	}

	@Test
	void pauseMakesCommandTimeOut() {
		RedisStandaloneTestServer server = redis.server();
		RedisClient client = RedisClient.create(RedisURI.create(server.redisUri()));
		client.setDefaultTimeout(Duration.ofMillis(200));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			assertThat(connection.sync().ping()).isEqualTo("PONG");

			server.pause(Duration.ofMillis(1500));

			assertThatExceptionOfType(RedisCommandTimeoutException.class)
				.isThrownBy(() -> connection.sync().get("key"));
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(server.command("PING")).isEqualTo("PONG"));
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void springPropertiesConnectDataRedis() {
		this.contextRunner.withPropertyValues(redis.server().springPropertyValues()).run((context) -> {
			StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
			template.opsForValue().set("spring-key", "spring-value");

			assertThat(redis.server().command("GET", "spring-key")).isEqualTo("spring-value");
		});
	}

	@Test
	void springPropertiesNameHostAndPort() {
		RedisStandaloneTestServer server = redis.server();

		assertThat(server.springProperties()).containsExactly(entry("spring.data.redis.host", "127.0.0.1"),
				entry("spring.data.redis.port", Integer.toString(server.port())));
		assertThat(server.springPropertyValues()).containsExactly("spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + server.port());
	}

	@Test
	void closeStopsProcessAndDeletesDirectory() throws Exception {
		RedisStandaloneTestServer server = RedisStandaloneTestServer.start();
		int port = server.port();
		Path directory = server.directory();
		assertThat(directory).isDirectory();

		server.close();

		assertThat(server.isRunning()).isFalse();
		assertThat(directory).doesNotExist();
		assertThat(Files.exists(directory)).isFalse();
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress("127.0.0.1", port));
			assertThat(socket.isBound()).as("port %d is free again", port).isTrue();
		}
	}

	@Test
	void nodeClientRejectsDefaultPort() {
		try (RedisNodeClient client = new RedisNodeClient(Duration.ofSeconds(1))) {
			assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> client.execute(6379, "PING"))
				.withMessageContaining("6379");
		}
	}

}
