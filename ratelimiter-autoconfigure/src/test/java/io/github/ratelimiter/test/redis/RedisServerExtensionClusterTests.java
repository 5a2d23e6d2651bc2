package io.github.ratelimiter.test.redis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link RedisServerExtension#cluster()} and {@link RedisClusterTestServer}.
 */
class RedisServerExtensionClusterTests {

	private static final int KEY_COUNT = 100;

	@RegisterExtension
	static final RedisServerExtension<RedisClusterTestServer> redis = RedisServerExtension.cluster();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class));

	@BeforeEach
	void flush() {
		redis.server().flushAll();
	}

	@Test
	void everyNodeReportsClusterOk() {
		RedisClusterTestServer server = redis.server();

		assertThat(server.nodePorts()).hasSize(6).doesNotContain(6379);
		for (int port : server.nodePorts()) {
			Object info = server.nodeCommand(port, "CLUSTER", "INFO");
			assertThat(RedisReplies.infoField(info, "cluster_state")).as("cluster_state of node %d", port)
				.isEqualTo("ok");
			assertThat(RedisReplies.infoField(info, "cluster_known_nodes")).as("known nodes of node %d", port)
				.isEqualTo("6");
			assertThat(server.nodeCommand(port, "CONFIG", "GET", "bind")).as("bind address of node %d", port)
				.isEqualTo(List.of("bind", "127.0.0.1"));
		}
	}

	@Test
	void eachMasterHasOneReplica() {
		RedisClusterTestServer server = redis.server();
		List<Integer> masterPorts = server.masterPorts();

		assertThat(masterPorts).hasSize(3);
		List<Integer> replicaPorts = masterPorts.stream().map(server::replicaPortOf).toList();
		assertThat(replicaPorts).doesNotHaveDuplicates().doesNotContainAnyElementsOf(masterPorts);
		assertThat(server.nodePorts()).containsExactlyInAnyOrderElementsOf(
				List.of(masterPorts.get(0), masterPorts.get(1), masterPorts.get(2), replicaPorts.get(0),
						replicaPorts.get(1), replicaPorts.get(2)));
	}

	@Test
	void keysSpreadAcrossThreeMasters() {
		RedisClusterTestServer server = redis.server();
		Map<Integer, Integer> keysPerMaster = new HashMap<>();

		for (int i = 0; i < KEY_COUNT; i++) {
			String key = "key-" + i;
			assertThat(server.command("SET", key, "value-" + i)).as("SET %s", key).isEqualTo("OK");
			keysPerMaster.merge(server.masterPortForKey(key), 1, Integer::sum);
		}

		assertThat(keysPerMaster).hasSize(3);
		assertThat(keysPerMaster.keySet()).containsExactlyInAnyOrderElementsOf(server.masterPorts());
		for (Map.Entry<Integer, Integer> master : keysPerMaster.entrySet()) {
			assertThat(server.nodeCommand(master.getKey(), "DBSIZE")).as("DBSIZE of master %d", master.getKey())
				.isEqualTo((long) master.getValue());
		}
		assertThat(server.command("GET", "key-42")).isEqualTo("value-42");
	}

	@Test
	void masterPortForKeyOwnsSlot() {
		RedisClusterTestServer server = redis.server();
		int masterPort = server.masterPortForKey("owned-key");

		server.nodeCommand(masterPort, "SET", "owned-key", "value");

		assertThat(server.nodeCommand(masterPort, "GET", "owned-key")).isEqualTo("value");
		assertThat(server.slotOf("owned-key")).isBetween(0, RedisClusterTestServer.SLOT_COUNT - 1);
	}

	@Test
	void failoverSwitchesRoles() {
		RedisClusterTestServer server = redis.server();
		String key = "failover-key";
		server.command("SET", key, "kept");
		int oldMasterPort = server.masterPortForKey(key);
		int replicaPort = server.replicaPortOf(oldMasterPort);

		int newMasterPort = server.failover(key);

		assertThat(newMasterPort).isEqualTo(replicaPort);
		assertThat(server.masterPortForKey(key)).isEqualTo(replicaPort);
		assertThat(server.replicaPortOf(replicaPort)).isEqualTo(oldMasterPort);
		assertThat(server.masterPorts()).hasSize(3).contains(replicaPort).doesNotContain(oldMasterPort);
		assertThat(RedisReplies.asList(server.nodeCommand(replicaPort, "ROLE")).get(0)).isEqualTo("master");
		assertThat(RedisReplies.asList(server.nodeCommand(oldMasterPort, "ROLE")).get(0)).isEqualTo("slave");
		assertThat(server.command("GET", key)).isEqualTo("kept");
	}

	@Test
	void springPropertiesNameAllNodes() {
		RedisClusterTestServer server = redis.server();
		String nodes = server.nodePorts()
			.stream()
			.map((port) -> "127.0.0.1:" + port)
			.collect(Collectors.joining(","));

		assertThat(server.springProperties()).containsExactly(entry("spring.data.redis.cluster.nodes", nodes));
	}

	@Test
	void springPropertiesConnectDataRedis() {
		this.contextRunner.withPropertyValues(redis.server().springPropertyValues()).run((context) -> {
			StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
			for (int i = 0; i < 10; i++) {
				template.opsForValue().set("spring-key-" + i, "spring-value-" + i);
			}

			for (int i = 0; i < 10; i++) {
				assertThat(redis.server().command("GET", "spring-key-" + i)).as("spring-key-%d", i)
					.isEqualTo("spring-value-" + i);
			}
		});
	}

}
