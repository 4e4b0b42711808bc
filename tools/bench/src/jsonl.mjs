#!/usr/bin/env node
// `fwcall validate` on a log (issue 12): 100,000 distinct call events of the fixture matrix (every
// applicable case on both platforms, seed after seed, so ids, times and legs differ from line to
// line: nothing in the run can gain from a repeated line) as JSON Lines in a temp file, validated
// with the lenient profile by the built CLI in a fresh process (worker threads past the first 4 MB),
// against a peer in a fresh process of the same run: a bare script (node:readline over a read
// stream, JSON.parse, validateCallEvent from @fwcall/validate's dist, one thread) that does no
// duplicate-key scan and prints nothing. A third process measures the ceiling of the design: the
// same file cut into batches for worker threads that only JSON.parse. Target: at least 200,000
// events/s for the CLI, start-up included. Then, in this process, what reading the bytes without
// JSON.parse would cost at least (byte-scan.mjs), on the file's first SCAN_LINES lines.
// Run: pnpm bench:jsonl (from tools/bench, after building), or `node src/jsonl.mjs [--events N] [--rounds N]`.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, createReadStream, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { PLATFORMS, applicableCases, buildCase } from "@fwcall/cases";
import { validateCallEvent } from "@fwcall/validate";
import { benchArgs } from "./bench-args.mjs";
import { byteScanRows } from "./byte-scan.mjs";
import { assertValidateFromDist, fastLinesUrl } from "./locate.mjs";
import { describeMachine, loadAverage, watchOthers } from "./machine.mjs";
import { median } from "./stats.mjs";

const args = benchArgs({ events: "string", rounds: "string", peer: "string", ceiling: "string" });
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

