package io.github.ratelimiter.benchmarks.decision;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RedisBenchmarkContenderTest {

	/** Output of redis-benchmark 7.0.15 with --csv and a custom command. */
	private static final List<String> OUTPUT = List.of(
			"\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\",\"p95_latency_ms\",\"p99_latency_ms\",\"max_latency_ms\"",
			"\"EVALSHA 4c0209fc 1 rb:{__rand_int__} 10000 1000 1 acquire\",\"35663.34\",\"1.608\",\"0.232\",\"1.463\",\"2.783\",\"5.079\",\"10.599\"");

	@Test
	void parsesRateAndPercentiles() {
		RoundResult result = RedisBenchmarkContender.parse(OUTPUT, 64, 100_000);

		assertThat(result.decisionsPerSecond()).isEqualTo(35663.34);
		assertThat(result.p50Micros()).isEqualTo(1463.0, org.assertj.core.data.Offset.offset(1e-6));
		assertThat(result.p99Micros()).isEqualTo(5079.0, org.assertj.core.data.Offset.offset(1e-6));
		assertThat(result.decisions()).isEqualTo(100_000);
		assertThat(result.callers()).isEqualTo(64);
	}

	@Test
	void serverErrorFailsRun() {
		List<String> output = List.of("Error from server: NOSCRIPT No matching script. Please use EVAL.", OUTPUT.get(0),
				OUTPUT.get(1));

		assertThatIllegalStateException().isThrownBy(() -> RedisBenchmarkContender.parse(output, 1, 10))
			.withMessageContaining("NOSCRIPT");
	}

	@Test
	void missingCsvFailsRun() {
		assertThatIllegalStateException()
			.isThrownBy(() -> RedisBenchmarkContender.parse(List.of("Could not connect to Redis"), 1, 10))
			.withMessageContaining("Could not connect");
	}

}
