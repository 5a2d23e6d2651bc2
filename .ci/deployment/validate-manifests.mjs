// Validates manifests rendered by "helm template" against the Kubernetes API schemas, rejects fields
// that the API does not define, and checks that the resources of one rendering refer to each other.
//
// Usage: node validate-manifests.mjs <manifests.yaml>...
//
// Schemas: kubernetes-models compiles the OpenAPI schemas of Kubernetes 1.33 (and the CRDs of the
// Prometheus Operator) into validators, which check types, required fields and enums but accept
// unknown fields. The field lists of @kubernetes/client-node's models, generated from the OpenAPI
// schemas of Kubernetes 1.34, catch the unknown fields, as "kubectl apply --validate=strict" would.
// For the Prometheus Operator's ServiceMonitor, the field lists come from the TypeScript declaration
// that @kubernetes-models/prometheus-operator generates from the CRD.

import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseAllDocuments } from "yaml";
import * as clientModels from "@kubernetes/client-node";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("Usage: node validate-manifests.mjs <manifests.yaml>...");
  process.exit(2);
}

// Schema validators by apiVersion and kind.
async function loadModel(apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion : `v1`;
  const modulePath = apiVersion.startsWith("monitoring.coreos.com/")
    ? `@kubernetes-models/prometheus-operator/${group}/${kind}`
    : `kubernetes-models/${group}/${kind}`;
  try {
    const module = await import(modulePath);
    return module[kind];
  } catch (error) {
    throw new Error(`no schema for ${apiVersion} ${kind} (${modulePath}): ${error.message}`);
  }
}

// Name of the @kubernetes/client-node model of a resource, such as V1Deployment or
// V2HorizontalPodAutoscaler.
function clientModelName(apiVersion, kind) {
  const version = apiVersion.split("/").pop();
  return version.charAt(0).toUpperCase() + version.slice(1) + kind;
}

// Reports every field that the model of a type does not define, recursing into typed fields.
function findUnknownFields(value, type, path, problems) {
  if (value === null || value === undefined) {
    return;
  }
  const arrayType = /^Array<(.+)>$/.exec(type);
  if (arrayType) {
    if (Array.isArray(value)) {
      value.forEach((item, index) => findUnknownFields(item, arrayType[1], `${path}/${index}`, problems));
    }
    return;
  }
  const mapType = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (mapType) {
    for (const [key, item] of Object.entries(value)) {
      findUnknownFields(item, mapType[1], `${path}/${key}`, problems);
    }
    return;
  }
  const model = clientModels[type];
  if (typeof model?.getAttributeTypeMap !== "function" || typeof value !== "object" || Array.isArray(value)) {
    return;
  }
  const fields = new Map(model.getAttributeTypeMap().map((attribute) => [attribute.baseName, attribute.type]));
  for (const [key, item] of Object.entries(value)) {
    if (!fields.has(key)) {
      problems.push(`${path}/${key}: unknown field of ${type}`);
    } else {
      findUnknownFields(item, fields.get(key), `${path}/${key}`, problems);
    }
  }
}

// Parses the object type of "export interface I<Kind> { ... }" in a generated declaration file into
// { fields: Map(name -> type), values: type of an index signature }. Array<T> becomes { items: T };
// any other type, such as string, a union of literals or IObjectMeta, stays its text.
function parseDeclaration(text, interfaceName) {
  const start = text.indexOf(`export interface ${interfaceName} {`);
  if (start < 0) {
    throw new Error(`no interface ${interfaceName} in the declaration`);
  }
  const tokens = text.slice(start + `export interface ${interfaceName}`.length)
    .match(/"(?:[^"\\]|\\.)*"|[A-Za-z_$][\w$.]*|\d+|[{}[\]<>():;?|,&]/g);
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];
  const expect = (token) => {
    if (next() !== token) {
      throw new Error(`expected ${token} near token ${position} of ${interfaceName}`);
    }
  };

  function parseType() {
    if (peek() === "{") {
      return parseObject();
    }
    if (peek() === "Array" && tokens[position + 1] === "<") {
      position += 2;
      const items = parseType();
      expect(">");
      return { items };
    }
    const parts = [];
    let depth = 0;
    while (depth > 0 || ![";", ">", "}", ","].includes(peek())) {
      const token = next();
      depth += ["(", "<", "{", "["].includes(token) ? 1 : [")", ">", "}", "]"].includes(token) ? -1 : 0;
      parts.push(token);
    }
    return parts.join(" ");
  }

  function parseObject() {
    expect("{");
    const shape = { fields: new Map(), values: null };
    while (peek() !== "}") {
      if (peek() === "[") {
        while (next() !== "]") {
          // The key declaration of an index signature, such as [key: string].
        }
        expect(":");
        shape.values = parseType();
      } else {
        const name = next().replace(/^"|"$/g, "");
        if (peek() === "?") {
          next();
        }
        expect(":");
        shape.fields.set(name, parseType());
      }
      if (peek() === ";") {
        next();
      }
    }
    expect("}");
    return shape;
  }

  return parseObject();
}

