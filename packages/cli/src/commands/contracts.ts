// `fwcall contracts <subcommand>`: Pact contracts. `check` holds pact files against fwcall's
// schemas; `verify` (contracts-verify.ts) verifies them as their provider; `publish` and
// `can-i-deploy` (broker.ts) drive the Pact CLI against a Pact Broker.
import { readFile, stat } from "node:fs/promises";
import {
  checkPact,
  checkPactAgainstProvider,
  formatFinding,
  MAX_DOCUMENT_BYTES,
  NotAPactError,
  prepareProvider,
  ProviderDocumentError,
  readProviderDocument,
  type PactCheck,
  type PactFinding,
  type PreparedProvider,
  PACT_FILE_WORDS,
  readPactJson,
} from "@fwcall/pact/check";
import { duplicateKeyProblems, type Problem } from "@fwcall/validate";
import { describeFileType, readJsonStream, type InputProblem } from "@fwcall/validate/json-file";
import { HELP_OPTION, UsageError, optionsHelp, parseCommandArgs, type OptionDeclarations } from "../args.js";
import { printable } from "../printable.js";
import { resolveInputs, type Source } from "../inputs.js";
import { ExitCode, type Io } from "../io.js";
import { count } from "../messages.js";
import { PACT_READ_OPTIONS } from "../pact-files.js";
import { inputProblemLines, problemLine } from "../report.js";

/** The options of `fwcall contracts check`: what it parses and what its help lists. */
export const CHECK_OPTIONS = {
  provider: {
    type: "string",
    value: "<doc>",
    help: ["check against a provider document instead of fwcall's schemas: an OpenAPI 3", "or AsyncAPI 2/3 document, JSON or YAML (bi-directional contract testing)"],
  },
  json: { type: "boolean", help: "print one JSON report on stdout (per-file results and findings)" },
  ...HELP_OPTION,
} as const satisfies OptionDeclarations;

export const CONTRACTS_CHECK_HELP = `Usage: fwcall contracts check [options] <pact.json|dir|->...

Checks Pact files (V2, V3 or V4, any consumer's, not only fwcall's) against the fwcall schemas.
Each message body is matched to onCallCreate or onCallUpdate (by its event field, metadata,
description or shape), each response of the Freshcaller REST API to its resource (/api/v1/calls:
CallListResponse; /calls/{id}: CallResponse, or RestCall when bare; an error status: ApiError).
Then, for each body:
  - the example must be valid (lenient profile: what Freshworks sends; drift is a warning);
  - every field the consumer expects must exist in the schema (error);
  - every matching rule must be readable (error: one that is not is never dropped silently);
  - every matcher must fit the schema: an integer matcher where the schema says string, a
    regex that no allowed value matches (errors); a regex admitting only some of the allowed
    values, a decimal or a fixed date-time format that rejects values the schema allows, a type
    the docs do not promise (warnings).
A body no schema describes, and one that is not JSON, is a warning: it is not checked.
A key written twice in one object is a warning with its line and column: the last one counts,
for JSON.parse and the Pact verifier alike (the check has no strict mode: what the schemas only
document is already a warning, what they forbid an error).
Regexes run with RE2 (linear time): one using what RE2 lacks (lookahead, lookbehind,
backreferences), and one too large to run, is not checked (a warning).
A directory stands for every *.json file under it; - reads one pact file from standard input.

With --provider <doc>, each pact is checked against a provider document instead, as
bi-directional contract testing does (every expectation must be promised by the document):
  - an HTTP interaction's request must name an operation of an OpenAPI document: a documented
    path (behind a server's base path) and method, path and query parameters it declares and
    whose schemas accept the values, its required parameters and credentials (security scheme;
    a request without them may expect only a 401 or 403); an undeclared request header warns;
  - the response status must be documented for that operation (or 2XX, default), every response
    header the consumer expects documented, and the body's content type among the response's;
  - a message must map to a message of an AsyncAPI document, by a name, title, key or channel
    in its description, provider states or metadata, else by the call event it carries;
  - each body is then held to the response or payload schema as above: the example validated
    (required fields left out: a consumer shows what it reads), every field declared, every
    matcher fitting; where the document names a lenient payload (x-fwcall-lenient-payload),
    what only the documented payload refuses is a warning.
Only references inside the document (#/...) are followed; a document with an external,
dangling or cyclic reference, or one that is too large (over ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB), nested too deeply or
neither JSON nor YAML, is unusable (exit 2).

Options:
${optionsHelp(CHECK_OPTIONS)}

Output: one line per finding, then a summary:
  contracts/app.json: error "update/incoming/missed/status-change" contents $.data.call.direction: the regex ^(in)$ matches none of the values the schema allows ("incoming", "outgoing") [regex:no-value]
  2 files (134 interactions): 1 passed, 1 failed, 1 error, 14 warnings

Exit codes:
  0  no errors (warnings allowed)
  1  at least one error
  2  something could not be used: a missing path, an unreadable or empty file, invalid JSON
     (with its line and column), a JSON document that is not a pact file fwcall reads (no
     interactions or messages array, a specification version other than 1 to 4, an HTTP status
     that is no status number), an unusable provider document, or a bad command line
`;

