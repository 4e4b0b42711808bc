// The FDK sandbox, host side: loads an unmodified Freshworks serverless app (manifest.json,
// config/requests.json, config/iparams.json, server/server.js) and runs its event handlers the way
// the platform does, in a worker thread of their own (src/worker/: the vm context with the
// platform's globals, and the time limit). This side reads the app's configuration, starts the
// worker with a memory cap, and turns whatever ends a worker into the outcome of the invocation.
//
// A fidelity and robustness boundary, not a security boundary: the worker shares this process's
// file system, and an app that reaches Node through a host object can do what Node can.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { FdkConfigError, readFdkManifest, simulateDelivery, type FdkManifest } from "@fwcall/fdk";
import type { CallEventName } from "@fwcall/types";
import { AppWorker, DEFAULT_MEMORY_MB } from "./app-worker.js";
import { recordingBranches } from "./branches.js";
import { describeError } from "./describe-error.js";
import type { ScriptedResponse } from "./fakes.js";
import { MAX_SOURCE_BYTES, checkRegularFile, readJsonConfig } from "./read-file.js";
import { redactorFor, type Redactor } from "./redact.js";
import { finishReads, payloadTracker, trackClones } from "./usage.js";
import type { PlainInvocation } from "./worker/protocol.js";

export { describeError } from "./describe-error.js";
export { DEFAULT_MEMORY_MB } from "./app-worker.js";

/** The call events a coverage run drives. */
export const CALL_EVENTS: readonly CallEventName[] = ["onCallCreate", "onCallUpdate"];

/** The FDK's limit on one invocation. */
export const DEFAULT_TIMEOUT_MS = 20_000;

/** The limit on loading server/server.js (its top-level code), apart from the invocations'. */
export const DEFAULT_LOAD_TIMEOUT_MS = 20_000;

/** Timed-out cases in a row after which a handler's remaining cases are not run. */
export const DEFAULT_STOP_AFTER_TIMEOUTS = 5;

/** An app directory the sandbox cannot use: no manifest, a server.js that does not load, a handler it does not export, … */
export class FdkAppError extends Error {
  override name = "FdkAppError";
}

/** Options of loadFdkApp. */
export interface LoadOptions {
  /** Limit of one invocation (default 20 000 ms, the FDK's). */
  timeoutMs?: number;
  /** Limit of loading server/server.js (default 20 000 ms), apart from the invocations'. */
  loadTimeoutMs?: number;
  /** Memory cap of the app's worker thread, in MB of V8 old space (default 512). */
  memoryMb?: number;
  /** Request → scripted answer, by template name (2.x `$request.get(url)` etc.: by "GET <url>"): a body, `{ status, headers?, response? }` (status ≥ 400 rejects), or a function `(options, callNumber) => …` (run in this process). Default: `{ status: 200, headers: {}, response: "{}" }`. */
  responses?: Record<string, ScriptedResponse>;
  /** The installation parameters every payload carries (default {}); never printed: every log line and error has their values redacted, also encoded. */
  iparams?: Record<string, unknown>;
  /** Module name → file the app's `require` loads instead of resolving the name (e.g. a bundle of the @fwcall/types your tests run on). */
  modules?: Record<string, string>;
  /** After this many timed-out cases in a row of one handler, the rest of its cases in a batch are not run, reported "not run: the handler timed out on the last 5 cases in a row" (default 5; 0: run every case). */
  stopAfterTimeouts?: number;
}

/** Everything one invocation did, as plain data (the worker's record; a module run in-process has no $db, crash or problems to tell). */
export interface Invocation extends Omit<PlainInvocation, "dbAfter" | "problems"> {
  /** What $db holds once the invocation is over (key → value); undefined for a module run in-process. */
  dbAfter?: Record<string, unknown>;
  /** Why the sandbox was lost during the invocation (out of memory, process.exit, a crash), null when it was not. */
  crashed?: string | null;
  /** The sandbox was started afresh after this invocation ($db lost). */
  restarted?: boolean;
  /** Rejections nobody handled and throws from callbacks while it ran, redacted. */
  problems?: string[];
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
  /** Runs invocations back to back in the sandbox (`reset` clears $db before one); with `stopOnLoss`, none after one that lost the sandbox; with `usage`, each records the payload paths it reads (`reads`). `onEach(done)` after each. */
  invokeMany?(items: Array<{ event: CallEventName; payload: unknown; reset: boolean }>, options: { stopOnLoss: boolean; onEach?: (done: number) => void; usage?: boolean }): Promise<Invocation[]>;
  /** Clears $db, the schedules and the recordings. */
  reset(): void;
  /** Removes the iparams values from a text (everything reports show passes through it). */
  redact(text: string): string;
  /** Problems the app raised between invocations (a late unhandled rejection), redacted; each given once. */
  problems?(): string[];
  /** Ends the app's worker thread (an idle worker never keeps the process alive; this frees it now). */
  close?(): Promise<void>;
}

