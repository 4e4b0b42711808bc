// `fwcall validate <file|dir|->…`: checks call-event payloads against the fwcall contract.
import { DEFAULT_PROFILE, PROFILES, capProblems, duplicateKeyProblems, parseCallEvent, type DuplicateKey, type Problem, type Profile } from "@fwcall/validate";
import { describeFsError } from "@fwcall/validate/json-file";
import { HELP_OPTION, UsageError, optionsHelp, parseCommandArgs, type OptionDeclarations } from "../args.js";
import { resolveInputs, type Source } from "../inputs.js";
import { ExitCode, type Io } from "../io.js";
import { DEFAULT_MAX_BYTES, parseByteSize, readJsonFile, readJsonStream, type ReadOptions } from "../json-input.js";
import { countQuietlyValid, countResult, emptySummary, exitCodeOf, inputProblemLines, problemLine, streamJsonReport, summaryLine, type FileResult, type JsonReport } from "../report.js";
import { judgeJsonLines, judgeJsonLinesFile } from "../json-lines.js";
import { printable } from "../printable.js";
import { STATE_FILE_NOTE, isExportStateFile, judgeFdkTestData } from "./validate-fdk.js";

/** How a file was judged: as the FDK delivers it, or skipped as no call event's payload. */
export interface FileNote {
  file: string;
  note: string;
}

/** What `fwcall validate --json` prints: the report, and a note per file judged as the FDK delivers it or skipped. */
export type ValidateJsonReport = JsonReport & { notes: FileNote[] };

/** The options of `fwcall validate`: what it parses and what its help lists. */
export const VALIDATE_OPTIONS = {
  profile: {
    type: "string",
    value: "<name>",
    help: [
      "lenient (default): accept what Freshworks really sends and report",
      "drift (extra fields, float costs, the docs' spellings) as warnings;",
      "strict: enforce the documented contract, so drift is an error",
    ],
  },
  json: {
    type: "boolean",
    help: ["print one JSON report on stdout (per-file or per-item results and problems),", "written as results arrive: summary and exitCode come last"],
  },
  "max-bytes": { type: "string", value: "<n>", help: ["refuse a payload (a line of JSON Lines) larger than this (default 64M);", "bytes, or with K, M, G"] },
  format: {
    type: "string",
    value: "<f>",
    help: ["json: every input is one JSON document; jsonl: every input is JSON Lines", "(default: *.jsonl and *.ndjson files are JSON Lines, the rest JSON)"],
  },
  ...HELP_OPTION,
} as const satisfies OptionDeclarations;

