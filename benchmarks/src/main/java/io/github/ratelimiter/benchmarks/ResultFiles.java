package io.github.ratelimiter.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the JSON result files of the benchmark sections.
 */
public final class ResultFiles {

	private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private ResultFiles() {
	}

	/** Writes the value as indented JSON, creating the parent directories. */
	public static void write(Path file, Object value) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, MAPPER.writeValueAsString(value) + "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to write " + file, ex);
		}
	}

	/** Reads a value of the given type from a JSON file. */
	public static <T> T read(Path file, Class<T> type) {
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException(
					"Result file " + file + " is missing; run its benchmark section first (benchmarks/run.sh runs all)");
		}
		return MAPPER.readValue(file.toFile(), type);
	}

	/** Returns the result file of a section in the settings' results directory. */
	public static Path sectionFile(BenchmarkSettings settings, String section) {
		return Path.of(settings.resultsDirectory(), section + ".json");
	}

}
