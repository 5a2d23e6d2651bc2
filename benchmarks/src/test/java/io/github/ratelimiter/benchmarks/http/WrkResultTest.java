package io.github.ratelimiter.benchmarks.http;

import java.util.List;

import io.github.ratelimiter.benchmarks.http.HttpOverheadBenchmark.WrkResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class WrkResultTest {

	@Test
	void parsesResultLineOfScript() {
		List<String> output = List.of("Running 5s test @ http://127.0.0.1:8080/limited",
				"WRK_RESULT {\"requests\":50000,\"durationMicros\":5000000,\"p50Micros\":800,\"p90Micros\":1500,"
						+ "\"p99Micros\":4000,\"connectErrors\":1,\"readErrors\":2,\"writeErrors\":3,\"statusErrors\":4,"
						+ "\"timeouts\":5}");

		WrkResult result = WrkResult.parse(output);

		assertThat(result.requestsPerSecond()).isEqualTo(10_000.0);
		assertThat(result.p50Micros()).isEqualTo(800.0);
		assertThat(result.p90Micros()).isEqualTo(1500.0);
		assertThat(result.p99Micros()).isEqualTo(4000.0);
		assertThat(result.requests()).isEqualTo(50_000);
		assertThat(result.errors()).isEqualTo(11);
		assertThat(result.errorStatuses()).isEqualTo(4);
	}

	@Test
	void missingResultLineFailsRun() {
		assertThatIllegalStateException().isThrownBy(() -> WrkResult.parse(List.of("unable to connect")))
			.withMessageContaining("unable to connect");
	}

}
