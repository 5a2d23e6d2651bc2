package io.github.ratelimiter.test.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.lettuce.core.RedisCommandExecutionException;

/**
 * Redis Cluster on 127.0.0.1: three masters that split the 16384 hash slots evenly, each with one replica.
 *
 * <p>
 * The cluster is built with {@code CLUSTER ADDSLOTS}, {@code CLUSTER MEET} and {@code CLUSTER REPLICATE} sent
 * through Lettuce, so {@code redis-cli} is not needed and master {@code i} always has replica {@code i}. Each node
 * uses its port plus 10000 as cluster bus port. Every process is a local {@code redis-server}, and the cluster is
 * never started in Docker.
 */
public final class RedisClusterTestServer implements RedisTestServer {

	static final int SLOT_COUNT = 16384;

	private static final int MASTER_COUNT = 3;

	private static final long NODE_TIMEOUT_MILLIS = 2000;

	private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration FAILOVER_WAIT_TIMEOUT = Duration.ofSeconds(30);

	private static final int MAX_REDIRECTS = 5;

	private final RedisNodeGroup group;

	private final List<RedisServerProcess> nodes = new ArrayList<>();

	private RedisClusterTestServer(RedisNodeGroup group) {
		this.group = group;
	}

	/**
	 * Starts six nodes, joins them into a cluster and waits until every node reports {@code cluster_state:ok}.
	 * @throws IllegalStateException if the {@code redis-server} binary is missing, with the packages to install, or
	 * if the cluster does not come up in time, with the logs of its nodes
	 */
	public static RedisClusterTestServer start() {
		Path binary = RedisBinaries.requireRedisServer("Cluster");
		RedisNodeGroup group = new RedisNodeGroup("Redis Cluster");
		try {
			RedisClusterTestServer server = new RedisClusterTestServer(group);
			server.startNodes(binary);
			server.assignSlots();
			server.joinNodes();
			server.attachReplicas();
			server.awaitClusterReady();
			return server;
		}
		catch (RuntimeException ex) {
			group.closeAfterFailure(ex);
			throw ex;
		}
	}

	private void startNodes(Path binary) {
		List<String> configuration = List.of("cluster-enabled yes", "cluster-config-file nodes.conf",
				"cluster-node-timeout " + NODE_TIMEOUT_MILLIS, "repl-diskless-sync-delay 0");
		for (int i = 0; i < 2 * MASTER_COUNT; i++) {
			String name = (i < MASTER_COUNT) ? "master-" + (i + 1) : "replica-" + (i - MASTER_COUNT + 1);
			this.nodes.add(this.group.startProcess(binary, name, RedisServerProcess.Mode.DATA, configuration,
					LoopbackPorts::findFreePortWithClusterBus));
		}
	}

