#!/usr/bin/env node
// Proves CONTRIBUTING.md's "add a field" recipe on a clean clone of HEAD: an optional field added
// to schemas/call.json, then `pnpm generate`, must leave every test green without editing a test
// (docs/decisions/0021-schemas-are-the-only-source.md). A clone, never this checkout: the recipe
// rewrites committed generated files, and other work may be running here. Exits 0 when the recipe
// holds, 1 naming the part that failed (its clone is kept for a look), 2 when it could not start.
//
// What it runs after `pnpm generate`: `pnpm build`, then every package's `test` task except
// @fwcall/tests. The field changes the schema model, the generated types, validators and interop
// documents, and through them the payloads, mutants, Pact shapes, REST mock and contracts that every
// other package tests from source. @fwcall/tests packs that same code into tarballs and installs them
// with npm: it proves packaging (files, exports, engines, module formats), which a schema field cannot
// change, and it is the slowest task (366 s of a 452 s `pnpm test` in a clone on this 2-core machine
// under load), while this step must keep CI well under 15 minutes.
// FWCALL_ADD_A_FIELD_ALL=1 runs it too.
//
// `--reports-into <dir>`: every package's vitest JSON report is written and then copied to the same
// package folder under <dir> (test-all passes its checkout, so its counts include these tests: there,
// this check on Node 24 with every package is the Node 24 suite, one suite's time instead of two).
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const FIELD = "queue_wait_seconds";
const PROPERTY = { description: "Seconds the call waited in a queue (the add-a-field check's field).", type: ["integer", "null"] };
// What json-schema-to-typescript writes for an optional ["integer", "null"] property.
const TYPE_LINE = `${FIELD}?: number | null;`;
const TYPES_FILE = "packages/types/src/generated/schemas.ts";
const all = process.env.FWCALL_ADD_A_FIELD_ALL === "1";
const reportsFlag = process.argv.indexOf("--reports-into");
const reportsInto = reportsFlag === -1 ? undefined : process.argv[reportsFlag + 1];
const REPORT = join("node_modules", ".vitest-report.json");

const startedAt = Date.now();
const seconds = (since) => `${Math.round((Date.now() - since) / 1000)} s`;
// Nothing of the caller's turbo settings (a team's remote cache, which must not receive this
// throw-away variant; a forced or filtered run) reaches the clone.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("TURBO_")));
env.TURBO_TELEMETRY_DISABLED = "1";

let copy;

/** Runs a command in the copy (or `cwd`); its output goes to the terminal unless `capture`. */
function exec(command, args, { cwd = copy, capture = false } = {}) {
  console.log(`  $ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", stdio: capture ? "pipe" : "inherit", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) return { status: -1, stdout: "", stderr: String(result.error.message) };
  return { status: result.status ?? -1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

function fail(part, detail, code = 1) {
  console.error(`✗ add-a-field: ${part} failed: ${detail}`);
  if (copy && code === 1) console.error(`  the clone is kept for a look: ${copy}`);
  else if (copy) rmSync(copy, { recursive: true, force: true });
  process.exit(code);
}

function step(title, body) {
  const stepStartedAt = Date.now();
  console.log(`\n· ${title}`);
  body();
  console.log(`· ${title}: ok in ${seconds(stepStartedAt)}`);
}

step("clone HEAD into a temporary directory and install offline", () => {
  copy = mkdtempSync(join(tmpdir(), "fwcall-add-a-field-"));
  const head = exec("git", ["rev-parse", "--short", "HEAD"], { cwd: root, capture: true }).stdout.trim();
  if (exec("git", ["clone", "--quiet", root, copy], { cwd: root }).status !== 0) fail("setup (git clone)", `could not clone ${root}`, 2);
  console.log(`  HEAD ${head} (committed files only: uncommitted changes are not part of this check)`);
  // The store already holds everything: the checkout this runs from was installed from the same lockfile.
  if (exec("pnpm", ["install", "--offline", "--frozen-lockfile", "--reporter=append-only"]).status !== 0) fail("setup (pnpm install --offline)", "the clone did not install from the local store", 2);
  // test-all's first gate fails on a HEAD whose generated files drift; this check judges the recipe
  // alone, so it starts from the regenerated files instead of failing a second time for one cause.
  if (exec("pnpm", ["--silent", "check:drift"], { capture: true }).status !== 0) {
    console.log("  HEAD's committed generated files already differ from its schemas (the drift gate reports that): regenerating before the edit");
    if (exec("pnpm", ["generate", "--output-logs=errors-only"]).status !== 0) fail("setup (`pnpm generate` before the edit)", "it exited non-zero on HEAD's own schemas (output above)", 2);
  }
});

step(`add the optional field call.${FIELD} to schemas/call.json`, () => {
  const file = join(copy, "schemas/call.json");
  const schema = JSON.parse(readFileSync(file, "utf8"));
  if (!schema.properties || typeof schema.properties !== "object") fail("the schema edit", "schemas/call.json has no properties object");
  if (FIELD in schema.properties) fail("the schema edit", `schemas/call.json already has ${FIELD}: pick another field name in tools/ci/add-a-field.mjs`);
  if ((schema.required ?? []).includes(FIELD)) fail("the schema edit", `${FIELD} is already required`);
  schema.properties[FIELD] = PROPERTY;
  writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
});

step("the drift gate sees that the committed generated files are stale", () => {
  const gate = exec("pnpm", ["--silent", "check:drift"], { capture: true });
  if (gate.status === 0) fail("the drift gate", "`pnpm check:drift` passed after a schema edit without `pnpm generate`: it does not read schemas/call.json");
  if (!gate.stderr.includes(TYPES_FILE)) fail("the drift gate", `\`pnpm check:drift\` failed but did not name ${TYPES_FILE}:\n${gate.stderr}${gate.stdout}`);
  console.log(`  ${gate.stderr.trim().split("\n").join("\n  ")}`);
});

