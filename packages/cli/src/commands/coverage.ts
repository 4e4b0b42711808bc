// `fwcall coverage <app-dir>` / `fwcall coverage --module <file>`: runs a consumer's handlers over
// every case of the call-event space and reports the status × direction matrix.
import { statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import {
  ALLOWLIST_FILE,
  AllowlistError,
  FdkAppError,
  MAX_LIMIT_MS,
  findAllowlist,
  parseAllowlist,
  readJsonConfig,
  startingAllowlist,
  writeAllowlist,
  formatHtml,
  formatJson,
  formatJunit,
  formatTerminal,
  runCoverage,
  loadModuleFile,
  type CoverageOptions,
  type CoverageReport,
} from "@fwcall/coverage";
import { CHANGES_ORDERS } from "@fwcall/types";
import { duplicateKeyProblems, findDuplicateKeys } from "@fwcall/validate";
import { describeFsError } from "@fwcall/validate/json-file";
import { HELP_OPTION, UsageError, oneOf, optionsHelp, parseCommandArgs, wholeNumber, type OptionDeclarations } from "../args.js";
import { count } from "../messages.js";
import { ExitCode, type Io } from "../io.js";

const FORMATS = ["terminal", "json", "junit", "html"] as const;
type Format = (typeof FORMATS)[number];

/** The options of `fwcall coverage`: what it parses and what its help lists. */
export const COVERAGE_OPTIONS = {
  format: { type: "string", value: "<f>", help: "terminal (default), json, junit or html" },
  output: { type: "string", value: "<file>", help: ["write the report there (its folder must exist); the terminal report still", "goes to stdout"] },
  allowlist: {
    type: "string",
    value: "<file>",
    help: [
      "cases that may fail, each with a reason (default:",
      "<app-dir>/fwcall-coverage.allow.json when present):",
      '{ "allow": [ { "case": "update/outgoing/unknown/extra-leg", "reason": "…" } ] }',
    ],
  },
  sequences: { type: "boolean", help: "also run call lifecycles: every path of up to 5 states, $db kept along each" },
  replay: { type: "boolean", help: "with --sequences: also deliver each with duplicates, out of order, without its create" },
  seed: { type: "string", value: "<n>", help: "seed of the payloads (default 1)" },
  "changes-order": {
    type: "string",
    value: "<o>",
    help: ["order of the updates' changes tuples: new-old (default, as the docs say) or", "old-new (as other Freshworks events send them), to prove the app reads either"],
  },
  timeout: { type: "string", value: "<ms>", help: "limit of one handler run (default 20000, the FDK's; at most 2147483647)" },
  "load-timeout": {
    type: "string",
    value: "<ms>",
    help: ["limit of loading server/server.js (or the --module file), apart from the", "handlers' (default 20000; at most 2147483647)"],
  },
  memory: { type: "string", value: "<mb>", help: "memory cap of the app's sandbox (a worker thread), in MB (default 512)" },
  responses: {
    type: "string",
    value: "<file>",
    help: ['JSON: request template name (2.x "GET <url>" …) → scripted answer (a body,', 'or { "status": 429, "response": … }); default { status: 200, response: "{}" }'],
  },
  iparams: { type: "string", value: "<file>", help: "JSON: the installation parameters every payload carries (default {})" },
  platform: { type: "string", value: "<p>", help: "envelope for --module: 2.x or 3.0 (default 3.0); an app gets its manifest's" },
  verbose: { type: "boolean", help: "list every failing case, not only the reasons grouped with counts" },
  usage: {
    type: "boolean",
    help: ["also record which payload paths each handler reads (data.call.participants[].call_status):", "printed per event with counts; every case's own in the JSON report (cells[].reads)"],
  },
  "write-allowlist": {
    type: "boolean",
    help: ["write <app-dir>/fwcall-coverage.allow.json: every case that fails today, each", "with a reason to fill in (--force replaces an existing file; links refused)"],
  },
  ...HELP_OPTION,
  // Documented with --write-allowlist and in the usage lines, not on lines of their own.
  force: { type: "boolean" },
  module: { type: "string", value: "<file>" },
} as const satisfies OptionDeclarations;

export const COVERAGE_HELP = `Usage: fwcall coverage <app-dir> [options]
       fwcall coverage --module <file> [options]

Runs an app's onCallCreate / onCallUpdate handlers over every case of the call-event space
(event × direction × call status × update kind) and reports, per case, whether the app handled
it, ignored it on purpose (it returned or rendered { outcome: "ignored", reason }), fell through
(a matcher's unknown branch for a documented status, or no effect at all), threw, or ran past
the time limit. Cases that cannot happen, and events the app does not subscribe to, are N/A.

<app-dir> is a Freshworks app (manifest.json, server/server.js, config/requests.json, platform
2.x or 3.0), run unmodified in a sandbox with fakes of $request, $db, $schedule and renderData.
--module <file> is a JavaScript module (ESM or CommonJS) exporting onCallCreate and/or
onCallUpdate, imported and run in a worker thread like an app (no FDK globals).

Options:
${optionsHelp(COVERAGE_OPTIONS)}

A case the app ignores on purpose: the handler returns (or renderData(null, …) renders)
{ "outcome": "ignored", "reason": "<why>" }; or the allowlist lists it with a reason.

The allowlist, --iparams and --responses files must be regular files of at most 16 MB (a FIFO,
a device or a folder is refused); a key given twice in one of them is warned about on stderr.

--usage gives each handler a read-tracking view of its payload (it sees the same values) and
lists, per event, the paths it read in any case: arrays collapse to [], an object's path is listed
when nothing under it was read, enumerating or serialising an object (Object.keys, spread,
JSON.stringify, console.log) reads all of it. iparams are not tracked. At most 10000 paths a case.

iparams values are never printed, secure or not, also not base64 (Basic auth), URL-encoded or hex:
every text an app logs, throws or returns is redacted.

The app runs in a worker thread with a memory cap: process.exit, running out of memory or
blocking the thread fail that case ("crashed" or "timed out"), never the run. A handler that timed
out on the last 5 cases in a row is not run on the rest of its cases ("not run: the handler timed
out on the last 5 cases in a row", failing), so a looping app does not take cases × the limit.
Progress goes to stderr when it is a terminal. This is not a
security boundary: run only apps you would run with node.

Exit codes: 0 every case handled, ignored or allowed (or --write-allowlist wrote the file); 1 a
case unhandled, threw, timed out or crashed outside the allowlist; 2 unusable app (a handler the
manifest names but server.js does not export included), module, allowlist or command line.
`;



/** Reads a JSON file (a regular file of at most 16 MB: a FIFO or a device would block or grow for ever), or says why not; duplicate keys are warned about with where they are. */
function readJsonFile(path: string, what: string, warn: (line: string) => void, toError: (message: string) => Error = (message) => new FdkAppError(message)): unknown {
  const { value, text } = readJsonConfig(path, what, toError, (reason) => `${what} ${path} is not valid JSON: ${reason}`);
  for (const problem of duplicateKeyProblems(findDuplicateKeys(text), "lenient")) warn(`warning: ${path}: ${problem.message}`);
  return value;
}

const FORMATTERS: Record<Exclude<Format, "terminal">, (report: CoverageReport) => string> = { json: formatJson, junit: formatJunit, html: formatHtml };

const atMost = (option: string, value: number | undefined, max: number) => {
  if (value !== undefined && value > max) throw new UsageError(`${option} must be at most ${max} ms (about 24.8 days, the longest a timer can wait); found ${value}`);
  return value;
};

/** Refuses an --output whose folder does not exist (a typo must not create folders). */
function checkOutputFolder(output: string): void {
  const folder = dirname(resolve(output));
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    throw new UsageError(`--output ${output}: the folder ${folder} does not exist (create it first)`);
  }
  if (!isFolder) throw new UsageError(`--output ${output}: ${folder} is not a folder`);
}

