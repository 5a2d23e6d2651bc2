package io.github.ratelimiter.test.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free TCP ports on 127.0.0.1 for the Redis processes that the tests start.
 *
 * <p>
 * A port is found by binding a socket to port 0 and closing it again, so another process can still take it
 * before Redis binds it. Callers retry with a new port when that happens. Port 6379 is never returned, because a
 * developer's own Redis usually listens there and tests must not touch it.
 */
final class LoopbackPorts {

	static final String LOOPBACK_ADDRESS = "127.0.0.1";

	static final int DEFAULT_REDIS_PORT = 6379;

	/** Offset from a cluster node's client port to its cluster bus port when no bus port is configured. */
	static final int CLUSTER_BUS_PORT_OFFSET = 10000;

	private static final int MAX_ATTEMPTS = 100;

	private static final Set<Integer> handedOut = new HashSet<>();

	private LoopbackPorts() {
	}

	/** Finds a free port that this JVM has not handed out before. */
	static synchronized int findFreePort() {
		for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			int port = bindEphemeralPort();
			if (port != DEFAULT_REDIS_PORT && handedOut.add(port)) {
				return port;
			}
		}
		throw new IllegalStateException("No free port found on " + LOOPBACK_ADDRESS + " after " + MAX_ATTEMPTS
				+ " attempts: close some local servers and run the tests again");
	}

	/** Finds a free port whose cluster bus port, the port plus 10000, is free as well. */
	static synchronized int findFreePortWithClusterBus() {
		for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			int port = bindEphemeralPort();
			int busPort = port + CLUSTER_BUS_PORT_OFFSET;
			if (port == DEFAULT_REDIS_PORT || busPort > 65535 || handedOut.contains(port)
					|| handedOut.contains(busPort) || !isFree(busPort)) {
				continue;
			}
			handedOut.add(port);
			handedOut.add(busPort);
			return port;
		}
		throw new IllegalStateException("No free pair of ports (port and port + " + CLUSTER_BUS_PORT_OFFSET
				+ ") found on " + LOOPBACK_ADDRESS + " after " + MAX_ATTEMPTS
				+ " attempts: close some local servers and run the tests again");
	}

	private static int bindEphemeralPort() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(loopback(), 0));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to bind a socket to " + LOOPBACK_ADDRESS + ":0", ex);
		}
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(loopback(), port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static InetAddress loopback() {
		try {
			return InetAddress.getByName(LOOPBACK_ADDRESS);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