// Reports every field that a parsed declaration does not define; metadata is checked with the
// client-node model of ObjectMeta.
function findUnknownDeclaredFields(value, shape, path, problems) {
  if (value === null || value === undefined || typeof shape === "string") {
    if (shape === "IObjectMeta") {
      findUnknownFields(value, "V1ObjectMeta", path, problems);
    }
    return;
  }
  if (shape.items) {
    if (Array.isArray(value)) {
      value.forEach((item, index) => findUnknownDeclaredFields(item, shape.items, `${path}/${index}`, problems));
    }
    return;
  }
  if (typeof value !== "object" || Array.isArray(value)) {
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (shape.fields.has(key)) {
      findUnknownDeclaredFields(item, shape.fields.get(key), `${path}/${key}`, problems);
    } else if (shape.values) {
      findUnknownDeclaredFields(item, shape.values, `${path}/${key}`, problems);
    } else {
      problems.push(`${path}/${key}: unknown field`);
    }
  }
}

function declaredShape(apiVersion, kind) {
  const moduleUrl = import.meta.resolve(`@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`);
  const declaration = readFileSync(new URL(moduleUrl.replace(/\.m?js$/, ".d.ts")), "utf8");
  return parseDeclaration(declaration, `I${kind}`);
}

function matches(selector, labels) {
  return Object.entries(selector ?? {}).every(([key, value]) => labels?.[key] === value);
}

