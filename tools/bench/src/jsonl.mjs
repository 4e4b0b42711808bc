#!/usr/bin/env node
// `fwcall validate` on a log (issue 12): 100,000 call events of the fixture matrix (every
// applicable case, both platforms, several seeds) as JSON Lines in a temp file, validated with the
// lenient profile by the built CLI in a fresh process, against a peer in a fresh process of the
// same run: a bare script (node:readline over a read stream, JSON.parse, validateCallEvent from
// @fwcall/validate's dist) that does no duplicate-key scan and prints nothing. Target: at least
// 200,000 events/s for the CLI, start-up included.
// Run: pnpm bench:jsonl (from tools/bench, after building), or `node src/jsonl.mjs [--events N] [--rounds N]`.
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { PLATFORMS, applicableCases, buildCase } from "@fwcall/cases";
import { validateCallEvent } from "@fwcall/validate";
import { benchArgs } from "./bench-args.mjs";
import { assertValidateFromDist } from "./locate.mjs";
import { describeMachine, watchOthers } from "./machine.mjs";
import { median } from "./stats.mjs";

const args = benchArgs({ events: "string", rounds: "string", peer: "string" });
const HERE = fileURLToPath(import.meta.url);
const CLI = join(dirname(HERE), "..", "..", "..", "packages", "cli", "dist", "bin.js");
const TARGET = 200_000;

assertValidateFromDist();

/** The peer, run as `node jsonl.mjs --peer <file>`: prints `<events> <valid>`. */
async function peer(file) {
  let events = 0;
  let valid = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line.trim() === "") continue;
    const value = JSON.parse(line);
    events++;
    if (validateCallEvent(value.event, value, { profile: "lenient" }).valid) valid++;
  }
  console.log(`${events} ${valid}`);
}

if (args.peer !== undefined) {
  await peer(args.peer);
  process.exit(0);
}

const EVENTS = Number(args.events ?? 100_000);
const ROUNDS = Number(args.rounds ?? (args.quick ? 1 : 3));
const SEEDS = 8;

/** Distinct fixture events, compact, one per line: every applicable case on both platforms under a few seeds. */
function fixtureLines() {
  const lines = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    for (const cell of applicableCases()) for (const platform of PLATFORMS) lines.push(JSON.stringify(buildCase(cell, { platform, seed })));
  }
  return lines;
}

const fmt = (n) => Math.round(n).toLocaleString("en-US");

/** GNU time, where present, reports a process's peak memory (a log read line by line must not grow with the file) and CPU time (less swayed than wall time by a busy machine). */
const GNU_TIME = "/usr/bin/time";
const PEAK_MARK = "fwcall-bench-peak-kb=";

/** Runs one fresh process; returns its wall time, CPU time (ms, or null) and peak resident memory (MB, or null); throws unless its output checks out. */
function timed(argv, check) {
  const [command, args] = existsSync(GNU_TIME) ? [GNU_TIME, ["-f", `${PEAK_MARK}%M %U %S`, process.execPath, ...argv]] : [process.execPath, argv];
  const start = performance.now();
  const run = spawnSync(command, args, { encoding: "utf8", maxBuffer: 1 << 28 });
  const ms = performance.now() - start;
  const problem = check(run);
  if (problem) throw new Error(`${argv.slice(1).join(" ")}: ${problem} (exit ${run.status}; ${run.stderr.trim().split("\n")[0]?.slice(0, 120) ?? ""})`);
  const [, kb, user, system] = new RegExp(`${PEAK_MARK}(\\d+) ([\\d.]+) ([\\d.]+)`).exec(run.stderr) ?? [];
  if (kb === undefined) return { ms, cpuMs: null, peakMb: null };
  return { ms, cpuMs: (Number(user) + Number(system)) * 1000, peakMb: Number(kb) / 1024 };
}

if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the CLI first (pnpm build)`);
const pool = fixtureLines();
const dir = mkdtempSync(join(tmpdir(), "fwcall-bench-jsonl-"));
const file = join(dir, "calls.jsonl");
try {
  writeFileSync(file, `${Array.from({ length: EVENTS }, (_, i) => pool[i % pool.length]).join("\n")}\n`);
  const mb = (statSync(file).size / 2 ** 20).toFixed(1);
  const watch = watchOthers();
  const samples = { cli: [], peer: [] };
  const cpu = { cli: [], peer: [] };
  const peak = { cli: null, peer: null };
  const keep = (which, { ms, cpuMs, peakMb }) => {
    samples[which].push(ms);
    if (cpuMs !== null) cpu[which].push(cpuMs);
    if (peakMb !== null) peak[which] = Math.max(peak[which] ?? 0, peakMb);
  };
  let summary = "";
  for (let round = 0; round < ROUNDS; round++) {
    keep(
      "cli",
      timed([CLI, "validate", "--profile", "lenient", file], (run) => {
        summary = run.stdout.trim().split("\n").at(-1) ?? "";
        return run.status === 0 && summary.startsWith(`${EVENTS} items: ${EVENTS} valid`) ? undefined : `expected every event valid, found '${summary}'`;
      }),
    );
    keep("peer", timed([HERE, "--peer", file], (run) => (run.status === 0 && run.stdout.trim() === `${EVENTS} ${EVENTS}` ? undefined : `expected '${EVENTS} ${EVENTS}', found '${run.stdout.trim()}'`)));
  }
  const others = watch.stop();
  const rate = { cli: (EVENTS * 1000) / median(samples.cli), peer: (EVENTS * 1000) / median(samples.peer) };

  console.log("### Validating JSON Lines\n");
  console.log(
    `${describeMachine()}. ${fmt(EVENTS)} fixture events (${pool.length} distinct: every applicable case, both platforms, ${SEEDS} seeds) in one ${mb} MB JSON Lines file; median of ${ROUNDS} rounds, each a fresh process, start-up included.\n`,
  );
  const mbOf = (which) => (peak[which] === null ? "n/a" : `${fmt(peak[which])} MB`);
  const perCpuSecond = (which) => (cpu[which].length === 0 ? "n/a" : fmt((EVENTS * 1000) / median(cpu[which])));
  console.log("| reader | wall time | events/s | ÷ peer | events per CPU second | peak memory (RSS) |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  console.log(`| \`fwcall validate --profile lenient calls.jsonl\` (${summary}) | ${fmt(median(samples.cli))} ms | ${fmt(rate.cli)} | ${(rate.cli / rate.peer).toFixed(2)}x | ${perCpuSecond("cli")} | ${mbOf("cli")} |`);
  console.log(`| peer: readline + JSON.parse + validateCallEvent (lenient), no duplicate-key scan, no output | ${fmt(median(samples.peer))} ms | ${fmt(rate.peer)} | 1.00x | ${perCpuSecond("peer")} | ${mbOf("peer")} |`);
  console.log("");
  console.log(`${rate.cli >= TARGET ? "PASS" : "MISS"} fwcall validate at least ${fmt(TARGET)} events/s: ${fmt(rate.cli)} events/s`);
  if (others !== null && others > 0.1) console.log(`\nwarning: other processes used ${Math.round(others * 100)}% of the CPUs meanwhile; figures are not for the record`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
