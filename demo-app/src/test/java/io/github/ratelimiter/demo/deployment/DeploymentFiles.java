package io.github.ratelimiter.demo.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files of the repository's deployment setup, and the files that {@code .ci/check-deployment} prepares
 * from them in the directory named by the {@value #DIRECTORY_PROPERTY} system property.
 */
final class DeploymentFiles {

	/** System property with the directory that {@code .ci/check-deployment} writes. */
	static final String DIRECTORY_PROPERTY = "ratelimiter.deployment.dir";

	private DeploymentFiles() {
	}

	/**
	 * Returns the directory that {@code .ci/check-deployment} prepared, failing when it is missing.
	 */
	static Path preparedDirectory() {
		String directory = System.getProperty(DIRECTORY_PROPERTY);
		assertThat(directory).as("system property " + DIRECTORY_PROPERTY).isNotBlank();
		Path path = Path.of(directory);
		assertThat(path).as("directory prepared by .ci/check-deployment").isDirectory();
		return path;
	}

	/**
	 * Returns the repository root, the parent of the demo-app module that the tests run in.
	 */
	static Path repositoryRoot() {
		Path root = Path.of("").toAbsolutePath().getParent();
		assertThat(root.resolve("docker-compose.yml")).as("docker-compose.yml in the repository root").isRegularFile();
		return root;
	}

	static Path chartDirectory() {
		return repositoryRoot().resolve("charts/ratelimiter-demo");
	}

	/**
	 * Reads every YAML document of a file. JSON files read as well, because JSON is YAML.
	 */
	static List<Map<String, Object>> readYamlDocuments(Path file) {
		assertThat(file).isRegularFile();
		List<Map<String, Object>> documents = new ArrayList<>();
		try (InputStream input = Files.newInputStream(file)) {
			for (Object document : new Yaml(new LoaderOptions()).loadAll(input)) {
				if (document != null) {
					documents.add(asMap(document, file.toString()));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return documents;
	}

	static Map<String, Object> readYaml(Path file) {
		List<Map<String, Object>> documents = readYamlDocuments(file);
		assertThat(documents).as("YAML documents in " + file).hasSize(1);
		return documents.get(0);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> asMap(Object value, String description) {
		assertThat(value).as(description).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Object> asList(Object value, String description) {
		assertThat(value).as(description).isInstanceOf(List.class);
		return (List<Object>) value;
	}

	/**
	 * Returns the value at a dot-separated path of nested maps, or {@code null} when a step is missing.
	 */
	static Object path(Map<String, Object> map, String path) {
		Object current = map;
		for (String key : path.split("\\.")) {
			if (!(current instanceof Map<?, ?> currentMap)) {
				return null;
			}
			current = currentMap.get(key);
		}
		return current;
	}

	/**
	 * Merges {@code override} over {@code base} as Helm merges values files: maps merge key by key, a
	 * {@code null} removes the key, and other values replace.
	 */
	static Map<String, Object> mergeValues(Map<String, Object> base, Map<String, Object> override) {
		Map<String, Object> merged = new LinkedHashMap<>(base);
		override.forEach((key, value) -> {
			Object baseValue = merged.get(key);
			if (value == null) {
				merged.remove(key);
			}
			else if (baseValue instanceof Map<?, ?> && value instanceof Map<?, ?>) {
				merged.put(key, mergeValues(asMap(baseValue, key), asMap(value, key)));
			}
			else {
				merged.put(key, value);
			}
		});
		return merged;
	}

}
