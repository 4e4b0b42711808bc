// Every fast-check run of this package is bounded in runs, in the size of what it generates and in
// time, shrinking included (vitest loads this file before each test file). A property that starts
// failing after a schema change then reports its counterexample within a minute, instead of
// shrinking for minutes until the worker runs out of memory; a run cut short fails, never passes.
import fc from "fast-check";

/** How long one property may run, shrinking included: far above its few seconds on two busy cores. */
export const PROPERTY_TIME_LIMIT_MS = 60_000;

fc.configureGlobal({
  numRuns: 200,
  baseSize: "small",
  interruptAfterTimeLimit: PROPERTY_TIME_LIMIT_MS,
  markInterruptAsFailure: true,
});
