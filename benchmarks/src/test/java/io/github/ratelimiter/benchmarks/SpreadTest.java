package io.github.ratelimiter.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SpreadTest {

	@Test
	void oddCountTakesMiddleValue() {
		Spread spread = Spread.of(List.of(3.0, 1.0, 2.0));

		assertThat(spread.median()).isEqualTo(2.0);
		assertThat(spread.min()).isEqualTo(1.0);
		assertThat(spread.max()).isEqualTo(3.0);
		assertThat(spread.rounds()).isEqualTo(3);
	}

	@Test
	void evenCountAveragesMiddleValues() {
		Spread spread = Spread.of(List.of(4.0, 1.0, 2.0, 10.0));

		assertThat(spread.median()).isEqualTo(3.0);
		assertThat(spread.min()).isEqualTo(1.0);
		assertThat(spread.max()).isEqualTo(10.0);
	}

	@Test
	void emptyValuesRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> Spread.of(List.of()))
			.withMessageContaining("at least one value");
	}

}
