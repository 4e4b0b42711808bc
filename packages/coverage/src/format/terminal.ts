// The terminal report: the matrix (rows are statuses, columns event × direction), a summary, and
// every case that fails the run with its reason. Coloured with ANSI codes when asked.
import { describeOutcome, excusedResults, failures, matrixOf, summaryLine, type CellState } from "./matrix.js";
import type { CoverageReport } from "../types.js";

const ANSI = { reset: "\u001b[0m", bold: "\u001b[1m", dim: "\u001b[2m", red: "\u001b[31m", green: "\u001b[32m", yellow: "\u001b[33m", cyan: "\u001b[36m", grey: "\u001b[90m" };

const STATE_COLOUR: Record<CellState, string> = { handled: ANSI.green, ignored: ANSI.cyan, failing: ANSI.red, allowed: ANSI.yellow, na: ANSI.grey };

const COLUMN_WIDTH = 12;

/** Options of formatTerminal. */
export interface TerminalOptions {
  /** ANSI colours (the CLI: when stdout is a TTY and NO_COLOR is unset). */
  color?: boolean;
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
    paint(ANSI.dim, "n/m: cases handled or ignored on purpose, of those that can happen; ✓ all of them; ✗n unhandled, threw or timed out; ~n excused by the allowlist; N/A cannot happen or not subscribed"),
  );
  out.push("");
  out.push(`${summaryLine("cells", report.cells.length, report.summary)} (${(report.durationMs / 1000).toFixed(2)} s)`);
  if (report.sequences && report.sequenceSummary) out.push(summaryLine("lifecycle sequences", report.sequences.length, report.sequenceSummary));

  const failing = failures(report);
  if (failing.length) {
    out.push("", paint(ANSI.red + ANSI.bold, `Failing (${failing.length}):`));
    for (const result of failing) out.push(`  ${paint(ANSI.red, "✗")} ${result.label}`, `      ${describeOutcome(result.outcome)}`);
  }
  const excused = excusedResults(report);
  if (excused.length) {
    out.push("", paint(ANSI.yellow, `Allowed by ${report.allowlist?.source ?? "the allowlist"} (${excused.length}):`));
    for (const result of excused) out.push(`  ~ ${result.label}`, `      ${describeOutcome(result.outcome)}`, `      allowed: ${result.allowed}`);
  }
  if (report.allowlist?.unused.length) {
    out.push("", paint(ANSI.dim, `Allowlist entries that excused nothing (stale, or a typo): ${report.allowlist.unused.join(", ")}`));
  }
  out.push(
    "",
    report.ok
      ? paint(ANSI.green + ANSI.bold, "OK: every case is handled, ignored on purpose, or allowed with a reason.")
      : paint(ANSI.red + ANSI.bold, `FAILED: ${failing.length} case${failing.length === 1 ? "" : "s"} unhandled, threw or timed out outside the allowlist.`),
  );
  return `${out.join("\n")}\n`;
}
