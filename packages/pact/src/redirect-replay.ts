// Replays an HTTP interaction that expects a redirect (a 3xx) against the provider, without
// following it. The official verifier cannot: pact-core 19 always follows redirects (pact_ffi has
// pactffi_verifier_set_follow_redirects, the Node binding does not expose it), so it would fetch
// the Location, often a host off loopback, and judge that page instead of the redirect. Around the
// request the replay does what pact-js's verifier proxy does: beforeEach, each provider state's
// setup with its parameters, the request filter and the custom headers, then each state's teardown
// and afterEach. Only the provider is contacted; the Location is read, never requested.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpInteraction } from "./http-interaction.js";
import { responseProblems } from "./response-check.js";
import type { InteractionResult } from "./verification.js";
import type { HttpVerificationOptions, StateHandler } from "./verify-http.js";

/** The options of verifyHttpPact a replay uses. */
export type ReplayOptions = Pick<HttpVerificationOptions, "providerBaseUrl" | "stateHandlers" | "requestFilter" | "beforeEach" | "afterEach" | "customProviderHeaders" | "timeoutMs">;

/** How a replayed interaction fared, and why it failed. */
export interface Replay {
  result: InteractionResult;
  problems: string[];
}

/** pact-core's own default per-request timeout. */
const DEFAULT_TIMEOUT_MS = 30_000;

// fetch (undici) refuses these or computes them itself; the verifier's HTTP client sets its own too.
const UNSENDABLE = new Set(["host", "connection", "keep-alive", "transfer-encoding", "upgrade", "expect", "content-length"]);

const messageOf = (error: unknown) => (error instanceof Error ? (error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message) : String(error));

/** The request filter's response: the replay has none to give, and says so when the filter reaches for it. */
const NO_RESPONSE = new Proxy(
  {},
  {
    get: (_target, key) => {
      throw new Error(`fwcall's redirect replay gives the request filter no response object (it used response.${String(key)})`);
    },
  },
) as ServerResponse;

/** A state handler's setup or teardown (a bare function is a setup), as pact-js reads it. */
function phaseOf(handler: StateHandler | undefined, phase: "setup" | "teardown"): ((params?: unknown) => Promise<unknown>) | undefined {
  if (handler === undefined) return undefined;
  if (typeof handler === "function") return phase === "setup" ? handler : undefined;
  return handler[phase];
}

/** Runs the request filter over a stand-in request; resolves once it calls next(). */
function applyFilter(filter: NonNullable<ReplayOptions["requestFilter"]>, request: { method: string; url: string; headers: Record<string, string | string[] | undefined> }, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the request filter did not call next() within ${timeoutMs} ms`)), timeoutMs);
    const next = (error?: unknown) => {
      clearTimeout(timer);
      if (error === undefined || error === null) resolve();
      else reject(new Error(`the request filter failed: ${messageOf(error)}`));
    };
    try {
      filter(request as IncomingMessage, NO_RESPONSE, next);
    } catch (error) {
      clearTimeout(timer);
      reject(new Error(`the request filter threw: ${messageOf(error)}`));
    }
  });
}

/** Sends the interaction's request (custom headers added, the filter applied) and reads the answer, without following a redirect. */
async function send(interaction: HttpInteraction, options: ReplayOptions, timeoutMs: number): Promise<{ status: number; headers: Headers; body: string }> {
  const { request } = interaction;
  const query = new URLSearchParams(request.query).toString();
  const headers: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of request.headers) headers[name.toLowerCase()] = value;
  for (const [name, value] of Object.entries(options.customProviderHeaders ?? {})) headers[name.toLowerCase()] = value;
  // Node's shape of a request (lower-case header names, url = path and query), as the filter knows it from pact-js's proxy.
  const filtered = { method: request.method, url: `${request.path}${query === "" ? "" : `?${query}`}`, headers };
  if (options.requestFilter) await applyFilter(options.requestFilter, filtered, timeoutMs);
  const base = new URL(options.providerBaseUrl);
  // As pact-js's proxy does, a path in providerBaseUrl prefixes the interaction's.
  const url = new URL(`${base.pathname.replace(/\/$/, "")}${filtered.url}`, base.origin);
  const sent = new Headers();
  for (const [name, value] of Object.entries(filtered.headers)) {
    if (value === undefined || UNSENDABLE.has(name)) continue;
    sent.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const method = filtered.method.toUpperCase();
  if (request.body !== undefined && (method === "GET" || method === "HEAD")) throw new Error(`the pact's ${method} request has a body, which fetch cannot send`);
  const response = await fetch(url, { method, headers: sent, body: request.body ?? null, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/**
 * Replays one interaction against the provider without following a redirect, and checks the
 * answer: status, headers (with regex, type and equality rules) and a JSON body. A state handler,
 * hook or request filter that fails is a problem of the interaction, and the request is not sent.
 * @example (await replayRedirect(readHttpInteraction(raw, read), { providerBaseUrl: "http://127.0.0.1:4010" })).problems // ["expected 302 but was 200"]
 */
export async function replayRedirect(interaction: HttpInteraction, options: ReplayOptions): Promise<Replay> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const problems: string[] = [];
  /** Runs a step; a failure becomes a problem. Resolves with whether it succeeded. */
  const step = async (what: string, run: () => Promise<unknown>): Promise<boolean> => {
    try {
      await run();
      return true;
    } catch (error) {
      problems.push(`${what}: ${messageOf(error)}`);
      return false;
    }
  };
  const setUp: typeof interaction.providerStates = [];
  let ready = options.beforeEach ? await step("error executing 'beforeEach' hook", options.beforeEach) : true;
  for (const state of interaction.providerStates) {
    if (!ready) break;
    const setup = phaseOf(options.stateHandlers?.[state.name], "setup");
    ready = setup ? await step(`Error executing state handler for state '${state.name}' on 'setup'`, () => setup(state.params)) : true;
    if (ready) setUp.push(state);
  }
  if (ready) {
    await step("the replayed request failed", async () => {
      problems.push(...responseProblems(interaction.response, await send(interaction, options, timeoutMs)));
    });
  }
  for (const state of setUp) {
    const teardown = phaseOf(options.stateHandlers?.[state.name], "teardown");
    if (teardown) await step(`Error executing state handler for state '${state.name}' on 'teardown'`, () => teardown(state.params));
  }
  if (options.afterEach) await step("error executing 'afterEach' hook", options.afterEach);
  return { result: { description: interaction.description, ok: problems.length === 0, durationMs: performance.now() - started, replayed: true }, problems };
}
