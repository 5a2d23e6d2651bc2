package io.github.ratelimiter.test.redis;

import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * JUnit Jupiter extension that starts a real Redis on 127.0.0.1 before all tests of a class and stops it after them.
 *
 * <p>
 * Register it on a static field and pick the topology with a factory method:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final RedisServerExtension&lt;RedisStandaloneTestServer&gt; redis = RedisServerExtension.standalone();
 *
 * &#64;Test
 * void connects() {
 *     runner.withPropertyValues(redis.server().springPropertyValues()).run(...);
 * }
 * </pre>
 *
 * <p>
 * {@code @ExtendWith(RedisServerExtension.class)} starts a standalone server, and test methods, constructors and
 * lifecycle methods receive it as a {@link RedisStandaloneTestServer} parameter. A {@code @SpringBootTest} connects
 * through a {@code @DynamicPropertySource} method that calls {@link #registerSpringProperties}.
 *
 * <p>
 * A standalone server is a local {@code redis-server} process, or a {@code redis:7} container when the binary is
 * missing and Docker is available. Sentinel and Cluster always run local {@code redis-server} processes, so without
 * the binary they fail with the packages to install, even when Docker is available. The extension fails the test
 * class, never skips it, when it cannot start Redis. Everything it started is stopped after the class, and by a JVM
 * shutdown hook if the after-all callback never runs. Processes left behind by a JVM killed with SIGKILL are stopped
 * by the next test JVM that starts a Redis test server.
 *
 * @param <S> type of the server handle
 */
public final class RedisServerExtension<S extends RedisTestServer>
		implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	private static final Log logger = LogFactory.getLog(RedisServerExtension.class);

	private final Class<S> serverType;

	private final Supplier<S> starter;

	private volatile S server;

	private String startedByContextId;

	/**
	 * Creates an extension for a standalone server, for {@code @ExtendWith(RedisServerExtension.class)}.
	 * Prefer {@link #standalone()} on a {@code @RegisterExtension} field, which types the handle.
	 */
	@SuppressWarnings("unchecked")
	public RedisServerExtension() {
		// JUnit instantiates the class without type arguments, so S is RedisStandaloneTestServer by construction.
		this((Class<S>) RedisStandaloneTestServer.class, () -> (S) RedisStandaloneTestServer.start());
	}

	private RedisServerExtension(Class<S> serverType, Supplier<S> starter) {
		this.serverType = serverType;
		this.starter = starter;
	}

	/** Creates an extension for a single Redis server. */
	public static RedisServerExtension<RedisStandaloneTestServer> standalone() {
		return new RedisServerExtension<>(RedisStandaloneTestServer.class, RedisStandaloneTestServer::start);
	}

	/** Creates an extension for a master, a replica and three Sentinels. */
	public static RedisServerExtension<RedisSentinelTestServer> sentinel() {
		return new RedisServerExtension<>(RedisSentinelTestServer.class, RedisSentinelTestServer::start);
	}

	/** Creates an extension for a cluster of three masters with one replica each. */
	public static RedisServerExtension<RedisClusterTestServer> cluster() {
		return new RedisServerExtension<>(RedisClusterTestServer.class, RedisClusterTestServer::start);
	}

	/**
	 * Returns the running server.
	 * @throws IllegalStateException if the extension has not started it, for example because the field that
	 * registers the extension is not static
	 */
	public S server() {
		S current = this.server;
		if (current == null) {
			throw new IllegalStateException("Redis test server is not running: register RedisServerExtension on a"
					+ " static @RegisterExtension field and use the server only between @BeforeAll and @AfterAll");
		}
		return current;
	}

	/**
	 * Registers the server's {@linkplain RedisTestServer#springProperties() Spring properties}, for a
	 * {@code @DynamicPropertySource} method.
	 * <p>
	 * Spring caches the application context after the test class, when this server is already stopped, so mark the
	 * class with {@code @DirtiesContext} to close the context and its Redis connections with the class.
	 */
	public void registerSpringProperties(DynamicPropertyRegistry registry) {
		for (String name : server().springProperties().keySet()) {
			registry.add(name, () -> server().springProperties().get(name));
		}
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		// Nested test classes inherit the extension, and the server of the outermost class serves them all.
		if (this.server != null) {
			return;
		}
		long startNanos = System.nanoTime();
		S started = this.starter.get();
		this.server = started;
		this.startedByContextId = context.getUniqueId();
		logger.info("Started " + started + " for " + context.getDisplayName() + " in "
				+ (System.nanoTime() - startNanos) / 1_000_000 + " ms");
	}

	@Override
	public void afterAll(ExtensionContext context) {
		S started = this.server;
		if (started == null || !context.getUniqueId().equals(this.startedByContextId)) {
			return;
		}
		this.server = null;
		this.startedByContextId = null;
		started.close();
		logger.info("Stopped " + started);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return RedisTestServer.class.isAssignableFrom(type) && type.isAssignableFrom(this.serverType);
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return server();
	}

}
