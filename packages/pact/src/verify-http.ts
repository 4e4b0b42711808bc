// HTTP verification of a running provider (the mock server) with the official Pact verifier, with
// the hooks a provider needs to put itself into each interaction's provider state. Interactions
// that expect a redirect are replayed by fwcall instead (the verifier would follow them), and both
// halves are reported as one verification.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { VerifierOptions } from "@pact-foundation/pact";
import { replayRedirect, type Replay } from "./redirect-replay.js";
import { splitRedirects, type StateRefusal } from "./redirect-split.js";
import {
  failedVerification,
  miscountedVerification,
  providerOf,
  readPactFiles,
  verifierOutcome,
  type ReadPactFile,
  type VerificationFailure,
  type VerificationReport,
  type VerifierOutcome,
} from "./verification.js";

/** Puts the provider into one provider state (and out of it); gets the state's parameters. */
export type StateHandler =
  | ((params?: unknown) => Promise<unknown>)
  | { setup?: (params?: unknown) => Promise<unknown>; teardown?: (params?: unknown) => Promise<unknown> };

/** State handlers by provider state name. */
export type StateHandlers = Record<string, StateHandler>;

/**
 * Middleware every request to the provider passes through (the verifier's proxy is Express). For a
 * replayed redirect it gets a stand-in: `request` is only `{ method, url, headers }` (url the path
 * and query, header names lower-case; changes to all three are sent), `response` cannot be used,
 * and state-change calls do not pass through it.
 */
export type RequestFilter = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

/** Options of verifyHttpPact. */
export interface HttpVerificationOptions {
  pactFiles: readonly string[];
  /** Where the provider listens, e.g. http://127.0.0.1:4010. */
  providerBaseUrl: string;
  /** Set-up (and tear-down) of each provider state, by state name; gets the state's parameters. */
  stateHandlers?: StateHandlers;
  /** Middleware every request to the provider passes through (add headers, rewrite); a replayed redirect's is a stand-in, see RequestFilter. */
  requestFilter?: RequestFilter;
  beforeEach?: () => Promise<unknown>;
  afterEach?: () => Promise<unknown>;
  /** Headers added to every request, e.g. { "X-Api-Auth": "test-key" }. */
  customProviderHeaders?: Record<string, string>;
  /**
   * Why the provider cannot be put into a provider state (providerStateHeader's: a state that
   * cannot travel as a header); an interaction with such a state fails with that reason, unsent.
   */
  refuseState?: StateRefusal;
  /** Per-request timeout of the verifier and of a replayed redirect, in milliseconds (pact-core's default: 30 000). */
  timeoutMs?: number;
  logLevel?: "trace" | "debug" | "info" | "warn" | "error";
}

/** pact-js's Verifier options for the files the official verifier gets. */
function verifierOptions(options: HttpVerificationOptions, provider: string, files: readonly ReadPactFile[]): VerifierOptions {
  const verifier: VerifierOptions = { provider, providerBaseUrl: options.providerBaseUrl, pactUrls: files.map((f) => f.file), logLevel: options.logLevel ?? "error" };
  // pact-js types these as the intersection of its HTTP and message handler types: ours are the HTTP ones.
  if (options.stateHandlers) verifier.stateHandlers = options.stateHandlers as unknown as NonNullable<VerifierOptions["stateHandlers"]>;
  if (options.requestFilter) verifier.requestFilter = options.requestFilter as unknown as NonNullable<VerifierOptions["requestFilter"]>;
  if (options.beforeEach) verifier.beforeEach = options.beforeEach;
  if (options.afterEach) verifier.afterEach = options.afterEach;
  if (options.customProviderHeaders) verifier.customProviderHeaders = options.customProviderHeaders;
  if (options.timeoutMs !== undefined) verifier.timeout = options.timeoutMs;
  return verifier;
}

/**
 * Verifies HTTP pacts against a running provider. Resolves with one result per interaction;
 * rejects with a PactVerificationError naming every unmet interaction.
 *
 * Interactions that expect a redirect (a 3xx status) are not given to the official verifier, which
 * always follows redirects (pact-core 19 cannot turn that off) and so would request the Location,
 * often a host off loopback, and judge that page. fwcall replays them against `providerBaseUrl`
 * without following (state handlers with their parameters, beforeEach/afterEach, the request
 * filter on a stand-in request, the custom headers) and checks status, headers (regex, type and
 * equality rules; any other matcher fails, naming it) and a JSON body (type and equality rules).
 * Their results carry `replayed: true` and follow the verifier's; the pact files are copied without
 * them to a temp folder, removed afterwards. Without any other interaction the verifier does not run.
 * An interaction with a provider state `refuseState` turns down (providerStateHeader's: one that
 * cannot travel as a header, such as a name with a CR or LF) is not sent: it fails with the reason.
 * @example await verifyHttpPact({ pactFiles: ["contracts/call-board-freshcaller-api.json"], providerBaseUrl: "http://127.0.0.1:4010" })
 * @example (await verifyHttpPact({ pactFiles, providerBaseUrl })).interactions.filter((r) => r.replayed) // the redirects fwcall checked
 */
