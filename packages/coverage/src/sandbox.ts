// The FDK sandbox: loads an unmodified Freshworks serverless app (manifest.json, server/server.js,
// config/requests.json) and runs its event handlers the way the platform does. server.js runs as a
// script in a node:vm context whose globals are only the platform's: console, $request, $db,
// $schedule, renderData and require, and no timers. Its bare `exports = { … }` assignment is read
// from the context afterwards.
//
// Time limit: the context runs its microtasks itself (microtaskMode "afterEvaluate"), and every
// piece of the app's code, the handler call and each later turn of its promise jobs, runs inside
// vm's `timeout`. So a synchronous loop, an endless promise chain and a promise that never settles
// are all stopped at the limit.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, resolve } from "node:path";
import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import { formatWithOptions } from "node:util";
import vm from "node:vm";
import type { CallEventName } from "@fwcall/types";
import { recordingBranches, type Branch } from "./branches.js";
import { Platform, emptyRecording, type Realm, type ScriptedResponse } from "./fakes.js";
import { redactorFor, type Redactor } from "./redact.js";

/** The call events a coverage run drives. */
export const CALL_EVENTS: readonly CallEventName[] = ["onCallCreate", "onCallUpdate"];

/** The FDK's limit on one invocation. */
export const DEFAULT_TIMEOUT_MS = 20_000;

/** An app directory the sandbox cannot use: no manifest, a server.js that does not load, … */
export class FdkAppError extends Error {
  override name = "FdkAppError";
}

/** Options of loadFdkApp. */
export interface LoadOptions {
  /** Limit of one invocation (default 20 000 ms, the FDK's). */
  timeoutMs?: number;
  /** Template name → scripted answer: a body, `{ status, headers?, response? }` (status ≥ 400 rejects), or a function `(options, callNumber) => …`. Default: `{ status: 200, headers: {}, response: "{}" }`. */
  responses?: Record<string, ScriptedResponse>;
  /** The installation parameters every payload carries (default {}); never printed: every log line and error has their values redacted. */
  iparams?: Record<string, unknown>;
  /** Module name → module, answered by the app's `require` before the app's own node_modules (e.g. to give it the @fwcall/types your tests run on). */
  modules?: Record<string, unknown>;
}

/** Everything one invocation did. */
export interface Invocation {
  /** What the handler returned (or its promise resolved to). */
  returned: unknown;
  /** The first renderData call, null when there was none. */
  rendered: { error: unknown; data: unknown } | null;
  requests: Array<{ template: string; options: unknown }>;
  db: Array<{ op: "set" | "get" | "update" | "delete"; key: string }>;
  schedules: unknown[];
  /** Matcher branches taken (matchCallStatus and the other generated matchers). */
  branches: Array<{ enumName: string; branch: string; value: unknown }>;
  /** What the handler threw or rejected with ("TypeError: … (server/server.js:12)"), iparams redacted; null when nothing. */
  error: string | null;
  timedOut: boolean;
  /** Console output, "warn: …", iparams redacted. */
  logs: string[];
  durationMs: number;
}

/** A loaded app. */
export interface FdkApp {
  dir: string;
  platform: "2.x" | "3.0";
  /** The handler name manifest.json gives each event; undefined when the app does not subscribe to it. */
  handlers: Record<CallEventName, string | undefined>;
  /** The names of the functions server.js exports. */
  exported: string[];
  /** The template names of config/requests.json. */
  templates: string[];
  timeoutMs: number;
  /** Runs one event's handler with this payload (iparams from the load options are put in). */
  invoke(event: CallEventName, payload: unknown): Promise<Invocation>;
  /** Clears $db, the schedules and the recordings. */
  reset(): void;
  /** Removes the iparams values from a text (everything reports show passes through it). */
  redact(text: string): string;
}

