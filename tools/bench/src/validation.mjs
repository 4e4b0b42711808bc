#!/usr/bin/env node
// Validation benchmark: throughput of five ways (and three variants) to check a two-participant onCallUpdate against
// the strict contract, and the cold-start cost of the precompiled validator against compiling
// the schemas at start-up. Prints markdown tables with PASS/MISS against the targets.
//
//   node --expose-gc src/validation.mjs [--quick] [--rounds N] [--round-ms N] [--spawns N]
//                                       [--only throughput|cold]
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { benchArgs } from "./bench-args.mjs";
import { assertHonest, candidates } from "./candidates.mjs";
import { assertValidateFromDist } from "./locate.mjs";
import { describeMachine, othersBusy, watchOthers } from "./machine.mjs";
import { BENCH_PAYLOAD_FILE, benchPayload } from "./payloads.mjs";

const args = benchArgs({ rounds: "string", "round-ms": "string", spawns: "string", only: "string" });
const ROUNDS = Number(args.rounds ?? (args.quick ? 8 : 31));
const ROUND_MS = Number(args["round-ms"] ?? (args.quick ? 50 : 100));
const WARMUP_MS = args.quick ? 300 : 800;
const SPAWNS = Number(args.spawns ?? (args.quick ? 6 : 30));

const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/** The targets of the issue. */
const TARGET = { overZod: 2, underHand: 1.25, coldStart: 5 };

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
/** Half the interquartile range of the samples, relative to their median. */
const spread = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.round(q * (sorted.length - 1))];
  return (at(0.75) - at(0.25)) / 2 / median(values);
};
const fmtSpread = (values) => `±${Math.round(spread(values) * 100)}%`;
const fmtOps = (ops) => `${Math.round(ops / 1000).toLocaleString("en-US")}k`;
const fmtX = (x) => `${x.toFixed(2)}x`;
const fmtMs = (ms) => `${ms.toFixed(1)} ms`;
const verdict = (ok) => (ok ? "PASS" : "MISS");