const readJson = (path: string, what: string): unknown =>
  readJsonConfig(path, what, (message) => new FdkAppError(message), (reason) => `${what} is not valid JSON (${path}): ${reason}`).value;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The keys config/iparams.json marks `secure: true` (none when the app has no such file). */
function secureKeysOf(appDir: string): string[] {
  const path = join(appDir, "config", "iparams.json");
  if (!existsSync(path)) return [];
  const declared = readJson(path, "config/iparams.json");
  if (!isRecord(declared)) throw new FdkAppError(`config/iparams.json is not a JSON object: ${path}`);
  return Object.keys(declared).filter((key) => isRecord(declared[key]) && declared[key].secure === true);
}

/** The longest limit a Node timer can wait (2^31 - 1 ms): a longer one would fire at once. */
export const MAX_LIMIT_MS = 2 ** 31 - 1;

/** A positive limit or size, at most what a timer can wait. */
export const positive = (name: string, value: number) => {
  if (!(value > 0) || !Number.isFinite(value)) throw new FdkAppError(`${name} must be a positive number; found ${value}`);
  if (value > MAX_LIMIT_MS) throw new FdkAppError(`${name} must be at most ${MAX_LIMIT_MS}; found ${value}`);
  return value;
};

/**
 * Loads an FDK app directory: reads manifest.json, config/requests.json and config/iparams.json,
 * and starts server/server.js in a worker thread of its own.
 * @example const app = await loadFdkApp("packages/example-fdk-app"); const run = await app.invoke("onCallUpdate", buildCase("update/incoming/missed/status-change"));
 */