step("pnpm generate", () => {
  if (exec("pnpm", ["generate", "--output-logs=errors-only"]).status !== 0) fail("`pnpm generate`", "it exited non-zero (output above)");
  const types = readFileSync(join(copy, TYPES_FILE), "utf8");
  if (!types.includes(TYPE_LINE)) fail("the generated types", `${TYPES_FILE} has no \`${TYPE_LINE}\``);
  const changed = exec("git", ["status", "--porcelain"], { capture: true }).stdout.trimEnd();
  console.log(`  changed:\n  ${changed.split("\n").join("\n  ")}`);
  const gate = exec("pnpm", ["--silent", "check:drift"], { capture: true });
  if (gate.status !== 0) fail("the drift gate after `pnpm generate`", `still differs:\n${gate.stderr}`);
});

// test:all builds before its test suites, and a contributor's checkout has its packages built: some
// tests bundle a package's source with esbuild, which resolves workspace packages to their dist.
step("pnpm build", () => {
  if (exec("pnpm", ["build", "--output-logs=errors-only"]).status !== 0) fail("`pnpm build`", "a package did not build with the field added (output above)");
});

step("fwcall diff judges the change", () => {
  const diff = exec("node", ["packages/cli/dist/bin.js", "diff"], { capture: true });
  if (diff.status !== 0) fail("`fwcall diff`", `an added optional field must break no consumer (exit 0), got exit ${diff.status}:\n${diff.stdout}${diff.stderr}`);
  if (!diff.stdout.includes(FIELD)) fail("`fwcall diff`", `its report does not name ${FIELD}:\n${diff.stdout}`);
  console.log(`  ${diff.stdout.trim().split("\n").join("\n  ")}`);
});

step(`the tests, unedited (${all ? "every package" : "every package but @fwcall/tests"})`, () => {
  const filter = all ? [] : ["--filter=!@fwcall/tests"];
  // --force: a cache hit would prove nothing; --continue: one run names every failing package.
  const reporters = reportsInto === undefined ? [] : ["--", "--reporter=default", "--reporter=json", `--outputFile.json=${REPORT}`];
  const tests = exec("pnpm", ["turbo", "run", "test", "--force", "--continue", "--output-logs=errors-only", ...filter, ...reporters]);
  if (reportsInto !== undefined) copyReports(reportsInto);
  if (tests.status !== 0) fail("the tests", `a test failed with ${FIELD} added (turbo's output above names the package; if the same test fails in test:all's suite on this Node, it fails without the field too)`);
});

/** Each package's report in the copy, copied to the same package folder under `into`. */
function copyReports(into) {
  const packageDirs = ["schemas", ...["packages", "tools"].flatMap((group) => readdirSync(join(copy, group)).map((name) => join(group, name)))];
  for (const dir of packageDirs) {
    const report = join(copy, dir, REPORT);
    if (existsSync(report) && existsSync(join(into, dir, "node_modules"))) copyFileSync(report, join(into, dir, REPORT));
  }
}

rmSync(copy, { recursive: true, force: true });
console.log(`\nadd-a-field: the recipe holds (${seconds(startedAt)})`);