	private void assignSlots() {
		for (int i = 0; i < MASTER_COUNT; i++) {
			int port = this.nodes.get(i).port();
			// Distinct epochs before the nodes meet spare the cluster its epoch collision handling.
			this.group.execute(port, "CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
			List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
			for (int slot = i * SLOT_COUNT / MASTER_COUNT; slot < (i + 1) * SLOT_COUNT / MASTER_COUNT; slot++) {
				command.add(Integer.toString(slot));
			}
			this.group.execute(port, command.toArray(String[]::new));
		}
	}

	private void joinNodes() {
		int firstPort = this.nodes.get(0).port();
		for (RedisServerProcess node : this.nodes.subList(1, this.nodes.size())) {
			this.group.execute(firstPort, "CLUSTER", "MEET", HOST, Integer.toString(node.port()));
		}
		for (RedisServerProcess node : this.nodes) {
			ConditionPoller.awaitCondition("Cluster node " + node + " to list all " + this.nodes.size() + " nodes",
					SETUP_TIMEOUT, () -> listsAllNodes(node.port()), this.group::logTails);
		}
	}

	private boolean listsAllNodes(int port) {
		List<ClusterNodeEntry> view = clusterNodes(port);
		return view.size() == this.nodes.size()
				&& view.stream().noneMatch((entry) -> entry.hasFlag("handshake") || entry.hasFlag("noaddr"));
	}

	private void attachReplicas() {
		for (int i = 0; i < MASTER_COUNT; i++) {
			String masterId = String.valueOf(this.group.execute(this.nodes.get(i).port(), "CLUSTER", "MYID"));
			this.group.execute(this.nodes.get(MASTER_COUNT + i).port(), "CLUSTER", "REPLICATE", masterId);
		}
	}

	private void awaitClusterReady() {
		for (RedisServerProcess node : this.nodes) {
			ConditionPoller.awaitCondition("Cluster node " + node + " to report cluster_state:ok with "
					+ MASTER_COUNT + " masters and " + MASTER_COUNT + " replicas", SETUP_TIMEOUT,
					() -> isClusterReady(node.port()), this.group::logTails);
		}
	}

	private boolean isClusterReady(int port) {
		Object info = this.group.execute(port, "CLUSTER", "INFO");
		if (!"ok".equals(RedisReplies.infoField(info, "cluster_state"))
				|| !Integer.toString(SLOT_COUNT).equals(RedisReplies.infoField(info, "cluster_slots_ok"))) {
			return false;
		}
		List<ClusterNodeEntry> view = clusterNodes(port);
		long masters = view.stream().filter((entry) -> entry.hasFlag("master") && !entry.slots().isEmpty()).count();
		long replicas = view.stream().filter((entry) -> entry.hasFlag("slave")).count();
		if (masters != MASTER_COUNT || replicas != MASTER_COUNT
				|| view.stream().anyMatch((entry) -> entry.hasFlag("fail") || entry.hasFlag("fail?"))) {
			return false;
		}
		ClusterNodeEntry self = view.stream().filter((entry) -> entry.hasFlag("myself")).findFirst().orElseThrow();
		return !self.hasFlag("slave") || "up".equals(RedisReplies
			.infoField(this.group.execute(port, "INFO", "replication"), "master_link_status"));
	}

	/** Returns the ports of all six nodes, masters first, in start order. */
	public List<Integer> nodePorts() {
		return this.nodes.stream().map(RedisServerProcess::port).toList();
	}

	/** Returns the ports of the current masters, as the first node reports them. */
	public List<Integer> masterPorts() {
		return clusterNodes(this.nodes.get(0).port()).stream()
			.filter((entry) -> entry.hasFlag("master"))
			.map(ClusterNodeEntry::port)
			.sorted()
			.toList();
	}

	/** Returns the hash slot of a key, as {@code CLUSTER KEYSLOT} computes it. */
	public int slotOf(String key) {
		return Math.toIntExact((Long) this.group.execute(this.nodes.get(0).port(), "CLUSTER", "KEYSLOT", key));
	}

	/** Returns the port of the master that owns the key's hash slot. */
	public int masterPortForKey(String key) {
		int slot = slotOf(key);
		return clusterNodes(this.nodes.get(0).port()).stream()
			.filter((entry) -> entry.hasFlag("master") && entry.ownsSlot(slot))
			.map(ClusterNodeEntry::port)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No master owns slot " + slot + " of key '" + key + "'"));
	}

	/** Returns the port of the replica of the master on {@code masterPort}. */
	public int replicaPortOf(int masterPort) {
		List<ClusterNodeEntry> view = clusterNodes(this.nodes.get(0).port());
		String masterId = view.stream()
			.filter((entry) -> entry.port() == masterPort && entry.hasFlag("master"))
			.map(ClusterNodeEntry::id)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Port " + masterPort + " is not a master of " + this));
		return view.stream()
			.filter((entry) -> entry.hasFlag("slave") && masterId.equals(entry.masterId()))
			.map(ClusterNodeEntry::port)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("Master on port " + masterPort + " has no replica"));
	}

	/** Sends a command to the cluster node on {@code port}, which must be one of {@link #nodePorts()}. */
	public Object nodeCommand(int port, String... command) {
		return this.group.execute(port, command);
	}

	/**
	 * Promotes the replica of the master that owns the key with {@code CLUSTER FAILOVER}, and waits until every node
	 * reports the switched roles, reports {@code cluster_state:ok}, and the old master replicates from the new one.
	 * @return port of the new master
	 * @throws IllegalStateException if the failover does not finish in time, with the logs of all nodes
	 */
	public int failover(String key) {
		int oldMasterPort = masterPortForKey(key);
		int newMasterPort = replicaPortOf(oldMasterPort);
		int slot = slotOf(key);
		this.group.execute(newMasterPort, "CLUSTER", "FAILOVER");
		for (RedisServerProcess node : this.nodes) {
			ConditionPoller.awaitCondition("Cluster node " + node + " to see " + HOST + ":" + newMasterPort
					+ " as master of slot " + slot, FAILOVER_WAIT_TIMEOUT,
					() -> reportsFailover(node.port(), oldMasterPort, newMasterPort, slot), this.group::logTails);
		}
		awaitClusterReady();
		return newMasterPort;
	}

