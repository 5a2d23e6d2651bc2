package io.github.ratelimiter.demo.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Properties that the demo application's class path declares in its configuration metadata, the
 * {@code META-INF/spring-configuration-metadata.json} files that IDEs complete property names from.
 */
final class KnownProperties {

	private static final String[] METADATA_FILES = { "META-INF/spring-configuration-metadata.json",
			"META-INF/additional-spring-configuration-metadata.json" };

	/** Types whose properties have keys or indexes below their own name. */
	private static final Set<String> CONTAINER_TYPE_PREFIXES = Set.of("java.util.Map", "java.util.List",
			"java.util.Set", "java.util.Collection");

	private final Map<ConfigurationPropertyName, String> types;

	private KnownProperties(Map<ConfigurationPropertyName, String> types) {
		this.types = types;
	}

	static KnownProperties load() {
		Map<ConfigurationPropertyName, String> types = new HashMap<>();
		JsonMapper mapper = JsonMapper.builder().build();
		ClassLoader classLoader = KnownProperties.class.getClassLoader();
		try {
			for (String metadataFile : METADATA_FILES) {
				for (URL url : Collections.list(classLoader.getResources(metadataFile))) {
					try (InputStream input = url.openStream()) {
						JsonNode properties = mapper.readTree(input).path("properties");
						for (JsonNode property : properties) {
							types.put(ConfigurationPropertyName.of(property.path("name").asString()),
									property.path("type").asString(""));
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new KnownProperties(types);
	}

	int size() {
		return this.types.size();
	}

	/**
	 * Returns whether Spring Boot binds an environment variable to a declared property, as it maps
	 * {@code SPRING_DATA_REDIS_HOST} to {@code spring.data.redis.host}.
	 */
	boolean containsEnvironmentVariable(String variable) {
		ConfigurationPropertySource source = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "value")));
		for (Map.Entry<ConfigurationPropertyName, String> known : this.types.entrySet()) {
			ConfigurationProperty property = source.getConfigurationProperty(known.getKey());
			if (property != null) {
				return true;
			}
			if (isContainer(known.getValue())
					&& source.containsDescendantOf(known.getKey()) == ConfigurationPropertyState.PRESENT) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Returns whether a property name, as a YAML file sets it, is declared or lies below a declared map
	 * or list property.
	 */
	boolean containsProperty(String propertyName) {
		ConfigurationPropertyName name = ConfigurationPropertyName.adapt(propertyName, '.');
		if (this.types.containsKey(name)) {
			return true;
		}
		return this.types.entrySet()
			.stream()
			.anyMatch((known) -> isContainer(known.getValue()) && known.getKey().isAncestorOf(name));
	}

	private static boolean isContainer(String type) {
		return type.endsWith("[]") || CONTAINER_TYPE_PREFIXES.stream().anyMatch(type::startsWith);
	}

}
