// Verification of whole pact files, each by the kind of its interactions: asynchronous messages
// against the fixture catalog, HTTP against a running provider (a URL, or a mock server started
// for the run). Every file is sorted by kind before anything is verified, so unusable input
// verifies nothing; each file then runs in a child process by default (verify-runner.ts), so the
// Pact verifier's own report stays off the caller's stdout. Nothing here loads pact-js: the
// verifiers are imported by the job that runs them.
import { inputProblemLines } from "@fwcall/validate/json-file";
import type { PactDocument } from "./pact-file.js";
import { duplicateKeyWarnings, readPactFile, type PactReadOptions } from "./read-pact-file.js";
import { unreachable } from "./reachability.js";
import type { VerifyJob, VerifyOutcome } from "./verify-job.js";
import { canIsolate, inChildProcess, inThisProcess, type ChildOutput } from "./verify-runner.js";
import { errorMessage } from "./error-message.js";

/** The kinds of pact verified, each against its own provider. */
export type PactKind = VerifyJob["kind"];

/** A pact document to verify: the name it is reported by, where it is, and the document read from it. */
export interface PactFileToPlan {
  file: string;
  path: string;
  pact: PactDocument;
}

/** A pact file that can be verified as a whole. */
export interface PlannedPact {
  /** The name it is reported by. */
  file: string;
  path: string;
  consumer: string | null;
  provider: string;
  kind: PactKind;
  interactionCount: number;
}

/** Who played the provider for a file. */
export interface ProviderUsed {
  /** fixture-catalog: message pacts; mock-server: the one `mockServer` started for the run; url: `providerUrl`. */
  kind: "fixture-catalog" | "mock-server" | "url";
  /** Where the HTTP provider listened; null for the fixture catalog. */
  url: string | null;
}

/** How one interaction fared. */
export interface InteractionVerdict {
  description: string;
  ok: boolean;
  /** A redirect fwcall replayed itself instead of the Pact verifier, which would follow it. */
  replayed: boolean;
  durationMs: number | null;
  /** The verifier's problems, one line each; empty when it passed. */
  problems: string[];
}

/** One file's outcome. */
export interface VerifiedFile {
  file: string;
  consumer: string | null;
  provider: string;
  kind: PactKind;
  providerUsed: ProviderUsed;
  /** passed: every interaction; failed: at least one unmet; error: the verifier could not run (see `error`). */
  status: "passed" | "failed" | "error";
  /** How many interactions the file holds. */
  interactionCount: number;
  interactions: InteractionVerdict[];
  error: string | null;
}

/** Counts over every file; passed, failed and notVerified count interactions. */
export interface VerifySummary {
  files: number;
  interactions: number;
  passed: number;
  failed: number;
  /** Interactions of files the verifier could not run. */
  notVerified: number;
}

/** A provider started for the run, stopped once every file is verified. */
export interface RunningProvider {
  url: string;
  close(): Promise<void>;
}

/** Options of verifyPlannedPacts and verifyPactFiles. */
export interface VerifyPactsOptions extends ChildOutput {
  /** The HTTP provider to verify HTTP pacts against, e.g. http://127.0.0.1:4010; it must accept connections before anything is verified. */
  providerUrl?: string | undefined;
  /** Starts a provider for HTTP pacts when no `providerUrl` is given (e.g. @fwcall/msw/server's startMockServer); closed afterwards. */
  mockServer?: (() => Promise<RunningProvider>) | undefined;
  /** The header each HTTP interaction's provider state is sent in (a mock server picks its scenario by it); none when not given. */
  scenarioHeader?: string | undefined;
  /**
   * Run each file in a child process, keeping the Pact verifier's report off this process's stdout
   * (default: true when @fwcall/pact runs as built JavaScript; its TypeScript source has no child entry).
   */
  isolate?: boolean | undefined;
  /** Called before a file is verified, with the provider it is verified against. */
  onFileStart?: ((file: PlannedPact, provider: ProviderUsed) => void) | undefined;
  /** Called once a file is verified (or could not be). */
  onFileDone?: ((file: VerifiedFile) => void) | undefined;
}

