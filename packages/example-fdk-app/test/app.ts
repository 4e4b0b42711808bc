// The example app as its tests load it: through @fwcall/coverage's FDK sandbox (the same loader
// `fwcall coverage` uses, in its worker thread), with what a test needs gathered across
// invocations: every request (its body parsed), every renderData, every log line, and $db.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";
import { loadFdkApp, type FdkApp, type Invocation } from "@fwcall/coverage";
import type { CallEventName } from "@fwcall/types";

export const APP_DIR = fileURLToPath(new URL("..", import.meta.url));
export const SERVER_JS = join(APP_DIR, "server", "server.js");

/** The workspace's @fwcall/types source as one CommonJS file (made by `pnpm generate`), for the sandbox's `modules` option: no build needed. */
export const MODULES = { "@fwcall/types": join(APP_DIR, "test", "generated", "fwcall-types.cjs") };

const loaded: FdkApp[] = [];
afterEach(async () => {
  await Promise.all(loaded.splice(0).map((app) => app.close?.()));
});

/** Installation parameters as a test installs the app. */
const IPARAMS = { freshdesk_domain: "acme.freshdesk.com", freshdesk_api_key: "TEST-KEY" };

interface RecordedRequest {
  template: string;
  context: Record<string, unknown>;
  body: Record<string, unknown>;
}

/** A scripted answer of Freshdesk: a body, or `{ status ≥ 400, response }` that rejects. */
type Answer = unknown;

export interface TestAppOptions {
  /** Answer of each request (default: createTicket a new ticket id from 9001, addNote a private note). */
  respond?: (template: string, request: RecordedRequest) => Answer;
  iparams?: Record<string, string>;
}

/** The app loaded in the sandbox, with everything its invocations did so far. */
export interface TestApp {
  sandbox: FdkApp;
  requests: RecordedRequest[];
  rendered: Array<{ error: unknown; data: unknown }>;
  logs: string[];
  /** $db as the last invocation left it. */
  db: Map<string, unknown>;
  /** Runs one event as the FDK delivers it; resolves to what the handler returned, rejects with what it threw. */
  invoke(payload: { event: string }): Promise<unknown>;
  /** Every invocation so far. */
  runs: Invocation[];
}

const asRequest = (template: string, options: unknown): RecordedRequest => {
  const { context, body } = (options ?? {}) as { context?: Record<string, unknown>; body?: string };
  return { template, context: context ?? {}, body: typeof body === "string" ? (JSON.parse(body) as Record<string, unknown>) : {} };
};

/**
 * Loads the example app in @fwcall/coverage's sandbox.
 * @example const app = await loadApp(); await app.invoke(buildCase("create/incoming/connecting"));
 */
export async function loadApp(options: TestAppOptions = {}): Promise<TestApp> {
  let nextTicket = 9001;
  const respond = options.respond ?? ((template: string) => (template === "createTicket" ? { id: nextTicket++ } : { id: 1, private: true }));
  const answer = (template: string) => (requestOptions: unknown) => respond(template, asRequest(template, requestOptions));
  const sandbox = await loadFdkApp(APP_DIR, {
    modules: MODULES,
    iparams: options.iparams ?? IPARAMS,
    responses: { createTicket: answer("createTicket"), addNote: answer("addNote") },
  });
  loaded.push(sandbox);
  const app: TestApp = {
    sandbox,
    requests: [],
    rendered: [],
    logs: [],
    db: new Map(),
    runs: [],
    async invoke(payload) {
      const run = await sandbox.invoke(payload.event as CallEventName, payload);
      app.runs.push(run);
      app.requests.push(...run.requests.map((r) => asRequest(r.template, r.options)));
      if (run.rendered) app.rendered.push(run.rendered);
      app.logs.push(...run.logs);
      app.db = new Map(Object.entries(run.dbAfter ?? {}));
      if (run.error !== null) throw new Error(run.error);
      if (run.timedOut || run.crashed) throw new Error(`the handler did not finish: ${run.crashed ?? "timed out"}`);
      return run.returned;
    },
  };
  return app;
}
