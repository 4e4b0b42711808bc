// HTTP verification of a running provider (the mock server) with the official Pact verifier, with
// the hooks a provider needs to put itself into each interaction's provider state.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { VerifierOptions } from "@pact-foundation/pact";
import { providerOf, readPactFiles, runVerifier, type VerificationReport } from "./verification.js";

/** Puts the provider into one provider state (and out of it); gets the state's parameters. */
export type StateHandler =
  | ((params?: unknown) => Promise<unknown>)
  | { setup?: (params?: unknown) => Promise<unknown>; teardown?: (params?: unknown) => Promise<unknown> };

/** State handlers by provider state name. */
export type StateHandlers = Record<string, StateHandler>;

/** Middleware every request to the provider passes through (the verifier's proxy is Express). */
export type RequestFilter = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

/** Options of verifyHttpPact. */
export interface HttpVerificationOptions {
  pactFiles: readonly string[];
  /** Where the provider listens, e.g. http://127.0.0.1:4010. */
  providerBaseUrl: string;
  /** Set-up (and tear-down) of each provider state, by state name; gets the state's parameters. */
  stateHandlers?: StateHandlers;
  /** Middleware every request to the provider passes through (add headers, rewrite). */
  requestFilter?: RequestFilter;
  beforeEach?: () => Promise<unknown>;
  afterEach?: () => Promise<unknown>;
  /** Headers added to every request, e.g. { "X-Api-Auth": "test-key" }. */
  customProviderHeaders?: Record<string, string>;
  /** Per-request timeout of the verifier, in milliseconds. */
  timeoutMs?: number;
  logLevel?: "trace" | "debug" | "info" | "warn" | "error";
}

/**
 * Verifies HTTP pacts against a running provider. Resolves with per-interaction results; rejects
 * with a PactVerificationError naming every unmet interaction.
 * @example await verifyHttpPact({ pactFiles: ["contracts/call-board-freshcaller-api.json"], providerBaseUrl: "http://127.0.0.1:4010" })
 */
export async function verifyHttpPact(options: HttpVerificationOptions): Promise<VerificationReport> {
  const pacts = readPactFiles(options.pactFiles);
  const provider = providerOf(pacts);
  const verifier: VerifierOptions = { provider, providerBaseUrl: options.providerBaseUrl, pactUrls: [...options.pactFiles], logLevel: options.logLevel ?? "error" };
  // pact-js types these as the intersection of its HTTP and message handler types: ours are the HTTP ones.
  if (options.stateHandlers) verifier.stateHandlers = options.stateHandlers as unknown as NonNullable<VerifierOptions["stateHandlers"]>;
  if (options.requestFilter) verifier.requestFilter = options.requestFilter as unknown as NonNullable<VerifierOptions["requestFilter"]>;
  if (options.beforeEach) verifier.beforeEach = options.beforeEach;
  if (options.afterEach) verifier.afterEach = options.afterEach;
  if (options.customProviderHeaders) verifier.customProviderHeaders = options.customProviderHeaders;
  if (options.timeoutMs !== undefined) verifier.timeout = options.timeoutMs;
  return runVerifier(verifier, pacts);
}

/** What providerStateHeader returns: pass both to verifyHttpPact. */
export interface StateHeaderHooks {
  stateHandlers: StateHandlers;
  requestFilter: RequestFilter;
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
  const stateHandlers: StateHandlers = {};
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
  return { stateHandlers, requestFilter };
}
