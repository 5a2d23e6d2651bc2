package io.github.ratelimiter.benchmarks;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class BenchmarkSettingsTest {

	@Test
	void defaultsMatchRunScript() {
		BenchmarkSettings settings = BenchmarkSettings.fromMap(Map.of());

		assertThat(settings.rounds()).isEqualTo(3);
		assertThat(settings.roundDuration()).isEqualTo(Duration.ofSeconds(5));
		assertThat(settings.warmupDuration()).isEqualTo(Duration.ofSeconds(2));
		assertThat(settings.callerCounts()).containsExactly(1, 16, 64);
		assertThat(settings.keys()).isEqualTo(4096);
		assertThat(settings.wrkConnections()).isEqualTo(16);
		assertThat(settings.contenders()).isEmpty();
	}

	@Test
	void listsAcceptCommasAndSpaces() {
		BenchmarkSettings settings = BenchmarkSettings
			.fromMap(Map.of("BENCH_CALLERS", "2, 8 32", "BENCH_CONTENDERS", "ratelimiter,bucket4j"));

		assertThat(settings.callerCounts()).containsExactly(2, 8, 32);
		assertThat(settings.contenders()).containsExactly("ratelimiter", "bucket4j");
	}

	@Test
	void invalidNumberNamesVariable() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkSettings.fromMap(Map.of("BENCH_ROUNDS", "three")))
			.withMessageContaining("BENCH_ROUNDS is 'three'");
	}

	@Test
	void zeroCallersRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkSettings.fromMap(Map.of("BENCH_CALLERS", "1,0")))
			.withMessageContaining("BENCH_CALLERS is '1,0'");
	}

	@Test
	void zeroSecondsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkSettings.fromMap(Map.of("BENCH_SECONDS", "0")))
			.withMessageContaining("BENCH_SECONDS is 0");
	}

	@Test
	void missingRedisPortNamesVariable() {
		assertThatIllegalStateException().isThrownBy(() -> BenchmarkSettings.fromMap(Map.of()).requireRedisPort())
			.withMessageContaining("BENCH_REDIS_PORT");
	}

}