export const VALIDATE_HELP = `Usage: fwcall validate [options] <file|dir|->...

Checks Freshworks call-event payloads (onCallCreate, onCallUpdate) against the fwcall schemas
and rules. A file is read whatever its name; a directory stands for every *.json file under it,
recursively, in sorted order (a folder under it that cannot be listed is reported, and the
rest is checked); - reads one payload from standard input. A named pipe or device is refused:
redirect it to - instead.

Many events in one input are checked one by one: a *.jsonl or *.ndjson file (or any input with
--format jsonl) is JSON Lines, one event per line, named file:line; it is read one line at a time
(constant memory for a log of any size), --max-bytes applies to each line, a blank line is skipped
and a line that is not JSON is reported and the rest checked. A JSON file whose top level is a
non-empty array is a list of events, named file[index]; it is parsed whole, within --max-bytes.

Options:
${optionsHelp(VALIDATE_OPTIONS)}

Output: one line per problem, then a summary:
  payloads/a.json: error /data/call/participants/1/call_status: 7 is not a documented call status [schema:enum]
  3 files: 2 valid, 1 invalid, 4 warnings
(N items instead of N files when an array or JSON Lines was checked item by item.)
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
     .json files, a line of JSON Lines that cannot be used, an unknown option or a bad --profile
     or --format value; or the output could not be written

Examples:
  fwcall validate server/test_data/onCallCreate.json
  fwcall validate --profile strict server/test_data
  curl -s https://example.test/last-event | fwcall validate --json -
  fwcall validate logs/call-events.jsonl
  zcat logs/call-events.jsonl.gz | fwcall validate --format jsonl -
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

/** How a source is read: one JSON document (an array of them is checked item by item), or JSON Lines. */
type Format = "json" | "jsonl";
const FORMATS: readonly Format[] = ["json", "jsonl"];
const LINES_EXTENSION = /\.(?:jsonl|ndjson)$/i;

function toFormat(value: string | undefined): Format | undefined {
  if (value === undefined) return undefined;
  const format = FORMATS.find((f) => f === value);
  if (!format) throw new UsageError(`--format must be ${FORMATS.join(" or ")}, found '${value}'`);
  return format;
}

/** What one run reads with. */
interface Reading {
  profile: Profile;
  io: Io;
  read: Required<ReadOptions>;
  format: Format | undefined;
  /** The report lists every result (--json); else a JSON Lines item valid with no problem is only counted. */
  everyResult: boolean;
}

/** What became of one source, or of one item of it: a result, a note about how it was judged, or both. */
interface Checked {
  result?: FileResult;
  /** This many JSON Lines items were valid with no problem: counted, not listed (see Reading). */
  quietlyValid?: number;
  note?: string;
  /** The name to print a located input problem under: the file itself for one of its lines, whose error says the line. */
  locatedIn?: string;
  /** The result is one item of an array or of JSON Lines. */
  item?: boolean;
}

const unusableResult = (file: string, message: string, line: number | null = null): FileResult => ({
  file,
  status: "unusable",
  event: null,
  problems: [],
  error: { message, line, column: null, excerpt: [] },
});

/** Validates one parsed value; `extra` are the problems found before (duplicate keys come from the text). */
function judge(name: string, value: unknown, duplicates: readonly DuplicateKey[], profile: Profile, extra: readonly Problem[] = []): FileResult {
  try {
    const parsed = parseCallEvent(value, { profile });
    const found = duplicates.length > 0 ? [...duplicateKeyProblems(duplicates, profile), ...extra] : extra;
    const problems = found.length > 0 ? capProblems([...found, ...parsed.problems]) : parsed.problems;
    const valid = parsed.ok && !problems.some((p) => p.severity === "error");
    return { file: name, status: valid ? "valid" : "invalid", event: parsed.event ?? null, problems, error: null };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return unusableResult(name, "nested too deeply to validate: the validator ran out of stack (a call-event payload nests only a few levels)");
  }
}

/** Each element of a top-level array as its own payload, with the duplicate keys inside it. */
function* judgeArray(name: string, items: readonly unknown[], duplicates: readonly DuplicateKey[], profile: Profile): Generator<Checked> {
  const byIndex = new Map<number, DuplicateKey[]>();
  for (const d of duplicates) {
    const [, index, pointer] = /^\/(\d+)(.*)$/.exec(d.pointer) ?? [];
    if (index === undefined) continue;
    byIndex.set(Number(index), [...(byIndex.get(Number(index)) ?? []), { ...d, pointer: pointer ?? "" }]);
  }
  for (let i = 0; i < items.length; i++) yield { result: judge(`${name}[${i}]`, items[i], byIndex.get(i) ?? [], profile), item: true };
}

/** Reads, parses and validates one JSON document; an array item by item; a file in an FDK app's test_data as the FDK delivers it. */
async function* checkDocument(source: Source, { profile, io, read }: Reading): AsyncGenerator<Checked> {
  if (source.kind === "file" && isExportStateFile(source.path)) {
    yield { note: STATE_FILE_NOTE };
    return;
  }
  const input = source.kind === "stdin" ? await readJsonStream(io.stdin, read) : await readJsonFile(source.path, read);
  if (!input.ok) {
    yield { result: { file: source.name, status: "unusable", event: null, problems: [], error: input.problem } };
    return;
  }
  // An empty array holds no events: it is judged as the one value it is, which is no call event.
  if (Array.isArray(input.value) && input.value.length > 0) {
    yield* judgeArray(source.name, input.value, input.duplicateKeys, profile);
    return;
  }
  const judging = source.kind === "file" ? await judgeFdkTestData(source.path, input.value) : { kind: "as-is" as const, value: input.value };
  if (judging.kind === "skipped") yield { note: judging.note };
  else if (judging.kind === "unusable") yield { result: unusableResult(source.name, judging.message) };
  else {
    const result = judge(source.name, judging.value, input.duplicateKeys, profile, judging.kind === "delivered" ? judging.problems : []);
    yield judging.kind === "delivered" ? { result, note: judging.note } : { result };
  }
}

/** Reads JSON Lines in batches of whole lines (on worker threads for a large log) and reports each non-blank line as one payload, named `file:line`, a batch at a time. */
async function* checkLines(source: Source, { profile, io, read, everyResult }: Reading): AsyncGenerator<Checked[]> {
  const opened = source.kind === "stdin" ? { ok: true as const, lines: judgeJsonLines(io.stdin, read.maxBytes, profile) } : await judgeJsonLinesFile(source.path, read.maxBytes, profile);
  if (!opened.ok) {
    yield [{ result: { file: source.name, status: "unusable", event: null, problems: [], error: opened.problem } }];
    return;
  }
  let items = 0;
  let lastLine = 0;
  try {
    for await (const batch of opened.lines) {
      const checked: Checked[] = [];
      let quietlyValid = 0;
      for (const line of batch) {
        items++;
        lastLine = line.line;
        if ("judged" in line && !everyResult && line.judged.valid && line.judged.problems.length === 0) {
          quietlyValid++;
          continue;
        }
        const name = `${source.name}:${line.line}`;
        if ("judged" in line) {
          const { valid, event, problems } = line.judged;
          checked.push({ result: { file: name, status: valid ? "valid" : "invalid", event, problems, error: null }, item: true });
        } else if (line.ok) checked.push({ result: judge(name, line.value, line.duplicateKeys, profile), item: true });
        else checked.push({ result: { file: name, status: "unusable", event: null, problems: [], error: line.problem }, locatedIn: source.name, item: true });
      }
      if (quietlyValid > 0) checked.push({ quietlyValid, item: true });
      yield checked;
    }
  } catch (error) {
    yield [{ result: unusableResult(source.name, `cannot read after line ${lastLine}: ${describeFsError(error)}`) }];
    return;
  }
  if (items === 0) yield [{ result: unusableResult(source.name, "empty input: expected JSON Lines, one call-event payload per line, found no line with a payload") }];
}

/** Checks one source in the format its name or --format says, a batch of results at a time (a log's lines come by the thousand). */
async function* check(source: Source, reading: Reading): AsyncGenerator<Checked[]> {
  const format = reading.format ?? (source.kind === "file" && LINES_EXTENSION.test(source.name) ? "jsonl" : "json");
  if (format === "jsonl") yield* checkLines(source, reading);
  else for await (const checked of checkDocument(source, reading)) yield [checked];
}

/** Gathers small writes into large ones: a log of 100,000 events with a warning each is 100,000 lines. */
function batched(output: Io["stdout"]) {
  let pending = "";
  return {
    write(chunk: string): void {
      pending += chunk;
      if (pending.length >= 1 << 16) this.flush();
    },
    flush(): void {
      if (pending.length > 0) output.write(pending);
      pending = "";
    },
  };
}

/**
 * Runs `fwcall validate` with the arguments after the command name.
 * @example await validateCommand(["--profile", "strict", "server/test_data"], io) // 0, 1 or 2
 */
export async function validateCommand(args: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs({
    args: [...args],
    options: VALIDATE_OPTIONS,
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout.write(VALIDATE_HELP);
    return ExitCode.Ok;
  }
  const profile = toProfile(values.profile);
  const read = { maxBytes: toMaxBytes(values["max-bytes"]) };
  const format = toFormat(values.format);
  if (positionals.length === 0) throw new UsageError("nothing to validate: name a file, a directory, or - for standard input");

  const { sources, errors, unlisted } = await resolveInputs(positionals, { partialDirectories: true });
  if (errors.length > 0) {
    for (const error of errors) io.stderr.write(`fwcall validate: ${printable(error)}\n`);
    return ExitCode.Unusable;
  }
  if (io.stdin.isTTY && sources.some((s) => s.kind === "stdin")) {
    io.stderr.write("fwcall validate: reading a payload from standard input (end it with Ctrl-D)\n");
  }

  const stdout = batched(io.stdout);
  const report = values.json ? streamJsonReport(stdout, profile) : undefined;
  const summary = emptySummary();
  let itemized = false;
  const record = (result: FileResult, locatedIn?: string) => {
    countResult(summary, result);
    report?.add(result);
    if (result.error) {
      // stderr is not batched: the stdout text before it goes first, to keep the order a terminal shows.
      stdout.flush();
      io.stderr.write(`${inputProblemLines(printable(locatedIn ?? result.file), result.error).join("\n")}\n`);
    }
    if (!report) for (const problem of result.problems) stdout.write(`${problemLine(printable(result.file), problem)}\n`);
  };
  for (const { name, reason } of unlisted) {
    record(unusableResult(name, `cannot list the folder: ${reason}; the files beside it are checked`));
  }
  const notes: FileNote[] = [];
  const reading: Reading = { profile, io, read, format, everyResult: report !== undefined };
  for (const source of sources) {
    for await (const batch of check(source, reading)) {
      for (const { result, quietlyValid, note, locatedIn, item } of batch) {
        if (note !== undefined) {
          notes.push({ file: source.name, note });
          if (!report) stdout.write(`${printable(source.name)}: note: ${note}\n`);
        }
        if (item) itemized = true;
        if (result) record(result, locatedIn);
        if (quietlyValid) countQuietlyValid(summary, quietlyValid);
      }
    }
  }
  const exitCode = exitCodeOf(summary);
  if (report) report.end({ notes, summary, exitCode });
  else stdout.write(`${summaryLine(summary, itemized ? "item" : "file")}\n`);
  stdout.flush();
  return exitCode;
}