// Checks the references between the resources of one rendering, which no schema covers.
function checkReferences(resources, problems) {
  const byKind = (kind) => resources.filter((resource) => resource.kind === kind);
  const named = (kind, name) => byKind(kind).find((resource) => resource.metadata?.name === name);

  const deployments = byKind("Deployment");
  if (deployments.length !== 1) {
    problems.push(`expected one Deployment, found ${deployments.length}`);
    return;
  }
  const deployment = deployments[0];
  const podSpec = deployment.spec.template.spec;
  const podLabels = deployment.spec.template.metadata?.labels;
  if (!matches(deployment.spec.selector.matchLabels, podLabels)) {
    problems.push("Deployment selector does not match its pod labels");
  }

  const container = podSpec.containers[0];
  const portNames = new Map((container.ports ?? []).map((port) => [port.name, port.containerPort]));
  const hasPort = (port) => (typeof port === "number" ? [...portNames.values()].includes(port) : portNames.has(port));
  for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
    const httpGet = container[probe]?.httpGet;
    if (!httpGet) {
      problems.push(`container has no ${probe} with httpGet`);
    } else if (!hasPort(httpGet.port)) {
      problems.push(`${probe} port ${httpGet.port} is not a container port`);
    }
  }

  const security = { ...podSpec.securityContext, ...container.securityContext };
  if (security.runAsNonRoot !== true || !(security.runAsUser > 0)) {
    problems.push("pod must run as a non-root user (runAsNonRoot and a runAsUser other than 0)");
  }
  if (container.securityContext?.allowPrivilegeEscalation !== false) {
    problems.push("container must set allowPrivilegeEscalation: false");
  }
  if (!container.resources?.requests?.memory || !container.resources?.limits?.memory) {
    problems.push("container needs memory requests and limits");
  }
  if (!/:[^:/]+$/.test(container.image) || container.image.endsWith(":latest")) {
    problems.push(`image ${container.image} needs a tag other than latest`);
  }

  const volumes = new Map((podSpec.volumes ?? []).map((volume) => [volume.name, volume]));
  for (const mount of container.volumeMounts ?? []) {
    if (!volumes.has(mount.name)) {
      problems.push(`volumeMount ${mount.name} has no volume`);
    }
  }
  for (const volume of volumes.values()) {
    if (volume.configMap && !named("ConfigMap", volume.configMap.name)) {
      problems.push(`volume ${volume.name} mounts ConfigMap ${volume.configMap.name}, which is not rendered`);
    }
  }
  if (podSpec.serviceAccountName && podSpec.serviceAccountName !== "default"
      && !named("ServiceAccount", podSpec.serviceAccountName)) {
    problems.push(`serviceAccountName ${podSpec.serviceAccountName} is not rendered`);
  }
  for (const variable of container.env ?? []) {
    const secretRef = variable.valueFrom?.secretKeyRef;
    const secret = secretRef && named("Secret", secretRef.name);
    if (secret && !(secretRef.key in (secret.data ?? {}))) {
      problems.push(`env ${variable.name} reads key ${secretRef.key}, which Secret ${secretRef.name} lacks`);
    }
  }

  const services = byKind("Service");
  for (const service of services) {
    if (!matches(service.spec.selector, podLabels) || Object.keys(service.spec.selector ?? {}).length === 0) {
      problems.push(`Service ${service.metadata.name} does not select the Deployment's pods`);
    }
    for (const port of service.spec.ports) {
      if (!hasPort(port.targetPort)) {
        problems.push(`Service ${service.metadata.name} targets port ${port.targetPort}, not a container port`);
      }
    }
  }
  const servicePort = (name, port) => {
    const service = named("Service", name);
    return service?.spec.ports.some((candidate) => candidate.name === port || candidate.port === port);
  };

  for (const pdb of byKind("PodDisruptionBudget")) {
    if (!matches(pdb.spec.selector.matchLabels, podLabels)) {
      problems.push(`PodDisruptionBudget ${pdb.metadata.name} does not select the Deployment's pods`);
    }
  }
  const autoscalers = byKind("HorizontalPodAutoscaler");
  for (const hpa of autoscalers) {
    const target = hpa.spec.scaleTargetRef;
    if (target.kind !== "Deployment" || target.name !== deployment.metadata.name) {
      problems.push(`HorizontalPodAutoscaler ${hpa.metadata.name} scales ${target.kind} ${target.name}`);
    }
    if (!container.resources?.requests?.cpu) {
      problems.push("CPU utilization targets need a CPU request on the container");
    }
  }
  if (autoscalers.length > 0 && deployment.spec.replicas !== undefined) {
    problems.push("Deployment sets replicas although a HorizontalPodAutoscaler manages them");
  }
  for (const ingress of byKind("Ingress")) {
    for (const rule of ingress.spec.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const backend = path.backend.service;
        if (!servicePort(backend.name, backend.port.name ?? backend.port.number)) {
          problems.push(`Ingress ${ingress.metadata.name} routes to ${backend.name}:${backend.port.name ?? backend.port.number}, which is not a Service port`);
        }
      }
    }
  }
  for (const monitor of byKind("ServiceMonitor")) {
    const selected = services.filter((service) => matches(monitor.spec.selector.matchLabels, service.metadata.labels));
    if (selected.length === 0) {
      problems.push(`ServiceMonitor ${monitor.metadata.name} selects no Service`);
    }
    for (const endpoint of monitor.spec.endpoints) {
      if (!selected.some((service) => servicePort(service.metadata.name, endpoint.port))) {
        problems.push(`ServiceMonitor ${monitor.metadata.name} scrapes port ${endpoint.port}, which its Services lack`);
      }
    }
  }
}

let failed = false;
for (const file of files) {
  const problems = [];
  const resources = [];
  for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (document.errors.length > 0) {
      problems.push(...document.errors.map((error) => `YAML: ${error.message}`));
      continue;
    }
    const resource = document.toJS();
    if (resource === null) {
      continue;
    }
    resources.push(resource);
    const where = `${resource.kind} ${resource.metadata?.name}`;
    try {
      const Model = await loadModel(resource.apiVersion, resource.kind);
      new Model(resource).validate();
    } catch (error) {
      problems.push(`${where}: ${error.message}`);
    }
    const modelName = clientModelName(resource.apiVersion, resource.kind);
    if (clientModels[modelName]) {
      const unknown = [];
      findUnknownFields(resource, modelName, "", unknown);
      problems.push(...unknown.map((message) => `${where}: ${message}`));
    } else if (resource.apiVersion.startsWith("monitoring.coreos.com/")) {
      const unknown = [];
      findUnknownDeclaredFields(resource, declaredShape(resource.apiVersion, resource.kind), "", unknown);
      problems.push(...unknown.map((message) => `${where}: ${message}`));
    } else {
      problems.push(`${where}: no field list for ${modelName}`);
    }
  }
  checkReferences(resources, problems);

  const kinds = resources.map((resource) => resource.kind).sort().join(", ");
  if (problems.length > 0) {
    failed = true;
    console.error(`${basename(file)}: ${problems.length} problem(s) in ${kinds}`);
    problems.forEach((problem) => console.error(`  ${problem}`));
  } else {
    console.log(`${basename(file)}: valid (${kinds})`);
  }
}
process.exit(failed ? 1 : 0);
