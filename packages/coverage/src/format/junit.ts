// The report as JUnit XML, for CI test views: one testcase per cell (classname event.direction,
// name the cell's label) and one per lifecycle sequence. Cases that fail the run are failures;
// nothing is skipped (N/A and allowed cases pass, with a note in system-out).
import { describeOutcome, excused, failsRun } from "./matrix.js";
import type { CellResult, CoverageReport, SequenceResult } from "../types.js";

/** Text as XML character data or attribute value; characters XML 1.0 cannot hold are dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testcase(classname: string, result: CellResult | SequenceResult, logs: readonly string[] = []): string {
  const attrs = `classname="${escapeXml(classname)}" name="${escapeXml(result.label)}" time="${seconds(result.durationMs)}"`;
  const notes: string[] = [];
  let failure = "";
  if (failsRun(result)) {
    const message = describeOutcome(result.outcome);
    failure = `      <failure message="${escapeXml(message)}" type="${escapeXml(result.outcome.kind)}">${escapeXml(`${result.id}\n${message}`)}</failure>\n`;
  } else if (excused(result)) {
    notes.push(`allowed by the allowlist: ${result.allowed}`, describeOutcome(result.outcome));
  } else if (result.outcome.kind !== "handled") {
    notes.push(describeOutcome(result.outcome));
  }
  if ("events" in result) for (const e of result.events) notes.push(`event ${e.index + 1} ${e.event} (status ${e.status}): ${describeOutcome(e.outcome)}`);
  if (logs.length) notes.push("logs:", ...logs);
  const out = notes.length ? `      <system-out>${escapeXml(notes.join("\n"))}</system-out>\n` : "";
  return failure || out ? `    <testcase ${attrs}>\n${failure}${out}    </testcase>\n` : `    <testcase ${attrs}/>\n`;
}

function suite(name: string, cases: string[], results: Array<CellResult | SequenceResult>): string {
  const failuresCount = results.filter(failsRun).length;
  const time = results.reduce((sum, r) => sum + r.durationMs, 0);
  return `  <testsuite name="${escapeXml(name)}" tests="${results.length}" failures="${failuresCount}" errors="0" skipped="0" time="${seconds(time)}">\n${cases.join("")}  </testsuite>\n`;
}

/**
 * The report as JUnit XML.
 * @example writeFileSync("coverage.junit.xml", formatJunit(report))
 */
export function formatJunit(report: CoverageReport): string {
  const suites = [suite(`fwcall coverage: ${report.target}`, report.cells.map((c) => testcase(`${c.event}.${c.direction}`, c, c.logs)), report.cells)];
  if (report.sequences?.length) {
    suites.push(suite(`fwcall coverage: ${report.target} lifecycles`, report.sequences.map((s) => testcase(`lifecycle.${s.direction}`, s)), report.sequences));
  }
  const all = [...report.cells, ...(report.sequences ?? [])];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="fwcall coverage" tests="${all.length}" failures="${all.filter(failsRun).length}" errors="0" skipped="0" time="${seconds(report.durationMs)}">\n${suites.join("")}</testsuites>\n`;
}
