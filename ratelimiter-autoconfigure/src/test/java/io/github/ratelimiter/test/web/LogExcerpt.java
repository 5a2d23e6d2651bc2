package io.github.ratelimiter.test.web;

import java.util.List;

import org.springframework.boot.test.system.CapturedOutput;

/**
 * Lines that a test's captured output gained since a mark, for checks such as "one WARN per outage".
 */
public final class LogExcerpt {

	/** Start of the WARN line that the rate limiter logs when its store starts failing. */
	public static final String OUTAGE_STARTED = "Rate limit store 'redis' failed";

	/** Start of the INFO line that the rate limiter logs when its store works again. */
	public static final String OUTAGE_ENDED = "Rate limit store 'redis' recovered";

	private final CapturedOutput output;

	private final int start;

	private LogExcerpt(CapturedOutput output) {
		this.output = output;
		this.start = output.getAll().length();
	}

	/** Starts an excerpt at the end of the output captured so far. */
	public static LogExcerpt from(CapturedOutput output) {
		return new LogExcerpt(output);
	}

	/** Returns the lines logged since the mark that contain the text. */
	public List<String> linesContaining(String text) {
		return this.output.getAll().substring(this.start).lines().filter((line) -> line.contains(text)).toList();
	}

	/** Returns the WARN lines logged since the mark. */
	public List<String> warnings() {
		return linesContaining(" WARN ");
	}

}
