// How `fwcall validate` shows its results: text lines for people, one JSON document for programs.
import { formatProblem, type ParsedCallEvent, type Problem, type Profile } from "@fwcall/validate";
import { ExitCode } from "./io.js";
import type { InputProblem } from "./json-input.js";
import { count } from "./messages.js";

/** valid: no errors (warnings allowed); invalid: errors; unusable: the file could not be read or parsed. */
export type FileStatus = "valid" | "invalid" | "unusable";

/** The outcome for one file (or standard input). */
export interface FileResult {
  /** The file as the user named it (a directory operand joined with the path under it), or `<stdin>`. */
  file: string;
  status: FileStatus;
  /** The event the payload names, when it names a known one. */
  event: ParsedCallEvent["event"] | null;
  /** Every error and warning the validator found, in payload order. */
  problems: Problem[];
  /** Why the file could not be used; null unless the status is `unusable`. */
  error: InputProblem | null;
}

/** Counts over every file. */
export interface Summary {
  files: number;
  valid: number;
  invalid: number;
  unusable: number;
  errors: number;
  warnings: number;
}

/** What `fwcall validate --json` prints: the whole outcome, and nothing else, on stdout. */
export interface JsonReport {
  profile: Profile;
  exitCode: ExitCode;
  summary: Summary;
  files: Array<Omit<FileResult, "error"> & { error: { message: string; line: number | null; column: number | null } | null }>;
}

/** The counts of a run that has checked nothing yet. */
export const emptySummary = (): Summary => ({ files: 0, valid: 0, invalid: 0, unusable: 0, errors: 0, warnings: 0 });

/** Adds one result to running counts, so that a run over millions of JSON Lines keeps no results. */
export function countResult(summary: Summary, result: FileResult): void {
  summary.files++;
  summary[result.status]++;
  // A problem that stands for the ones left unlisted counts as all of them.
  for (const problem of result.problems) summary[problem.severity === "error" ? "errors" : "warnings"] += problem.omitted ?? 1;
}

/** Counts items that were valid with no problem, which a text report names nowhere (most lines of a log). */
export function countQuietlyValid(summary: Summary, items: number): void {
  summary.files += items;
  summary.valid += items;
}

/** 2 when a file could not be used, else 1 when one is invalid, else 0. */
export function exitCodeOf(summary: Summary): ExitCode {
  if (summary.unusable > 0) return ExitCode.Unusable;
  if (summary.invalid > 0) return ExitCode.Invalid;
  return ExitCode.Ok;
}

/**
 * One problem on one line.
 * @example problemLine("payloads/a.json", problem) // "payloads/a.json: error /data/call/participants/1/call_status: 7 is not a documented call status [schema:enum]"
 */
export function problemLine(file: string, problem: Problem): string {
  return `${file}: ${problem.severity} ${formatProblem(problem)} [${problem.rule}]`;
}

// Why a file could not be used (`file:line:column: message`, then the source line with a caret): the JSON reader's own words.
export { inputProblemLines } from "@fwcall/validate/json-file";

/**
 * The last line of a text run; `noun` is "item" when a JSON array or JSON Lines was checked item by item.
 * @example summaryLine(summary) // "3 files: 2 valid, 1 invalid, 4 warnings"
 */
export function summaryLine(summary: Summary, noun: "file" | "item" = "file"): string {
  const unusable = summary.unusable > 0 ? `, ${summary.unusable} unusable` : "";
  return `${count(summary.files, noun)}: ${summary.valid} valid, ${summary.invalid} invalid${unusable}, ${count(summary.warnings, "warning")}`;
}

/** One entry of the report's `files`. */
function jsonFileEntry({ error, problems, ...result }: FileResult): JsonReport["files"][number] {
  return {
    ...result,
    // One key order for every problem, whichever check found it.
    problems: problems.map(({ pointer, severity, rule, expected, found, message, omitted }) => ({ pointer, severity, rule, expected, found, message, ...(omitted === undefined ? {} : { omitted }) })),
    error: error === null ? null : { message: error.message, line: error.line, column: error.column },
  };
}

const indented = (value: unknown, prefix: string) => JSON.stringify(value, null, 2).replace(/\n/g, `\n${prefix}`);

/**
 * Writes the `--json` document as results arrive, so that a run over millions of JSON Lines holds
 * none of them: the text is what JSON.stringify(report, null, 2) gives, with `files` before the counts.
 * @example const report = streamJsonReport(io.stdout, "lenient"); report.add(result); report.end({ summary, exitCode, notes: [] });
 */
export function streamJsonReport(out: { write(chunk: string): unknown }, profile: Profile) {
  let entries = 0;
  out.write(`{\n  "profile": ${JSON.stringify(profile)},\n  "files": [`);
  return {
    add(result: FileResult): void {
      out.write(`${entries++ === 0 ? "" : ","}\n    ${indented(jsonFileEntry(result), "    ")}`);
    },
    end(tail: Record<string, unknown>): void {
      const rest = Object.entries(tail).map(([key, value]) => `,\n  ${JSON.stringify(key)}: ${indented(value, "  ")}`);
      out.write(`${entries === 0 ? "" : "\n  "}]${rest.join("")}\n}\n`);
    },
  };
}
