// `fwcall coverage <app-dir>` / `fwcall coverage --module <file>`: runs a consumer's handlers over
// every case of the call-event space and reports the status × direction matrix.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  AllowlistError,
  FdkAppError,
  formatHtml,
  formatJson,
  formatJunit,
  formatTerminal,
  runCoverage,
  type CoverageOptions,
  type CoverageReport,
  type Handler,
  type HandlerModule,
} from "@fwcall/coverage";
import { HELP_OPTION, UsageError, oneOf, parseCommandArgs, wholeNumber } from "../args.js";
import { describeFsError } from "../fs-error.js";
import { ExitCode, type Io } from "../io.js";

/** One line for the list of commands. */
export const COVERAGE_SUMMARY = "run an app's handlers over every case and report which ones it handles";

const FORMATS = ["terminal", "json", "junit", "html"] as const;
type Format = (typeof FORMATS)[number];

export const COVERAGE_HELP = `Usage: fwcall coverage <app-dir> [options]
       fwcall coverage --module <file> [options]

Runs an app's onCallCreate / onCallUpdate handlers over every case of the call-event space
(event × direction × call status × update kind) and reports, per case, whether the app handled
it, ignored it on purpose (it returned or rendered { outcome: "ignored", reason }), fell through
(a matcher's unknown branch for a documented status, or no effect at all), threw, or ran past
the time limit. Cases that cannot happen, and events the app does not subscribe to, are N/A.

<app-dir> is a Freshworks app (manifest.json, server/server.js, config/requests.json, platform
2.x or 3.0), run unmodified in a sandbox with fakes of $request, $db, $schedule and renderData.
--module <file> is a JavaScript module exporting onCallCreate and/or onCallUpdate, run in-process.

Options:
  --format <f>         terminal (default), json, junit or html
  --output <file>      write the report there; the terminal report still goes to stdout
  --allowlist <file>   cases that may fail, each with a reason (default:
                       <app-dir>/fwcall-coverage.allow.json when present):
                       { "allow": [ { "case": "update/outgoing/unknown/extra-leg", "reason": "…" } ] }
  --sequences          also run call lifecycles: every path of up to 5 states, $db kept along each
  --replay             with --sequences: also deliver each with duplicates, out of order, without its create
  --seed <n>           seed of the payloads (default 1)
  --timeout <ms>       limit of one handler run (default 20000, the FDK's)
  --responses <file>   JSON: request template name → scripted answer (a body, or
                       { "status": 429, "response": … }); default { status: 200, response: "{}" }
  --platform <p>       envelope for --module: 2.x or 3.0 (default 3.0); an app gets its manifest's
  -h, --help           show this help

iparams are never printed: payloads carry {} and every text an app logs or throws is redacted.

Exit codes: 0 every case handled, ignored or allowed; 1 a case unhandled, threw or timed out
outside the allowlist; 2 unusable app, module, allowlist or command line.
`;



/** Reads a JSON file, or says why not. */
function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new FdkAppError(`cannot read ${what} ${path}: ${describeFsError(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FdkAppError(`${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The handlers of a module file (ESM or CommonJS). */
async function importModule(file: string): Promise<HandlerModule> {
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ERR_MODULE_NOT_FOUND" && String((error as Error).message).includes(resolve(file))) throw new FdkAppError(`module not found: ${file}`);
    throw new FdkAppError(`cannot load the module ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const pick = (name: "onCallCreate" | "onCallUpdate") => {
    const direct = loaded[name];
    const viaDefault = (loaded.default as Record<string, unknown> | undefined)?.[name];
    return typeof direct === "function" ? direct : typeof viaDefault === "function" ? viaDefault : undefined;
  };
  const module: HandlerModule = {};
  const create = pick("onCallCreate");
  const update = pick("onCallUpdate");
  if (create) module.onCallCreate = create as Handler;
  if (update) module.onCallUpdate = update as Handler;
  if (!create && !update) throw new FdkAppError(`the module ${file} exports neither onCallCreate nor onCallUpdate`);
  return module;
}

const FORMATTERS: Record<Exclude<Format, "terminal">, (report: CoverageReport) => string> = { json: formatJson, junit: formatJunit, html: formatHtml };

/** Runs `fwcall coverage …`. */
export async function coverageCommand(args: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs({
    args: [...args],
    options: {
      ...HELP_OPTION,
      module: { type: "string" },
      format: { type: "string" },
      output: { type: "string" },
      allowlist: { type: "string" },
      sequences: { type: "boolean" },
      replay: { type: "boolean" },
      seed: { type: "string" },
      timeout: { type: "string" },
      responses: { type: "string" },
      platform: { type: "string" },
    },
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
  const timeoutMs = wholeNumber("--timeout", values.timeout, 1);

  const stderrTty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  let progressShown = false;
  const options: CoverageOptions = {};
  if (seed !== undefined) options.seed = seed;
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  if (values.sequences) options.sequences = true;
  if (values.replay) options.replay = true;
  if (platform !== undefined) options.platform = platform;
  if (stderrTty) {
    options.onProgress = (done, total) => {
      progressShown = true;
      io.stderr.write(`\r${done}/${total} ${values.sequences ? "cells and sequences" : "cells"}`);
    };
  }
  const prefix = "fwcall coverage";
  let report: CoverageReport;
  try {
    if (values.allowlist !== undefined) options.allowlist = values.allowlist;
    if (values.responses !== undefined) {
      const responses = readJsonFile(values.responses, "the responses file");
      if (typeof responses !== "object" || responses === null || Array.isArray(responses)) throw new FdkAppError(`the responses file ${values.responses} must hold a JSON object: template name → answer`);
      options.responses = responses as Record<string, unknown>;
    }
    if (values.module !== undefined) {
      options.name = values.module;
      report = await runCoverage(await importModule(values.module), options);
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

  const color = (io.stdout as { isTTY?: boolean }).isTTY === true && !io.env?.NO_COLOR;
  const terminal = () => formatTerminal(report, { color });
  if (values.output !== undefined) {
    const text = format === "terminal" ? formatTerminal(report, { color: false }) : FORMATTERS[format](report);
    try {
      mkdirSync(dirname(resolve(values.output)), { recursive: true });
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
