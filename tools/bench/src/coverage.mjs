// Consumer coverage benchmark: how fast the whole case matrix runs through the FDK sandbox of
// @fwcall/coverage for the example app (packages/example-fdk-app), against the target of the whole
// matrix in under 1 s. Warm: the app loaded once, the matrix run again and again (median of
// rounds); cold: a new node process that loads the app and runs the matrix once, as
// `fwcall coverage <app-dir>` does. Lifecycle sequences (with replay) are reported for information.
// Usage tracking (`fwcall coverage --usage`: a read-tracking view of each payload) is measured
// against the plain run in the same rounds, alternating which goes first, as a ratio.
// Run: pnpm bench:coverage (from the repository root; builds first).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { caseMatrix } from "@fwcall/cases";
import { loadFdkApp, runCoverage } from "@fwcall/coverage";
import { describeMachine, watchOthers } from "./machine.mjs";
import { median } from "./stats.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const EXAMPLE = join(ROOT, "packages", "example-fdk-app");
const FALLBACK = join(ROOT, "packages", "coverage", "test", "apps", "blackbox-app");
const ROUNDS = 9;
const COLD_ROUNDS = 3;
const TARGET_MS = 1_000;

const appDir = existsSync(join(EXAMPLE, "manifest.json")) ? EXAMPLE : FALLBACK;
const usingFallback = appDir === FALLBACK;

let ticket = 1000;
/** Answers as Freshdesk would: a new ticket id per ticket, a note id per note. */
const responses = { createTicket: () => ({ id: ++ticket }), addNote: () => ({ id: 1, private: true }) };
const iparams = { freshdesk_domain: "bench.freshdesk.test", freshdesk_api_key: "bench-key-not-secret" };

const loadStart = performance.now();
const app = await loadFdkApp(appDir, { responses, iparams });
const loadMs = performance.now() - loadStart;

const first = await runCoverage(app, { allowlist: false }); // warm-up, and the figures of the run
const firstUsage = await runCoverage(app, { allowlist: false, usage: true });
const cells = caseMatrix().length;
const invoked = first.cells.filter((c) => c.outcome.kind !== "not-applicable").length;

const watch = watchOthers();
const times = [];
const usageTimes = [];
/** Per mode, each round's median invocation (timed inside the worker: the handler with its payload view, no messaging). */
const invocationMedians = { plain: [], usage: [] };
const timed = async (into, options) => {
  const start = performance.now();
  const report = await runCoverage(app, { allowlist: false, ...options });
  into.push(performance.now() - start);
  invocationMedians[options.usage ? "usage" : "plain"].push(median(report.cells.filter((c) => c.outcome.kind !== "not-applicable").map((c) => c.durationMs)));
};
for (let round = 0; round < ROUNDS; round++) {
  // Alternating which goes first, so neither always runs on a warmer process.
  if (round % 2 === 0) {
    await timed(times, {});
    await timed(usageTimes, { usage: true });
  } else {
    await timed(usageTimes, { usage: true });
    await timed(times, {});
  }
}
const busy = watch.stop();
const warmUsage = median(usageTimes);
const usagePaths = Object.fromEntries(Object.entries(firstUsage.usage.events).map(([event, usage]) => [event, usage.paths.length]));
const sameOutcomes = JSON.stringify(firstUsage.summary) === JSON.stringify(first.summary);
const warm = median(times);
const perInvocation = median(first.cells.filter((c) => c.outcome.kind !== "not-applicable").map((c) => c.durationMs));

// Cold: a new process loads the package and the app and runs the matrix once.
const coverageEntry = join(ROOT, "packages", "coverage", "dist", "index.js");
const coldScript = `
  const t0 = performance.now();
  const { runCoverage } = await import(${JSON.stringify(coverageEntry)});
  const report = await runCoverage(${JSON.stringify(appDir)}, { allowlist: false });
  process.stdout.write(JSON.stringify({ ms: performance.now() - t0, cells: report.cells.length }));
`;
const cold = [];
const coldWall = [];
for (let round = 0; round < COLD_ROUNDS; round++) {
  const start = performance.now();
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", coldScript], { encoding: "utf8" });
  coldWall.push(performance.now() - start);
  if (child.status !== 0) throw new Error(`cold run failed: ${child.stderr}`);
  cold.push(JSON.parse(child.stdout).ms);
}

const seqStart = performance.now();
const withSequences = await runCoverage(app, { allowlist: false, sequences: true, replay: true });
const seqMs = performance.now() - seqStart;
const sequenceEvents = withSequences.sequences.reduce((n, s) => n + s.events.length, 0);

const rate = cells / (warm / 1000);
console.log(`Machine: ${describeMachine()}`);
if (busy !== null && busy > 0.1) console.log(`WARNING: other processes used ${(busy * 100).toFixed(0)}% of the CPU meanwhile; do not record these figures.`);
console.log(`\nApp: ${relative(ROOT, appDir)} (platform ${app.platform})${usingFallback ? " — packages/example-fdk-app is missing: this is a test app of @fwcall/coverage instead" : ""}`);
console.log(`Matrix: ${cells} cells, ${invoked} run through the sandbox (the others N/A); outcomes ${JSON.stringify(first.summary)}`);
console.log(`load the app (starts its worker thread, vm context inside): ${loadMs.toFixed(1)} ms`);
console.log(`\nWarm, median of ${ROUNDS} rounds: ${warm.toFixed(1)} ms for the whole matrix, ${Math.round(rate).toLocaleString("en-US")} cells/s (${Math.round(invoked / (warm / 1000)).toLocaleString("en-US")} invocations/s; fastest ${Math.min(...times).toFixed(1)} ms, slowest ${Math.max(...times).toFixed(1)} ms; median invocation ${(perInvocation * 1000).toFixed(0)} µs)`);
console.log(`Warm with --usage (payload reads tracked), same rounds, median of ${ROUNDS}: ${warmUsage.toFixed(1)} ms for the whole matrix: ${(warmUsage / warm).toFixed(2)}x the plain run (fastest ${Math.min(...usageTimes).toFixed(1)} ms, ${(Math.min(...usageTimes) / Math.min(...times)).toFixed(2)}x the plain fastest; slowest ${Math.max(...usageTimes).toFixed(1)} ms); median invocation ${(median(invocationMedians.usage) * 1000).toFixed(0)} µs against ${(median(invocationMedians.plain) * 1000).toFixed(0)} µs, ${(median(invocationMedians.usage) / median(invocationMedians.plain)).toFixed(2)}x; paths per event ${JSON.stringify(usagePaths)}; outcomes ${sameOutcomes ? "the same as without" : "DIFFER from the run without"}`);
console.log(`Cold, new process (import, load, matrix), median of ${COLD_ROUNDS}: ${median(cold).toFixed(0)} ms in the process, ${median(coldWall).toFixed(0)} ms wall with node's start`);
console.log(`Lifecycles with replay (info): ${withSequences.sequences.length} sequences, ${sequenceEvents} events, ${seqMs.toFixed(0)} ms with the matrix (${Math.round(sequenceEvents / (seqMs / 1000)).toLocaleString("en-US")} events/s)`);
console.log(`\nTarget: the whole matrix in under ${TARGET_MS} ms: warm ${warm < TARGET_MS ? "PASS" : "MISS"} (${(TARGET_MS / warm).toFixed(1)}x headroom), cold ${median(cold) < TARGET_MS ? "PASS" : "MISS"} (${(TARGET_MS / median(cold)).toFixed(1)}x)`);
