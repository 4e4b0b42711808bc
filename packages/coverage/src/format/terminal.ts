// The terminal report: the matrix (rows are statuses, columns event × direction), a summary, and
// the failing cases grouped by reason with counts, so that a first run on an ordinary app fits on
// one screen; every case on its own with `verbose` (and always in the JSON and HTML reports).
// Coloured with ANSI codes when asked.
import { STATUS_CASES } from "@fwcall/cases";
import { describeOutcome, excusedResults, failures, matrixOf, summaryLine, type CellState } from "./matrix.js";
import type { CellResult, CoverageReport, SequenceResult } from "../types.js";
import { plural } from "../words.js";

const ANSI = { reset: "\u001b[0m", bold: "\u001b[1m", dim: "\u001b[2m", red: "\u001b[31m", green: "\u001b[32m", yellow: "\u001b[33m", cyan: "\u001b[36m", grey: "\u001b[90m" };

const STATE_COLOUR: Record<CellState, string> = { handled: ANSI.green, ignored: ANSI.cyan, failing: ANSI.red, allowed: ANSI.yellow, na: ANSI.grey };

const COLUMN_WIDTH = 12;
/** Reasons shown before "… and n more": enough for one screen. */
const MAX_GROUPS = 8;
/** Statuses named in a group's "where" before "+n more". */
const MAX_STATUSES = 4;

/** Options of formatTerminal. */
export interface TerminalOptions {
  /** ANSI colours (the CLI: when stdout is a TTY and NO_COLOR is unset). */
  color?: boolean;
  /** Every failing and allowed case on its own line, not only the reasons grouped with counts. */
  verbose?: boolean;
  /** The command that ran, for the hints ("fwcall coverage my-app"); none: the hints name no command. */
  command?: string;
}

type Result = CellResult | SequenceResult;
const isCell = (result: Result): result is CellResult => "event" in result;

/** Where a group of results lies: "onCallCreate: every status; onCallUpdate incoming: missed (3), busy (2) +3 more". */
function whereOf(results: Result[], report: CoverageReport): string {
  const parts: string[] = [];
  const cells = results.filter(isCell);
  for (const event of ["onCallCreate", "onCallUpdate"] as const) {
    const ofEvent = cells.filter((c) => c.event === event);
    if (ofEvent.length === 0) continue;
    const directions = [...new Set(ofEvent.map((c) => c.direction))];
    const statuses = new Set(ofEvent.map((c) => c.status));
    const possible = new Set(report.cells.filter((c) => c.event === event && c.outcome.kind !== "not-applicable" && directions.includes(c.direction)).map((c) => c.status));
    const named = STATUS_CASES.filter((s) => statuses.has(s.code)).map((s) => s.label);
    const which = statuses.size === possible.size ? "every status" : `${named.slice(0, MAX_STATUSES).join(", ")}${named.length > MAX_STATUSES ? ` +${named.length - MAX_STATUSES} more` : ""}`;
    parts.push(`${event}${directions.length === 1 ? ` ${directions[0]}` : ""}: ${which}`);
  }
  const sequences = results.length - cells.length;
  if (sequences) parts.push(plural(sequences, "lifecycle sequence"));
  return parts.join("; ");
}

/** Results grouped by what they say, largest group first. */
function groupByReason(results: Result[]): Array<{ reason: string; results: Result[] }> {
  const groups = new Map<string, Result[]>();
  for (const result of results) {
    const reason = describeOutcome(result.outcome);
    groups.set(reason, [...(groups.get(reason) ?? []), result]);
  }
  return [...groups].map(([reason, members]) => ({ reason, results: members })).sort((a, b) => b.results.length - a.results.length);
}

/** The lines of a list of results: grouped by reason, or one by one when verbose. */
function listLines(results: Result[], report: CoverageReport, options: TerminalOptions, mark: string, paint: (colour: string, text: string) => string, colour: string): string[] {
  const out: string[] = [];
  if (options.verbose) {
    for (const result of results) {
      out.push(`  ${paint(colour, mark)} ${result.label}`, `      ${describeOutcome(result.outcome)}`);
      if (result.allowed !== null) out.push(`      allowed: ${result.allowed}`);
    }
    return out;
  }
  const groups = groupByReason(results);
  for (const group of groups.slice(0, MAX_GROUPS)) {
    const count = group.results.length;
    const head = count === 1 ? group.results[0]!.label : `${plural(count, isCell(group.results[0]!) ? "case" : "sequence")}: ${whereOf(group.results, report)}`;
    out.push(`  ${paint(colour, mark)} ${head}`, `      ${group.reason}`);
  }
  if (groups.length > MAX_GROUPS) out.push(`  … and ${plural(groups.length - MAX_GROUPS, "more reason")}`);
  return out;
}

