// `fwcall validate <file|dir|->…`: checks call-event payloads against the fwcall contract.
import { DEFAULT_PROFILE, PROFILES, capProblems, duplicateKeyProblems, parseCallEvent, type Profile } from "@fwcall/validate";
import { HELP_OPTION, UsageError, parseCommandArgs } from "../args.js";
import { resolveInputs, type Source } from "../inputs.js";
import { ExitCode, type Io } from "../io.js";
import { DEFAULT_MAX_BYTES, parseByteSize, readJsonFile, readJsonStream, type ReadOptions } from "../json-input.js";
import { exitCodeOf, inputProblemLines, jsonReport, problemLine, summarize, summaryLine, type FileResult, type JsonReport } from "../report.js";
import { printable } from "../printable.js";
import { STATE_FILE_NOTE, isExportStateFile, judgeFdkTestData } from "./validate-fdk.js";

/** How a file was judged: as the FDK delivers it, or skipped as no call event's payload. */
export interface FileNote {
  file: string;
  note: string;
}

/** What `fwcall validate --json` prints: the report, and a note per file judged as the FDK delivers it or skipped. */
export type ValidateJsonReport = JsonReport & { notes: FileNote[] };

/** One line for the list of commands. */
export const VALIDATE_SUMMARY = "check call-event payload JSON files (onCallCreate, onCallUpdate)";

export const VALIDATE_HELP = `Usage: fwcall validate [options] <file|dir|->...

Checks Freshworks call-event payloads (onCallCreate, onCallUpdate) against the fwcall schemas
and rules. A file is read whatever its name; a directory stands for every *.json file under it,
recursively, in sorted order (a folder under it that cannot be listed is reported, and the
rest is checked); - reads one payload from standard input. A named pipe or device is refused:
redirect it to - instead.

Options:
  --profile <name>  lenient (default): accept what Freshworks really sends and report
                    drift (extra fields, float costs, the docs' spellings) as warnings;
                    strict: enforce the documented contract, so drift is an error
  --json            print one JSON report on stdout (per-file results and problems)
  --max-bytes <n>   refuse a payload larger than this (default 64M); bytes, or with K, M, G
  -h, --help        show this help

Output: one line per problem, then a summary:
  payloads/a.json: error /data/call/participants/1/call_status: 7 is not a documented call status [schema:enum]
  3 files: 2 valid, 1 invalid, 4 warnings
A file inside an FDK app's server/test_data (below the app's manifest.json) is judged as the
FDK delivers it: the FDK adds currentHost (platform 3.0), iparams and app_settings to what the
file stores, and a note line says so. fwcall's .fwcall-export.json and test_data files of
events other than call events are skipped, with a note.
A key written twice in one object is a warning (lenient; the last value counts, as in
JSON.parse) or an error (strict), with its line and column.
A file that cannot be used is reported on stderr with its line and column.

Exit codes:
  0  every payload is valid (warnings allowed)
  1  at least one payload is invalid
  2  something could not be used: a missing path, an unreadable, empty or too large file,
     invalid JSON, text that is not UTF-8, a folder that cannot be listed, a directory without
     .json files, an unknown option or a bad --profile value; or the output could not be written

Examples:
  fwcall validate server/test_data/onCallCreate.json
  fwcall validate --profile strict server/test_data
  curl -s https://example.test/last-event | fwcall validate --json -
`;

function toProfile(value: string | undefined): Profile {
  if (value === undefined) return DEFAULT_PROFILE;
  const profile = PROFILES.find((p) => p === value);
  if (!profile) throw new UsageError(`--profile must be ${PROFILES.join(" or ")}, found '${value}'`);
  return profile;
}

function toMaxBytes(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_BYTES;
  const bytes = parseByteSize(value);
  if (bytes === undefined) throw new UsageError(`--max-bytes must be a size such as 1048576, 512K or 64M, found '${value}'`);
  return bytes;
}

/** What became of one source: a result, a note about how it was judged, or both. */
interface Checked {
  result?: FileResult;
  note?: string;
}

