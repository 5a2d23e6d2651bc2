package io.github.ratelimiter.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Median and range of one figure over the rounds of a run.
 *
 * @param median median of the rounds (mean of the middle two for an even count)
 * @param min smallest round
 * @param max largest round
 * @param rounds number of rounds
 */
public record Spread(double median, double min, double max, int rounds) {

	/** Computes the spread of the given round values. */
	public static Spread of(Collection<Double> values) {
		if (values.isEmpty()) {
			throw new IllegalArgumentException("a spread needs at least one value");
		}
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		int size = sorted.size();
		double median = (size % 2 == 1) ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
		return new Spread(median, sorted.get(0), sorted.get(size - 1), size);
	}

}
