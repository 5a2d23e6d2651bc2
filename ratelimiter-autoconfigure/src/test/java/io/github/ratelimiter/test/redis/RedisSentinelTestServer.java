package io.github.ratelimiter.test.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.lettuce.core.RedisCommandExecutionException;

/**
 * Redis Sentinel setup on 127.0.0.1: one master, one replica and three Sentinels that monitor the master as
 * {@value #MASTER_NAME} with a quorum of two.
 *
 * <p>
 * The Sentinels consider the master down after {@value #DOWN_AFTER_MILLIS} ms without a reply, so a
 * {@link #pause(Duration) pause} longer than that starts a failover. Every process is a local {@code redis-server},
 * started with {@code --sentinel} for the Sentinels, and the setup is never started in Docker.
 */
public final class RedisSentinelTestServer implements RedisTestServer {

	/** Name under which the Sentinels monitor the master. */
	public static final String MASTER_NAME = "mymaster";

	static final long DOWN_AFTER_MILLIS = 1000;

	private static final long FAILOVER_TIMEOUT_MILLIS = 5000;

	private static final int SENTINEL_COUNT = 3;

	private static final int QUORUM = 2;

	private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration FAILOVER_WAIT_TIMEOUT = Duration.ofSeconds(30);

	private static final String FAILOVER_PROBE_KEY = "redis-test-server:failover-probe";

	private final RedisNodeGroup group;

	private final List<RedisServerProcess> dataNodes = new ArrayList<>();

	private final List<RedisServerProcess> sentinels = new ArrayList<>();

	private RedisSentinelTestServer(RedisNodeGroup group) {
		this.group = group;
	}

	/**
	 * Starts the master, the replica and the Sentinels, and waits until every Sentinel reports the master, the
	 * replica and the other Sentinels.
	 * @throws IllegalStateException if the {@code redis-server} binary is missing, with the packages to install, or
	 * if the setup does not come up in time, with the logs of its processes
	 */
	public static RedisSentinelTestServer start() {
		Path binary = RedisBinaries.requireRedisServer("Sentinel setup");
		RedisNodeGroup group = new RedisNodeGroup("Redis Sentinel setup");
		try {
			RedisSentinelTestServer server = new RedisSentinelTestServer(group);
			server.startDataNodes(binary);
			server.startSentinels(binary);
			return server;
		}
		catch (RuntimeException ex) {
			group.closeAfterFailure(ex);
			throw ex;
		}
	}

	private void startDataNodes(Path binary) {
		List<String> common = List.of("repl-diskless-sync-delay 0");
		RedisServerProcess master = this.group.startProcess(binary, "master", RedisServerProcess.Mode.DATA, common,
				LoopbackPorts::findFreePort);
		this.dataNodes.add(master);
		List<String> replicaConfiguration = new ArrayList<>(common);
		replicaConfiguration.add("replicaof " + HOST + " " + master.port());
		RedisServerProcess replica = this.group.startProcess(binary, "replica", RedisServerProcess.Mode.DATA,
				replicaConfiguration, LoopbackPorts::findFreePort);
		this.dataNodes.add(replica);
		awaitReplicaLinkUp(replica.port());
	}

	private void startSentinels(Path binary) {
		int masterPort = this.dataNodes.get(0).port();
		List<String> configuration = List.of(
				"sentinel monitor " + MASTER_NAME + " " + HOST + " " + masterPort + " " + QUORUM,
				"sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER_MILLIS,
				"sentinel failover-timeout " + MASTER_NAME + " " + FAILOVER_TIMEOUT_MILLIS,
				"sentinel parallel-syncs " + MASTER_NAME + " 1");
		for (int i = 1; i <= SENTINEL_COUNT; i++) {
			this.sentinels.add(this.group.startProcess(binary, "sentinel-" + i, RedisServerProcess.Mode.SENTINEL,
					configuration, LoopbackPorts::findFreePort));
		}
		for (RedisServerProcess sentinel : this.sentinels) {
			ConditionPoller.awaitCondition("Sentinel " + sentinel + " to see the master, the replica and "
					+ (SENTINEL_COUNT - 1) + " other Sentinels", SETUP_TIMEOUT, () -> isSetupComplete(sentinel.port()),
					this.group::logTails);
		}
	}

	private boolean isSetupComplete(int sentinelPort) {
		Map<String, String> master = RedisReplies.asMap(this.group.execute(sentinelPort, "SENTINEL", "MASTER",
				MASTER_NAME));
		if (!"master".equals(master.get("flags")) || !"1".equals(master.get("num-slaves"))
				|| !Integer.toString(SENTINEL_COUNT - 1).equals(master.get("num-other-sentinels"))) {
			return false;
		}
		List<?> replicas = RedisReplies.asList(this.group.execute(sentinelPort, "SENTINEL", "REPLICAS", MASTER_NAME));
		return replicas.stream()
			.map(RedisReplies::asMap)
			.anyMatch((replica) -> "slave".equals(replica.get("flags"))
					&& "ok".equals(replica.get("master-link-status")));
	}

	/** Returns the name under which the Sentinels monitor the master. */
	public String masterName() {
		return MASTER_NAME;
	}

