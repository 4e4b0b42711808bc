// Fixture catalog benchmark: the size of the case space, and how fast the whole matrix plus every
// simple lifecycle path up to 8 states is generated and validated (strict profile), against the
// target of 50,000 generated-and-validated payloads per second.
// Run: pnpm bench:fixtures (from the repository root; builds first).
import { performance } from "node:perf_hooks";
import { DIRECTIONS, PLATFORMS, applicableCases, buildCase, caseMatrix, sequenceOf, simplePaths } from "@fwcall/cases";
import { validateCallEvent } from "@fwcall/validate";
import { describeMachine, watchOthers } from "./machine.mjs";

const MAX_PATH_LENGTH = 8;
const ROUNDS = 7;
const TARGET = 50_000;

/** Generates every payload and validates it; returns how many, and fails loudly on an invalid one. */
function generateAndValidate() {
  let payloads = 0;
  const check = (payload) => {
    const result = validateCallEvent(payload.event, payload, { profile: "strict" });
    // The unknown-status cells break the documented contract on purpose, in their status only.
    if (!result.valid && !result.problems.every((p) => p.rule === "schema:enum" && p.pointer.endsWith("/call_status"))) {
      throw new Error(`invalid fixture: ${JSON.stringify(result.problems[0])}`);
    }
    payloads++;
  };
  for (const cell of applicableCases()) for (const platform of PLATFORMS) check(buildCase(cell, { platform }));
  for (const direction of DIRECTIONS) {
    for (const path of simplePaths(direction, MAX_PATH_LENGTH)) for (const event of sequenceOf(path).events) check(event);
  }
  return payloads;
}

const cells = caseMatrix();
const applicable = cells.filter((c) => !c.notApplicable);
const paths = DIRECTIONS.flatMap((d) => simplePaths(d, MAX_PATH_LENGTH));
const pathEvents = paths.reduce((n, p) => n + p.states.length, 0);

generateAndValidate(); // warm-up
const watch = watchOthers();
const times = [];
let payloads = 0;
for (let round = 0; round < ROUNDS; round++) {
  const start = performance.now();
  payloads = generateAndValidate();
  times.push(performance.now() - start);
}
const busy = watch.stop();
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const rate = payloads / (median / 1000);

console.log(`Machine: ${describeMachine()}`);
if (busy !== null && busy > 0.1) console.log(`WARNING: other processes used ${(busy * 100).toFixed(0)}% of the CPU meanwhile; do not record these figures.`);
console.log(`\nCase space: ${cells.length} cells, ${applicable.length} can happen, ${cells.length - applicable.length} declared not applicable`);
console.log(`Lifecycles: ${paths.length} simple paths of 1 to ${MAX_PATH_LENGTH} states (both directions), ${pathEvents} events`);
console.log(`One round: ${applicable.length} cells × ${PLATFORMS.length} envelopes + ${pathEvents} lifecycle events = ${payloads} payloads, each generated and validated (strict)`);
console.log(`\nMedian of ${ROUNDS} rounds: ${median.toFixed(1)} ms, ${Math.round(rate).toLocaleString("en-US")} payloads/s (fastest ${times[0].toFixed(1)} ms, slowest ${times[times.length - 1].toFixed(1)} ms)`);
console.log(`Target: at least ${TARGET.toLocaleString("en-US")} payloads/s: ${rate >= TARGET ? "PASS" : "MISS"} (${(rate / TARGET).toFixed(2)}x)`);