interface Manifest {
  platform: "2.x" | "3.0";
  handlers: Record<CallEventName, string | undefined>;
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new FdkAppError(code === "ENOENT" ? `${what} not found: ${path}` : `cannot read ${what} (${path}): ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FdkAppError(`${what} is not valid JSON (${path}): ${(error as Error).message}`);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Platform and event handlers from manifest.json: 3.0 `modules.<module>.events`, 2.x `product.<product>.events`. */
export function readManifest(manifest: unknown, path = "manifest.json"): Manifest {
  if (!isRecord(manifest)) throw new FdkAppError(`${path} is not a JSON object`);
  const version = String(manifest["platform-version"] ?? "");
  const platform = version.startsWith("3") ? "3.0" : version.startsWith("2") ? "2.x" : undefined;
  if (!platform) throw new FdkAppError(`${path} has no usable "platform-version" (found ${JSON.stringify(manifest["platform-version"] ?? null)}; expected "2.x" or "3.0")`);
  const groups = platform === "3.0" ? manifest.modules : manifest.product;
  if (!isRecord(groups)) throw new FdkAppError(`${path} has no "${platform === "3.0" ? "modules" : "product"}" object`);
  // Platform 2.x: prefer the freshcaller product when several declare call events; 3.0: the call module.
  const preferred = platform === "3.0" ? "call" : "freshcaller";
  const ordered = Object.keys(groups).sort((a, b) => Number(b === preferred) - Number(a === preferred));
  const handlers: Record<CallEventName, string | undefined> = { onCallCreate: undefined, onCallUpdate: undefined };
  for (const event of CALL_EVENTS) {
    for (const group of ordered) {
      const events = (groups[group] as { events?: unknown } | undefined)?.events;
      const entry = isRecord(events) ? events[event] : undefined;
      if (entry === undefined) continue;
      const handler = isRecord(entry) ? entry.handler : undefined;
      if (typeof handler !== "string" || handler === "") throw new FdkAppError(`${path}: ${event} needs a "handler" name`);
      handlers[event] = handler;
      break;
    }
  }
  return { platform, handlers };
}

/** The first place in server.js an error's stack points at: "server/server.js:12". */
function whereInApp(stack: unknown, serverJs: string, appDir: string): string | undefined {
  if (typeof stack !== "string") return undefined;
  const escaped = serverJs.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`${escaped}:(\\d+)`).exec(stack);
  return match ? `${relative(appDir, serverJs)}:${match[1]}` : undefined;
}

/** An error (of any realm, or any thrown value) as one line. */
export function describeError(error: unknown): string {
  if (isRecord(error) || error instanceof Error) {
    const e = error as { name?: unknown; message?: unknown };
    if (typeof e.message === "string" && e.message !== "") {
      const name = typeof e.name === "string" && e.name !== "" ? e.name : "";
      if (name && isErrorLike(error)) return `${name}: ${e.message}`;
      const status = (error as { status?: unknown }).status;
      return typeof status === "number" ? `${e.message} (status ${status})` : e.message;
    }
    try {
      return JSON.stringify(error);
    } catch {
      return String(error);
    }
  }
  return typeof error === "string" ? error : String(error);
}

const isErrorLike = (error: unknown) => Object.prototype.toString.call(error) === "[object Error]";

const TIMEOUT_CODE = "ERR_SCRIPT_EXECUTION_TIMEOUT";
const isTimeout = (error: unknown) => (error as { code?: unknown } | null)?.code === TIMEOUT_CODE;

const INVOKE_KEY = "fwcall.coverage.invoke";
/**
 * Calls the handler through the hooks the runner left on the context's global, inside vm's
 * timeout. A promise it returns is followed from inside the context, so that when it settles
 * during the same turn (the common case: the fakes answer at once) the runner knows on return.
 */
const INVOKE = new vm.Script(
  `(() => {
    const hooks = globalThis[Symbol.for(${JSON.stringify(INVOKE_KEY)})];
    const value = hooks.call();
    const thenable = value !== null && (typeof value === "object" || typeof value === "function") && typeof value.then === "function";
    if (thenable) value.then((result) => hooks.settle(true, result), (reason) => hooks.settle(false, reason));
    return { thenable, value };
  })()`,
  { filename: "fwcall-coverage:invoke" },
);
/** Runs nothing: evaluating it makes the context run its queued promise jobs, inside vm's timeout. */
const DRAIN = new vm.Script("", { filename: "fwcall-coverage:drain" });
const REALM_HELPERS = new vm.Script(
  `({ resolve: (v) => Promise.resolve(v), reject: (e) => Promise.reject(e), follow: (p) => new Promise((ok, fail) => { p.then(ok, fail); }), parse: JSON.parse })`,
  { filename: "fwcall-coverage:realm" },
);

const compiled = new Map<string, { source: string; script: vm.Script }>();

/** server.js compiled once per path and source: loading an app again costs a context, not a compile. */
function compile(serverJs: string): vm.Script {
  let source: string;
  try {
    source = readFileSync(serverJs, "utf8");
  } catch {
    throw new FdkAppError(`server/server.js not found: ${serverJs}`);
  }
  const cached = compiled.get(serverJs);
  if (cached && cached.source === source) return cached.script;
  let script: vm.Script;
  try {
    script = new vm.Script(source, { filename: serverJs });
  } catch (error) {
    throw new FdkAppError(`server/server.js does not compile: ${describeError(error)}`);
  }
  compiled.set(serverJs, { source, script });
  return script;
}

interface Sandbox {
  context: vm.Context;
  exports: Record<string, unknown>;
  platform: Platform;
  realm: Realm;
}

/**
 * Loads an FDK app directory: reads manifest.json and config/requests.json, runs server/server.js
 * in a fresh sandbox.
 * @example const app = await loadFdkApp("packages/example-fdk-app"); const run = await app.invoke("onCallUpdate", buildCase("update/incoming/missed/status-change"));
 */
export async function loadFdkApp(appDir: string, options: LoadOptions = {}): Promise<FdkApp> {
  const dir = resolve(appDir);
  if (!existsSync(dir)) throw new FdkAppError(`app directory not found: ${appDir}`);
  const manifest = readManifest(readJson(join(dir, "manifest.json"), "manifest.json"), join(dir, "manifest.json"));
  const requestsPath = join(dir, "config", "requests.json");
  const requests = existsSync(requestsPath) ? readJson(requestsPath, "config/requests.json") : {};
  if (!isRecord(requests)) throw new FdkAppError(`config/requests.json is not a JSON object: ${requestsPath}`);
  const templates = Object.keys(requests);
  const serverJs = join(dir, "server", "server.js");
  const script = compile(serverJs);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new FdkAppError(`timeoutMs must be positive; found ${timeoutMs}`);
  const iparams = options.iparams;
  const redact: Redactor = redactorFor(iparams ?? {});
  const appRequire = createRequire(serverJs);
  const modules = options.modules ?? {};
  const sandboxRequire = (name: string) => (Object.hasOwn(modules, name) ? modules[name] : appRequire(name));

  // The console and renderData write into the current invocation.
  let logs: string[] = [];
  let rendered: Array<{ error: unknown; data: unknown }> = [];
  let activityOutside = 0;
  /** The load's iparams, and those of the payload being run when it brings others. */
  let activeRedact: Redactor = redact;
  const log = (level: string) => (...args: unknown[]) => {
    activityOutside++;
    logs.push(activeRedact(`${level}: ${formatWithOptions({ depth: 4, breakLength: Infinity }, ...args)}`));
  };
  const sandboxConsole = { log: log("log"), info: log("info"), warn: log("warn"), error: log("error"), debug: log("debug"), trace: log("trace") };
  const renderData = (error?: unknown, data?: unknown) => {
    activityOutside++;
    rendered.push({ error: error ?? null, data: data ?? null });
  };

  const build = (): Sandbox => {
    const context = vm.createContext(
      {
        console: sandboxConsole,
        require: sandboxRequire,
        renderData,
        Buffer,
        URL,
        URLSearchParams,
        TextEncoder,
        TextDecoder,
        atob,
        btoa,
      },
      { name: `fdk app ${relative(process.cwd(), dir) || dir}`, microtaskMode: "afterEvaluate", codeGeneration: { strings: true, wasm: false } },
    );
    const helpers = REALM_HELPERS.runInContext(context) as { resolve: Realm["resolve"]; reject: Realm["reject"]; follow: Realm["follow"]; parse: (text: string) => unknown };
    const realm: Realm = {
      resolve: helpers.resolve,
      reject: helpers.reject,
      follow: helpers.follow,
      clone: (value) => (value === undefined ? undefined : helpers.parse(JSON.stringify(value))),
    };
    const platform = new Platform(realm, new Set(templates), options.responses ?? {});
    Object.assign(context, { $request: platform.$request, $db: platform.$db, $schedule: platform.$schedule });
    try {
      script.runInContext(context, { timeout: timeoutMs });
    } catch (error) {
      throw new FdkAppError(isTimeout(error) ? `server/server.js did not finish loading within ${timeoutMs} ms` : `server/server.js failed to load: ${redact(describeError(error))}`);
    }
    const exported = (context as { exports?: unknown }).exports;
    if (!isRecord(exported)) throw new FdkAppError("server/server.js does not assign `exports = { … }` (the FDK reads the handlers from that bare assignment)");
    return { context, exports: exported, platform, realm };
  };

  let sandbox = build();
  const exportedNames = Object.keys(sandbox.exports).filter((name) => typeof sandbox.exports[name] === "function");
  const rebuild = () => {
    const store = sandbox.platform.store;
    const schedules = sandbox.platform.scheduleStore;
    sandbox = build();
    for (const [key, value] of store) sandbox.platform.store.set(key, value);
    for (const [key, value] of schedules) sandbox.platform.scheduleStore.set(key, value);
  };

  async function invoke(event: CallEventName, payload: unknown): Promise<Invocation> {
    const name = manifest.handlers[event];
    if (name === undefined) throw new FdkAppError(`the app does not subscribe to ${event}`);
    return recordingBranches(async (branches, listener) => {
      const { context, platform, realm } = sandbox;
      const handler = sandbox.exports[name];
      if (typeof handler !== "function") throw new FdkAppError(`manifest.json names ${name} as the ${event} handler, but server/server.js exports no function of that name`);
      logs = [];
      rendered = [];
      platform.recording = emptyRecording();
      // An app that inlines the matchers (no require) reports to its own global: listen there too.
      (context as Record<symbol, unknown>)[Symbol.for("fwcall.matchListener")] = listener;
      const full = isRecord(payload) ? { ...payload, iparams: iparams ?? payload.iparams ?? {} } : payload;
      const own = isRecord(full) && full.iparams !== iparams ? redactorFor(full.iparams) : undefined;
      activeRedact = own ? (text) => own(redact(text)) : redact;
      const realmPayload = realm.clone(full);
      const started = performance.now();
      const left = () => timeoutMs - (performance.now() - started);
      let returned: unknown;
      let error: string | null = null;
      let timedOut = false;
      let settled = false;
      const describe = (thrown: unknown) => {
        const where = whereInApp((thrown as { stack?: unknown } | null)?.stack, serverJs, dir);
        return activeRedact(`${describeError(thrown)}${where ? ` (${where})` : ""}`);
      };
      const exportsObject = sandbox.exports;
      (context as Record<symbol, unknown>)[Symbol.for(INVOKE_KEY)] = {
        call: () => (handler as (this: unknown, payload: unknown) => unknown).call(exportsObject, realmPayload),
        settle: (fulfilled: boolean, value: unknown) => {
          settled = true;
          if (fulfilled) returned = value;
          else error = describe(value);
        },
      };
      let thenable = false;
      try {
        const result = INVOKE.runInContext(context, { timeout: timeoutMs }) as { thenable: boolean; value: unknown };
        thenable = result.thenable;
        if (!thenable) {
          returned = result.value;
          settled = true;
        }
      } catch (thrown) {
        if (isTimeout(thrown)) timedOut = true;
        else error = describe(thrown);
      }
      // Turn the event loop until the handler is done: its promise settled; or, when it returned
      // no promise, until it rendered or nothing moves any more.
      let idleRounds = 0;
      let lastActivity = -1;
      while (!timedOut && error === null) {
        const activity = platform.activity + activityOutside;
        if (settled && (thenable || rendered.length > 0 || (activity === lastActivity && platform.pending === 0))) break;
        idleRounds = activity === lastActivity && platform.pending === 0 ? idleRounds + 1 : 0;
        lastActivity = activity;
        const remaining = left();
        if (remaining <= 0) {
          timedOut = true;
          break;
        }
        // Busy (or just started): next turn of the loop; idle: back off, up to 50 ms.
        if (idleRounds < 3) await nextTurn();
        else await sleep(Math.min(remaining, 50, 2 ** (idleRounds - 3)));
        try {
          DRAIN.runInContext(context, { timeout: Math.max(1, Math.ceil(left())) });
        } catch (thrown) {
          if (isTimeout(thrown)) timedOut = true;
          else error = describe(thrown);
        }
      }
      const durationMs = performance.now() - started;
      (context as Record<symbol, unknown>)[Symbol.for("fwcall.matchListener")] = undefined;
      const recording = platform.recording;
      const invocation: Invocation = {
        returned: timedOut ? undefined : returned,
        rendered: rendered[0] ?? null,
        requests: recording.requests,
        db: recording.db,
        schedules: recording.schedules,
        branches: branches.map((b: Branch) => ({ ...b })),
        error: timedOut ? null : error,
        timedOut,
        logs,
        durationMs,
      };
      // A stopped handler may have left the app's state half-changed: start the next one afresh ($db stays).
      if (timedOut) rebuild();
      return invocation;
    });
  }

  return {
    dir,
    platform: manifest.platform,
    handlers: manifest.handlers,
    exported: exportedNames,
    templates,
    timeoutMs,
    invoke,
    reset() {
      sandbox.platform.reset();
      logs = [];
      rendered = [];
    },
    redact,
  };
}

/** Whether a value is a loaded FDK app rather than a handler module. */
export function isFdkApp(value: unknown): value is FdkApp {
  return isRecord(value) && typeof value.invoke === "function" && isRecord(value.handlers) && typeof value.dir === "string";
}

/** Runs a plain module's handler in this process, with the same record as the sandbox gives (no platform APIs, so no side effects to see; a synchronous endless loop cannot be stopped here). */
export async function invokeInProcess(handler: (payload: unknown) => unknown, payload: unknown, timeoutMs: number): Promise<Invocation> {
  return recordingBranches(async (branches) => {
    const started = performance.now();
    let returned: unknown;
    let error: string | null = null;
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    try {
      const limit = new Promise<"timeout">((resolveLimit) => {
        timer = setTimeout(() => resolveLimit("timeout"), timeoutMs);
      });
      const work = Promise.resolve().then(() => handler(payload));
      const first = await Promise.race([work.then((value) => ({ value })), limit]);
      if (first === "timeout") timedOut = true;
      else returned = first.value;
    } catch (thrown) {
      error = describeError(thrown);
    } finally {
      clearTimeout(timer);
    }
    return {
      returned,
      rendered: null,
      requests: [],
      db: [],
      schedules: [],
      branches: branches.map((b) => ({ ...b })),
      error,
      timedOut,
      logs: [],
      durationMs: performance.now() - started,
    };
  });
}