export async function verifyHttpPact(options: HttpVerificationOptions): Promise<VerificationReport> {
  const pacts = readPactFiles(options.pactFiles);
  const provider = providerOf(pacts);
  const started = performance.now();
  const split = splitRedirects(pacts, options.refuseState);
  try {
    const verified: VerifierOutcome =
      split.verified.length > 0 ? await verifierOutcome(verifierOptions(options, provider, split.verified), split.verified) : { ok: true, results: [], failures: [], durationMs: 0 };
    // One after the other, after the verifier: state handlers and filters often share one "current state".
    const replays: Replay[] = [];
    for (const interaction of split.redirects) replays.push(await replayRedirect(interaction, options));
    const results = [...verified.results, ...replays.map((r) => r.result), ...split.refused.map((r) => ({ description: r.interaction, ok: false, durationMs: 0 }))];
    const failures: VerificationFailure[] = [
      ...verified.failures,
      ...replays.filter((r) => r.problems.length > 0).map((r) => ({ interaction: r.result.description, problems: r.problems, replayed: true })),
      ...split.refused,
    ];
    if (!verified.ok || failures.length > 0) throw failedVerification(provider, failures, results);
    const held = split.verified.reduce((sum, { pact }) => sum + pact.interactions.length, 0);
    if (verified.results.length !== held) throw miscountedVerification(verified.results.length, held, results);
    return { provider, interactions: results, durationMs: performance.now() - started };
  } finally {
    split.cleanup();
  }
}

/** What providerStateHeader returns: pass all three to verifyHttpPact. */
export interface StateHeaderHooks {
  stateHandlers: StateHandlers;
  requestFilter: RequestFilter;
  /** Refuses a state whose header value HTTP cannot carry (a CR or LF, other control characters, beyond Latin-1). */
  refuseState: StateRefusal;
}

/** What an HTTP header value may hold (Node's rule): tabs, visible ASCII, spaces and Latin-1 bytes. */
const NOT_IN_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/u;

const CHARACTER_NAMES: Record<string, string> = { "\r": "a carriage return", "\n": "a line feed", "\u0000": "a NUL character", "\u007f": "a DEL character" };

/** The longest state header value sent: Node's HTTP servers refuse a request whose headers pass 16 KB in all. */
const MAX_HEADER_VALUE = 8_192;

/** Why a value cannot be a header's (`holds …` or `is … long`), or undefined when it can. */
function headerValueProblem(value: string): string | undefined {
  if (value.length > MAX_HEADER_VALUE) return `is ${value.length.toLocaleString("en-US")} characters long, over the ${MAX_HEADER_VALUE.toLocaleString("en-US")} fwcall sends in a header (a server refuses a request whose headers pass 16 KB)`;
  const at = value.search(NOT_IN_HEADER_VALUE);
  if (at === -1) return undefined;
  const char = String.fromCodePoint(value.codePointAt(at)!);
  const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  const name = CHARACTER_NAMES[char] ?? (char < " " ? "a control character" : `the character ${JSON.stringify(char)}`);
  return `holds ${name} (${code}) at character ${at + 1}, and a header value holds only visible characters, spaces and tabs`;
}

/**
 * Hooks that send each interaction's provider state to the provider as a request header, so a
 * mock server can pick the scenario a state names (`valueFor` maps a state to the header's value;
 * by default the state's name). Interactions without a state get no header.
 * @example await verifyHttpPact({ pactFiles, providerBaseUrl, ...providerStateHeader(pactFiles, { header: "X-Fwcall-Scenario" }) })
 */
export function providerStateHeader(
  pactFiles: readonly string[],
  options: { header: string; valueFor?: (state: string, params: unknown) => string },
): StateHeaderHooks {
  const header = options.header.toLowerCase();
  const valueFor = options.valueFor ?? ((state: string) => state);
  let current: string | undefined;
  // Without a prototype, a state named "__proto__" or "constructor" is a state like any other.
  const stateHandlers: StateHandlers = Object.create(null) as StateHandlers;
  const states = new Set(readPactFiles(pactFiles).flatMap(({ pact }) => pact.interactions.flatMap((i) => i.providerStates)));
  for (const state of states) {
    stateHandlers[state] = {
      setup: async (params) => {
        current = valueFor(state, params);
        return undefined;
      },
      teardown: async () => {
        current = undefined;
        return undefined;
      },
    };
  }
  const requestFilter: RequestFilter = (request, _response, next) => {
    if (current === undefined) delete request.headers[header];
    else request.headers[header] = current;
    next();
  };
  // Sent as it stands, such a value makes the verifier's proxy throw mid-request (a 500 page with a stack trace).
  const refuseState: StateRefusal = ({ name, params }) => {
    const value = valueFor(name, params);
    const problem = headerValueProblem(value);
    if (problem === undefined) return undefined;
    const what = value === name ? "it" : `its header value ${JSON.stringify(value.length > 60 ? `${value.slice(0, 59)}…` : value)}`;
    const shown = JSON.stringify(name.length > 60 ? `${name.slice(0, 59)}…` : name);
    return `the provider state ${shown} cannot be sent in the ${options.header} header: ${what} ${problem}`;
  };
  return { stateHandlers, requestFilter, refuseState };
}
