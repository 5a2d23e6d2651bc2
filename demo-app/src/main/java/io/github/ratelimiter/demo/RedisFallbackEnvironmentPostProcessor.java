package io.github.ratelimiter.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Lets the demo start on a machine without Redis. When no standalone Redis accepts connections on the
 * configured address, it switches the demo to the in-memory store and logs one WARN line about it.
 *
 * <p>
 * This belongs to the demo only. The starter itself never changes stores on its own: an application
 * configured for Redis that cannot reach it follows {@code ratelimiter.failure-mode}.
 */
class RedisFallbackEnvironmentPostProcessor implements EnvironmentPostProcessor {

	private static final int CONNECT_TIMEOUT_MILLIS = 500;

	private final Log logger;

	RedisFallbackEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(RedisFallbackEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("demo.redis-fallback.enabled", Boolean.class, true)
				|| !"redis".equals(environment.getProperty("ratelimiter.store", "redis"))
				|| environment.containsProperty("spring.data.redis.sentinel.master")
				|| environment.containsProperty("spring.data.redis.cluster.nodes")) {
			return;
		}
		InetSocketAddress address = redisAddress(environment);
		if (acceptsConnections(address)) {
			return;
		}
		this.logger.warn("No Redis accepts connections at " + address.getHostString() + ":" + address.getPort()
				+ ", so the demo uses the in-memory store: limits are not shared between instances. "
				+ "Start Redis there, or set spring.data.redis.host and spring.data.redis.port, to share them.");
		environment.getPropertySources()
			.addFirst(new MapPropertySource("demoRedisFallback",
					Map.of("ratelimiter.store", "in-memory", "management.health.redis.enabled", "false")));
	}

	private static InetSocketAddress redisAddress(ConfigurableEnvironment environment) {
		String url = environment.getProperty("spring.data.redis.url");
		if (url != null && !url.isBlank()) {
			URI uri = URI.create(url);
			return InetSocketAddress.createUnresolved(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 6379);
		}
		String host = environment.getProperty("spring.data.redis.host", "localhost");
		int port = environment.getProperty("spring.data.redis.port", Integer.class, 6379);
		return InetSocketAddress.createUnresolved(host, port);
	}

	private static boolean acceptsConnections(InetSocketAddress address) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), CONNECT_TIMEOUT_MILLIS);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
