package io.github.ratelimiter.test.redis;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link RedisServerExtension#sentinel()} and {@link RedisSentinelTestServer}.
 */
class RedisServerExtensionSentinelTests {

	@RegisterExtension
	static final RedisServerExtension<RedisSentinelTestServer> redis = RedisServerExtension.sentinel();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class));

	@Test
	void sentinelsMonitorMasterAndReplica() {
		RedisSentinelTestServer server = redis.server();

		for (int sentinelPort : server.sentinelPorts()) {
			Map<String, String> master = RedisReplies
				.asMap(server.nodeCommand(sentinelPort, "SENTINEL", "MASTER", server.masterName()));
			assertThat(master.get("port")).as("master port seen by Sentinel %d", sentinelPort)
				.isEqualTo(Integer.toString(server.masterPort()));
			assertThat(master.get("num-slaves")).as("replicas seen by Sentinel %d", sentinelPort).isEqualTo("1");
			assertThat(master.get("num-other-sentinels")).as("other Sentinels seen by Sentinel %d", sentinelPort)
				.isEqualTo("2");
		}
	}

	@Test
	void nodesListenAwayFromDefaultPort() {
		RedisSentinelTestServer server = redis.server();

		assertThat(server.sentinelPorts()).hasSize(3).doesNotContain(6379);
		assertThat(server.masterPort()).isNotEqualTo(6379);
		assertThat(server.replicaPort()).isNotEqualTo(6379).isNotEqualTo(server.masterPort());
		assertThat(server.nodeCommand(server.masterPort(), "CONFIG", "GET", "bind"))
			.isEqualTo(List.of("bind", "127.0.0.1"));
	}

	@Test
	void failoverChangesMaster() {
		RedisSentinelTestServer server = redis.server();
		int oldMasterPort = server.masterPort();
		int replicaPort = server.replicaPort();
		server.command("SET", "before-failover", "kept");
		// WAIT makes sure the replica has the write before it is promoted.
		assertThat(server.command("WAIT", "1", "5000")).isEqualTo(1L);

		int newMasterPort = server.failover();

		assertThat(newMasterPort).isEqualTo(replicaPort);
		assertThat(server.masterPort()).isEqualTo(replicaPort);
		assertThat(server.replicaPort()).isEqualTo(oldMasterPort);
		assertThat(RedisReplies.asList(server.nodeCommand(newMasterPort, "ROLE")).get(0)).isEqualTo("master");
		assertThat(RedisReplies.asList(server.nodeCommand(oldMasterPort, "ROLE")).get(0)).isEqualTo("slave");
		assertThat(server.command("GET", "before-failover")).isEqualTo("kept");
		assertThat(server.command("SET", "after-failover", "written")).isEqualTo("OK");
	}

	@Test
	void failoverTwiceRestoresFirstMaster() {
		RedisSentinelTestServer server = redis.server();
		int firstMasterPort = server.masterPort();

		server.failover();
		int secondMasterPort = server.failover();

		assertThat(secondMasterPort).isEqualTo(firstMasterPort);
		assertThat(server.masterPort()).isEqualTo(firstMasterPort);
		assertThat(server.command("SET", "after-two-failovers", "written")).isEqualTo("OK");
	}

	@Test
	void springPropertiesNameSentinels() {
		RedisSentinelTestServer server = redis.server();
		List<Integer> ports = server.sentinelPorts();

		assertThat(server.springProperties()).containsExactly(entry("spring.data.redis.sentinel.master", "mymaster"),
				entry("spring.data.redis.sentinel.nodes", "127.0.0.1:" + ports.get(0) + ",127.0.0.1:" + ports.get(1)
						+ ",127.0.0.1:" + ports.get(2)));
		assertThat(server.redisUri()).isEqualTo("redis-sentinel://127.0.0.1:" + ports.get(0) + ",127.0.0.1:"
				+ ports.get(1) + ",127.0.0.1:" + ports.get(2) + "#mymaster");
	}

	@Test
	void springPropertiesConnectDataRedis() {
		this.contextRunner.withPropertyValues(redis.server().springPropertyValues()).run((context) -> {
			StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
			template.opsForValue().set("spring-key", "spring-value");

			assertThat(redis.server().command("GET", "spring-key")).isEqualTo("spring-value");
		});
	}

}