/** The payload paths each event's handler read, each with in how many of its cases. */
function usageLines(report: CoverageReport, paint: (colour: string, text: string) => string): string[] {
  const usage = report.usage!;
  const out = [paint(ANSI.bold, "Payload paths read (cases that read each, of those that ran):")];
  for (const event of ["onCallCreate", "onCallUpdate"] as const) {
    const ofEvent = usage.events[event];
    if (!ofEvent) continue;
    out.push(`  ${event}: ${plural(ofEvent.paths.length, "path")} over ${plural(ofEvent.cases, "case")}${ofEvent.paths.length ? "" : " (the handler read nothing of its payload)"}`);
    const width = Math.max(0, ...ofEvent.paths.map((path) => path.length));
    for (const path of ofEvent.paths) out.push(`    ${path.padEnd(width)}  ${paint(ANSI.dim, `${ofEvent.counts[path]}/${ofEvent.cases}`)}`);
  }
  if (usage.truncated.length) out.push(paint(ANSI.yellow, `  ${plural(usage.truncated.length, "case")} read more than ${usage.maxPathsPerCase} paths: only the first are listed (${usage.truncated.slice(0, 3).join(", ")}${usage.truncated.length > 3 ? ", …" : ""})`));
  out.push(paint(ANSI.dim, "  iparams are not tracked (installation settings, not event data); arrays collapse to []; a path of an object is listed when nothing under it was read."));
  return out;
}

/**
 * The report for a terminal.
 * @example process.stdout.write(formatTerminal(report, { color: process.stdout.isTTY && !process.env.NO_COLOR }))
 */
export function formatTerminal(report: CoverageReport, options: TerminalOptions = {}): string {
  const paint = (colour: string, text: string) => (options.color ? `${colour}${text}${ANSI.reset}` : text);
  const rows = matrixOf(report);
  const labelWidth = Math.max("status".length, ...rows.map((r) => r.status.label.length)) + 2;
  const out: string[] = [];
  out.push(paint(ANSI.bold, `fwcall coverage: ${report.target}`) + ` (platform ${report.platform}, seed ${report.seed})`, "");
  out.push(`${"".padEnd(labelWidth)}${"onCallCreate".padEnd(COLUMN_WIDTH * 2)}onCallUpdate`);
  out.push(paint(ANSI.dim, `${"status".padEnd(labelWidth)}${["incoming", "outgoing", "incoming", "outgoing"].map((d) => d.padEnd(COLUMN_WIDTH)).join("").trimEnd()}`));
  for (const row of rows) {
    const cells = row.cells.map((cell, i) => {
      const text = i === row.cells.length - 1 ? cell.text : cell.text.padEnd(COLUMN_WIDTH);
      return paint(STATE_COLOUR[cell.state], text);
    });
    out.push(`${row.status.label.padEnd(labelWidth)}${cells.join("")}`);
  }
  out.push("");
  out.push(
    paint(ANSI.dim, "n/m: cases handled or ignored on purpose, of those that can happen; ✓ all of them; ✗n unhandled, threw, timed out or crashed; ~n excused by the allowlist; N/A cannot happen or not subscribed"),
  );
  out.push("");
  out.push(`${summaryLine("cells", report.cells.length, report.summary)} (${(report.durationMs / 1000).toFixed(2)} s)`);
  if (report.sequences && report.sequenceSummary) out.push(summaryLine("lifecycle sequences", report.sequences.length, report.sequenceSummary));

  const failing = failures(report);
  if (failing.length) {
    out.push("", paint(ANSI.red + ANSI.bold, `Failing (${failing.length}):`));
    out.push(...listLines(failing, report, options, "✗", paint, ANSI.red));
  }
  const excused = excusedResults(report);
  if (excused.length) {
    out.push("", paint(ANSI.yellow, `Allowed by ${report.allowlist?.source ?? "the allowlist"} (${excused.length}):`));
    out.push(...listLines(excused, report, options, "~", paint, ANSI.yellow));
  }
  if (report.allowlist?.unused.length) {
    out.push("", paint(ANSI.dim, `Allowlist entries that excused nothing (stale, or a typo): ${report.allowlist.unused.join(", ")}`));
  }
  if (report.problems?.length) {
    out.push("", paint(ANSI.red, `Problems outside any case (${report.problems.length}):`), ...report.problems.map((p) => `  ${p}`));
  }
  if (report.usage) out.push("", ...usageLines(report, paint));
  if (failing.length) {
    const command = options.command;
    out.push(
      "",
      `To see each case: ${command ? `${command} --verbose` : "the verbose report"}, or the JSON or HTML report (--format json|html --output <file>).`,
      `A case the app ignores on purpose: return (or renderData(null, …)) { outcome: "ignored", reason: "<why>" } from the handler,`,
      `or list it with a reason in fwcall-coverage.allow.json: { "allow": [ { "case": "${failing[0]!.id}", "reason": "<why>" } ] }`,
    );
    if (command && !command.includes("--module")) out.push(`${command} --write-allowlist writes a starting one: every failing case, each with a reason to fill in.`);
  }
  out.push(
    "",
    report.ok
      ? paint(ANSI.green + ANSI.bold, "OK: every case is handled, ignored on purpose, or allowed with a reason.")
      : paint(ANSI.red + ANSI.bold, failing.length ? `FAILED: ${plural(failing.length, "case")} unhandled, threw, timed out or crashed outside the allowlist.` : `FAILED: ${plural(report.problems?.length ?? 0, "problem")} outside any case.`),
  );
  return `${out.join("\n")}\n`;
}