export async function loadFdkApp(appDir: string, options: LoadOptions = {}): Promise<FdkApp> {
  const dir = resolve(appDir);
  if (!existsSync(dir)) throw new FdkAppError(`app directory not found: ${appDir}`);
  let manifest: FdkManifest;
  try {
    manifest = readFdkManifest(dir);
  } catch (error) {
    if (error instanceof FdkConfigError) throw new FdkAppError(error.message);
    throw error;
  }
  const requestsPath = join(dir, "config", "requests.json");
  const requests = existsSync(requestsPath) ? readJson(requestsPath, "config/requests.json") : {};
  if (!isRecord(requests)) throw new FdkAppError(`config/requests.json is not a JSON object: ${requestsPath}`);
  const templates = Object.keys(requests);
  const serverJs = join(dir, "server", "server.js");
  try {
    // Checked here (without reading it: the worker does), so a FIFO or a device never reaches the worker's read.
    checkRegularFile(serverJs, "server/server.js", MAX_SOURCE_BYTES);
  } catch (error) {
    throw new FdkAppError((error as Error).message);
  }
  const timeoutMs = positive("timeoutMs", options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const loadTimeoutMs = positive("loadTimeoutMs", options.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS);
  const memoryMb = positive("memoryMb", options.memoryMb ?? DEFAULT_MEMORY_MB);
  const secureKeys = secureKeysOf(dir);
  const iparams = options.iparams;
  const redact: Redactor = redactorFor(iparams ?? {}, secureKeys);
  const modules = options.modules ?? {};
  for (const [name, file] of Object.entries(modules)) {
    if (typeof file !== "string") throw new FdkAppError(`modules["${name}"] must be the path of a file to load (the app runs in a worker thread, so a module object cannot be handed over)`);
  }
  // Scripted answers that are functions stay here; the worker asks for each answer.
  const responses: Record<string, unknown> = {};
  const functions = new Map<string, (options: unknown, call: number) => unknown>();
  for (const [key, value] of Object.entries(options.responses ?? {})) {
    if (typeof value === "function") functions.set(key, value as (options: unknown, call: number) => unknown);
    else responses[key] = value;
  }
  const worker = new AppWorker(
    { appDir: dir, serverJs, platform: manifest.platform, templates, responses, asked: [...functions.keys()], iparams, secureKeys, modules, timeoutMs, loadTimeoutMs, stopAfterTimeouts: options.stopAfterTimeouts ?? DEFAULT_STOP_AFTER_TIMEOUTS },
    memoryMb,
    async (key, requestOptions, call) => functions.get(key)?.(requestOptions, call),
  );
  let exported: string[];
  try {
    exported = await worker.start();
  } catch (error) {
    throw new FdkAppError(redact((error as Error).message));
  }
  const missing = CALL_EVENTS.filter((event) => manifest.handlers[event] !== undefined && !exported.includes(manifest.handlers[event] as string));
  if (missing.length) {
    await worker.close();
    const names = missing.map((event) => `${manifest.handlers[event]} (${event})`).join(" and ");
    throw new FdkAppError(`manifest.json names ${names} as handler${missing.length > 1 ? "s" : ""}, but server/server.js exports no function of that name (it exports: ${exported.join(", ") || "nothing"}); fix the manifest or the exports`);
  }

  return appOnWorker(worker, redact, { dir, platform: manifest.platform, handlers: manifest.handlers, exported, templates, timeoutMs }, (event, payload) => {
    const handler = manifest.handlers[event];
    if (handler === undefined) throw new FdkAppError(`the app does not subscribe to ${event}`);
    // As the FDK delivers it: 3.0 gets currentHost when the payload lacks it; iparams and app_settings.
    return { handler, payload: simulateDelivery(payload, manifest, iparams ? { iparams } : {}) };
  });
}

/** The FdkApp of a loaded worker: `deliver` names the handler of an event and shapes its payload; every text that comes back is redacted. */
export function appOnWorker(
  worker: AppWorker,
  redact: Redactor,
  about: Pick<FdkApp, "dir" | "platform" | "handlers" | "exported" | "templates" | "timeoutMs">,
  deliver: (event: CallEventName, payload: unknown) => { handler: string; payload: unknown },
): FdkApp {
  const invokeMany: NonNullable<FdkApp["invokeMany"]> = async (items, batchOptions) => {
    const batch = items.map(({ event, payload, reset }) => ({ event, reset, ...deliver(event, payload) }));
    const runs = await worker.invokeMany(batch, batchOptions);
    return runs.map((run) => ({ ...run, problems: run.problems.map(redact), logs: run.logs.map(redact), error: run.error === null ? null : redact(run.error) }));
  };
  return {
    ...about,
    async invoke(event: CallEventName, payload: unknown): Promise<Invocation> {
      const [run] = await invokeMany([{ event, payload, reset: false }], { stopOnLoss: true });
      return run!;
    },
    invokeMany,
    reset: () => worker.reset(),
    redact,
    problems: () => worker.takeStrays().map(redact),
    close: () => worker.close(),
  };
}

/** Whether a value is a loaded FDK app rather than a handler module. */
export function isFdkApp(value: unknown): value is FdkApp {
  return isRecord(value) && typeof value.invoke === "function" && isRecord(value.handlers) && typeof value.dir === "string";
}

/** Runs a plain module's handler in this process, with the same record as the sandbox gives (no platform APIs, so no side effects to see; a synchronous endless loop cannot be stopped here). With `usage`, records the payload paths it reads (iparams not tracked). */
export async function invokeInProcess(handler: (payload: unknown) => unknown, payload: unknown, timeoutMs: number, usage = false): Promise<Invocation> {
  const tracker = payloadTracker(usage);
  const release = tracker ? trackClones(tracker) : undefined;
  const run = await recordingBranches(async (branches) => {
    const started = performance.now();
    let returned: unknown;
    let error: string | null = null;
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    try {
      const limit = new Promise<"timeout">((resolveLimit) => {
        timer = setTimeout(() => resolveLimit("timeout"), timeoutMs);
      });
      const work = Promise.resolve().then(() => handler(tracker ? tracker.track(payload) : payload));
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
  if (!tracker) return run;
  release?.();
  return { ...run, ...finishReads(tracker) };
}