/** What verifyPactFiles came to: a PactsVerification, and the files' warnings (keys written twice: the last one counts, for the verifier too), one line each, named. */
export type PactFilesVerification = PactsVerification & { warnings: string[] };

/** What a verification of pact files came to. */
export type PactsVerification =
  /** The files were verified: passed (every interaction), failed (one unmet) or error (a file the verifier could not run). */
  | { verified: true; status: "passed" | "failed" | "error"; summary: VerifySummary; files: VerifiedFile[] }
  /** Nothing was verified: files that cannot be verified as a whole, one line each, named. */
  | { verified: false; reason: "refused"; problems: string[] }
  /** Nothing was verified: nothing accepts connections at `providerUrl`. */
  | { verified: false; reason: "unreachable"; providerUrl: string; why: string }
  /** Nothing was verified: `mockServer` threw. */
  | { verified: false; reason: "mock-server"; message: string };

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** The kind to verify a pact as, or why it cannot be verified as a whole. */
function kindOf(pact: PactDocument): PactKind | { problem: string } {
  const held = (kind: PactDocument["interactions"][number]["kind"]) => pact.interactions.filter((i) => i.kind === kind).length;
  const messages = held("Asynchronous/Messages");
  const http = held("Synchronous/HTTP");
  const synchronous = held("Synchronous/Messages");
  if (pact.interactions.length === 0) return { problem: "it holds no interactions: nothing to verify" };
  if (synchronous > 0) {
    return {
      problem: `it holds ${count(synchronous, "synchronous message interaction")}, which fwcall cannot verify (it verifies asynchronous messages against the fixture catalog and HTTP interactions against an HTTP provider)`,
    };
  }
  // The two kinds have different providers here (the fixture catalog, an HTTP server): one run of
  // the verifier cannot serve both, and a half-verified file would read as a pass.
  if (messages > 0 && http > 0) {
    return { problem: `it mixes ${count(messages, "asynchronous message")} and ${count(http, "HTTP interaction")}, which fwcall verifies against different providers: split it into one pact per kind` };
  }
  return messages > 0 ? "messages" : "http";
}

/**
 * A pact document sorted by kind for verification, or the one line (`<file>: cannot verify this
 * pact: …`) that says why it cannot be verified as a whole: no interactions, synchronous messages,
 * messages and HTTP mixed, or no provider named.
 * @example planPactFile({ file: "app.json", path: "contracts/app.json", pact: readPact(json) }) // { ok: true, planned: { kind: "messages", … } }
 */
export function planPactFile(entry: PactFileToPlan): { ok: true; planned: PlannedPact } | { ok: false; problem: string } {
  const kind = kindOf(entry.pact);
  if (typeof kind !== "string") return { ok: false, problem: `${entry.file}: cannot verify this pact: ${kind.problem}` };
  if (!entry.pact.provider) return { ok: false, problem: `${entry.file}: cannot verify this pact: it names no provider, and the verifier reports by provider` };
  const { file, path, pact } = entry;
  return { ok: true, planned: { file, path, consumer: pact.consumer ?? null, provider: entry.pact.provider, kind, interactionCount: pact.interactions.length } };
}

/** The verdicts of a verified file, in the verifier's order, problems under the unmet ones. */
function verdictsOf(outcome: Extract<VerifyOutcome, { status: "verified" }>): InteractionVerdict[] {
  const problems = new Map<string, string[]>();
  for (const failure of outcome.failures) problems.set(failure.interaction, [...(problems.get(failure.interaction) ?? []), ...failure.problems]);
  const verdicts = outcome.results.map((result) => ({
    description: result.description,
    ok: result.ok,
    replayed: result.replayed === true,
    durationMs: result.durationMs ?? null,
    problems: result.ok ? [] : (problems.get(result.description) ?? []),
  }));
  // An unmet interaction the verifier reported no result for still counts, and shows.
  for (const failure of outcome.failures) {
    if (!verdicts.some((v) => v.description === failure.interaction)) {
      verdicts.push({ description: failure.interaction, ok: false, replayed: failure.replayed === true, durationMs: null, problems: [...failure.problems] });
    }
  }
  return verdicts;
}