/** One file's outcome. */
export interface ContractFileResult {
  file: string;
  /** passed: no errors; failed: errors; unusable: the file could not be read as a pact file. */
  status: "passed" | "failed" | "unusable";
  consumer: string | null;
  provider: string | null;
  specification: string | null;
  interactions: number;
  checkedBodies: number;
  findings: PactFinding[];
  /**
   * Keys written twice in one object of the file, with their line and column (rule
   * `json:duplicate-key`): warnings, as the last one counts for JSON.parse and the Pact verifier alike.
   */
  duplicateKeys: Problem[];
  error: InputProblem | null;
}

/** Counts over every file. */
export interface ContractsSummary {
  files: number;
  passed: number;
  failed: number;
  unusable: number;
  interactions: number;
  errors: number;
  warnings: number;
}

/** What `fwcall contracts check --json` prints. */
export interface ContractsJsonReport {
  exitCode: ExitCode;
  /** The provider document the pacts were checked against (--provider), or null for fwcall's schemas. */
  provider: { file: string; kind: "openapi" | "asyncapi"; version: string } | null;
  summary: ContractsSummary;
  files: Array<Omit<ContractFileResult, "error"> & { error: { message: string; line: number | null; column: number | null } | null }>;
}

const unusable = (file: string, error: InputProblem): ContractFileResult => ({
  file,
  status: "unusable",
  consumer: null,
  provider: null,
  specification: null,
  interactions: 0,
  checkedBodies: 0,
  findings: [],
  duplicateKeys: [],
  error,
});

const problem = (message: string): InputProblem => ({ message, line: null, column: null, excerpt: [] });

async function checkOne(source: Source, io: Io, provider: PreparedProvider | undefined): Promise<ContractFileResult> {
  const input =
    source.kind === "stdin" ? await readJsonStream(io.stdin, { words: { ...PACT_FILE_WORDS, ...PACT_READ_OPTIONS.words } }) : await readPactJson(source.path, PACT_READ_OPTIONS);
  if (!input.ok) return unusable(source.name, input.problem);
  let result: PactCheck;
  try {
    result = provider ? checkPactAgainstProvider(input.value, provider) : checkPact(input.value);
  } catch (error) {
    if (error instanceof NotAPactError) return unusable(source.name, problem(error.message));
    if (error instanceof RangeError) return unusable(source.name, problem("nested too deeply to check: the checker ran out of stack"));
    throw error;
  }
  return {
    file: source.name,
    status: result.ok ? "passed" : "failed",
    consumer: result.consumer ?? null,
    provider: result.provider ?? null,
    specification: result.specification,
    interactions: result.interactions,
    checkedBodies: result.checkedBodies,
    findings: result.findings,
    duplicateKeys: duplicateKeyProblems(input.duplicateKeys, "lenient"),
    error: null,
  };
}

function summarize(results: readonly ContractFileResult[]): ContractsSummary {
  const summary: ContractsSummary = { files: results.length, passed: 0, failed: 0, unusable: 0, interactions: 0, errors: 0, warnings: 0 };
  for (const result of results) {
    summary[result.status]++;
    summary.interactions += result.interactions;
    for (const finding of [...result.findings, ...result.duplicateKeys]) summary[finding.severity === "error" ? "errors" : "warnings"]++;
  }
  return summary;
}

/**
 * The last line of a text run.
 * @example summaryLine(summary) // "2 files (134 interactions): 1 passed, 1 failed, 1 error, 14 warnings"
 */
function summaryLine(s: ContractsSummary): string {
  const unusableCount = s.unusable > 0 ? `, ${s.unusable} unusable` : "";
  return `${count(s.files, "file")} (${count(s.interactions, "interaction")}): ${s.passed} passed, ${s.failed} failed${unusableCount}, ${count(s.errors, "error")}, ${count(s.warnings, "warning")}`;
}

/** The provider document of --provider, ready for checks, or why it cannot be used. */
async function loadProvider(file: string): Promise<PreparedProvider | string> {
  let text: string;
  try {
    const info = await stat(file);
    // A FIFO or device is refused, not read: reading one waits for a writer or never ends.
    if (!info.isFile()) return `it is ${describeFileType(info)}, not an OpenAPI or AsyncAPI document`;
    // Refused before it is read: a huge file is not loaded into memory.
    if (info.size > MAX_DOCUMENT_BYTES) return `it is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB, more than fwcall reads as an API description`;
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? "no such file" : `it cannot be read (${code ?? (error as Error).message})`;
  }
  try {
    return await prepareProvider(await readProviderDocument(text, file));
  } catch (error) {
    if (error instanceof ProviderDocumentError) return error.message;
    throw error;
  }
}

