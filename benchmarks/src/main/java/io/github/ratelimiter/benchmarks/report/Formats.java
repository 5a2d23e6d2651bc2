package io.github.ratelimiter.benchmarks.report;

import java.util.Locale;

import io.github.ratelimiter.benchmarks.Spread;

/**
 * Number formats of the benchmark page.
 */
final class Formats {

	private Formats() {
	}

	/** Formats a count or rate with thousands separators and no decimals. */
	static String whole(double value) {
		return String.format(Locale.ROOT, "%,.0f", value);
	}

	/** Formats a value with one decimal. */
	static String oneDecimal(double value) {
		return String.format(Locale.ROOT, "%,.1f", value);
	}

	/** Formats a value with two decimals. */
	static String twoDecimals(double value) {
		return String.format(Locale.ROOT, "%.2f", value);
	}

	/** Formats the median of a rate with its range, such as {@code 45,120 (41,000–47,900)}. */
	static String wholeSpread(Spread spread) {
		return whole(spread.median()) + " (" + whole(spread.min()) + "–" + whole(spread.max()) + ")";
	}

	/** Formats the median of a ratio with its range, such as {@code 1.21× (1.10–1.30)}. */
	static String ratioSpread(Spread spread) {
		return twoDecimals(spread.median()) + "× (" + twoDecimals(spread.min()) + "–" + twoDecimals(spread.max()) + ")";
	}

	/** Formats the median of a value with one decimal and its range. */
	static String oneDecimalSpread(Spread spread) {
		return oneDecimal(spread.median()) + " (" + oneDecimal(spread.min()) + "–" + oneDecimal(spread.max()) + ")";
	}

	/** Formats the median of a value with two decimals and its range. */
	static String twoDecimalSpread(Spread spread) {
		return twoDecimals(spread.median()) + " (" + twoDecimals(spread.min()) + " to " + twoDecimals(spread.max())
				+ ")";
	}

	/** Formats a byte count in binary units, such as {@code 2.1 MiB}. */
	static String bytes(double bytes) {
		String[] units = { "B", "KiB", "MiB", "GiB", "TiB" };
		double value = bytes;
		int unit = 0;
		while (value >= 1024 && unit < units.length - 1) {
			value /= 1024;
			unit++;
		}
		return (unit == 0) ? whole(value) + " B" : oneDecimal(value) + " " + units[unit];
	}

}