/** Runs `fwcall coverage …`. */
export async function coverageCommand(args: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs({
    args: [...args],
    options: COVERAGE_OPTIONS,
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout.write(COVERAGE_HELP);
    return ExitCode.Ok;
  }
  const [appDir, ...extra] = positionals;
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
  if (appDir !== undefined && values.module !== undefined) throw new UsageError("give an app directory or --module <file>, not both");
  if (appDir === undefined && values.module === undefined) throw new UsageError("missing the app directory (or --module <file>)");
  if (values.replay && !values.sequences) throw new UsageError("--replay needs --sequences");
  const format: Format = oneOf("--format", values.format, FORMATS) ?? "terminal";
  const platform = oneOf("--platform", values.platform, ["2.x", "3.0"] as const);
  if (platform !== undefined && values.module === undefined) throw new UsageError("--platform applies to --module only (an app gets its manifest's platform)");
  const seed = wholeNumber("--seed", values.seed, 0);
  const changesOrder = oneOf("--changes-order", values["changes-order"], CHANGES_ORDERS);
  const timeoutMs = atMost("--timeout", wholeNumber("--timeout", values.timeout, 1), MAX_LIMIT_MS);
  const loadTimeoutMs = atMost("--load-timeout", wholeNumber("--load-timeout", values["load-timeout"], 1), MAX_LIMIT_MS);
  const memoryMb = wholeNumber("--memory", values.memory, 16);
  const writing = values["write-allowlist"] === true;
  if (writing && appDir === undefined) throw new UsageError("--write-allowlist needs an app directory (a --module run has no app to write into)");
  if (writing && values.allowlist !== undefined) throw new UsageError("--write-allowlist writes <app-dir>/fwcall-coverage.allow.json; it does not take --allowlist");
  if (values.force && !writing) throw new UsageError("--force applies to --write-allowlist only");
  if (writing && values.usage) throw new UsageError("--usage reports what the handlers read; --write-allowlist writes no report: give one or the other");

  const stderrTty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  let progressShown = false;
  const options: CoverageOptions = {};
  if (seed !== undefined) options.seed = seed;
  if (changesOrder !== undefined) options.changesOrder = changesOrder;
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  if (loadTimeoutMs !== undefined) options.loadTimeoutMs = loadTimeoutMs;
  if (memoryMb !== undefined) options.memoryMb = memoryMb;
  // A starting allowlist lists what fails without any allowlist.
  if (writing) options.allowlist = false;
  if (values.sequences) options.sequences = true;
  if (values.replay) options.replay = true;
  if (values.usage) options.usage = true;
  if (platform !== undefined) options.platform = platform;
  if (stderrTty) {
    options.onProgress = (done, total) => {
      progressShown = true;
      io.stderr.write(`\r${done}/${total} ${values.sequences ? "cells and sequences" : "cells"}`);
    };
  }
  if (values.output !== undefined) checkOutputFolder(values.output);
  const prefix = "fwcall coverage";
  const warn = (line: string) => io.stderr.write(`${prefix}: ${line}\n`);
  let report: CoverageReport;
  try {
    // Read here, not by runCoverage, so duplicate keys are warned about with where they are.
    const allowlistPath = writing ? undefined : (values.allowlist ?? (appDir !== undefined ? findAllowlist(appDir) : undefined));
    if (allowlistPath !== undefined) options.allowlist = parseAllowlist(readJsonFile(allowlistPath, "the allowlist", warn, (message) => new AllowlistError(message)), allowlistPath);
    if (values.responses !== undefined) {
      const responses = readJsonFile(values.responses, "the responses file", warn);
      if (typeof responses !== "object" || responses === null || Array.isArray(responses)) throw new FdkAppError(`the responses file ${values.responses} must hold a JSON object: template name → answer`);
      options.responses = responses as Record<string, unknown>;
    }
    if (values.iparams !== undefined) {
      const iparams = readJsonFile(values.iparams, "the iparams file", warn);
      if (typeof iparams !== "object" || iparams === null || Array.isArray(iparams)) throw new FdkAppError(`the iparams file ${values.iparams} must hold a JSON object: iparam name → value, as config/iparams.json names them`);
      options.iparams = iparams as Record<string, unknown>;
    }
    if (values.module !== undefined) {
      const { timeoutMs: _t, loadTimeoutMs: _l, memoryMb: _m, iparams: _i, platform: _p, ...runOptions } = options;
      const module = await loadModuleFile(values.module, { ...options, name: values.module });
      try {
        report = await runCoverage(module, { ...runOptions, name: values.module });
      } finally {
        await module.close?.();
      }
    } else {
      report = await runCoverage(appDir!, options);
    }
  } catch (error) {
    if (progressShown) io.stderr.write("\r\u001b[K");
    if (error instanceof FdkAppError || error instanceof AllowlistError) {
      io.stderr.write(`${prefix}: ${error.message}\n`);
      return ExitCode.Unusable;
    }
    throw error;
  }
  if (progressShown) io.stderr.write("\r\u001b[K");

  if (writing) {
    const path = join(appDir!, ALLOWLIST_FILE);
    const allowlist = startingAllowlist(report);
    try {
      writeAllowlist(path, allowlist, { force: values.force === true });
    } catch (error) {
      if (error instanceof AllowlistError) {
        io.stderr.write(`${prefix}: ${error.message}\n`);
        return ExitCode.Unusable;
      }
      throw error;
    }
    io.stdout.write(`Wrote ${path}: ${count(allowlist.allow.length, "failing case")}, each with the reason "TODO: …" to replace with why it may fail.\n`);
    return ExitCode.Ok;
  }

  const color = (io.stdout as { isTTY?: boolean }).isTTY === true && !io.env?.NO_COLOR;
  const command = values.module !== undefined ? `fwcall coverage --module ${values.module}` : `fwcall coverage ${appDir}`;
  const terminal = () => formatTerminal(report, { color, verbose: values.verbose === true, command });
  if (values.output !== undefined) {
    const text = format === "terminal" ? formatTerminal(report, { color: false, verbose: true }) : FORMATTERS[format](report);
    try {
      writeFileSync(values.output, text);
    } catch (error) {
      io.stderr.write(`${prefix}: cannot write ${values.output}: ${describeFsError(error)}\n`);
      return ExitCode.Unusable;
    }
    io.stdout.write(terminal());
    io.stdout.write(`Report (${format}) written to ${values.output}\n`);
  } else {
    io.stdout.write(format === "terminal" ? terminal() : FORMATTERS[format](report));
  }
  return report.ok ? ExitCode.Ok : ExitCode.Invalid;
}
