package io.github.ratelimiter.test.redis;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for when {@link RedisServerExtension} starts and stops its server.
 */
class RedisServerExtensionLifecycleTests {

	@Test
	void serverBeforeStartFailsWithHint() {
		RedisServerExtension<RedisStandaloneTestServer> extension = RedisServerExtension.standalone();

		assertThatIllegalStateException().isThrownBy(extension::server)
			.withMessageContaining("static @RegisterExtension field");
	}

	@Test
	void missingBinaryFailsWithInstallHint(@TempDir Path emptyDirectory) {
		assertThatIllegalStateException()
			.isThrownBy(() -> RedisBinaries.requireRedisServer("Cluster", List.of(emptyDirectory)))
			.withMessageContaining("No redis-server binary")
			.withMessageContaining("apt-get install redis-server redis-tools redis-sentinel");
	}

	@Test
	void nestedClassesShareServerOfOuterClass() {
		RedisServerExtension<RedisStandaloneTestServer> extension = RedisServerExtension.standalone();
		ExtensionContext outer = classContext("[class:Outer]");
		ExtensionContext nested = classContext("[class:Outer]/[nested-class:Nested]");

		extension.beforeAll(outer);
		RedisStandaloneTestServer server = extension.server();
		try {
			extension.beforeAll(nested);
			assertThat(extension.server()).isSameAs(server);

			extension.afterAll(nested);
			assertThat(server.isRunning()).isTrue();
		}
		finally {
			extension.afterAll(outer);
		}

		assertThat(server.isRunning()).isFalse();
		assertThat(server.directory()).doesNotExist();
		assertThatIllegalStateException().isThrownBy(extension::server);
	}

	private static ExtensionContext classContext(String uniqueId) {
		ExtensionContext context = mock(ExtensionContext.class);
		given(context.getUniqueId()).willReturn(uniqueId);
		given(context.getDisplayName()).willReturn(uniqueId);
		return context;
	}

}
