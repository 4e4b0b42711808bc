// A small stand-in for the FDK's serverless sandbox, for unit tests of server/server.js: the file
// is evaluated as a script in a node:vm context (as the FDK does, so the bare `exports = {…}`
// assignment is what defines the handlers), with fakes of $db, $request, renderData and console.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import * as types from "@fwcall/types";

export const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const SERVER_JS = join(APP_DIR, "server", "server.js");
/** The workspace's @fwcall/types source as one CommonJS file (made by `pnpm generate`), for the sandbox's `modules` option: no build needed. */
export const MODULES = { "@fwcall/types": join(APP_DIR, "test", "generated", "fwcall-types.cjs") };

export interface RecordedRequest {
  template: string;
  context: Record<string, unknown>;
  body: Record<string, unknown>;
}

export interface FakeOptions {
  /** Answer of a template: a body (sent as a JSON string, as the FDK does) or a rejection. */
  respond?: (template: string, request: RecordedRequest) => { body: unknown } | { reject: unknown };
  iparams?: Record<string, string>;
}

type Handler = (payload: unknown) => Promise<unknown>;

/** A loaded app: its handlers and everything they did, shared across invocations. */
export interface FakeApp {
  handlers: Record<string, Handler>;
  db: Map<string, unknown>;
  requests: RecordedRequest[];
  rendered: Array<{ error: unknown; data: unknown }>;
  logs: string[];
  /** Runs one event the way the FDK does: the payload gets iparams and the 3.0 envelope. */
  invoke(payload: { event: string }): Promise<unknown>;
}

const clone = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

/** Evaluates server.js (or `source`, for an edited copy) in a fresh sandbox. */
export function loadApp(options: FakeOptions = {}, source = readFileSync(SERVER_JS, "utf8")): FakeApp {
  const db = new Map<string, unknown>();
  const requests: RecordedRequest[] = [];
  const rendered: FakeApp["rendered"] = [];
  const logs: string[] = [];
  let nextTicket = 9001;
  const respond = options.respond ?? ((template) => ({ body: template === "createTicket" ? { id: nextTicket++ } : { id: 1, private: true } }));
  const notFound = () => Promise.reject({ status: 404, message: "Record not found" });
  const $db = {
    get: (key: string) => (db.has(key) ? Promise.resolve(clone(db.get(key))) : notFound()),
    set: (key: string, value: unknown, opts?: { setIf?: string }) => {
      if (opts?.setIf === "not_exist" && db.has(key)) return Promise.reject({ status: 400, message: "The setIf conditional request failed" });
      if (opts?.setIf === "exist" && !db.has(key)) return Promise.reject({ status: 400, message: "The setIf conditional request failed" });
      db.set(key, clone(value));
      return Promise.resolve({ Created: true });
    },
    update: (key: string, action: string, attributes: Record<string, unknown[]>) => {
      if (!db.has(key)) return notFound();
      const record = db.get(key) as Record<string, unknown>;
      if (action !== "append") return Promise.reject({ status: 400, message: `unsupported action ${action}` });
      for (const [attr, values] of Object.entries(attributes)) record[attr] = [...((record[attr] as unknown[]) ?? []), ...clone(values)];
      return Promise.resolve({ Updated: true });
    },
    delete: (key: string) => (db.delete(key) ? Promise.resolve({ Deleted: true }) : notFound()),
  };
  const $request = {
    invokeTemplate: (template: string, opts: { context?: Record<string, unknown>; body?: string }) => {
      const request = { template, context: clone(opts.context ?? {}), body: opts.body === undefined ? {} : JSON.parse(opts.body) };
      requests.push(request);
      const answer = respond(template, request);
      if ("reject" in answer) return Promise.reject(answer.reject);
      return Promise.resolve({ status: 200, headers: {}, response: JSON.stringify(answer.body) });
    },
  };
  const log = (level: string) => (...args: unknown[]) => logs.push(`${level}: ${args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ")}`);
  const context = vm.createContext({
    require: (name: string) => {
      if (name === "@fwcall/types") return types;
      throw new Error(`the sandbox has no module ${name}`);
    },
    console: { log: log("log"), info: log("info"), warn: log("warn"), error: log("error") },
    renderData: (error: unknown, data?: unknown) => rendered.push({ error: error ?? null, data: data ?? null }),
    $db,
    $request,
    exports: undefined,
  });
  vm.runInContext(source, context, { filename: SERVER_JS });
  const handlers = context.exports as Record<string, Handler>;
  const manifest = JSON.parse(readFileSync(join(APP_DIR, "manifest.json"), "utf8"));
  const handlerOf = manifest.modules.call.events as Record<string, { handler: string }>;
  return {
    handlers,
    db,
    requests,
    rendered,
    logs,
    invoke(payload) {
      const name = handlerOf[payload.event]?.handler;
      if (!name || typeof handlers[name] !== "function") throw new Error(`no handler for ${payload.event}`);
      const full = {
        ...clone(payload),
        currentHost: { subscribed_modules: ["call"], endpoint_urls: { freshcaller: "https://acme.freshcaller.com" } },
        iparams: options.iparams ?? { freshdesk_domain: "acme.freshdesk.com", freshdesk_api_key: "TEST-KEY" },
        app_settings: {},
      };
      return handlers[name](full);
    },
  };
}
