package io.github.ratelimiter.demo.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.ratelimiter.autoconfigure.RateLimiterProperties;
import io.github.ratelimiter.autoconfigure.RateLimiterStartupValidation;
import io.github.ratelimiter.core.RateLimitPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;

import static io.github.ratelimiter.demo.deployment.DeploymentFiles.asList;
import static io.github.ratelimiter.demo.deployment.DeploymentFiles.asMap;
import static io.github.ratelimiter.demo.deployment.DeploymentFiles.path;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the manifests that {@code .ci/check-deployment} renders from the Helm chart, once for the
 * default values and once for each values file in the chart's {@code ci} directory: the application
 * configuration they give passes the starter's startup validation, the Redis settings match the values,
 * and the probes call the actuator's health groups.
 */
@EnabledIfSystemProperty(named = DeploymentFiles.DIRECTORY_PROPERTY, matches = ".+")
class HelmChartConfigurationTests {

	private static final String DEFAULT_VARIANT = "default";

	/** Property of the demo itself, read by its Redis fallback, with no configuration metadata. */
	private static final String DEMO_FALLBACK_PROPERTY = "demo.redis-fallback.enabled";

	private static final KnownProperties knownProperties = KnownProperties.load();

	static List<String> variants() throws IOException {
		List<String> variants = new ArrayList<>();
		variants.add(DEFAULT_VARIANT);
		try (Stream<Path> files = Files.list(DeploymentFiles.chartDirectory().resolve("ci"))) {
			files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith("-values.yaml"))
				.map((name) -> name.substring(0, name.length() - "-values.yaml".length()))
				.sorted()
				.forEach(variants::add);
		}
		return variants;
	}

	@Test
	void everyVariantIsRendered() throws IOException {
		for (String variant : variants()) {
			assertThat(renderedFile(variant)).as("rendered manifests of " + variant).isRegularFile();
		}
	}

	@ParameterizedTest
	@MethodSource("variants")
	void rateLimiterSettingsPassStartupValidation(String variant) throws Exception {
		DeployedConfiguration configuration = configuration(variant);

		RateLimiterProperties properties = configuration.rateLimiterProperties();
		List<RateLimitPolicy> policies = RateLimiterStartupValidation.validate(properties);

		assertThat(properties.getStore()).as("ratelimiter.store of " + variant)
			.isEqualTo(RateLimiterProperties.StoreType.REDIS);
		DemoPolicies.assertCoverDemoEndpoints(policies, variant);
	}

	@ParameterizedTest
	@MethodSource("variants")
	void chartValuesReachApplication(String variant) throws Exception {
		Map<String, Object> values = values(variant);
		DeployedConfiguration configuration = configuration(variant);

		RateLimiterProperties properties = configuration.rateLimiterProperties();

		Map<String, Object> policies = asMap(path(values, "ratelimiter.policies"), "ratelimiter.policies value");
		for (String policy : policies.keySet()) {
			Object limit = path(values, "ratelimiter.policies." + policy + ".limit");
			assertThat(properties.getPolicies()).as("policies of " + variant).containsKey(policy);
			assertThat(properties.getPolicies().get(policy).getLimit()).as("limit of policy " + policy + " of " + variant)
				.isEqualTo(((Number) limit).longValue());
		}
		assertThat(properties.getFailureMode().name().toLowerCase())
			.as("ratelimiter.failure-mode of " + variant)
			.isEqualTo(path(values, "ratelimiter.failure-mode"));
	}

	@ParameterizedTest
	@MethodSource("variants")
	void redisSettingsMatchValues(String variant) throws Exception {
		Map<String, Object> values = values(variant);
		RenderedChart chart = rendered(variant);
		DataRedisProperties redis = configuration(variant).redisProperties();

		if (Boolean.TRUE.equals(path(values, "redis.enabled"))) {
			assertBundledRedis(values, chart, redis);
			return;
		}
		String mode = (String) path(values, "externalRedis.mode");
		switch (mode) {
			case "standalone" -> assertStandalone(values, redis, variant);
			case "sentinel" -> assertSentinel(values, redis, variant);
			case "cluster" -> assertCluster(values, redis, variant);
			default -> throw new AssertionError("Unexpected externalRedis.mode '" + mode + "' in " + variant);
		}
		assertExternalPassword(values, chart, redis);
		assertThat(redis.getUsername()).as("spring.data.redis.username of " + variant)
			.isEqualTo(emptyToNull((String) path(values, "externalRedis.username")));
		assertThat(redis.getSsl().isEnabled()).as("spring.data.redis.ssl.enabled of " + variant)
			.isEqualTo(Boolean.TRUE.equals(path(values, "externalRedis.ssl")));
	}

	private static void assertBundledRedis(Map<String, Object> values, RenderedChart chart, DataRedisProperties redis) {
		String redisFullName = chart.releaseName() + "-redis";
		assertThat(redis.getSentinel()).as("spring.data.redis.sentinel of bundled Redis").isNotNull();
		assertThat(redis.getSentinel().getMaster()).isEqualTo(path(values, "redis.sentinel.masterSet"));
		assertThat(redis.getSentinel().getNodes()).containsExactly(redisFullName + ":26379");
		String secret = RenderedChart.secretReference(redisFullName, "redis-password");
		assertThat(redis.getPassword()).as("spring.data.redis.password of bundled Redis").isEqualTo(secret);
		assertThat(redis.getSentinel().getPassword()).as("spring.data.redis.sentinel.password of bundled Redis")
			.isEqualTo(secret);
	}

	private static void assertStandalone(Map<String, Object> values, DataRedisProperties redis, String variant) {
		assertThat(redis.getSentinel()).as("spring.data.redis.sentinel of " + variant).isNull();
		assertThat(redis.getCluster()).as("spring.data.redis.cluster of " + variant).isNull();
		assertThat(redis.getHost()).as("spring.data.redis.host of " + variant)
			.isEqualTo(path(values, "externalRedis.host"));
		assertThat(redis.getPort()).as("spring.data.redis.port of " + variant)
			.isEqualTo(path(values, "externalRedis.port"));
		assertThat(redis.getDatabase()).as("spring.data.redis.database of " + variant)
			.isEqualTo(path(values, "externalRedis.database"));
	}

	private static void assertSentinel(Map<String, Object> values, DataRedisProperties redis, String variant) {
		assertThat(redis.getCluster()).as("spring.data.redis.cluster of " + variant).isNull();
		assertThat(redis.getSentinel()).as("spring.data.redis.sentinel of " + variant).isNotNull();
		assertThat(redis.getSentinel().getMaster()).as("spring.data.redis.sentinel.master of " + variant)
			.isEqualTo(path(values, "externalRedis.sentinel.master"));
		assertThat(redis.getSentinel().getNodes()).as("spring.data.redis.sentinel.nodes of " + variant)
			.containsExactlyElementsOf(stringList(path(values, "externalRedis.sentinel.nodes")));
		assertThat(redis.getDatabase()).as("spring.data.redis.database of " + variant)
			.isEqualTo(path(values, "externalRedis.database"));
		String sentinelPassword = redis.getSentinel().getPassword();
		if (Boolean.TRUE.equals(path(values, "externalRedis.sentinel.usePassword"))) {
			assertThat(sentinelPassword).as("spring.data.redis.sentinel.password of " + variant)
				.isEqualTo(redis.getPassword())
				.isNotNull();
		}
		else {
			assertThat(sentinelPassword).as("spring.data.redis.sentinel.password of " + variant).isNull();
		}
	}

	private static void assertCluster(Map<String, Object> values, DataRedisProperties redis, String variant) {
		assertThat(redis.getSentinel()).as("spring.data.redis.sentinel of " + variant).isNull();
		assertThat(redis.getCluster()).as("spring.data.redis.cluster of " + variant).isNotNull();
		assertThat(redis.getCluster().getNodes()).as("spring.data.redis.cluster.nodes of " + variant)
			.containsExactlyElementsOf(stringList(path(values, "externalRedis.cluster.nodes")));
	}

	private static void assertExternalPassword(Map<String, Object> values, RenderedChart chart,
			DataRedisProperties redis) {
		String existingSecret = emptyToNull((String) path(values, "externalRedis.existingSecret"));
		String password = emptyToNull((String) path(values, "externalRedis.password"));
		if (existingSecret != null) {
			String key = (String) path(values, "externalRedis.existingSecretPasswordKey");
			assertThat(redis.getPassword()).as("spring.data.redis.password of " + chart)
				.isEqualTo(RenderedChart.secretReference(existingSecret, key));
			assertThat(chart.findResource("Secret", existingSecret)).as("Secret " + existingSecret + " of " + chart)
				.isEmpty();
			return;
		}
		if (password == null) {
			assertThat(redis.getPassword()).as("spring.data.redis.password of " + chart).isNull();
			return;
		}
		String secretName = chart.fullName() + "-redis";
		assertThat(redis.getPassword()).as("spring.data.redis.password of " + chart)
			.isEqualTo(RenderedChart.secretReference(secretName, "redis-password"));
		Map<String, Object> secret = chart.findResource("Secret", secretName)
			.orElseThrow(() -> new AssertionError("Secret " + secretName + " missing from " + chart));
		String encoded = (String) path(secret, "data.redis-password");
		assertThat(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))
			.as("password in Secret " + secretName)
			.isEqualTo(password);
	}

	@ParameterizedTest
	@MethodSource("variants")
	void everyPropertyIsKnown(String variant) throws Exception {
		DeployedConfiguration configuration = configuration(variant);

		assertThat(knownProperties.size()).as("properties in configuration metadata").isGreaterThan(1000);
		for (String variable : configuration.environment().keySet()) {
			if (!variable.equals("JAVA_TOOL_OPTIONS")) {
				assertThat(knownProperties.containsEnvironmentVariable(variable))
					.as("environment variable " + variable + " of " + variant + " binds to a known property")
					.isTrue();
			}
		}
		for (String property : configuration.additionalFileProperties()) {
			if (!property.equals(DEMO_FALLBACK_PROPERTY)) {
				assertThat(knownProperties.containsProperty(property))
					.as("property " + property + " of the ConfigMap of " + variant + " is known")
					.isTrue();
			}
		}
	}

	@ParameterizedTest
	@MethodSource("variants")
	void probesCallActuatorHealthGroups(String variant) throws Exception {
		RenderedChart chart = rendered(variant);
		DeployedConfiguration configuration = configuration(variant);
		Map<String, Object> container = chart.container();

		assertThat(configuration.booleanProperty("management.endpoint.health.probes.enabled"))
			.as("management.endpoint.health.probes.enabled of " + variant)
			.isTrue();
		assertThat(configuration.property("management.server.port", null)).as("management.server.port of " + variant)
			.isNull();
		String basePath = configuration.property("management.endpoints.web.base-path", "/actuator");
		int serverPort = Integer.parseInt(configuration.property("server.port", "8080"));
		Map<String, Integer> containerPorts = containerPorts(container);
		assertThat(containerPorts.values()).as("container ports of " + variant).contains(serverPort);

		Map<String, String> expectedPaths = Map.of("startupProbe", basePath + "/health/liveness", "livenessProbe",
				basePath + "/health/liveness", "readinessProbe", basePath + "/health/readiness");
		for (Map.Entry<String, String> probe : expectedPaths.entrySet()) {
			Object httpGet = path(container, probe.getKey() + ".httpGet");
			assertThat(httpGet).as(probe.getKey() + " of " + variant).isNotNull();
			assertThat(path(container, probe.getKey() + ".httpGet.path")).as(probe.getKey() + " path of " + variant)
				.isEqualTo(probe.getValue());
			Object port = path(container, probe.getKey() + ".httpGet.port");
			int probePort = (port instanceof Number number) ? number.intValue() : containerPorts.get(port);
			assertThat(probePort).as(probe.getKey() + " port of " + variant).isEqualTo(serverPort);
		}
	}

	private static Map<String, Integer> containerPorts(Map<String, Object> container) {
		Map<String, Integer> ports = new java.util.LinkedHashMap<>();
		for (Object item : asList(container.get("ports"), "container ports")) {
			Map<String, Object> port = asMap(item, "container port");
			ports.put((String) port.get("name"), ((Number) port.get("containerPort")).intValue());
		}
		return ports;
	}

	private static DeployedConfiguration configuration(String variant) {
		RenderedChart chart = rendered(variant);
		return DeployedConfiguration.of(chart.environment(), chart.applicationYaml());
	}

	private static RenderedChart rendered(String variant) {
		return RenderedChart.load(variant, renderedFile(variant));
	}

	private static Path renderedFile(String variant) {
		return DeploymentFiles.preparedDirectory().resolve("chart").resolve(variant + ".yaml");
	}

	private static Map<String, Object> values(String variant) {
		Path chartDirectory = DeploymentFiles.chartDirectory();
		Map<String, Object> values = DeploymentFiles.readYaml(chartDirectory.resolve("values.yaml"));
		if (variant.equals(DEFAULT_VARIANT)) {
			return values;
		}
		Map<String, Object> override = DeploymentFiles.readYaml(chartDirectory.resolve("ci/" + variant + "-values.yaml"));
		return DeploymentFiles.mergeValues(values, override);
	}

	private static List<String> stringList(Object value) {
		return asList(value, "list").stream().map(String::valueOf).toList();
	}

	private static String emptyToNull(String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

}
