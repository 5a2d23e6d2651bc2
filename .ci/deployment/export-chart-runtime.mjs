// Exports what rehearse-compose.sh needs to start the demo as the chart's Deployment would: the
// container's plain environment variables, its port, its probe paths, and the ConfigMap's
// application.yml, written where SPRING_CONFIG_ADDITIONAL_LOCATION points below <output dir>.
//
// Usage: node export-chart-runtime.mjs <rendered manifests.yaml> <output dir>

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseAllDocuments } from "yaml";

const [manifestsPath, outputDir] = process.argv.slice(2);
if (!manifestsPath || !outputDir) {
  console.error("Usage: node export-chart-runtime.mjs <rendered manifests.yaml> <output dir>");
  process.exit(2);
}

const resources = parseAllDocuments(readFileSync(manifestsPath, "utf8"))
  .map((document) => document.toJS())
  .filter((resource) => resource !== null);
const deployment = resources.find((resource) => resource.kind === "Deployment");
const configMap = resources.find((resource) => resource.kind === "ConfigMap");
const container = deployment.spec.template.spec.containers[0];

const env = container.env.filter((variable) => "value" in variable);
const secretVariables = container.env.filter((variable) => !("value" in variable)).map((variable) => variable.name);
if (secretVariables.length > 0) {
  throw new Error(`${manifestsPath} reads ${secretVariables} from Secrets, which the rehearsal does not have`);
}
const location = env.find((variable) => variable.name === "SPRING_CONFIG_ADDITIONAL_LOCATION")?.value;
if (!location?.startsWith("file:")) {
  throw new Error(`SPRING_CONFIG_ADDITIONAL_LOCATION is ${location}, expected file:<path>`);
}
const configPath = location.slice("file:".length);
mkdirSync(join(outputDir, "chart-config"), { recursive: true });
writeFileSync(join(outputDir, "chart-config", "application.yml"), configMap.data["application.yml"]);

const runtime = {
  env,
  port: container.ports.find((port) => port.name === "http").containerPort,
  probePaths: ["startupProbe", "livenessProbe", "readinessProbe"].map((probe) => container[probe].httpGet.path),
  configDirectory: dirname(configPath),
};
writeFileSync(join(outputDir, "chart-default-env.json"), JSON.stringify(runtime, null, 2) + "\n");
