// `fwcall contracts verify`: provider verification of pact files from the command line. The
// verification is @fwcall/pact's (verifyPlannedPacts: by kind, each file in a child process that
// keeps the Pact verifier's own report off stdout; withBrokerPacts: the broker's latest pacts);
// this command reads the files (with located JSON problems), picks where they come from, and
// prints. Every file is read and sorted by kind before anything is verified, so unusable input
// verifies nothing. The mock server is loaded only when a run needs it.
import { SCENARIO_HEADER } from "@fwcall/msw/core";
import { PROVIDERS } from "@fwcall/pact/check";
import {
  planPactFiles,
  verifyPlannedPacts,
  withBrokerPacts,
  type BrokerPacts,
  type InteractionVerdict,
  type PactKind,
  type PlannedPact,
  type ProviderUsed,
  type VerifiedFile,
  type VerifySummary,
} from "@fwcall/pact/verify";
import { HELP_OPTION, UsageError, optionsHelp, parseCommandArgs, type OptionDeclarations } from "../args.js";
import { count } from "../messages.js";
import { printable } from "../printable.js";
import { ExitCode, type Io } from "../io.js";
import { brokerBaseUrl } from "../pact-broker-cli.js";
import { DEFAULT_CONTRACTS_DIR, PACT_READ_OPTIONS, pactFilesOf } from "../pact-files.js";

/** The providers whose pacts come from the broker when no --provider is given. */
const DEFAULT_PROVIDERS = [PROVIDERS.callEvents, PROVIDERS.restApi];

/** The options of `fwcall contracts verify`: what it parses and what its help lists. */
export const VERIFY_OPTIONS = {
  "provider-url": {
    type: "string",
    value: "<url>",
    help: ["the HTTP provider to verify (default: fwcall's mock server); it must", "accept connections before anything is verified"],
  },
  "scenario-header": {
    type: "string",
    value: "<name>",
    help: [`the header that carries each provider state (default ${SCENARIO_HEADER},`, "the one the mock server picks its scenario by)"],
  },
  local: { type: "boolean", help: `verify ./${DEFAULT_CONTRACTS_DIR}, even with a Pact Broker configured` },
  "broker-base-url": { type: "string", value: "<url>", help: "the Pact Broker (overrides PACT_BROKER_BASE_URL)" },
  provider: {
    type: "string",
    multiple: true,
    value: "<name>",
    help: ["a provider whose pacts to get from the broker (repeatable; default:", DEFAULT_PROVIDERS.join(" and ") + ")"],
  },
  consumer: { type: "string", value: "<name>", help: "only this consumer's pacts from the broker" },
  branch: { type: "string", value: "<b>", help: "the consumers' branch in the broker (default: their main branch)" },
  json: { type: "boolean", help: "print one JSON report on stdout (per file, per interaction)" },
  ...HELP_OPTION,
} as const satisfies OptionDeclarations;

