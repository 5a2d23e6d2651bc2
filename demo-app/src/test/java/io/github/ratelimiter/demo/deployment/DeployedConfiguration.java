package io.github.ratelimiter.demo.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.ratelimiter.autoconfigure.RateLimiterProperties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

/**
 * Spring Boot configuration that a deployment gives the demo application: its environment variables
 * over an additional {@code application.yml} over the demo's own {@code application.yml}, in the
 * order of Spring Boot's externalized configuration.
 */
final class DeployedConfiguration {

	private final Map<String, String> environment;

	private final List<PropertySource<?>> additionalFile;

	private final Binder binder;

	private DeployedConfiguration(Map<String, String> environment, List<PropertySource<?>> additionalFile,
			MutablePropertySources sources) {
		this.environment = environment;
		this.additionalFile = additionalFile;
		this.binder = new Binder(ConfigurationPropertySources.from(sources),
				new PropertySourcesPlaceholdersResolver(sources));
	}

	/**
	 * Creates the configuration of a deployment.
	 * @param environment environment variables of the application container
	 * @param additionalYaml contents of the additional application.yml, or {@code null} for none
	 */
	static DeployedConfiguration of(Map<String, String> environment, String additionalYaml) {
		MutablePropertySources sources = new MutablePropertySources();
		sources.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				new LinkedHashMap<>(environment)));
		List<PropertySource<?>> additionalFile = new ArrayList<>();
		if (additionalYaml != null) {
			additionalFile.addAll(loadYaml("additional application.yml",
					new ByteArrayResource(additionalYaml.getBytes(StandardCharsets.UTF_8))));
		}
		additionalFile.forEach(sources::addLast);
		loadYaml("demo's application.yml", new ClassPathResource("application.yml")).forEach(sources::addLast);
		return new DeployedConfiguration(Map.copyOf(environment), additionalFile, sources);
	}

	// NOTE: documents with spring.config.activate conditions are left out, so a profile-specific
	// document of the demo's application.yml is not checked here.
	private static List<PropertySource<?>> loadYaml(String name, Resource resource) {
		try {
			return new YamlPropertySourceLoader().load(name, resource)
				.stream()
				.filter((source) -> !source.containsProperty("spring.config.activate.on-profile")
						&& !source.containsProperty("spring.config.activate.on-cloud-platform"))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Map<String, String> environment() {
		return this.environment;
	}

	/**
	 * Returns the property names that the additional application.yml sets.
	 */
	List<String> additionalFileProperties() {
		List<String> names = new ArrayList<>();
		for (PropertySource<?> source : this.additionalFile) {
			names.addAll(List.of(((EnumerablePropertySource<?>) source).getPropertyNames()));
		}
		return names;
	}

	Binder binder() {
		return this.binder;
	}

	RateLimiterProperties rateLimiterProperties() {
		return this.binder.bindOrCreate("ratelimiter", RateLimiterProperties.class);
	}

	DataRedisProperties redisProperties() {
		return this.binder.bindOrCreate("spring.data.redis", DataRedisProperties.class);
	}

	String property(String name, String defaultValue) {
		return this.binder.bind(name, String.class).orElse(defaultValue);
	}

	boolean booleanProperty(String name) {
		return this.binder.bind(name, Boolean.class).orElse(false);
	}

}
