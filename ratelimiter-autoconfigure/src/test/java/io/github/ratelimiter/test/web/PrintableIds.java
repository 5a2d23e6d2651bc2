package io.github.ratelimiter.test.web;

/**
 * Renders client ids with control characters and great lengths readably in assertion messages.
 */
public final class PrintableIds {

	private static final int MAX_SHOWN = 40;

	private PrintableIds() {
	}

	/** Returns the id in quotes, with control characters escaped and the tail of a long id cut. */
	public static String printable(String id) {
		String truncated = (id.length() > MAX_SHOWN) ? id.substring(0, MAX_SHOWN) + "... (" + id.length() + " chars)"
				: id;
		StringBuilder result = new StringBuilder("\"");
		truncated.codePoints().forEach((codePoint) -> {
			if (codePoint < 0x20 || codePoint == 0x7f) {
				result.append(String.format("\\u%04x", codePoint));
			}
			else {
				result.appendCodePoint(codePoint);
			}
		});
		return result.append('"').toString();
	}

}