export const CONTRACTS_VERIFY_HELP = `Usage: fwcall contracts verify [options] [<pact.json|dir>...]

Verifies pact files as their provider, with the official Pact verifier (default: every *.json
in ./${DEFAULT_CONTRACTS_DIR}, or, when a Pact Broker is configured, the broker's pacts: see below).
Each file by the kind of its interactions:
  - asynchronous messages: against fwcall's fixture catalog, which plays Freshworks; every
    description (and provider state) must be a case id, such as update/incoming/missed/recording;
  - HTTP: against --provider-url, or else fwcall's mock of the Freshcaller REST API, started on
    127.0.0.1 for the run; each provider state is sent as the --scenario-header header. A
    redirect (3xx) is replayed by fwcall without following it (the Pact verifier would follow).
A file mixing messages and HTTP, or holding synchronous messages, is refused: split it by kind.
A directory stands for every *.json file directly in it, in name order.

With no file named and a Pact Broker configured (PACT_BROKER_BASE_URL or --broker-base-url; auth
by PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD), the files are the latest
pacts of each --provider in the broker, downloaded by the official Pact CLI (pact-broker
get-pacts) into a temp directory removed afterwards. Files named on the command line are verified
instead, and the broker is not asked; --local reads ./${DEFAULT_CONTRACTS_DIR} even with a broker configured.

Options:
${optionsHelp(VERIFY_OPTIONS)}

Output: with no file named, first where the pacts came from ("pacts from the Pact Broker at
<url>: N files", or "pacts from ./${DEFAULT_CONTRACTS_DIR}: N files"); then per file a header, then one
line per interaction, a failure's problems under it:
  contracts/app.json: my-app → freshworks-call-events, 2 interactions (asynchronous messages), provider: fwcall's fixture catalog
    ✓ create/incoming/blocked
    ✗ update/incoming/missed/status-change
        $.data.call.direction: Expected 'incoming' (String) to be equal to 'outgoing' (String)
  1 file (2 interactions): 1 passed, 1 failed
The Pact verifier's own report is not shown: it runs in a child process whose output fwcall
drops (FWCALL_DEBUG=1 copies it to stderr).

Exit codes:
  0  every interaction passed
  1  at least one interaction failed
  2  something could not be used: a missing path, invalid JSON (with its line and column), a file
     that is not a pact or cannot be verified as a whole (see above), an interaction the fixture
     catalog cannot provide, a verifier that could not run, a Pact Broker that could not be
     reached or refused (with the Pact CLI's reason) or holds no pacts for the providers, or a
     bad command line
`;

const KIND_LABEL: Record<PactKind, string> = { messages: "asynchronous messages", http: "HTTP" };

/** Where the pact files came from. */
export type PactSource =
  /** The files named on the command line. */
  | { kind: "operands" }
  /** ./contracts: no file named, and no broker configured or --local. */
  | { kind: "contracts-dir"; dir: string }
  /** The Pact Broker's latest pacts, per provider (files: how many it held). */
  | { kind: "broker"; url: string; providers: Array<{ provider: string; files: number }> };

/** What `fwcall contracts verify --json` prints: @fwcall/pact's report, and where the files came from. */
export interface VerifyJsonReport {
  exitCode: ExitCode;
  source: PactSource;
  summary: VerifySummary;
  files: VerifiedFile[];
}

/** A pact file to read: where it is, and the name fwcall reports it by. */
interface PactFileRef {
  path: string;
  name: string;
}


/** An http(s) URL, or a UsageError. */
function providerUrlOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--provider-url '${value}' is not a URL (e.g. http://127.0.0.1:8080)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--provider-url '${value}' must be an http or https URL`);
  // The verifier joins each interaction's path to this: a trailing slash would double it.
  return value.replace(/\/+$/, "");
}

/** A header name as HTTP allows it (a token), or a UsageError. */
function headerNameOf(value: string | undefined): string {
  if (value === undefined) return SCENARIO_HEADER;
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value)) throw new UsageError(`--scenario-header '${value}' is not a header name`);
  return value;
}

function providerLabel(used: ProviderUsed): string {
  if (used.kind === "fixture-catalog") return "fwcall's fixture catalog";
  if (used.kind === "mock-server") return `fwcall's mock server at ${used.url} (started for this run)`;
  return `${used.url} (--provider-url)`;
}

/** The header line of a file in text output. */
const headerLine = (f: PlannedPact, used: ProviderUsed) =>
  printable(`${f.file}: ${f.consumer ?? "(unnamed consumer)"} → ${f.provider}, ${count(f.interactionCount, "interaction")} (${KIND_LABEL[f.kind]}), provider: ${providerLabel(used)}`);

/** A file's interaction lines in text output. */
const verdictLines = (verdicts: readonly InteractionVerdict[]) =>
  verdicts.flatMap((v) => [`  ${v.ok ? "✓" : "✗"} ${printable(v.description)}${v.replayed ? " (replayed)" : ""}`, ...v.problems.map((p) => `      ${printable(p)}`)]);

/**
 * The last line of a text run.
 * @example summaryLine(summary) // "2 files (140 interactions): 139 passed, 1 failed"
 */