function table(header, rows) {
  const lines = [`| ${header.join(" | ")} |`, `| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`];
  for (const row of rows) lines.push(`| ${row.join(" | ")} |`);
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Throughput

/** The honesty check, in a process of its own (see check.mjs); returns how many payloads it used. */
function checkInFreshProcess() {
  const result = spawnSync(process.execPath, [here("./check.mjs")], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`the candidates failed the contract check:\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

/**
 * A timing loop of its own for each candidate (new Function: its own feedback and optimised
 * code, so no candidate pays for a call site that several candidates share).
 */
function makeLoop(fn) {
  // eslint-disable-next-line no-new-func
  const loop = new Function(
    "fn",
    "payload",
    "n",
    "let ok = 0; const t0 = process.hrtime.bigint(); for (let i = 0; i < n; i++) if (fn(payload) === true) ok++; const t1 = process.hrtime.bigint(); if (ok !== n) throw new Error('rejected the payload'); return Number(t1 - t0) / 1e6;",
  );
  return (payload, n) => loop(fn, payload, n);
}

function runFor(loop, payload, ms) {
  let n = 64;
  let spent = 0;
  let done = 0;
  while (spent < ms) {
    spent += loop(payload, n);
    done += n;
    n *= 2;
  }
  return done / spent; // operations per ms
}

async function throughput() {
  const checked = checkInFreshProcess();
  const list = (await candidates()).map((c) => ({ ...c, loop: makeLoop(c.fn), samples: [] }));
  const payload = benchPayload();
  for (const c of list) c.perMs = runFor(c.loop, payload, WARMUP_MS);
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order every round so that no candidate always runs after the same neighbour.
    for (let k = 0; k < list.length; k++) {
      const c = list[(k + round) % list.length];
      globalThis.gc?.();
      const n = Math.max(1, Math.round(c.perMs * ROUND_MS));
      c.samples.push((n / c.loop(payload, n)) * 1000);
    }
  }
  assertHonest(list); // and once more on the very instances that were timed
  const ops = Object.fromEntries(list.map((c) => [c.id, median(c.samples)]));
  const rows = list.map((c) => [
    c.label,
    fmtOps(ops[c.id]),
    fmtSpread(c.samples),
    fmtX(ops[c.id] / ops.zod),
    fmtX(ops.hand / ops[c.id]),
  ]);
  const targets = list
    .filter((c) => c.limit)
    .map((c) => {
      const overZod = ops[c.id] / ops.zod;
      const underHand = ops[c.limit] / ops[c.id];
      return [
        c.target ? c.label : `(info) ${c.label}`,
        `${fmtX(overZod)} (≥ ${TARGET.overZod}x) ${verdict(overZod >= TARGET.overZod)}`,
        `${fmtX(underHand)} of ${c.limit} (≤ ${TARGET.underHand}x) ${verdict(underHand <= TARGET.underHand)}`,
      ];
    });
  const verdicts = list
    .filter((c) => c.limit)
    .flatMap((c) => {
      const overZod = ops[c.id] / ops.zod;
      const underHand = ops[c.limit] / ops[c.id];
      const name = `${c.target ? "" : "(info) "}${c.label.slice(0, c.label.indexOf(")") + 1)}`;
      return [
        `${verdict(overZod >= TARGET.overZod)} ${name} at least ${TARGET.overZod}x zod 4: ${fmtX(overZod)}`,
        `${verdict(underHand <= TARGET.underHand)} ${name} within ${TARGET.underHand}x of the hand-written checker (${c.limit}): ${fmtX(underHand)}`,
      ];
    });
  return {
    ops,
    verdicts,
    text:
      `### Throughput: two-participant onCallUpdate (${BENCH_PAYLOAD_FILE.split("/schemas/")[1]}), strict contract\n\n` +
      `Median of ${ROUNDS} rounds of ~${ROUND_MS} ms each after ${WARMUP_MS} ms of warm-up, candidates interleaved; ` +
      `spread is half the interquartile range. Every candidate accepted ${checked.valid} valid payloads and rejected ` +
      `${checked.invalid} invalid ones, and rejected ${checked.ruleBreaking} that only a rule breaks if and only if it applies the rules, ` +
      `before timing (in a process of its own) and after; the hand-written checkers decided exactly as the rows they are the limit for ` +
      `on ${checked.compared.toLocaleString("en-US")} random mutants.\n\n` +
      table(["candidate", "validations/s", "spread", "÷ zod 4", "hand-written (5) ÷ this"], rows) +
      "\n\n" +
      table(["target row", "at least 2x zod 4", "within 1.25x of the hand-written checker"], targets),
  };
}

// ---------------------------------------------------------------------------------------------
// Cold start

function coldStart() {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // children start as a user's `node script.mjs` would
  const variants = [
    { id: "bare", label: "(a) `node -e ''`", args: ["-e", ""] },
    { id: "empty", label: "(info) `node empty.mjs` (an empty ES module)", args: [here("./cold/empty.mjs")] },
    { id: "precompiled", label: "(b) import @fwcall/validate (dist), `validateOnCallUpdate` once", args: [here("./cold/precompiled.mjs"), BENCH_PAYLOAD_FILE] },
    { id: "schema-only", label: "(b') import only dist/generated/strict.js, `OnCallUpdatePayload` once", args: [here("./cold/precompiled-schema.mjs"), BENCH_PAYLOAD_FILE] },
    { id: "compile", label: "(c) import ajv + ajv-formats, compile the schemas at start-up, validate once", args: [here("./cold/compile.mjs"), BENCH_PAYLOAD_FILE] },
  ].map((v) => ({ ...v, samples: [] }));
  const spawn = (v) => {
    const t0 = process.hrtime.bigint();
    const result = spawnSync(process.execPath, v.args, { env, stdio: ["ignore", "ignore", "pipe"] });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (result.status !== 0) throw new Error(`${v.label} exited with ${result.status}: ${result.stderr}`);
    return ms;
  };
  for (const v of variants) spawn(v); // warm the file cache
  for (let i = 0; i < SPAWNS; i++) {
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(k + i) % variants.length];
      v.samples.push(spawn(v));
    }
  }
  const ms = Object.fromEntries(variants.map((v) => [v.id, median(v.samples)]));
  const extra = (id) => ms[id] - ms.bare;
  const ratio = extra("compile") / extra("precompiled");
  const rows = variants.map((v) => [v.label, fmtMs(ms[v.id]), fmtSpread(v.samples), v.id === "bare" ? "—" : `${extra(v.id) < 0 ? "−" : "+"}${fmtMs(Math.abs(extra(v.id)))}`]);
  return {
    ms,
    ratio,
    verdicts: [`${verdict(ratio >= TARGET.coldStart)} cold start at least ${TARGET.coldStart}x cheaper than compiling at start-up: ${fmtX(ratio)}`],
    text:
      `### Cold start: fresh processes, ${SPAWNS} of each, interleaved\n\n` +
      "Median wall time of each kind of process, spawned from this one; spread is half the interquartile range.\n\n" +
      table(["process", "median wall time", "spread", "beyond `node -e ''`"], rows) +
      "\n\n" +
      table(["target", "measured", "result"], [
        [
          "cold start at least 5x cheaper than compiling at start-up: (c−a)/(b−a)",
          fmtX(ratio),
          `${verdict(ratio >= TARGET.coldStart)} (≥ ${TARGET.coldStart}x)`,
        ],
        ["(info) with the schema module alone: (c−a)/(b'−a)", fmtX(extra("compile") / extra("schema-only")), "—"],
      ]),
  };
}

// ---------------------------------------------------------------------------------------------

const BUSY_LIMIT = 0.1;
const percent = (share) => (share === null ? "unknown" : `${Math.round(share * 100)}%`);

assertValidateFromDist();
const started = Date.now();
const busy = [["before the run (1 s idle)", await othersBusy()]];
console.log(`## Validation benchmark\n\nMachine: ${describeMachine()}\n`);
const verdicts = [];
if (args.only !== "cold") {
  const watch = watchOthers();
  const result = await throughput();
  busy.push(["during throughput", watch.stop()]);
  console.log(`${result.text}\n`);
  verdicts.push(...result.verdicts);
}
if (args.only !== "throughput") {
  const watch = watchOthers();
  const result = coldStart();
  busy.push(["during cold start", watch.stop()]);
  console.log(`${result.text}\n`);
  verdicts.push(...result.verdicts);
}
console.log(`### Targets\n\n${verdicts.map((v) => `- ${v}`).join("\n")}\n`);
const disturbed = busy.some(([, share]) => share !== null && share > BUSY_LIMIT);
console.log(
  `CPU time used by other processes: ${busy.map(([when, share]) => `${percent(share)} ${when}`).join(", ")}.` +
    (disturbed ? ` WARNING: above ${percent(BUSY_LIMIT)}, the machine was busy: do not record these figures.` : ""),
);
console.log(`Ran in ${((Date.now() - started) / 1000).toFixed(0)} s${args.quick ? " (--quick: fewer rounds, not for the record)" : ""}.`);