/** Runs `fwcall contracts check`. */
async function checkCommand(args: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs({
    args: [...args],
    options: CHECK_OPTIONS,
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout.write(CONTRACTS_CHECK_HELP);
    return ExitCode.Ok;
  }
  if (positionals.length === 0) throw new UsageError("nothing to check: name a pact file, a directory, or - for standard input");
  const { sources, errors } = await resolveInputs(positionals);
  if (errors.length > 0) {
    for (const error of errors) io.stderr.write(`fwcall contracts check: ${error}\n`);
    return ExitCode.Unusable;
  }
  let provider: PreparedProvider | undefined;
  if (values.provider !== undefined) {
    const loaded = await loadProvider(values.provider);
    if (typeof loaded === "string") {
      io.stderr.write(`${printable(`fwcall contracts check: --provider ${values.provider}: ${loaded}`)}\n`);
      return ExitCode.Unusable;
    }
    provider = loaded;
  }
  if (io.stdin.isTTY && sources.some((s) => s.kind === "stdin")) io.stderr.write("fwcall contracts check: reading a pact file from standard input (end it with Ctrl-D)\n");

  const results: ContractFileResult[] = [];
  for (const source of sources) {
    const result = await checkOne(source, io, provider);
    results.push(result);
    if (result.error) io.stderr.write(`${inputProblemLines(result.file, result.error).join("\n")}\n`);
    if (!values.json) {
      for (const duplicate of result.duplicateKeys) io.stdout.write(`${printable(problemLine(result.file, duplicate))}\n`);
      for (const finding of result.findings) io.stdout.write(`${printable(`${result.file}: ${formatFinding(finding)}`)}\n`);
    }
  }
  const summary = summarize(results);
  const exitCode = summary.unusable > 0 ? ExitCode.Unusable : summary.errors > 0 ? ExitCode.Invalid : ExitCode.Ok;
  if (values.json) {
    const report: ContractsJsonReport = {
      exitCode,
      provider: provider && values.provider !== undefined ? { file: values.provider, kind: provider.doc.kind, version: provider.doc.version } : null,
      summary,
      files: results.map(({ error, ...result }) => ({ ...result, error: error === null ? null : { message: error.message, line: error.line, column: error.column } })),
    };
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stdout.write(`${summaryLine(summary)}\n`);
  }
  return exitCode;
}

/** The subcommands of `fwcall contracts`, by name. */
const SUBCOMMANDS: Record<string, { summary: string; run: (args: readonly string[], io: Io) => Promise<ExitCode> }> = {
  check: { summary: "check pact files against the call-event and REST schemas", run: checkCommand },
  // Verification loads the Pact verifier and the mock server, and the broker commands the Pact CLI: each only when run.
  verify: { summary: "verify pact files as the provider (fixture catalog, mock server or a URL)", run: async (args, io) => (await import("./contracts-verify.js")).contractsVerify(args, io) },
  publish: { summary: "publish pact files to a Pact Broker (PACT_BROKER_BASE_URL)", run: async (args, io) => (await import("./broker.js")).contractsPublish(args, io) },
  "can-i-deploy": { summary: "ask the Pact Broker whether versions can be deployed", run: async (args, io) => (await import("./broker.js")).contractsCanIDeploy(args, io) },
};

export const CONTRACTS_HELP = `Usage: fwcall contracts <subcommand> [options]

Pact contracts between consumers and Freshworks' call events and REST API.

Subcommands:
${Object.entries(SUBCOMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(14)}${summary}`)
  .join("\n")}

Run 'fwcall contracts <subcommand> --help' for its options.
`;

/**
 * Runs `fwcall contracts …` with the arguments after the command name.
 * @example await contractsCommand(["check", "contracts"], io) // 0, 1 or 2
 */
export async function contractsCommand(args: readonly string[], io: Io): Promise<ExitCode> {
  const [sub, ...rest] = args;
  if (sub === "-h" || sub === "--help") {
    io.stdout.write(CONTRACTS_HELP);
    return ExitCode.Ok;
  }
  const names = Object.keys(SUBCOMMANDS).join(", ");
  if (sub === undefined) throw new UsageError(`missing a subcommand (subcommands: ${names})`);
  const subcommand = Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
  if (!subcommand) throw new UsageError(sub.startsWith("-") ? `expected a subcommand before '${sub}' (subcommands: ${names})` : `unknown subcommand '${sub}' (subcommands: ${names})`);
  return subcommand.run(rest, io);
}
