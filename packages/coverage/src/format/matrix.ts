// The status × (event, direction) matrix every report draws: one row per status of the case
// space, one column per event and direction; an update column folds the six update kinds.
import { STATUS_CASES, type StatusCase } from "@fwcall/cases";
import type { CallEventName, Direction } from "@fwcall/types";
import { isFailing, type CellResult, type CoverageReport, type Outcome, type SequenceResult } from "../types.js";

export interface MatrixColumn {
  event: CallEventName;
  direction: Direction;
}

export const COLUMNS: readonly MatrixColumn[] = [
  { event: "onCallCreate", direction: "incoming" },
  { event: "onCallCreate", direction: "outgoing" },
  { event: "onCallUpdate", direction: "incoming" },
  { event: "onCallUpdate", direction: "outgoing" },
];

/** How a matrix cell looks: every case fine and handled, fine with some ignored, failing, failing only where allowed, N/A. */
export type CellState = "handled" | "ignored" | "failing" | "allowed" | "na";

export interface MatrixCell {
  column: MatrixColumn;
  cells: CellResult[];
  /** Cases that can happen here (not N/A). */
  applicable: number;
  handled: number;
  ignored: number;
  /** Unhandled, threw or timed out, and not in the allowlist. */
  failing: number;
  /** Unhandled, threw or timed out, excused by the allowlist. */
  allowed: number;
  state: CellState;
  /** "6/6 ✓", "5/6 ✗1", "6/6 ~1", "N/A". */
  text: string;
}

export interface MatrixRow {
  status: StatusCase;
  cells: MatrixCell[];
}

/** Whether a result fails the run. */
export const failsRun = (result: { outcome: Outcome; allowed: string | null }) => isFailing(result.outcome) && result.allowed === null;

/** Whether a result is excused by the allowlist. */
export const excused = (result: { outcome: Outcome; allowed: string | null }) => isFailing(result.outcome) && result.allowed !== null;

function matrixCell(column: MatrixColumn, cells: CellResult[]): MatrixCell {
  const applicable = cells.filter((c) => c.outcome.kind !== "not-applicable");
  const handled = applicable.filter((c) => c.outcome.kind === "handled").length;
  const ignored = applicable.filter((c) => c.outcome.kind === "ignored").length;
  const failing = applicable.filter(failsRun).length;
  const allowed = applicable.filter(excused).length;
  const state: CellState = applicable.length === 0 ? "na" : failing ? "failing" : allowed ? "allowed" : ignored ? "ignored" : "handled";
  const marks = state === "na" ? "" : `${failing ? ` ✗${failing}` : allowed ? "" : " ✓"}${allowed ? ` ~${allowed}` : ""}`;
  const text = state === "na" ? "N/A" : `${applicable.length - failing}/${applicable.length}${marks}`;
  return { column, cells, applicable: applicable.length, handled, ignored, failing, allowed, state, text };
}

/** The rows of the matrix, one per status, in the case space's order. */
export function matrixOf(report: CoverageReport): MatrixRow[] {
  return STATUS_CASES.map((status) => ({
    status,
    cells: COLUMNS.map((column) =>
      matrixCell(
        column,
        report.cells.filter((c) => c.status === status.code && c.event === column.event && c.direction === column.direction),
      ),
    ),
  }));
}

/** One outcome in words: "unhandled: CallStatus fell through …", "ignored: the call is under way". */
export function describeOutcome(outcome: Outcome): string {
  switch (outcome.kind) {
    case "handled":
      return outcome.detail ? `handled: ${outcome.detail}` : "handled";
    case "ignored":
      return `ignored: ${outcome.reason}`;
    case "unhandled":
      return outcome.detail ? `unhandled: ${outcome.detail}` : "unhandled";
    case "threw":
      return `threw: ${outcome.error}`;
    case "timed-out":
      if (outcome.notRun) return `not run: ${outcome.detail}`;
      return `timed out: stopped after ${outcome.afterMs} ms${outcome.detail ? ` (${outcome.detail})` : ""}`;
    case "crashed":
      return `crashed: ${outcome.detail}`;
    case "not-applicable":
      return `not applicable: ${outcome.reason}`;
  }
}

/** The results that fail the run, cells first, then sequences. */
export function failures(report: CoverageReport): Array<CellResult | SequenceResult> {
  return [...report.cells, ...(report.sequences ?? [])].filter(failsRun);
}

/** The results the allowlist excuses. */
export function excusedResults(report: CoverageReport): Array<CellResult | SequenceResult> {
  return [...report.cells, ...(report.sequences ?? [])].filter(excused);
}

/** "224 cells: 120 handled, 40 ignored, …". */
export function summaryLine(what: string, total: number, summary: CoverageReport["summary"]): string {
  return `${total} ${what}: ${summary.handled} handled, ${summary.ignored} ignored, ${summary.unhandled} unhandled, ${summary.threw} threw, ${summary["timed-out"]} timed out, ${summary.crashed} crashed, ${summary["not-applicable"]} not applicable`;
}
