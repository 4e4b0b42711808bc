#!/usr/bin/env node
// Validation with many undocumented keys (issue 11): an onCallCreate whose call carries 16,000 or
// 300,000 keys the contract does not know, and 1,000 participants with 300 such keys each. The
// work `fwcall validate` does on a file's text (JSON.parse, the duplicate-key scan, the lenient
// and the strict profile, one formatted line per problem) is timed against a peer in the same
// run: JSON.parse plus ajv compiled at run time from the same schemas (allErrors, as
// @fwcall/validate's precompiled code) listing every error. Target: 300,000 keys in under 5 s.
// Run: pnpm bench:keys (from the repository root; builds first), or `node src/keys.mjs [--rounds N]`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { createAjv } from "@fwcall/codegen";
import { buildOnCallCreate } from "@fwcall/cases";
import { findDuplicateKeys, duplicateKeyProblems, formatProblem, validateCallEvent } from "@fwcall/validate";
import { benchArgs } from "./bench-args.mjs";
import { assertValidateFromDist } from "./locate.mjs";
import { describeMachine, watchOthers } from "./machine.mjs";
import { median } from "./stats.mjs";

const args = benchArgs({ rounds: "string" });
const ROUNDS = Number(args.rounds ?? (args.quick ? 1 : 5));
const TARGET_MS = 5_000;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const CLI = join(ROOT, "packages", "cli", "dist", "bin.js");
const CREATE_ID = "https://fwcall.dev/schemas/on-call-create.json";

assertValidateFromDist();

/** An onCallCreate as JSON text, shaped by `grow` (which adds the undocumented keys). */
function payloadText(grow) {
  const payload = buildOnCallCreate();
  grow(payload);
  return JSON.stringify(payload, null, 1);
}

const keysOnCall = (n) => (payload) => {
  for (let i = 0; i < n; i++) payload.data.call[`undocumented_${i}`] = i;
};
const keysOnParticipants = (legs, n) => (payload) => {
  const [leg] = payload.data.call.participants;
  payload.data.call.participants = Array.from({ length: legs }, (_, k) => {
    const copy = { ...leg, id: leg.id + k };
    for (let i = 0; i < n; i++) copy[`undocumented_${i}`] = i;
    return copy;
  });
};

const CASES = [
  { label: "16,000 undocumented keys on the call", keys: 16_000, text: payloadText(keysOnCall(16_000)), target: false },
  { label: "300,000 undocumented keys on the call", keys: 300_000, text: payloadText(keysOnCall(300_000)), target: true },
  { label: "1,000 participants × 300 undocumented keys", keys: 300_000, text: payloadText(keysOnParticipants(1_000, 300)), target: true },
];

/** What `fwcall validate` does with a file's text, under one profile: the lines it would print. */
function fwcallValidate(text, profile) {
  const value = JSON.parse(text);
  const duplicates = duplicateKeyProblems(findDuplicateKeys(text), profile);
  const result = validateCallEvent("onCallCreate", value, { profile });
  let printed = 0;
  for (const problem of [...duplicates, ...result.problems]) printed += formatProblem(problem).length;
  return { valid: result.valid, problems: result.problems.length, printed };
}

const ajvStrict = createAjv("strict", fullFormats).getSchema(CREATE_ID);
/** The peer: parse, then ajv's own validator listing every error (no messages formatted). */
function peer(text) {
  const ok = ajvStrict(JSON.parse(text));
  return { valid: ok, problems: ajvStrict.errors?.length ?? 0 };
}

const time = (fn) => {
  globalThis.gc?.();
  const start = performance.now();
  const result = fn();
  return { ms: performance.now() - start, result };
};
const fmtMs = (ms) => `${ms >= 100 ? Math.round(ms).toLocaleString("en-US") : ms.toFixed(1)} ms`;

/** The whole command in a fresh process, as a user runs it; null when the CLI is not built. */
function cliRun(text, profile) {
  if (!existsSync(CLI)) return null;
  const dir = mkdtempSync(join(tmpdir(), "fwcall-bench-keys-"));
  try {
    const file = join(dir, "payload.json");
    writeFileSync(file, text);
    const start = performance.now();
    const run = spawnSync(process.execPath, [CLI, "validate", "--profile", profile, file], { encoding: "utf8", maxBuffer: 1 << 30 });
    const ms = performance.now() - start;
    const summary = /^1 file: /m.test(run.stdout);
    if (run.status !== (profile === "strict" ? 1 : 0) || !summary) {
      return { ms: 0, text: `failed (exit ${run.status}: ${run.stderr.trim().split("\n")[0]?.slice(0, 80) ?? ""})` };
    }
    return { ms, text: `${fmtMs(ms)}, ${run.stdout.split("\n").length - 1} lines` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const watch = watchOthers();
const rows = [];
const verdicts = [];
for (const c of CASES) {
  const samples = { lenient: [], strict: [], peer: [] };
  let outcome;
  for (let round = 0; round < ROUNDS; round++) {
    const lenient = time(() => fwcallValidate(c.text, "lenient"));
    const strict = time(() => fwcallValidate(c.text, "strict"));
    const other = time(() => peer(c.text));
    if (!lenient.result.valid || strict.result.valid || other.result.valid) throw new Error(`${c.label}: lenient must accept and strict reject`);
    samples.lenient.push(lenient.ms);
    samples.strict.push(strict.ms);
    samples.peer.push(other.ms);
    outcome = { lenient: lenient.result, strict: strict.result, peer: other.result };
  }
  const ms = { lenient: median(samples.lenient), strict: median(samples.strict), peer: median(samples.peer) };
  const cli = cliRun(c.text, "strict");
  const mb = (c.text.length / 2 ** 20).toFixed(1);
  rows.push([
    `${c.label} (${mb} MB)`,
    fmtMs(ms.lenient),
    fmtMs(ms.strict),
    fmtMs(ms.peer),
    `${(ms.strict / ms.peer).toFixed(2)}x`,
    `${outcome.strict.problems} (ajv: ${outcome.peer.problems.toLocaleString("en-US")} errors)`,
    cli ? cli.text : "not built",
  ]);
  if (c.target) {
    const worst = Math.max(ms.lenient, ms.strict, cli?.ms ?? 0);
    verdicts.push(`${worst < TARGET_MS ? "PASS" : "MISS"} ${c.label} under ${TARGET_MS / 1000} s: ${fmtMs(worst)}`);
  }
}
const others = watch.stop();

console.log(`### Validation with many undocumented keys\n`);
console.log(`${describeMachine()}. Median of ${ROUNDS} rounds, each case in one process; the CLI column is one fresh \`fwcall validate --profile strict\` process on a file.\n`);
console.log("| payload | fwcall lenient | fwcall strict | peer: JSON.parse + ajv (run-time compiled, allErrors) | strict ÷ peer | problems listed (strict) | CLI, fresh process |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const row of rows) console.log(`| ${row.join(" | ")} |`);
console.log("");
for (const line of verdicts) console.log(line);
if (others !== null && others > 0.1) console.log(`\nwarning: other processes used ${Math.round(others * 100)}% of the CPUs meanwhile; figures are not for the record`);
