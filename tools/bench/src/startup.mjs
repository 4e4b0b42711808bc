#!/usr/bin/env node
// Start-up of `fwcall validate <one file>` (issue 13 item 4): the built CLI in a fresh process,
// against a peer in a fresh process of the same run: a bare script that imports @fwcall/validate's
// build and validates the same file (cold/validate-file.mjs). Both run many times, interleaved;
// the medians and their ratio are printed. Target: the CLI within 1.5x of the peer.
// `node -e ''` is measured too, to show how much of either is Node's own start.
// Run: pnpm bench:startup (from the root: builds first), or `node src/startup.mjs [--rounds N] [--quick]`.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { benchArgs } from "./bench-args.mjs";
import { assertValidateFromDist } from "./locate.mjs";
import { describeMachine, othersBusy, watchOthers } from "./machine.mjs";
import { BENCH_PAYLOAD_FILE } from "./payloads.mjs";
import { median } from "./stats.mjs";

const args = benchArgs({ rounds: "string" });
const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = join(HERE, "..", "..", "..", "packages", "cli", "dist", "bin.js");
const ROUNDS = Number(args.rounds ?? (args.quick ? 10 : 60));
const TARGET = 1.5;
/** GNU time, where present, adds each process's CPU time: less swayed than wall time by other work on the machine. */
const GNU_TIME = "/usr/bin/time";
const CPU_MARK = "fwcall-bench-cpu=";

assertValidateFromDist();
if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the CLI first (pnpm build)`);
if (!Number.isSafeInteger(ROUNDS) || ROUNDS < 1) throw new Error(`--rounds must be a whole number ≥ 1; found '${args.rounds}'`);

/** Every command module of the built CLI, each as a `--import` flag. */
const EAGER_IMPORTS = ["validate", "fixtures", "fdk", "coverage", "mock", "contracts", "contracts-verify", "broker"].flatMap((name) => [
  "--import",
  pathToFileURL(join(dirname(CLI), "commands", `${name}.js`)).href,
]);

const env = { ...process.env };
delete env.NODE_OPTIONS; // children start as a user's `npx fwcall` or `node script.mjs` would

const variants = [
  { id: "node", label: "(info) `node -e ''`", argv: ["-e", ""], expect: "" },
  { id: "peer", label: "peer: `node validate-file.mjs fdk-default.json` (import @fwcall/validate, read, parse, parseCallEvent, print)", argv: [join(HERE, "cold", "validate-file.mjs"), BENCH_PAYLOAD_FILE], expect: "valid" },
  { id: "cli", label: "`fwcall validate fdk-default.json` (built CLI, dist/bin.js)", argv: [CLI, "validate", BENCH_PAYLOAD_FILE], expect: "1 file: 1 valid, 0 invalid, 0 warnings" },
  {
    id: "eager",
    label: "(info) the same with every command's module imported at start (`node --import` each), as main.ts did before it loaded them lazily (today's modules: mock no longer imports msw)",
    argv: [...EAGER_IMPORTS, CLI, "validate", BENCH_PAYLOAD_FILE],
    expect: "1 file: 1 valid, 0 invalid, 0 warnings",
  },
].map((v) => ({ ...v, wall: [], cpu: [] }));

/** Runs one fresh process; returns its wall time and CPU time (ms; CPU null without GNU time); throws unless it printed what it should. */
function timed(v) {
  const [command, argv] = existsSync(GNU_TIME) ? [GNU_TIME, ["-f", `${CPU_MARK}%U %S`, process.execPath, ...v.argv]] : [process.execPath, v.argv];
  const start = performance.now();
  const run = spawnSync(command, argv, { env, encoding: "utf8" });
  const wall = performance.now() - start;
  const last = run.stdout.trim().split("\n").at(-1) ?? "";
  if (run.status !== 0 || last !== v.expect) throw new Error(`${v.label}: expected '${v.expect}' and exit 0, found '${last}' (exit ${run.status}; ${run.stderr.trim().slice(0, 200)})`);
  const [, user, system] = new RegExp(`${CPU_MARK}([\\d.]+) ([\\d.]+)`).exec(run.stderr) ?? [];
  return { wall, cpu: user === undefined ? null : (Number(user) + Number(system)) * 1000 };
}

const idle = await othersBusy();
for (const v of variants) timed(v); // warm the file cache
const watch = watchOthers();
for (let round = 0; round < ROUNDS; round++) {
  // Interleaved, each round in another order, so a busy moment of the machine hits every variant alike.
  for (let k = 0; k < variants.length; k++) {
    const v = variants[(k + round) % variants.length];
    const { wall, cpu } = timed(v);
    v.wall.push(wall);
    if (cpu !== null) v.cpu.push(cpu);
  }
}
const others = watch.stop();

const ms = (n) => `${Math.round(n)} ms`;
const by = Object.fromEntries(variants.map((v) => [v.id, { wall: median(v.wall), cpu: v.cpu.length ? median(v.cpu) : null }]));
const ratio = by.cli.wall / by.peer.wall;
const cpuRatio = by.cli.cpu !== null && by.peer.cpu !== null ? by.cli.cpu / by.peer.cpu : null;

console.log("### Start-up of `fwcall validate <one file>`\n");
console.log(`${describeMachine()}. Median of ${ROUNDS} fresh processes of each, interleaved; the file is schemas/examples/on-call-update/fdk-default.json.\n`);
console.log("| process | median wall time | ÷ peer | median CPU time (user + system) | ÷ peer |");
console.log("| --- | ---: | ---: | ---: | ---: |");
for (const v of variants) {
  const { wall, cpu } = by[v.id];
  const cpuCells = cpu === null ? "n/a | n/a" : `${ms(cpu)} | ${(cpu / by.peer.cpu).toFixed(2)}x`;
  console.log(`| ${v.label} | ${ms(wall)} | ${(wall / by.peer.wall).toFixed(2)}x | ${cpuCells} |`);
}
console.log("");
console.log(`${ratio <= TARGET ? "PASS" : "MISS"} fwcall validate within ${TARGET}x of the bare script: ${ratio.toFixed(2)}x wall time${cpuRatio === null ? "" : `, ${cpuRatio.toFixed(2)}x CPU time`}`);
const percent = (share) => (share === null ? "unknown" : `${Math.round(share * 100)}%`);
console.log(`\nOther processes used ${percent(idle)} of the CPUs before the run (1 s idle) and ${percent(others)} during it.`);
if (others !== null && others > 0.1) console.log("warning: above 10%: the machine was busy, figures are not for the record");
