package io.github.ratelimiter.demo.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.ratelimiter.autoconfigure.RateLimiterProperties;
import io.github.ratelimiter.autoconfigure.RateLimiterStartupValidation;
import io.github.ratelimiter.core.RateLimitPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;

import static io.github.ratelimiter.demo.deployment.DeploymentFiles.asList;
import static io.github.ratelimiter.demo.deployment.DeploymentFiles.asMap;
import static io.github.ratelimiter.demo.deployment.DeploymentFiles.path;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the configuration that docker-compose.yml and the image of demo-app/Dockerfile give the demo
 * application: it passes the starter's startup validation, reaches Redis through the Sentinels that the
 * Compose file starts, and the image's HEALTHCHECK calls the actuator's liveness group.
 */
@EnabledIfSystemProperty(named = DeploymentFiles.DIRECTORY_PROPERTY, matches = ".+")
class DockerComposeConfigurationTests {

	private static final String APP_SERVICE = "app";

	private static final Pattern SENTINEL_MONITOR = Pattern
		.compile("(?m)^sentinel monitor (\\S+) (\\S+) (\\d+) (\\d+)$");

	private static final Pattern SENTINEL_PORT = Pattern.compile("(?m)^port (\\d+)$");

	private static final Pattern HEALTHCHECK_URL = Pattern
		.compile("http://127\\.0\\.0\\.1:\\$\\{SERVER_PORT:-(\\d+)}(/\\S*?)\"?(\\s|$)");

	@Test
	void rateLimiterSettingsPassStartupValidation() {
		DeployedConfiguration configuration = appConfiguration();

		RateLimiterProperties properties = configuration.rateLimiterProperties();
		List<RateLimitPolicy> policies = RateLimiterStartupValidation.validate(properties);

		assertThat(properties.getStore()).as("ratelimiter.store").isEqualTo(RateLimiterProperties.StoreType.REDIS);
		DemoPolicies.assertCoverDemoEndpoints(policies, "docker-compose.yml");
	}

	@Test
	void redisSettingsNameComposeSentinels() throws IOException {
		Map<String, Object> services = services();
		String sentinelConfig = Files.readString(DeploymentFiles.repositoryRoot().resolve("deploy/redis/sentinel.conf"));
		Matcher monitor = SENTINEL_MONITOR.matcher(sentinelConfig);
		assertThat(monitor.find()).as("sentinel monitor line of sentinel.conf").isTrue();
		Matcher port = SENTINEL_PORT.matcher(sentinelConfig);
		assertThat(port.find()).as("port line of sentinel.conf").isTrue();

		DataRedisProperties redis = appConfiguration().redisProperties();

		assertThat(redis.getSentinel()).as("spring.data.redis.sentinel of the app service").isNotNull();
		assertThat(redis.getSentinel().getMaster()).as("spring.data.redis.sentinel.master").isEqualTo(monitor.group(1));
		assertThat(services).as("Compose services").containsKey(monitor.group(2));
		List<String> nodes = redis.getSentinel().getNodes();
		assertThat(nodes).as("spring.data.redis.sentinel.nodes").hasSizeGreaterThanOrEqualTo(3);
		for (String node : nodes) {
			String service = node.substring(0, node.lastIndexOf(':'));
			assertThat(node).as("Sentinel node " + node).endsWith(":" + port.group(1));
			assertThat(services).as("Compose services").containsKey(service);
			assertThat(asList(path(asMap(services.get(service), service), "volumes"), service + " volumes"))
				.as("volumes of Sentinel " + service)
				.contains("./deploy/redis/sentinel.conf:/etc/redis/sentinel.conf:ro");
		}
		int quorum = Integer.parseInt(monitor.group(4));
		assertThat(quorum).as("Sentinel quorum").isGreaterThan(nodes.size() / 2).isLessThanOrEqualTo(nodes.size());
	}

	@Test
	void everyPropertyIsKnown() {
		KnownProperties knownProperties = KnownProperties.load();
		DeployedConfiguration configuration = appConfiguration();

		for (String variable : configuration.environment().keySet()) {
			if (!variable.equals("JAVA_TOOL_OPTIONS")) {
				assertThat(knownProperties.containsEnvironmentVariable(variable))
					.as("environment variable " + variable + " binds to a known property")
					.isTrue();
			}
		}
	}

	@Test
	void healthcheckCallsLivenessGroup() {
		Map<String, Object> image = dockerfile();
		DeployedConfiguration configuration = appConfiguration();

		String healthcheck = (String) image.get("healthcheck");
		Matcher url = HEALTHCHECK_URL.matcher(healthcheck);
		assertThat(url.find()).as("URL in HEALTHCHECK " + healthcheck).isTrue();
		assertThat(configuration.booleanProperty("management.endpoint.health.probes.enabled"))
			.as("management.endpoint.health.probes.enabled of the image")
			.isTrue();
		assertThat(configuration.property("management.server.port", null)).as("management.server.port").isNull();
		String basePath = configuration.property("management.endpoints.web.base-path", "/actuator");
		assertThat(url.group(2)).as("HEALTHCHECK path").isEqualTo(basePath + "/health/liveness");
		assertThat(url.group(1)).as("HEALTHCHECK default port").isEqualTo(configuration.property("server.port", "8080"));
		assertThat(asList(image.get("expose"), "EXPOSE ports")).as("EXPOSE ports").contains(url.group(1));
	}

	private static DeployedConfiguration appConfiguration() {
		Map<String, String> environment = new LinkedHashMap<>();
		asMap(dockerfile().get("env"), "ENV of the Dockerfile")
			.forEach((name, value) -> environment.put(name, String.valueOf(value)));
		environment.putAll(serviceEnvironment(asMap(services().get(APP_SERVICE), APP_SERVICE)));
		return DeployedConfiguration.of(environment, null);
	}

	private static Map<String, String> serviceEnvironment(Map<String, Object> service) {
		Map<String, String> environment = new LinkedHashMap<>();
		Object declared = service.get("environment");
		if (declared instanceof Map<?, ?> map) {
			map.forEach((name, value) -> environment.put(String.valueOf(name), String.valueOf(value)));
		}
		else if (declared != null) {
			for (Object item : asList(declared, "environment")) {
				String entry = String.valueOf(item);
				int equals = entry.indexOf('=');
				assertThat(equals).as("environment entry " + entry).isPositive();
				environment.put(entry.substring(0, equals), entry.substring(equals + 1));
			}
		}
		environment.values()
			.forEach((value) -> assertThat(value).as("environment value without interpolation").doesNotContain("$"));
		return environment;
	}

	private static Map<String, Object> services() {
		Path composeFile = DeploymentFiles.repositoryRoot().resolve("docker-compose.yml");
		return asMap(DeploymentFiles.readYaml(composeFile).get("services"), "services of docker-compose.yml");
	}

	private static Map<String, Object> dockerfile() {
		return DeploymentFiles.readYaml(DeploymentFiles.preparedDirectory().resolve("dockerfile.json"));
	}

}