function summaryLine(s: VerifySummary): string {
  return `${count(s.files, "file")} (${count(s.interactions, "interaction")}): ${s.passed} passed, ${s.failed} failed${s.notVerified > 0 ? `, ${s.notVerified} not verified` : ""}`;
}

/** fwcall's mock server, started on a free loopback port; loaded only when a run needs it. */
async function startMock(): Promise<{ url: string; close(): Promise<void> }> {
  const { startMockServer } = await import("@fwcall/msw/server");
  return startMockServer({ port: 0 });
}

/** What every source shares: how to verify and how to report. */
interface VerifySettings {
  json: boolean;
  providerUrl: string | undefined;
  scenarioHeader: string;
}

/** A line about the run that is not a result: on stdout in text, on stderr beside a JSON report. */
const note = (settings: VerifySettings, io: Io, line: string) => (settings.json ? io.stderr : io.stdout).write(`${line}\n`);

const NOTHING_VERIFIED = "fwcall contracts verify: nothing was verified";

/** Verifies the files, whatever their source, and reports them. */
async function verifyFiles(files: readonly PactFileRef[], source: PactSource, settings: VerifySettings, io: Io): Promise<ExitCode> {
  const { providerUrl, scenarioHeader } = settings;
  const { planned, problems, warnings } = await planPactFiles(files, PACT_READ_OPTIONS);
  if (warnings.length > 0) io.stderr.write(`${warnings.map(printable).join("\n")}\n`);
  if (problems.length > 0) {
    io.stderr.write(`${problems.map(printable).join("\n")}\n${NOTHING_VERIFIED}\n`);
    return ExitCode.Unusable;
  }
  if (providerUrl !== undefined && !planned.some((f) => f.kind === "http")) io.stderr.write("fwcall contracts verify: --provider-url is not used: none of the files is an HTTP pact\n");
  const env = { ...process.env, ...io.env };
  const run = await verifyPlannedPacts(planned, {
    providerUrl,
    mockServer: startMock,
    scenarioHeader,
    env: io.env,
    // The Pact verifier's own report: dropped, unless asked for while debugging.
    verifierOutput: env.FWCALL_DEBUG ? (chunk) => io.stderr.write(chunk) : undefined,
    stderr: (chunk) => io.stderr.write(chunk),
    onFileStart: (f, used) => {
      if (!settings.json) io.stdout.write(`${headerLine(f, used)}\n`);
    },
    onFileDone: ({ file, error, interactions }) => {
      if (error !== null) io.stderr.write(`${error.split("\n").map((line, i) => printable(i === 0 ? `fwcall contracts verify: ${file}: ${line}` : line)).join("\n")}\n`);
      if (!settings.json) {
        const lines = error === null ? verdictLines(interactions) : ["  not verified (the reason is on stderr)"];
        io.stdout.write(`${lines.join("\n")}\n`);
      }
    },
  });
  if (!run.verified) {
    // planPactFile's problems were printed above; a refusal here is the library's own (none expected from a plan).
    if (run.reason === "refused") io.stderr.write(`${run.problems.map(printable).join("\n")}\n${NOTHING_VERIFIED}\n`);
    else if (run.reason === "unreachable") io.stderr.write(`fwcall contracts verify: cannot reach the provider at ${run.providerUrl} (${run.why}); is it running?\n${NOTHING_VERIFIED}\n`);
    else io.stderr.write(`fwcall contracts verify: cannot start fwcall's mock server: ${run.message}\n`);
    return ExitCode.Unusable;
  }
  const exitCode = run.status === "error" ? ExitCode.Unusable : run.status === "failed" ? ExitCode.Invalid : ExitCode.Ok;
  if (settings.json) {
    const report: VerifyJsonReport = { exitCode, source, summary: run.summary, files: run.files };
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stdout.write(`${summaryLine(run.summary)}\n`);
  }
  return exitCode;
}