	/** Returns the port of the current master, as the first Sentinel reports it. */
	public int masterPort() {
		return masterPortReportedBy(this.sentinels.get(0).port());
	}

	/** Returns the port of the data node that is not the current master. */
	public int replicaPort() {
		int masterPort = masterPort();
		return this.dataNodes.stream()
			.mapToInt(RedisServerProcess::port)
			.filter((port) -> port != masterPort)
			.findFirst()
			.orElseThrow();
	}

	/** Returns the ports of the three Sentinels. */
	public List<Integer> sentinelPorts() {
		return this.sentinels.stream().map(RedisServerProcess::port).toList();
	}

	/**
	 * Sends a command to the Redis node on {@code port}, which must be the master, the replica or a Sentinel of this
	 * setup.
	 */
	public Object nodeCommand(int port, String... command) {
		return this.group.execute(port, command);
	}

	/**
	 * Promotes the replica with {@code SENTINEL FAILOVER} and waits until every Sentinel reports it as the master,
	 * it accepts writes and the old master replicates from it.
	 * @return port of the new master
	 * @throws IllegalStateException if the failover does not finish in time, with the logs of all processes
	 */
	public int failover() {
		int oldMasterPort = masterPort();
		int newMasterPort = replicaPort();
		int sentinelPort = this.sentinels.get(0).port();
		// A Sentinel rejects the request with NOGOODSLAVE while its last INFO of the replica is stale or shows a
		// broken link, as can happen right after an earlier failover, so the request is repeated until accepted.
		ConditionPoller.awaitCondition("Sentinel " + sentinelPort + " to accept SENTINEL FAILOVER "
				+ MASTER_NAME, FAILOVER_WAIT_TIMEOUT, () -> requestFailover(sentinelPort), this.group::logTails);
		for (RedisServerProcess sentinel : this.sentinels) {
			ConditionPoller.awaitCondition("Sentinel " + sentinel + " to report " + HOST + ":" + newMasterPort
					+ " as master", FAILOVER_WAIT_TIMEOUT,
					() -> masterPortReportedBy(sentinel.port()) == newMasterPort, this.group::logTails);
		}
		ConditionPoller.awaitCondition("New master " + HOST + ":" + newMasterPort + " to accept writes",
				FAILOVER_WAIT_TIMEOUT, () -> acceptsWrites(newMasterPort), this.group::logTails);
		// The Sentinels turn a reachable old master into a replica only several seconds after the switch (about
		// ten with Redis 7.0), so the command that they would send is sent here at once.
		this.group.execute(oldMasterPort, "REPLICAOF", HOST, Integer.toString(newMasterPort));
		awaitReplicaLinkUp(oldMasterPort);
		return newMasterPort;
	}

	private boolean requestFailover(int sentinelPort) {
		try {
			this.group.execute(sentinelPort, "SENTINEL", "FAILOVER", MASTER_NAME);
			return true;
		}
		catch (RedisCommandExecutionException ex) {
			return false;
		}
	}

	private boolean acceptsWrites(int port) {
		this.group.execute(port, "SET", FAILOVER_PROBE_KEY, "1");
		this.group.execute(port, "DEL", FAILOVER_PROBE_KEY);
		return true;
	}

	private int masterPortReportedBy(int sentinelPort) {
		List<?> address = RedisReplies.asList(this.group.execute(sentinelPort, "SENTINEL", "GET-MASTER-ADDR-BY-NAME",
				MASTER_NAME));
		return Integer.parseInt(String.valueOf(address.get(1)));
	}

	private void awaitReplicaLinkUp(int replicaPort) {
		ConditionPoller.awaitCondition("Replica " + HOST + ":" + replicaPort + " to finish its sync with the master",
				SETUP_TIMEOUT, () -> "up".equals(RedisReplies
					.infoField(this.group.execute(replicaPort, "INFO", "replication"), "master_link_status")),
				this.group::logTails);
	}

	/** Returns {@code redis-sentinel://127.0.0.1:<port>,...#mymaster} with the three Sentinels. */
	@Override
	public String redisUri() {
		return "redis-sentinel://" + sentinelNodes() + "#" + MASTER_NAME;
	}

	@Override
	public Object command(String... command) {
		return this.group.execute(masterPort(), command);
	}

	@Override
	public void flushAll() {
		command("FLUSHALL");
	}

	/** Pauses the current master only, so a pause longer than one second makes the Sentinels fail over. */
	@Override
	public void pause(Duration duration) {
		this.group.pause(masterPort(), duration);
	}

	/** Returns {@code spring.data.redis.sentinel.master} and {@code spring.data.redis.sentinel.nodes}. */
	@Override
	public Map<String, String> springProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.data.redis.sentinel.master", MASTER_NAME);
		properties.put("spring.data.redis.sentinel.nodes", sentinelNodes());
		return properties;
	}

	@Override
	public void close() {
		this.group.close();
	}

	@Override
	public String toString() {
		return "Redis Sentinel setup (data nodes " + this.dataNodes + ", Sentinels " + this.sentinels + ")";
	}

	private String sentinelNodes() {
		return this.sentinels.stream()
			.map((sentinel) -> HOST + ":" + sentinel.port())
			.collect(Collectors.joining(","));
	}

}
