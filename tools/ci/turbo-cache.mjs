#!/usr/bin/env node
// Checks turbo's caching as a team relies on it, in clean clones of this repository (its committed
// HEAD), and prints what a cold build, a local-cache hit and a remote-cache hit take:
//   1. a self-hosted remote cache (the turborepo-remote-cache package, pinned in remote-cache/) on
//      127.0.0.1 with a token, files stored in a temporary folder;
//   2. clone A: `pnpm build` (the root script) against it, cold, which uploads every task;
//      then `turbo run build` run directly, which must be a full local hit (same key as the script);
//   3. clone B, fresh: `pnpm build` against the remote cache must be a full remote hit and restore
//      byte for byte what clone A built, generated files included;
//   4. in clone A, turbo's hashes (`--dry=json`) before and after an edit: a test-only edit changes
//      only that package's test and typecheck tasks, a README edit only its test, a source edit every
//      task of the packages that depend on it and none elsewhere, another Node version every task;
//      no task hashes node_modules, dist or .turbo.
// Usage: node tools/ci/turbo-cache.mjs [--rounds N] [--keep]   (test-all runs it with one round)
// Exit 0 when every check passed; each failure is printed with what was expected.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describeMachine, watchOthers } from "../bench/src/machine.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const serverDir = fileURLToPath(new URL("remote-cache/", import.meta.url));
const SERVER_VERSION = JSON.parse(readFileSync(join(serverDir, "package.json"), "utf8")).dependencies["turborepo-remote-cache"];
const TEAM = "fwcall-ci";
const STEP_TIMEOUT_MS = 10 * 60_000;

function parseArgs(argv) {
  const options = { rounds: 1, keep: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--keep") options.keep = true;
    else if (argv[i] === "--rounds") {
      const rounds = Number(argv[++i]);
      if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20) throw new Error(`--rounds takes a whole number from 1 to 20, not "${argv[i]}"`);
      options.rounds = rounds;
    } else throw new Error(`unknown argument "${argv[i]}"; usage: node tools/ci/turbo-cache.mjs [--rounds N] [--keep]`);
  }
  return options;
}

let failures = 0;
function expect(ok, what, detail = "") {
  console.log(`${ok ? "  ok" : "  FAIL"}: ${what}${ok || !detail ? "" : `\n        ${detail}`}`);
  if (!ok) failures++;
  return ok;
}