const unusableResult = (file: string, message: string): FileResult => ({
  file,
  status: "unusable",
  event: null,
  problems: [],
  error: { message, line: null, column: null, excerpt: [] },
});

/** Reads, parses and validates one source; a file in an FDK app's test_data as the FDK delivers it. */
async function check(source: Source, profile: Profile, io: Io, read: ReadOptions): Promise<Checked> {
  if (source.kind === "file" && isExportStateFile(source.path)) return { note: STATE_FILE_NOTE };
  const input = source.kind === "stdin" ? await readJsonStream(io.stdin, read) : await readJsonFile(source.path, read);
  if (!input.ok) return { result: { file: source.name, status: "unusable", event: null, problems: [], error: input.problem } };
  const judging = source.kind === "file" ? judgeFdkTestData(source.path, input.value) : { kind: "as-is" as const, value: input.value };
  if (judging.kind === "skipped") return { note: judging.note };
  if (judging.kind === "unusable") return { result: unusableResult(source.name, judging.message) };
  try {
    const parsed = parseCallEvent(judging.value, { profile });
    const found = [...duplicateKeyProblems(input.duplicateKeys, profile), ...(judging.kind === "delivered" ? judging.problems : [])];
    const problems = found.length > 0 ? capProblems([...found, ...parsed.problems]) : parsed.problems;
    const valid = parsed.ok && !problems.some((p) => p.severity === "error");
    const result: FileResult = { file: source.name, status: valid ? "valid" : "invalid", event: parsed.event ?? null, problems, error: null };
    return judging.kind === "delivered" ? { result, note: judging.note } : { result };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { result: unusableResult(source.name, "nested too deeply to validate: the validator ran out of stack (a call-event payload nests only a few levels)") };
  }
}

/**
 * Runs `fwcall validate` with the arguments after the command name.
 * @example await validateCommand(["--profile", "strict", "server/test_data"], io) // 0, 1 or 2
 */
export async function validateCommand(args: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs({
    args: [...args],
    options: { ...HELP_OPTION, profile: { type: "string" }, json: { type: "boolean" }, "max-bytes": { type: "string" } },
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout.write(VALIDATE_HELP);
    return ExitCode.Ok;
  }
  const profile = toProfile(values.profile);
  const read: ReadOptions = { maxBytes: toMaxBytes(values["max-bytes"]) };
  if (positionals.length === 0) throw new UsageError("nothing to validate: name a file, a directory, or - for standard input");

  const { sources, errors, unlisted } = await resolveInputs(positionals, { partialDirectories: true });
  if (errors.length > 0) {
    for (const error of errors) io.stderr.write(`fwcall validate: ${printable(error)}\n`);
    return ExitCode.Unusable;
  }
  if (io.stdin.isTTY && sources.some((s) => s.kind === "stdin")) {
    io.stderr.write("fwcall validate: reading a payload from standard input (end it with Ctrl-D)\n");
  }

  const results: FileResult[] = [];
  for (const { name, reason } of unlisted) {
    const error = { message: `cannot list the folder: ${reason}; the files beside it are checked`, line: null, column: null, excerpt: [] };
    results.push({ file: name, status: "unusable", event: null, problems: [], error });
    io.stderr.write(`${inputProblemLines(printable(name), error).join("\n")}\n`);
  }
  const notes: FileNote[] = [];
  for (const source of sources) {
    const { result, note } = await check(source, profile, io, read);
    if (note !== undefined) {
      notes.push({ file: source.name, note });
      if (!values.json) io.stdout.write(`${printable(source.name)}: note: ${note}\n`);
    }
    if (!result) continue;
    results.push(result);
    if (result.error) io.stderr.write(`${inputProblemLines(printable(result.file), result.error).join("\n")}\n`);
    if (!values.json) for (const problem of result.problems) io.stdout.write(`${problemLine(printable(result.file), problem)}\n`);
  }
  const summary = summarize(results);
  const exitCode = exitCodeOf(summary);
  const report: ValidateJsonReport = { ...jsonReport(profile, results, summary, exitCode), notes };
  io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${summaryLine(summary)}\n`);
  return exitCode;
}
