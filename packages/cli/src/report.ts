// How `fwcall validate` shows its results: text lines for people, one JSON document for programs.
import { formatProblem, type ParsedCallEvent, type Problem, type Profile } from "@fwcall/validate";
import { ExitCode } from "./io.js";
import type { InputProblem } from "./json-input.js";

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

/** The counts of a run. */
export function summarize(results: readonly FileResult[]): Summary {
  const summary: Summary = { files: results.length, valid: 0, invalid: 0, unusable: 0, errors: 0, warnings: 0 };
  for (const result of results) {
    summary[result.status]++;
    // A problem that stands for the ones left unlisted counts as all of them.
    for (const problem of result.problems) summary[problem.severity === "error" ? "errors" : "warnings"] += problem.omitted ?? 1;
  }
  return summary;
}

/** 2 when a file could not be used, else 1 when one is invalid, else 0. */
export function exitCodeOf(summary: Summary): ExitCode {
  if (summary.unusable > 0) return ExitCode.Unusable;
  if (summary.invalid > 0) return ExitCode.Invalid;
  return ExitCode.Ok;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/**
 * One problem on one line.
 * @example problemLine("payloads/a.json", problem) // "payloads/a.json: error /data/call/participants/1/call_status: 7 is not a documented call status [schema:enum]"
 */
export function problemLine(file: string, problem: Problem): string {
  return `${file}: ${problem.severity} ${formatProblem(problem)} [${problem.rule}]`;
}

/**
 * Why a file could not be used: `file:line:column: message`, then the source line with a caret.
 * @example inputProblemLines("bad.json", problem) // ["bad.json:3:14: invalid JSON: …", "  3 |   …", "    |   ^"]
 */
export function inputProblemLines(file: string, problem: InputProblem): string[] {
  const at = problem.line === null ? "" : `:${problem.line}:${problem.column}`;
  return [`${file}${at}: ${problem.message}`, ...problem.excerpt];
}

/**
 * The last line of a text run.
 * @example summaryLine(summary) // "3 files: 2 valid, 1 invalid, 4 warnings"
 */
export function summaryLine(summary: Summary): string {
  const unusable = summary.unusable > 0 ? `, ${summary.unusable} unusable` : "";
  return `${count(summary.files, "file")}: ${summary.valid} valid, ${summary.invalid} invalid${unusable}, ${count(summary.warnings, "warning")}`;
}

/** The document `--json` prints. */
export function jsonReport(profile: Profile, results: readonly FileResult[], summary: Summary, exitCode: ExitCode): JsonReport {
  return {
    profile,
    exitCode,
    summary,
    files: results.map(({ error, problems, ...result }) => ({
      ...result,
      // One key order for every problem, whichever check found it.
      problems: problems.map(({ pointer, severity, rule, expected, found, message, omitted }) => ({ pointer, severity, rule, expected, found, message, ...(omitted === undefined ? {} : { omitted }) })),
      error: error === null ? null : { message: error.message, line: error.line, column: error.column },
    })),
  };
}