// Nothing from the caller's turbo settings (a team's own remote cache, a forced run) leaks in.
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("TURBO_")));
Object.assign(baseEnv, { TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1" });

/** Runs a command to completion, output kept in `log`; throws with the output's tail when it fails. */
function sh(cwd, command, args, { env = {}, log } = {}) {
  const startedAt = performance.now();
  const result = spawnSync(command, args, { cwd, env: { ...baseEnv, ...env }, encoding: "utf8", maxBuffer: 256 * 2 ** 20, timeout: STEP_TIMEOUT_MS });
  const seconds = (performance.now() - startedAt) / 1000;
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (log) appendFileSync(log, `\n$ ${command} ${args.join(" ")}   (in ${cwd})\n${output}`);
  if (result.status !== 0) {
    const why = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd} (${why}):\n${output.split("\n").slice(-40).join("\n")}`);
  }
  return { output, stdout: result.stdout, seconds };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function installServer() {
  const installed = join(serverDir, "node_modules", "turborepo-remote-cache", "package.json");
  if (existsSync(installed) && JSON.parse(readFileSync(installed, "utf8")).version === SERVER_VERSION) return;
  console.log(`installing turborepo-remote-cache ${SERVER_VERSION} (npm ci in tools/ci/remote-cache)`);
  // The repository's .npmrc sets engine-strict, and cookie 2.x (under @fastify/cookie) declares Node >= 22,
  // though the server runs on Node 20, as this check shows: the engines field is not enforced for it.
  sh(root, "npm", ["ci", "--prefix", serverDir, "--engine-strict=false", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"]);
}

/** Starts the cache server on a free port of 127.0.0.1; resolves once it answers. */
async function startServer(work, index) {
  const port = await freePort();
  const token = randomBytes(24).toString("hex");
  // Empty for each round, so every round's first build is cold.
  const storage = join(work, `remote-store-${index}`);
  const logFile = join(work, `remote-cache-${index}.log`);
  const child = spawn(process.execPath, [join(serverDir, "node_modules", "turborepo-remote-cache", "dist", "cli.js")], {
    env: {
      ...baseEnv,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      TURBO_TOKEN: token,
      STORAGE_PROVIDER: "local",
      STORAGE_PATH: storage,
      STORAGE_PATH_USE_TMP_FOLDER: "false",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk) => appendFileSync(logFile, chunk));
  child.stderr.on("data", (chunk) => appendFileSync(logFile, chunk));
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve(`exited (${code ?? signal})`)));
  const api = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const early = await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 250, null))]);
    if (early) throw new Error(`the remote cache server ${early} before it answered; its log: ${logFile}`);
    try {
      const response = await fetch(`${api}/v8/artifacts/status`, { headers: { Authorization: `Bearer ${token}` } });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`the remote cache server did not answer on ${api} within 60 s; its log: ${logFile}`);
    }
  }
  return { api, token, storage, stop: () => child.kill(), exited };
}

/** A clean clone of `source`'s committed HEAD, installed from pnpm's store without the network. */
function cloneAndInstall(source, work, name, log) {
  const dir = join(work, name);
  sh(work, "git", ["clone", "--quiet", source, dir], { log });
  sh(dir, "pnpm", ["install", "--offline", "--frozen-lockfile", "--reporter=append-only"], { log });
  return dir;
}

/** Runs a build with --summarize and returns its time and turbo's run summary. */
function summarizedBuild(dir, command, args, env, log) {
  const runs = join(dir, ".turbo", "runs");
  const before = new Set(existsSync(runs) ? readdirSync(runs) : []);
  const { seconds, output } = sh(dir, command, [...args, "--summarize"], { env, log });
  const added = (existsSync(runs) ? readdirSync(runs) : []).filter((file) => file.endsWith(".json") && !before.has(file));
  if (added.length !== 1) throw new Error(`expected one new run summary in ${runs}, found ${added.length}`);
  return { seconds, output, summary: JSON.parse(readFileSync(join(runs, added[0]), "utf8")) };
}

/** The tasks that ran a script (turbo lists packages without the script too), with their cache status. */
function scriptTasks(summary) {
  return summary.tasks.filter((task) => task.command !== "<NONEXISTENT>");
}

function cacheCounts(summary) {
  const tasks = scriptTasks(summary);
  const count = (predicate) => tasks.filter(predicate).length;
  return {
    tasks: tasks.length,
    hits: count((t) => t.cache.status === "HIT"),
    local: count((t) => t.cache.status === "HIT" && t.cache.source === "LOCAL"),
    remote: count((t) => t.cache.status === "HIT" && t.cache.source === "REMOTE"),
    misses: tasks.filter((t) => t.cache.status !== "HIT").map((t) => t.taskId),
  };
}

/** Every file a build task may write (dist/, src/generated/, test/generated/) in each workspace package, by path. */
function buildOutputs(dir) {
  const files = new Map();
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.set(relative(dir, full), readFileSync(full));
    }
  };
  for (const group of ["packages", "tools"]) {
    for (const name of readdirSync(join(dir, group))) {
      for (const out of ["dist", "src/generated", "test/generated"]) {
        const path = join(dir, group, name, out);
        if (existsSync(path) && statSync(path).isDirectory()) walk(path);
      }
    }
  }
  return files;
}

function sameOutputs(a, b) {
  const differ = [];
  for (const [path, content] of a) if (!b.has(path) || !b.get(path).equals(content)) differ.push(path);
  for (const path of b.keys()) if (!a.has(path)) differ.push(path);
  return differ;
}

/** turbo's hash of every generate, build, typecheck and test task, without running any. */
function taskHashes(dir, log) {
  const { stdout } = sh(dir, join(dir, "node_modules", ".bin", "turbo"), ["run", "generate", "build", "typecheck", "test", "--dry=json"], { log });
  const dry = JSON.parse(stdout);
  return { hashes: new Map(dry.tasks.map((task) => [task.taskId, task.hash])), tasks: dry.tasks };
}

function changedTasks(before, after) {
  return [...after.hashes].filter(([id, hash]) => before.hashes.get(id) !== hash).map(([id]) => id).sort();
}

/** Workspace package names that depend on `name`, directly or not (dependencies of every kind). */
function dependentsOf(dir, name) {
  const manifests = ["schemas", ...["packages", "tools"].flatMap((group) => readdirSync(join(dir, group)).map((entry) => join(group, entry)))]
    .map((path) => join(dir, path, "package.json"))
    .filter(existsSync)
    .map((path) => JSON.parse(readFileSync(path, "utf8")));
  const direct = (manifest) => Object.keys({ ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies });
  const found = new Set([name]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const manifest of manifests) {
      if (!found.has(manifest.name) && direct(manifest).some((dependency) => found.has(dependency))) {
        found.add(manifest.name);
        grew = true;
      }
    }
  }
  return found;
}

/** Appends a comment line to a tracked file, runs `check`, then restores the file. */
function withEdit(dir, file, check) {
  const path = join(dir, file);
  const original = readFileSync(path);
  appendFileSync(path, "\n// an edit by tools/ci/turbo-cache.mjs\n");
  try {
    return check();
  } finally {
    writeFileSync(path, original);
  }
}

function checkInputs(dir, log) {
  console.log("\nturbo inputs (clone A, hashes from --dry=json):");
  const base = taskHashes(dir, log);
  const leaking = base.tasks.flatMap((task) => Object.keys(task.inputs).filter((path) => /(^|\/)(node_modules|dist|\.turbo)\//.test(path)).map((path) => `${task.taskId}: ${path}`));
  expect(leaking.length === 0, "no task hashes files under node_modules/, dist/ or .turbo/", leaking.slice(0, 5).join(", "));

  const testFile = readdirSync(join(dir, "packages/types/test")).find((file) => file.endsWith(".test.ts"));
  const afterTestEdit = withEdit(dir, `packages/types/test/${testFile}`, () => changedTasks(base, taskHashes(dir, log)));
  // typecheck covers test/ too (the package's tsconfig.json includes it); nothing of another package changes.
  // The tasks with a script that `turbo run test` runs: every test task and what it depends on.
  const byId = new Map(base.tasks.map((task) => [task.taskId, task]));
  const testGraph = new Set();
  const visit = (id) => {
    if (testGraph.has(id) || !byId.has(id)) return;
    testGraph.add(id);
    for (const dependency of byId.get(id).dependencies ?? []) visit(dependency);
  };
  for (const id of byId.keys()) if (id.endsWith("#test")) visit(id);
  const testRun = [...testGraph].filter((id) => byId.get(id).command !== "<NONEXISTENT>").length;
  expect(JSON.stringify(afterTestEdit) === JSON.stringify(["@fwcall/types#test", "@fwcall/types#typecheck"]), `a test-only edit (packages/types/test/${testFile}) changes only @fwcall/types#test and #typecheck (\`turbo run test\` reruns 1 of its ${testRun} tasks)`, `changed: ${afterTestEdit.join(", ") || "nothing"}`);

  const afterReadmeEdit = withEdit(dir, "packages/validate/README.md", () => changedTasks(base, taskHashes(dir, log)));
  expect(JSON.stringify(afterReadmeEdit) === JSON.stringify(["@fwcall/validate#test"]), "a README edit (packages/validate/README.md) changes only @fwcall/validate#test", `changed: ${afterReadmeEdit.join(", ") || "nothing"}`);

  const afterSourceEdit = new Set(withEdit(dir, "packages/types/src/index.ts", () => changedTasks(base, taskHashes(dir, log))));
  const dependents = dependentsOf(dir, "@fwcall/types");
  const packageOf = (id) => id.slice(0, id.lastIndexOf("#"));
  const expected = [...base.hashes.keys()].filter((id) => dependents.has(packageOf(id)) && !id.endsWith("#generate"));
  const missing = expected.filter((id) => !afterSourceEdit.has(id));
  const outside = [...afterSourceEdit].filter((id) => !dependents.has(packageOf(id)));
  expect(missing.length === 0, `a source edit (packages/types/src/index.ts) changes build, typecheck and test of @fwcall/types and its ${dependents.size - 1} dependents`, `unchanged: ${missing.join(", ")}`);
  expect(outside.length === 0, "… and no task of a package that does not depend on it", `changed: ${outside.join(", ")}`);

  const keyFile = join(dir, "node_modules/.cache/fwcall/node-version");
  const key = existsSync(keyFile) ? readFileSync(keyFile, "utf8") : null;
  const recorded = expect(key === `${process.version}\n`, `pnpm install and the root scripts recorded this Node (${process.version}) for turbo's key`, `node_modules/.cache/fwcall/node-version holds ${JSON.stringify(key)}`);
  if (!recorded) return;
  writeFileSync(keyFile, "v99.0.0\n");
  let afterNode;
  try {
    afterNode = changedTasks(base, taskHashes(dir, log));
  } finally {
    writeFileSync(keyFile, key);
  }
  expect(afterNode.length === base.hashes.size, "another Node version changes every task's hash", `changed ${afterNode.length} of ${base.hashes.size}`);
}

/** One round: cold build into the remote cache, local hit, remote hit in a fresh clone. */
async function round(work, index, log, withInputChecks) {
  const server = await startServer(work, index);
  const remote = { TURBO_API: server.api, TURBO_TOKEN: server.token, TURBO_TEAM: TEAM };
  try {
    const artifact = `${server.api}/v8/artifacts/0123456789abcdef?slug=${TEAM}`;
    const [anonymous, wrongToken] = await Promise.all([fetch(artifact), fetch(artifact, { headers: { Authorization: "Bearer not-the-token" } })]);
    expect(anonymous.status === 400 && wrongToken.status === 401, `the remote cache (${server.api}) refuses a request without the token or with another one (HTTP ${anonymous.status}, ${wrongToken.status})`);

    // Later rounds build the first round's commit, however main moves meanwhile.
    const cloneA = cloneAndInstall(index === 0 ? root : join(work, "a0"), work, `a${index}`, log);
    console.log(`  (clones of ${sh(cloneA, "git", ["rev-parse", "--short", "HEAD"]).stdout.trim()})`);
    const cold = summarizedBuild(cloneA, "pnpm", ["run", "build"], remote, log);
    const coldCounts = cacheCounts(cold.summary);
    expect(coldCounts.hits === 0 && coldCounts.tasks > 0, `clone A: \`pnpm build\` against the remote cache runs all ${coldCounts.tasks} tasks (cold)`, `${coldCounts.hits} were cache hits`);
    const stored = existsSync(server.storage) ? readdirSync(server.storage, { recursive: true }).filter((path) => statSync(join(server.storage, path)).isFile()).length : 0;
    expect(stored >= coldCounts.tasks, `the remote cache stored an artifact for each of them (${stored} files)`);

    const local = summarizedBuild(cloneA, join(cloneA, "node_modules", ".bin", "turbo"), ["run", "build"], {}, log);
    const localCounts = cacheCounts(local.summary);
    expect(localCounts.local === localCounts.tasks && /FULL TURBO/.test(local.output), `clone A: \`turbo run build\` run directly, no remote, is a full local hit (${localCounts.local}/${localCounts.tasks}, FULL TURBO)`, `missed: ${localCounts.misses.join(", ")}`);

    // From clone A, so both build the same commit however the repository moves meanwhile.
    const cloneB = cloneAndInstall(cloneA, work, `b${index}`, log);
    const hit = summarizedBuild(cloneB, "pnpm", ["run", "build"], remote, log);
    const hitCounts = cacheCounts(hit.summary);
    expect(hitCounts.remote === hitCounts.tasks && /FULL TURBO/.test(hit.output), `clone B (fresh, no local cache): \`pnpm build\` is a full remote hit (${hitCounts.remote}/${hitCounts.tasks}, FULL TURBO)`, `missed: ${hitCounts.misses.join(", ")}; local hits: ${hitCounts.local}`);
    const outputsA = buildOutputs(cloneA);
    const differ = sameOutputs(outputsA, buildOutputs(cloneB));
    const worker = "packages/coverage/src/generated/sandbox-worker.mjs";
    expect(differ.length === 0 && outputsA.has(worker), `clone B holds clone A's ${outputsA.size} built and generated files byte for byte (${worker}, never committed, among them)`, `differ: ${differ.slice(0, 5).join(", ")}${outputsA.has(worker) ? "" : `; ${worker} missing`}`);

    const status = sh(cloneB, "git", ["status", "--porcelain"]).stdout.trim();
    expect(status === "", "… and leaves its working tree as committed (the generated files restored equal the committed ones)", status.split("\n").slice(0, 5).join("; "));

    if (withInputChecks) checkInputs(cloneA, log);
    return { cold: cold.seconds, local: local.seconds, remote: hit.seconds, tasks: coldCounts.tasks };
  } finally {
    server.stop();
    await server.exited;
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`turbo-cache: ${error.message}`);
    process.exit(2);
  }
  const work = mkdtempSync(join(tmpdir(), "fwcall-turbo-cache-"));
  const log = join(work, "commands.log");
  console.log(`turbo cache checks in ${work} (commands and their output: ${log})`);
  const watch = watchOthers();
  const rounds = [];
  try {
    const uncommitted = sh(root, "git", ["status", "--porcelain"]).stdout.split("\n").filter(Boolean).length;
    if (uncommitted > 0) console.log(`note: the clones build the committed HEAD; ${uncommitted} uncommitted change(s) in this checkout are not part of them`);
    installServer();
    for (let index = 0; index < options.rounds; index++) {
      console.log(`\nround ${index + 1} of ${options.rounds}: turborepo-remote-cache ${SERVER_VERSION} on 127.0.0.1, two clean clones of HEAD`);
      rounds.push(await round(work, index, log, index === 0));
    }
  } catch (error) {
    failures++;
    console.log(`  FAIL: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    if (!options.keep) rmSync(work, { recursive: true, force: true });
  }
  const others = watch.stop();
  if (rounds.length > 0) {
    const cold = median(rounds.map((r) => r.cold));
    const row = (label, seconds) => `| ${label} | ${seconds.toFixed(1)} s | ${(cold / seconds).toFixed(1)}x |`;
    console.log(`\n\`pnpm build\` of ${rounds[0].tasks} tasks, median of ${rounds.length} round(s); ${describeMachine()}`);
    console.log("| build | wall time | cold ÷ this |\n| --- | ---: | ---: |");
    console.log(row("cold, uploading to the remote cache (clone A, `pnpm build`)", cold));
    console.log(row("local-cache hit (clone A again, `turbo run build`)", median(rounds.map((r) => r.local))));
    console.log(row("remote-cache hit (fresh clone B, `pnpm build`)", median(rounds.map((r) => r.remote))));
    if (others !== null) console.log(`other processes took ${Math.round(others * 100)}% of the CPU time during the run${others > 0.05 ? " (busy machine: figures not worth recording)" : ""}`);
  }
  console.log(`\nturbo cache: ${failures === 0 ? "every check passed" : `${failures} check(s) failed`}`);
  process.exit(failures === 0 ? 0 : 1);
}

await main();
