package io.github.ratelimiter.test.redis;

import java.time.Duration;
import java.util.List;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * {@code redis:7} container whose port 6379 is published on a fixed free port of 127.0.0.1, used when no
 * {@code redis-server} binary is installed.
 *
 * <p>
 * The host port is fixed rather than random, so {@link #stop()} and {@link #start()} keep it, as they do for a
 * local process. The container runs with persistence off, so a restart empties it.
 *
 * <p>
 * NOTE: this path needs a Docker engine on the same machine, because the port is published on 127.0.0.1. No test
 * covers it, because the tests start a local {@code redis-server} whenever one is installed.
 */
final class RedisServerContainer implements RedisNode {

	static final String IMAGE = "redis:7";

	private static final int CONTAINER_PORT = 6379;

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private static final int STOP_TIMEOUT_SECONDS = 5;

	private static final int LOG_TAIL_LINES = 30;

	private final int port;

	private final GenericContainer<?> container;

	RedisServerContainer() {
		this.port = LoopbackPorts.findFreePort();
		ExposedPort exposedPort = ExposedPort.tcp(CONTAINER_PORT);
		PortBinding binding = new PortBinding(Ports.Binding.bindIpAndPort(LoopbackPorts.LOOPBACK_ADDRESS, this.port),
				exposedPort);
		this.container = new GenericContainer<>(DockerImageName.parse(IMAGE))
			.withCommand("redis-server", "--save", "", "--appendonly", "no")
			.withCreateContainerCmdModifier((command) -> {
				command.withExposedPorts(exposedPort);
				command.getHostConfig().withPortBindings(binding);
			})
			.waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1)
				.withStartupTimeout(STARTUP_TIMEOUT));
	}

	/** Returns whether Testcontainers finds a Docker engine. */
	static boolean isDockerAvailable() {
		return DockerClientFactory.instance().isDockerAvailable();
	}

	@Override
	public int port() {
		return this.port;
	}

	@Override
	public synchronized void start() {
		if (this.container.getContainerId() == null) {
			this.container.start();
		}
		else if (!isRunning()) {
			this.container.getDockerClient().startContainerCmd(this.container.getContainerId()).exec();
		}
		ConditionPoller.awaitCondition("Redis container " + this + " reply to INFO", STARTUP_TIMEOUT,
				() -> RedisServerProbe.processId(this.port).isPresent(), this::logTail);
	}

	@Override
	public synchronized void stop() {
		if (isRunning()) {
			this.container.getDockerClient()
				.stopContainerCmd(this.container.getContainerId())
				.withTimeout(STOP_TIMEOUT_SECONDS)
				.exec();
		}
	}

	@Override
	public boolean isRunning() {
		return this.container.getContainerId() != null && this.container.isRunning();
	}

	@Override
	public String logTail() {
		try {
			List<String> lines = this.container.getLogs().lines().toList();
			return String.join(System.lineSeparator(),
					lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
		}
		catch (RuntimeException ex) {
			return "(failed to read the container log: " + ex + ")";
		}
	}

	@Override
	public void close() {
		this.container.stop();
	}

	@Override
	public String toString() {
		return IMAGE + " on " + LoopbackPorts.LOOPBACK_ADDRESS + ":" + this.port;
	}

}
