// Vitest integration: a coverage report as one test per cell, named by its case, so a failure
// reads `onCallUpdate > incoming > voicemail (10) > recording attached`. Cases that cannot happen
// and cases the allowlist excuses pass, and their names say so: the repository forbids skips.
import { describe, it } from "vitest";
import { describeOutcome, excused, failsRun } from "./format/matrix.js";
import type { CellResult, CoverageReport, SequenceResult } from "./types.js";

/** Options of coverageTests. */
export interface CoverageTestsOptions {
  /** A describe around everything; without it the tests sit at the top: onCallCreate, onCallUpdate, lifecycle. */
  title?: string;
}

type Result = CellResult | SequenceResult;

/** The name of a case's test: its last label part, plus what the case was when that is not plain. */
function testName(leaf: string, result: Result): string {
  const o = result.outcome;
  if (o.kind === "not-applicable") return `${leaf} [N/A: ${o.reason}]`;
  if (excused(result)) return `${leaf} [allowed, ${describeOutcome(o)}; reason: ${result.allowed}]`;
  if (o.kind === "ignored") return `${leaf} [ignored: ${o.reason}]`;
  return leaf;
}

/** The message a failing case's test fails with; null when the case passes. */
function failureOf(result: Result): string | null {
  return failsRun(result) ? `${describeOutcome(result.outcome)}\n(case ${result.id}; if that is right, allow it with a reason in fwcall-coverage.allow.json)` : null;
}

/** One test coverageTests registers. */
export interface PlannedTest {
  /** The describes around it, outermost first: ["onCallUpdate", "incoming", "voicemail (10)"]. */
  path: string[];
  name: string;
  /** The message it fails with, null when it passes. */
  failure: string | null;
}

/**
 * The tests coverageTests registers for a report, in order (useful to check names without running them).
 * @example testPlan(report).filter((t) => t.failure).map((t) => [...t.path, t.name].join(" > "))
 */
export function testPlan(report: CoverageReport, options: CoverageTestsOptions = {}): PlannedTest[] {
  const prefix = options.title === undefined ? [] : [options.title];
  const results: Result[] = [...report.cells, ...(report.sequences ?? [])];
  const planned = results.map((result) => {
    const parts = result.label.split(" > ");
    const leaf = parts.pop() ?? result.id;
    return { path: [...prefix, ...parts], name: testName(leaf, result), failure: failureOf(result) };
  });
  if (options.title === undefined && !report.sequences?.length) planned.push({ path: ["lifecycle"], name: NO_SEQUENCES, failure: null });
  return planned;
}

const NO_SEQUENCES = "not run: the report has no lifecycle sequences (runCoverage with { sequences: true } adds them)";

interface Node {
  children: Map<string, Node>;
  tests: PlannedTest[];
}

const node = (): Node => ({ children: new Map(), tests: [] });

/** The planned tests as a tree of describes, dropping the first `skip` path parts (a describe already names them). */
function treeOf(tests: PlannedTest[], skip: number): Node {
  const root = node();
  for (const test of tests) {
    let at = root;
    for (const part of test.path.slice(skip)) {
      let next = at.children.get(part);
      if (!next) at.children.set(part, (next = node()));
      at = next;
    }
    at.tests.push(test);
  }
  return root;
}

function register(tree: Node): void {
  for (const { name, failure } of tree.tests) {
    it(name, () => {
      if (failure !== null) throw new Error(failure);
    });
  }
  for (const [name, child] of tree.children) describe(name, () => register(child));
}

/**
 * Registers one test per cell of a coverage report (and per lifecycle sequence, when it has them).
 * `load` runs once, while vitest collects the tests.
 * @example coverageTests(() => runCoverage(appDir), { title: "coverage" })
 */
export function coverageTests(load: () => Promise<CoverageReport> | CoverageReport, options: CoverageTestsOptions = {}): void {
  let pending: Promise<CoverageReport> | undefined;
  const plan = async () => testPlan(await (pending ??= Promise.resolve().then(load)), options);
  if (options.title !== undefined) {
    const title = options.title;
    describe(title, async () => register(treeOf(await plan(), 1)));
    return;
  }
  // Without a title each top-level describe is known before the report: the two events, and the lifecycle.
  for (const top of ["onCallCreate", "onCallUpdate", "lifecycle"]) {
    describe(top, async () => register(treeOf((await plan()).filter((t) => t.path[0] === top), 1)));
  }
}
