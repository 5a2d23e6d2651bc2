// Lints demo-app/Dockerfile and checks what the image must do: build on a JDK 17 image, run on a
// maintained JRE 17 image as a non-root user, extract Spring Boot's layers, and check its health
// through the actuator. Writes the facts that later checks need to the JSON file given as output.
//
// Usage: node lint-dockerfile.mjs <Dockerfile> <output.json>

import { readFileSync, writeFileSync } from "node:fs";
import { DockerfileParser } from "dockerfile-ast";
import { validate } from "dockerfile-utils";

const [dockerfilePath, outputPath] = process.argv.slice(2);
if (!dockerfilePath || !outputPath) {
  console.error("Usage: node lint-dockerfile.mjs <Dockerfile> <output.json>");
  process.exit(2);
}

const content = readFileSync(dockerfilePath, "utf8");
const errors = [];

function fail(message) {
  errors.push(message);
}

// Drops the line continuations that the parser keeps in argument content.
function flatten(text) {
  return text.replace(/\\\r?\n/g, " ").replace(/\s+/g, " ").trim();
}

// dockerfile-utils is the linter of the Docker language server in VS Code. Every diagnostic fails.
for (const diagnostic of validate(content)) {
  fail(`line ${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
}

const dockerfile = DockerfileParser.parse(content);
const froms = dockerfile.getFROMs();
if (froms.length < 2) {
  fail(`expected a build stage and a runtime stage, found ${froms.length} FROM instructions`);
}

// Instructions of each stage, in order, keyed by the FROM that opens the stage.
const stages = froms.map((from) => ({ from, instructions: [] }));
for (const instruction of dockerfile.getInstructions()) {
  const line = instruction.getRange().start.line;
  const stage = [...stages].reverse().find((candidate) => candidate.from.getRange().start.line <= line);
  if (stage && instruction !== stage.from) {
    stage.instructions.push(instruction);
  }
}
const build = stages[0];
const runtime = stages[stages.length - 1];

function image(stage) {
  return `${stage.from.getImageName()}:${stage.from.getImageTag() ?? "latest"}`;
}

if (!/^eclipse-temurin:17(\.[0-9.+_]+)?-jdk/.test(image(build))) {
  fail(`build stage image is ${image(build)}, expected eclipse-temurin:17-jdk`);
}
if (!/^eclipse-temurin:17(\.[0-9.+_]+)?-jre/.test(image(runtime))) {
  fail(`runtime image is ${image(runtime)}, expected eclipse-temurin:17-jre`);
}
const buildStageName = build.from.getBuildStage();
if (!buildStageName) {
  fail("build stage has no name (FROM ... AS <name>)");
}

function instructionsOf(stage, keyword) {
  return stage.instructions.filter((instruction) => instruction.getKeyword() === keyword);
}

// The build: the Maven wrapper builds the jar, and Spring Boot's jarmode extracts its layers.
const buildCommands = instructionsOf(build, "RUN").map((run) => flatten(run.getArgumentsContent() ?? ""));
if (!buildCommands.some((command) => /\.\/mvnw\b.*\bpackage\b/.test(command))) {
  fail("build stage does not run ./mvnw ... package");
}
const extractCommand = buildCommands
  .flatMap((command) => command.split("&&").map((part) => part.trim()))
  .find((part) => part.includes("-Djarmode=tools"));
if (!extractCommand) {
  fail("build stage does not extract the jar with java -Djarmode=tools");
}
const extractArgs = extractCommand ? extractCommand.split(" ") : [];
for (const option of ["extract", "--layers", "--launcher", "--destination"]) {
  if (!extractArgs.includes(option)) {
    fail(`layer extraction '${extractCommand}' lacks ${option}`);
  }
}
const destination = extractArgs[extractArgs.indexOf("--destination") + 1];

// The runtime stage: one COPY --from=<build> per layer directory of the extraction.
const workdirs = instructionsOf(runtime, "WORKDIR").map((workdir) => workdir.getArgumentsContent());
const workdir = workdirs[workdirs.length - 1];
const layerCopies = [];
for (const copy of instructionsOf(runtime, "COPY")) {
  const fromFlag = copy.getFromFlag();
  if (!fromFlag || fromFlag.getValue() !== buildStageName) {
    continue;
  }
  const args = copy.getArguments().map((argument) => argument.getValue());
  const source = args[0];
  const prefix = `/workspace/${destination}/`;
  if (!source.startsWith(prefix)) {
    fail(`COPY ${source} does not copy from the extraction directory ${prefix}`);
    continue;
  }
  layerCopies.push(source.slice(prefix.length).replace(/\/$/, ""));
}
const buildWorkdir = instructionsOf(build, "WORKDIR").map((w) => w.getArgumentsContent()).pop();
if (buildWorkdir !== "/workspace") {
  fail(`build stage WORKDIR is ${buildWorkdir}, the COPY sources assume /workspace`);
}

// The user: numeric, so that Kubernetes can check runAsNonRoot, and not root.
const users = instructionsOf(runtime, "USER").map((user) => user.getArgumentsContent());
const user = users[users.length - 1];
const userMatch = /^(\d+)(?::(\d+))?$/.exec(user ?? "");
if (!userMatch) {
  fail(`runtime USER is '${user}', expected a numeric uid:gid`);
} else if (userMatch[1] === "0" || userMatch[2] === "0") {
  fail(`runtime USER ${user} is root`);
}

// The health check: the actuator's liveness group.
const healthchecks = instructionsOf(runtime, "HEALTHCHECK");
if (healthchecks.length !== 1) {
  fail(`expected one HEALTHCHECK in the runtime stage, found ${healthchecks.length}`);
}
const healthcheck = healthchecks.length === 1 ? flatten(healthchecks[0].getArgumentsContent() ?? "") : "";
if (!/\bCMD\b/.test(healthcheck) || !healthcheck.includes("/actuator/health/liveness")) {
  fail(`HEALTHCHECK '${healthcheck}' does not call /actuator/health/liveness`);
}
const healthcheckCommand = healthcheck.slice(healthcheck.indexOf("CMD") + "CMD".length).trim();

const env = {};
for (const instruction of instructionsOf(runtime, "ENV")) {
  for (const property of instruction.getProperties()) {
    env[property.getName()] = property.getValue();
  }
}
const expose = instructionsOf(runtime, "EXPOSE").flatMap((instruction) =>
  instruction.getArguments().map((argument) => argument.getValue().replace(/\/tcp$/, ""))
);

const entrypoints = instructionsOf(runtime, "ENTRYPOINT");
const entrypoint = entrypoints.length === 1 ? entrypoints[0].getJSONStrings().map((s) => s.getJSONValue()) : [];
if (entrypoint.length === 0) {
  fail("runtime stage needs one ENTRYPOINT in exec form, so that java receives SIGTERM as PID 1");
} else if (entrypoint[0] !== "java" || !entrypoint.includes("org.springframework.boot.loader.launch.JarLauncher")) {
  fail(`ENTRYPOINT ${JSON.stringify(entrypoint)} does not start Spring Boot's JarLauncher`);
}

if (errors.length > 0) {
  console.error(`${dockerfilePath}: ${errors.length} problem(s)`);
  for (const error of errors) {
    console.error(`  ${error}`);
  }
  process.exit(1);
}

const facts = {
  buildImage: image(build),
  runtimeImage: image(runtime),
  extractArgs,
  extractDestination: destination,
  layerCopies,
  workdir,
  user,
  env,
  expose,
  healthcheck: healthcheckCommand,
  entrypoint,
};
writeFileSync(outputPath, JSON.stringify(facts, null, 2) + "\n");
console.log(
  `${dockerfilePath}: lint clean; ${image(build)} -> ${image(runtime)}, USER ${user}, ` +
    `${layerCopies.length} layers, HEALTHCHECK on /actuator/health/liveness`
);
