package io.github.ratelimiter.demo.deployment;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.github.ratelimiter.demo.deployment.DeploymentFiles.asList;
import static io.github.ratelimiter.demo.deployment.DeploymentFiles.asMap;
import static io.github.ratelimiter.demo.deployment.DeploymentFiles.path;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Manifests that {@code helm template} rendered from the chart for one values file.
 */
final class RenderedChart {

	private static final String SECRET_PREFIX = "secret:";

	private final String variant;

	private final List<Map<String, Object>> documents;

	private RenderedChart(String variant, List<Map<String, Object>> documents) {
		this.variant = variant;
		this.documents = documents;
	}

	static RenderedChart load(String variant, Path file) {
		return new RenderedChart(variant, DeploymentFiles.readYamlDocuments(file));
	}

	/**
	 * Returns the only resource of a kind, failing when there is none or more than one.
	 */
	Map<String, Object> resource(String kind) {
		List<Map<String, Object>> resources = this.documents.stream()
			.filter((document) -> kind.equals(document.get("kind")))
			.toList();
		assertThat(resources).as(kind + " resources of " + this.variant).hasSize(1);
		return resources.get(0);
	}

	Optional<Map<String, Object>> findResource(String kind, String name) {
		return this.documents.stream()
			.filter((document) -> kind.equals(document.get("kind")) && name.equals(path(document, "metadata.name")))
			.findFirst();
	}

	String releaseName() {
		Map<String, Object> labels = asMap(path(resource("Deployment"), "metadata.labels"), "Deployment labels");
		return (String) labels.get("app.kubernetes.io/instance");
	}

	String fullName() {
		return (String) path(resource("Deployment"), "metadata.name");
	}

	Map<String, Object> container() {
		List<Object> containers = asList(path(resource("Deployment"), "spec.template.spec.containers"),
				"containers of " + this.variant);
		assertThat(containers).as("containers of " + this.variant).hasSize(1);
		return asMap(containers.get(0), "container of " + this.variant);
	}

	/**
	 * Returns the container's environment variables. A variable from a Secret gets the value
	 * {@code secret:<name>/<key>}, since the real value only exists in the cluster.
	 */
	Map<String, String> environment() {
		Map<String, String> environment = new LinkedHashMap<>();
		for (Object item : asList(container().get("env"), "env of " + this.variant)) {
			Map<String, Object> variable = asMap(item, "env entry of " + this.variant);
			String name = (String) variable.get("name");
			Object secretName = path(variable, "valueFrom.secretKeyRef.name");
			if (secretName != null) {
				environment.put(name, SECRET_PREFIX + secretName + "/" + path(variable, "valueFrom.secretKeyRef.key"));
			}
			else {
				assertThat(variable).as("env " + name + " of " + this.variant).containsKey("value");
				environment.put(name, String.valueOf(variable.get("value")));
			}
		}
		return environment;
	}

	static boolean isSecretReference(String value) {
		return value.startsWith(SECRET_PREFIX);
	}

	static String secretReference(String secretName, String key) {
		return SECRET_PREFIX + secretName + "/" + key;
	}

	/**
	 * Returns the application.yml of the chart's ConfigMap, after checking that the container reads it:
	 * the ConfigMap is mounted where SPRING_CONFIG_ADDITIONAL_LOCATION points.
	 */
	String applicationYaml() {
		Map<String, Object> configMap = resource("ConfigMap");
		String configMapName = (String) path(configMap, "metadata.name");
		String volumeName = asList(path(resource("Deployment"), "spec.template.spec.volumes"), "volumes").stream()
			.map((volume) -> asMap(volume, "volume"))
			.filter((volume) -> configMapName.equals(path(volume, "configMap.name")))
			.map((volume) -> (String) volume.get("name"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No volume of " + this.variant + " mounts ConfigMap " + configMapName));
		String mountPath = asList(container().get("volumeMounts"), "volumeMounts").stream()
			.map((mount) -> asMap(mount, "volumeMount"))
			.filter((mount) -> volumeName.equals(mount.get("name")))
			.map((mount) -> (String) mount.get("mountPath"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("Container of " + this.variant + " does not mount " + volumeName));
		assertThat(environment()).as("SPRING_CONFIG_ADDITIONAL_LOCATION of " + this.variant)
			.containsEntry("SPRING_CONFIG_ADDITIONAL_LOCATION", "file:" + mountPath + "/application.yml");
		Object yaml = path(configMap, "data");
		return (String) asMap(yaml, "data of ConfigMap " + configMapName).get("application.yml");
	}

	@Override
	public String toString() {
		return this.variant;
	}

}