function summarize(files: readonly VerifiedFile[]): VerifySummary {
  const summary: VerifySummary = { files: files.length, interactions: 0, passed: 0, failed: 0, notVerified: 0 };
  for (const file of files) {
    summary.interactions += file.interactionCount;
    if (file.status === "error") summary.notVerified += file.interactionCount;
    for (const verdict of file.interactions) summary[verdict.ok ? "passed" : "failed"]++;
  }
  return summary;
}

/** An http(s) URL without a trailing slash (the verifier joins each interaction's path to it, which would double it), or a TypeError. */
function httpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`providerUrl '${value}' is not a URL (e.g. http://127.0.0.1:8080)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError(`providerUrl '${value}' must be an http or https URL`);
  return value.replace(/\/+$/, "");
}

/** A header name as HTTP allows it (a token), or a TypeError: Node would throw it mid-verification. */
function headerName(value: string): string {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value)) throw new TypeError(`scenarioHeader '${value}' is not a header name`);
  return value;
}

/**
 * Verifies planned pact files (planPactFile's), one after the other: message pacts against the
 * fixture catalog, HTTP pacts against `providerUrl`, or else a provider `mockServer` starts for the
 * run and that is closed afterwards, also on failure. `providerUrl` is probed first: when nothing
 * accepts connections there, nothing is verified. Unmet interactions are a `failed` status, a
 * file the verifier could not run an `error`; neither throws.
 * @example const run = await verifyPlannedPacts([planned], { providerUrl: "http://127.0.0.1:4010", scenarioHeader: "X-Fwcall-Scenario" }); if (run.verified) run.summary.failed
 */
export async function verifyPlannedPacts(planned: readonly PlannedPact[], options: VerifyPactsOptions = {}): Promise<PactsVerification> {
  const isolate = options.isolate ?? canIsolate;
  if (isolate && !canIsolate) throw new Error("isolate: true needs the built @fwcall/pact (dist/verify-child.js): from its TypeScript source, verify with isolate: false");
  const providerUrl = options.providerUrl === undefined ? undefined : httpUrl(options.providerUrl);
  const scenarioHeader = options.scenarioHeader === undefined ? null : headerName(options.scenarioHeader);
  const http = planned.filter((f) => f.kind === "http");
  if (http.length > 0 && providerUrl === undefined && options.mockServer === undefined) {
    return { verified: false, reason: "refused", problems: http.map((f) => `${f.file}: cannot verify this pact: it is an HTTP pact, and no provider was given (providerUrl or mockServer)`) };
  }
  if (providerUrl !== undefined && http.length > 0) {
    const why = await unreachable(providerUrl);
    if (why !== undefined) return { verified: false, reason: "unreachable", providerUrl, why };
  }
  let mock: RunningProvider | undefined;
  if (http.length > 0 && providerUrl === undefined) {
    try {
      mock = await options.mockServer!();
    } catch (error) {
      return { verified: false, reason: "mock-server", message: errorMessage(error) };
    }
  }
  const run = isolate ? (job: VerifyJob) => inChildProcess(job, options) : inThisProcess;
  const files: VerifiedFile[] = [];
  try {
    for (const f of planned) {
      const used: ProviderUsed = f.kind === "messages" ? { kind: "fixture-catalog", url: null } : mock ? { kind: "mock-server", url: mock.url } : { kind: "url", url: providerUrl ?? null };
      options.onFileStart?.(f, used);
      const job: VerifyJob = f.kind === "messages" ? { kind: "messages", file: f.path } : { kind: "http", file: f.path, providerUrl: used.url!, scenarioHeader };
      const outcome = await run(job);
      const interactions = outcome.status === "verified" ? verdictsOf(outcome) : [];
      const status = outcome.status === "error" ? "error" : outcome.failures.length > 0 || interactions.some((v) => !v.ok) ? "failed" : "passed";
      const error = outcome.status === "error" ? outcome.message : null;
      const result: VerifiedFile = { file: f.file, consumer: f.consumer, provider: f.provider, kind: f.kind, providerUsed: used, status, interactionCount: f.interactionCount, interactions, error };
      files.push(result);
      options.onFileDone?.(result);
    }
  } finally {
    await mock?.close();
  }
  const status = files.some((r) => r.status === "error") ? "error" : files.some((r) => r.status === "failed") ? "failed" : "passed";
  return { verified: true, status, summary: summarize(files), files };
}

/** Pact files read and sorted by kind: the plan, every reason a file cannot be verified (named, located), and warnings. */
export interface PactFilesPlan {
  planned: PlannedPact[];
  problems: string[];
  warnings: string[];
}

/**
 * Reads every file and sorts it for verification (planPactFile); a file is named by its path, or by `name` when given as `{ path, name }`.
 * @example const { planned, problems, warnings } = await planPactFiles(["contracts/app-api.json"]);
 */
export async function planPactFiles(files: ReadonlyArray<string | { path: string; name: string }>, options: PactReadOptions = {}): Promise<PactFilesPlan> {
  const plan: PactFilesPlan = { planned: [], problems: [], warnings: [] };
  for (const entry of files) {
    const path = typeof entry === "string" ? entry : entry.path;
    const file = typeof entry === "string" ? entry : entry.name;
    const read = await readPactFile(path, options);
    if (!read.ok) {
      plan.problems.push(...inputProblemLines(file, read.problem));
      continue;
    }
    plan.warnings.push(...duplicateKeyWarnings(file, read.duplicateKeys));
    const sorted = planPactFile({ file, path, pact: read.pact });
    if (sorted.ok) plan.planned.push(sorted.planned);
    else plan.problems.push(sorted.problem);
  }
  return plan;
}

/**
 * Verifies pact files as their provider, each by the kind of its interactions (see
 * verifyPlannedPacts). Every file is read (readPactFile) and sorted first: when any cannot be read or verified as
 * a whole (invalid JSON, at its line and column, not a pact, no interactions, synchronous messages, messages and HTTP
 * mixed, no provider), nothing is verified and every reason comes back; keys written twice come back as `warnings`. A file is named in
 * reports by its path, or by `name` when given as `{ path, name }` (as withBrokerPacts' files are).
 * @example
 * const run = await verifyPactFiles(["contracts/fwcall-example-fdk-app-freshworks-call-events.json"]);
 * if (!run.verified || run.status !== "passed") process.exitCode = 1;
 * @example
 * // HTTP pacts against a mock server started for the run, the provider state in a header
 * await verifyPactFiles(["contracts/board-api.json"], { mockServer: () => startMockServer({ port: 0 }), scenarioHeader: "X-Fwcall-Scenario" });
 */
export async function verifyPactFiles(files: ReadonlyArray<string | { path: string; name: string }>, options: VerifyPactsOptions = {}): Promise<PactFilesVerification> {
  // A lone path is a common slip from JavaScript callers: iterating it would name one "file" per character.
  if (!Array.isArray(files)) throw new TypeError(`verifyPactFiles: files must be an array of pact file paths, got ${typeof files === "string" ? "a string (wrap it: [path])" : String(files)}`);
  const { planned, problems, warnings } = await planPactFiles(files);
  if (files.length === 0) problems.push("nothing to verify: no pact file was given");
  if (problems.length > 0) return { verified: false, reason: "refused", problems, warnings };
  return { ...(await verifyPlannedPacts(planned, options)), warnings };
}