/** Verifies what the broker handed over, or says why there is nothing to verify. */
async function verifyBrokerPacts(pacts: BrokerPacts, url: string, settings: VerifySettings, io: Io): Promise<ExitCode> {
  if (!pacts.ok) {
    io.stderr.write(`fwcall contracts verify: cannot get the pacts for ${pacts.provider} from the Pact Broker at ${url}: ${pacts.reason}\n${NOTHING_VERIFIED}\n`);
    return ExitCode.Unusable;
  }
  const files = pacts.providers.flatMap((p) => p.files);
  const none = pacts.providers.filter((p) => p.files.length === 0).map((p) => `  ${p.provider}: no pacts in the broker${p.notFound === null ? "" : ` (${p.notFound})`}`);
  if (files.length === 0) {
    io.stderr.write(
      `${none.join("\n")}\nfwcall contracts verify: the Pact Broker at ${url} holds no pacts for ${pacts.providers.map((p) => p.provider).join(" or ")}: nothing to verify ` +
        `(publish them with 'fwcall contracts publish', or verify ./${DEFAULT_CONTRACTS_DIR} with --local)\n`,
    );
    return ExitCode.Unusable;
  }
  note(settings, io, `pacts from the Pact Broker at ${url}: ${count(files.length, "file")}`);
  for (const line of none) note(settings, io, line);
  const source: PactSource = { kind: "broker", url, providers: pacts.providers.map((p) => ({ provider: p.provider, files: p.files.length })) };
  return verifyFiles(files, source, settings, io);
}

/** The options that only matter when the pacts come from the broker. */
const BROKER_OPTIONS = ["broker-base-url", "provider", "consumer", "branch"] as const;

/** A name option's value, refused when empty. */
function nameOf(option: string, value: string | undefined): string | undefined {
  if (value === "") throw new UsageError(`--${option} must not be empty`);
  return value;
}

/**
 * Runs `fwcall contracts verify …`.
 * @example await contractsVerify(["contracts", "--json"], io) // 0, 1 or 2
 */
export async function contractsVerify(args: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs({
    args: [...args],
    options: VERIFY_OPTIONS,
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout.write(CONTRACTS_VERIFY_HELP);
    return ExitCode.Ok;
  }
  const settings: VerifySettings = { json: values.json === true, providerUrl: providerUrlOf(values["provider-url"]), scenarioHeader: headerNameOf(values["scenario-header"]) };
  const providers = (values.provider ?? [...DEFAULT_PROVIDERS]).map((p) => nameOf("provider", p)!);
  const consumer = nameOf("consumer", values.consumer);
  const branch = nameOf("branch", values.branch);
  const brokerOption = values["broker-base-url"];
  const env = io.env ?? process.env;
  const brokerConfigured = brokerOption !== undefined || Boolean(env.PACT_BROKER_BASE_URL);

  const unused = BROKER_OPTIONS.filter((option) => values[option] !== undefined).map((option) => `--${option}`);
  const notFromBroker = positionals.length > 0 ? "the files named are verified" : values.local ? "--local verifies ./" + DEFAULT_CONTRACTS_DIR : brokerConfigured ? null : "no Pact Broker is configured";
  if (notFromBroker === null) {
    const url = brokerBaseUrl("verify", brokerOption, env);
    return withBrokerPacts({ url, providers, consumer, branch, env: io.env }, (pacts) => verifyBrokerPacts(pacts, url, settings, io));
  }
  if (unused.length > 0) io.stderr.write(`fwcall contracts verify: ${unused.join(", ")} ${unused.length === 1 ? "is" : "are"} not used: ${notFromBroker}\n`);
  if (values.local && positionals.length > 0) io.stderr.write("fwcall contracts verify: --local is not used: the files named are verified\n");

  const files = pactFilesOf(positionals).map((path) => ({ path, name: path }));
  if (positionals.length > 0) return verifyFiles(files, { kind: "operands" }, settings, io);
  note(settings, io, `pacts from ./${DEFAULT_CONTRACTS_DIR}${values.local && brokerConfigured ? " (--local)" : ""}: ${count(files.length, "file")}`);
  return verifyFiles(files, { kind: "contracts-dir", dir: DEFAULT_CONTRACTS_DIR }, settings, io);
}