/** What a ceiling worker does with a batch of whole lines: decode and JSON.parse each, nothing else; answers the count. */
const PARSE_ONLY = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", (bytes) => {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let lines = 0;
  for (let start = 0; start < buffer.length; ) {
    let end = buffer.indexOf(10, start);
    if (end === -1) end = buffer.length;
    if (end > start) {
      JSON.parse(buffer.toString("utf8", start, end));
      lines++;
    }
    start = end + 1;
  }
  parentPort.postMessage(lines);
});`;

/**
 * The ceiling, run as `node jsonl.mjs --ceiling <file>`: the file read in 1 MB chunks, cut at
 * newlines, each batch transferred to one of as many worker threads as cores (two in flight each)
 * that only decodes and JSON.parses its lines. No validation, no duplicate-key proof, no output:
 * what any validator of this design could reach at most on this machine. Prints `<events>`.
 */
async function ceiling(file) {
  const threads = availableParallelism();
  const workers = Array.from({ length: threads }, () => ({ worker: new Worker(PARSE_ONLY, { eval: true }), inFlight: 0 }));
  let events = 0;
  let wake = () => {};
  for (const w of workers) {
    w.worker.on("message", (lines) => {
      events += lines;
      w.inFlight--;
      wake();
    });
  }
  const fd = openSync(file, "r");
  let carry = Buffer.alloc(0);
  for (;;) {
    const chunk = Buffer.allocUnsafeSlow(1 << 20);
    const read = readSync(fd, chunk, 0, chunk.length, null);
    const last = read === 0 ? carry.length - 1 : chunk.lastIndexOf(10, read - 1);
    let batch;
    if (read === 0) batch = carry;
    else if (last === -1) {
      carry = Buffer.concat([carry, chunk.subarray(0, read)]);
      continue;
    } else {
      batch = new Uint8Array(carry.length + last + 1);
      batch.set(carry, 0);
      batch.set(chunk.subarray(0, last + 1), carry.length);
      carry = Buffer.from(chunk.subarray(last + 1, read));
    }
    if (batch.length > 0) {
      let target;
      while (!(target = workers.find((w) => w.inFlight < 2))) await new Promise((resolve) => (wake = resolve));
      target.inFlight++;
      const owned = batch instanceof Buffer ? new Uint8Array(batch) : batch;
      target.worker.postMessage(owned, [owned.buffer]);
    }
    if (read === 0) break;
  }
  closeSync(fd);
  while (workers.some((w) => w.inFlight > 0)) await new Promise((resolve) => (wake = resolve));
  await Promise.all(workers.map((w) => w.worker.terminate()));
  console.log(`${events}`);
}

if (args.ceiling !== undefined) {
  await ceiling(args.ceiling);
  process.exit(0);
}

const EVENTS = Number(args.events ?? 100_000);
const ROUNDS = Number(args.rounds ?? (args.quick ? 1 : 3));
const SCAN_LINES = 20_000;

/** Writes `count` distinct fixture events, compact, one per line: every applicable case on both platforms, seed 1, 2, … */
function writeFixtureLines(file, count) {
  const fd = openSync(file, "w");
  const seen = new Set();
  let written = 0;
  let seed = 0;
  try {
    while (written < count) {
      seed++;
      const lines = [];
      for (const cell of applicableCases()) {
        for (const platform of PLATFORMS) {
          if (written + lines.length === count) break;
          const line = JSON.stringify(buildCase(cell, { platform, seed }));
          const digest = createHash("sha1").update(line).digest("base64");
          if (seen.has(digest)) continue;
          seen.add(digest);
          lines.push(line);
        }
      }
      writeSync(fd, `${lines.join("\n")}\n`);
      written += lines.length;
    }
  } finally {
    closeSync(fd);
  }
  return seed;
}

const fmt = (n) => Math.round(n).toLocaleString("en-US");

/** The first `count` whole lines of `file` (read from its start, in 1 MB chunks). */
function firstLines(file, count) {
  const fd = openSync(file, "r");
  const chunks = [];
  let lines = 0;
  let size = 0;
  try {
    const chunk = Buffer.alloc(1 << 20);
    for (let read; lines < count && (read = readSync(fd, chunk, 0, chunk.length, size)) > 0; size += read) {
      const part = Buffer.from(chunk.subarray(0, read));
      for (let at = part.indexOf(0x0a); at !== -1 && lines < count; at = part.indexOf(0x0a, at + 1)) {
        if (++lines === count) {
          chunks.push(part.subarray(0, at + 1));
          return Buffer.concat(chunks);
        }
      }
      chunks.push(part);
    }
  } finally {
    closeSync(fd);
  }
  return Buffer.concat(chunks);
}

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
const dir = mkdtempSync(join(tmpdir(), "fwcall-bench-jsonl-"));
const file = join(dir, "calls.jsonl");
try {
  const seeds = writeFixtureLines(file, EVENTS);
  const mb = (statSync(file).size / 2 ** 20).toFixed(1);
  const loadBefore = loadAverage();
  const watch = watchOthers();
  const samples = { cli: [], peer: [], ceiling: [] };
  const cpu = { cli: [], peer: [], ceiling: [] };
  const peak = { cli: null, peer: null, ceiling: null };
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
    keep("ceiling", timed([HERE, "--ceiling", file], (run) => (run.status === 0 && run.stdout.trim() === `${EVENTS}` ? undefined : `expected '${EVENTS}', found '${run.stdout.trim()}'`)));
  }
  const { fastLineScanner } = await import(fastLinesUrl);
  const scan = byteScanRows(firstLines(file, SCAN_LINES), args.quick ? 2 : 5, fastLineScanner());
  const others = watch.stop();
  const loadAfter = loadAverage();
  const rate = { cli: (EVENTS * 1000) / median(samples.cli), peer: (EVENTS * 1000) / median(samples.peer), ceiling: (EVENTS * 1000) / median(samples.ceiling) };

  console.log("### Validating JSON Lines\n");
  console.log(
    `${describeMachine()}. ${fmt(EVENTS)} distinct fixture events (every applicable case, both platforms, seeds 1 to ${seeds}) in one ${mb} MB JSON Lines file; median of ${ROUNDS} rounds, each a fresh process, start-up included. Load average (1, 5, 15 min): ${loadBefore} before the run, ${loadAfter} after it.\n`,
  );
  const mbOf = (which) => (peak[which] === null ? "n/a" : `${fmt(peak[which])} MB`);
  const perCpuSecond = (which) => (cpu[which].length === 0 ? "n/a" : fmt((EVENTS * 1000) / median(cpu[which])));
  console.log("| reader | wall time | events/s | ÷ peer | events per CPU second | peak memory (RSS) |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  console.log(`| \`fwcall validate --profile lenient calls.jsonl\` (${summary}; worker threads) | ${fmt(median(samples.cli))} ms | ${fmt(rate.cli)} | ${(rate.cli / rate.peer).toFixed(2)}x | ${perCpuSecond("cli")} | ${mbOf("cli")} |`);
  console.log(`| peer: readline + JSON.parse + validateCallEvent (lenient), no duplicate-key scan, no output | ${fmt(median(samples.peer))} ms | ${fmt(rate.peer)} | 1.00x | ${perCpuSecond("peer")} | ${mbOf("peer")} |`);
  console.log(`| ceiling: the same file read, cut at newlines and JSON.parsed on ${availableParallelism()} worker threads, nothing else | ${fmt(median(samples.ceiling))} ms | ${fmt(rate.ceiling)} | ${(rate.ceiling / rate.peer).toFixed(2)}x | ${perCpuSecond("ceiling")} | ${mbOf("ceiling")} |`);
  console.log("");
  console.log(`${rate.cli >= TARGET ? "PASS" : "MISS"} fwcall validate at least ${fmt(TARGET)} events/s: ${fmt(rate.cli)} events/s`);
  console.log(`fwcall validate reaches ${Math.round((100 * rate.cli) / rate.ceiling)}% of the ceiling, which is ${rate.ceiling >= TARGET ? "above" : "below"} the target itself`);
  console.log(`\nPer line, reading the bytes without JSON.parse (this process, one thread, warm, CPU time; the file's first ${fmt(scan.lines)} lines; median of ${args.quick ? 2 : 5} rounds):\n`);
  console.log("| per line | µs | ÷ JSON.parse |");
  console.log("| --- | ---: | ---: |");
  for (const row of scan.rows) console.log(`| ${row.name} | ${row.us.toFixed(2)} | ${row.ratio.toFixed(2)}x |`);
  const grammar = scan.rows[2];
  const bound = (availableParallelism() * 1e6) / grammar.us;
  console.log(`\nA validator written in JavaScript that reads the bytes itself spends at least the grammar scan per line: at most ${fmt(bound)} events/s on ${availableParallelism()} cores before it compares a key, checks a type or runs a rule (${bound >= TARGET ? "above" : "below"} the target).`);
  const fast = scan.rows[3];
  console.log(`fwcall's WebAssembly fast path judges a line in ${fast.us.toFixed(2)} µs: at most ${fmt((availableParallelism() * 1e6) / fast.us)} events/s on ${availableParallelism()} cores from its verdicts alone.`);
  if (others !== null && others > 0.1) console.log(`\nwarning: other processes used ${Math.round(others * 100)}% of the CPUs meanwhile; figures are not for the record`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