	private boolean reportsFailover(int port, int oldMasterPort, int newMasterPort, int slot) {
		List<ClusterNodeEntry> view = clusterNodes(port);
		ClusterNodeEntry newMaster = entryForPort(view, newMasterPort);
		ClusterNodeEntry oldMaster = entryForPort(view, oldMasterPort);
		return newMaster.hasFlag("master") && newMaster.ownsSlot(slot) && oldMaster.hasFlag("slave")
				&& newMaster.id().equals(oldMaster.masterId());
	}

	/**
	 * Sends a command to the first node and follows {@code MOVED} redirects to the master that owns the key.
	 */
	@Override
	public Object command(String... command) {
		int port = this.nodes.get(0).port();
		for (int redirect = 0;; redirect++) {
			try {
				return this.group.execute(port, command);
			}
			catch (RedisCommandExecutionException ex) {
				String message = String.valueOf(ex.getMessage());
				if (!message.startsWith("MOVED ") || redirect == MAX_REDIRECTS) {
					throw ex;
				}
				// The reply is "MOVED <slot> <host>:<port>", and the group rejects ports that are not its own.
				port = Integer.parseInt(message.substring(message.lastIndexOf(':') + 1).trim());
			}
		}
	}

	@Override
	public void flushAll() {
		for (int port : masterPorts()) {
			this.group.execute(port, "FLUSHALL");
		}
	}

	/** Pauses the clients of every master. The cluster bus is not paused, so no failover follows. */
	@Override
	public void pause(Duration duration) {
		for (int port : masterPorts()) {
			this.group.pause(port, duration);
		}
	}

	/** Returns {@code redis://127.0.0.1:<port>} of the first node, a seed for Lettuce's {@code RedisClusterClient}. */
	@Override
	public String redisUri() {
		return "redis://" + HOST + ":" + this.nodes.get(0).port();
	}

	/** Returns {@code spring.data.redis.cluster.nodes} with all six nodes. */
	@Override
	public Map<String, String> springProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.data.redis.cluster.nodes",
				nodePorts().stream().map((port) -> HOST + ":" + port).collect(Collectors.joining(",")));
		return properties;
	}

	@Override
	public void close() {
		this.group.close();
	}

	@Override
	public String toString() {
		return "Redis Cluster " + this.nodes;
	}

	private List<ClusterNodeEntry> clusterNodes(int port) {
		String reply = String.valueOf(this.group.execute(port, "CLUSTER", "NODES"));
		return reply.lines().filter((line) -> !line.isBlank()).map(ClusterNodeEntry::parse).toList();
	}

	private ClusterNodeEntry entryForPort(List<ClusterNodeEntry> view, int port) {
		return view.stream()
			.filter((entry) -> entry.port() == port)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No cluster node on port " + port + " in " + view));
	}

	/**
	 * One line of {@code CLUSTER NODES}: {@code <id> <ip:port@bus-port> <flags> <master-id> <ping-sent>
	 * <pong-received> <config-epoch> <link-state> <slot or range>...}.
	 */
	private record ClusterNodeEntry(String id, int port, Set<String> flags, String masterId, List<int[]> slots) {

		static ClusterNodeEntry parse(String line) {
			String[] fields = line.trim().split(" ");
			String address = fields[1];
			int busSeparator = address.indexOf('@');
			String hostAndPort = (busSeparator >= 0) ? address.substring(0, busSeparator) : address;
			int port = Integer.parseInt(hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1));
			Set<String> flags = Set.of(fields[2].split(","));
			List<int[]> slots = new ArrayList<>();
			for (String slot : Arrays.asList(fields).subList(8, fields.length)) {
				// Entries in brackets describe slots being migrated and are not owned yet.
				if (slot.startsWith("[")) {
					continue;
				}
				String[] bounds = slot.split("-");
				int first = Integer.parseInt(bounds[0]);
				slots.add(new int[] { first, (bounds.length > 1) ? Integer.parseInt(bounds[1]) : first });
			}
			return new ClusterNodeEntry(fields[0], port, flags, fields[3], slots);
		}

		boolean hasFlag(String flag) {
			return this.flags.contains(flag);
		}

		boolean ownsSlot(int slot) {
			return this.slots.stream().anyMatch((range) -> range[0] <= slot && slot <= range[1]);
		}

		@Override
		public String toString() {
			return this.id + " " + HOST + ":" + this.port + " " + this.flags;
		}

	}

}
