// The FDK sandbox inside the worker thread: server/server.js runs as a script in a node:vm context
// whose globals are the platform's (console, $request, $db, $schedule, renderData,
// generateTargetUrl, require, module/exports; no timers, no process), as the FDK evaluates it, so
// its bare `exports = { … }` assignment (or `module.exports`) defines the handlers.
//
// Time limit: the context runs its microtasks itself (microtaskMode "afterEvaluate"), and every
// piece of the app's code (loading, the handler call, each later turn of its promise jobs, and
// reading what it returned) runs inside vm's `timeout`. The host's watchdog covers the rest.
import { dirname, relative } from "node:path";
import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import { formatWithOptions } from "node:util";
import vm from "node:vm";
import type { CallEventName } from "@fwcall/types";
import { recordingBranches } from "../branches.js";
import { describeError, isErrorLike } from "../describe-error.js";
import { Platform, emptyRecording, type Realm } from "../fakes.js";
import { redactorFor, type Redactor } from "../redact.js";
import { MAX_SOURCE_BYTES, readRegularFile } from "../read-file.js";
import { finishReads, payloadTracker, type ReadTracker } from "../usage.js";
import { appRequire, type LocalFiles } from "./app-require.js";
import { toPlain } from "./plain.js";
import type { PlainInvocation, SandboxConfig } from "./protocol.js";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const TIMEOUT_CODE = "ERR_SCRIPT_EXECUTION_TIMEOUT";
const isTimeout = (error: unknown) => (error as { code?: unknown } | null)?.code === TIMEOUT_CODE;

/** Log lines kept of one invocation. */
const MAX_LOG_LINES = 200;

/** A load failure the host reports as the app's configuration error. */
export class LoadError extends Error {}

const HOOKS = Symbol.for("fwcall.coverage.invoke");
/**
 * Calls the handler through the hooks left on the context's global, inside vm's timeout. What it
 * returns, throws or settles with is handed to `settle`, which reads it while the limit holds.
 */
const INVOKE = new vm.Script(
  `(() => {
    const hooks = globalThis[Symbol.for("fwcall.coverage.invoke")];
    let value;
    try { value = hooks.call(); } catch (error) { hooks.settle(false, error); return false; }
    const thenable = value !== null && (typeof value === "object" || typeof value === "function") && typeof value.then === "function";
    if (thenable) value.then((result) => hooks.settle(true, result), (reason) => hooks.settle(false, reason));
    else hooks.settle(true, value);
    return thenable;
  })()`,
  { filename: "fwcall-coverage:invoke" },
);
/** Runs nothing: evaluating it makes the context run its queued promise jobs, inside vm's timeout. */
const DRAIN = new vm.Script("", { filename: "fwcall-coverage:drain" });
/** Helpers made in the app's realm, so what the app touches leads back to its own realm only. */
const REALM_HELPERS = new vm.Script(
  `({
    resolve: (v) => Promise.resolve(v),
    reject: (e) => Promise.reject(e),
    follow: (p) => new Promise((ok, fail) => { p.then(ok, fail); }),
    parse: JSON.parse,
    error: (message) => new Error(message),
    wrap: (f) => function () {
      try { return f.apply(undefined, arguments); }
      catch (e) {
        if (e instanceof Error || e === null || (typeof e !== "object" && typeof e !== "function")) throw e;
        const copy = new Error(String(e.message));
        copy.name = String(e.name);
        if (e.code !== undefined) copy.code = String(e.code);
        throw copy;
      }
    },
    object: (entries) => { const o = {}; for (const [k, v] of entries) o[k] = v; return o; },
  })`,
  { filename: "fwcall-coverage:realm" },
);
/** Calls the host function left on the helper context's global: host code reading app values runs under vm's timeout too. */
const CALL = new vm.Script(`globalThis.call()`, { filename: "fwcall-coverage:timed" });
const timedContext = vm.createContext(Object.create(null) as object);

/** Runs `work` (host code that reads app values: getters, proxies) under the time limit; undefined when it ran past it. */
function timed<T>(work: () => T, ms: number): { value: T } | undefined {
  (timedContext as { call?: () => T }).call = work;
  try {
    return { value: CALL.runInContext(timedContext, { timeout: Math.max(1, Math.ceil(ms)) }) as T };
  } catch (error) {
    if (isTimeout(error)) return undefined;
    throw error;
  } finally {
    (timedContext as { call?: unknown }).call = undefined;
  }
}

interface RealmHelpers {
  resolve: Realm["resolve"];
  reject: Realm["reject"];
  follow: Realm["follow"];
  parse: (text: string) => unknown;
  error: (message: string) => Error;
  wrap: <F>(f: F) => F;
  object: (entries: Array<[string, unknown]>) => Record<string, unknown>;
}

interface Loaded {
  context: vm.Context;
  exports: Record<string, unknown>;
  platform: Platform;
  realm: Realm;
}

/** The first place in server.js an error's stack points at: "server/server.js:12". */
function whereInApp(stack: unknown, serverJs: string, appDir: string): string | undefined {
  if (typeof stack !== "string") return undefined;
  const escaped = serverJs.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`${escaped}:(\\d+)`).exec(stack);
  return match ? `${relative(appDir, serverJs)}:${match[1]}` : undefined;
}

/** One app in its vm context, with its platform fakes; invocations one at a time. */
export class AppSandbox {
  readonly exported: string[];
  private loaded: Loaded;
  private readonly script: vm.Script;
  private readonly redact: Redactor;
  private logs: string[] = [];
  private droppedLogs = 0;
  private rendered: Array<{ error: unknown; data: unknown }> = [];
  private problems: string[] = [];
  private activityOutside = 0;
  private activeRedact: Redactor;
  private running = false;
  /** The running invocation's record of payload reads, when the run asked for one. */
  private tracker: ReadTracker | undefined;

  constructor(
    private readonly config: SandboxConfig,
    private readonly askHost: (key: string, options: unknown, call: number) => Promise<unknown>,
  ) {
    let source: string;
    try {
      source = readRegularFile(config.serverJs, "server/server.js", MAX_SOURCE_BYTES);
    } catch (error) {
      throw new LoadError((error as Error).message);
    }
    try {
      this.script = new vm.Script(source, { filename: config.serverJs });
    } catch (error) {
      throw new LoadError(`server/server.js does not compile: ${describeError(error)}`);
    }
    this.redact = redactorFor(config.iparams ?? {}, config.secureKeys);
    this.activeRedact = this.redact;
    this.loaded = this.build();
    this.exported = Object.keys(this.loaded.exports).filter((name) => typeof this.loaded.exports[name] === "function");
  }

  /** A problem raised outside any promise the sandbox follows (an unhandled rejection, an async throw): the running invocation's, or undefined to report it on its own. */
  attribute(problem: unknown, what: string): string | undefined {
    const text = this.activeRedact(`${what}: ${this.describe(problem)}`);
    if (!this.running) return text;
    this.problems.push(text);
    return undefined;
  }

  private describe(thrown: unknown): string {
    const read = timed(() => {
      const where = whereInApp((thrown as { stack?: unknown } | null)?.stack, this.config.serverJs, this.config.appDir);
      return `${describeError(thrown)}${where ? ` (${where})` : ""}`;
    }, this.config.timeoutMs);
    return read?.value ?? "a value that could not be read within the time limit";
  }

  private build(): Loaded {
    const { config } = this;
    // A null-prototype global: `this.constructor` inside the app leads to its own realm, not ours.
    const context = vm.createContext(Object.create(null) as object, {
      name: `fdk app ${relative(process.cwd(), config.appDir) || config.appDir}`,
      microtaskMode: "afterEvaluate",
      codeGeneration: { strings: true, wasm: false },
    });
    const helpers = REALM_HELPERS.runInContext(context) as RealmHelpers;
    const realm: Realm = {
      resolve: helpers.resolve,
      reject: helpers.reject,
      follow: helpers.follow,
      clone: (value) => (value === undefined ? undefined : helpers.parse(JSON.stringify(value))),
      error: helpers.error,
    };
    const platform = new Platform(realm, new Set(config.templates), config.responses, config.platform, this.askHost, config.asked);
    const wrapAll = (object: Record<string, unknown>) => helpers.object(Object.entries(object).map(([k, v]) => [k, typeof v === "function" ? helpers.wrap(v) : v]));
    const log = (level: string) => (...args: unknown[]) => {
      this.activityOutside++;
      // util.inspect reads a Proxy's target, not through it: what is logged is read whole.
      this.tracker?.consume(args);
      // A handler that logs in a loop must not grow the record without bound: keep the first lines and count the rest.
      if (this.logs.length < MAX_LOG_LINES) this.logs.push(this.activeRedact(`${level}: ${formatWithOptions({ depth: 4, breakLength: Infinity }, ...args)}`));
      else this.droppedLogs++;
    };
    const renderData = (error?: unknown, data?: unknown) => {
      this.activityOutside++;
      // Read now, while the app's limit holds: a getter in what it renders runs here.
      const plainError = error === undefined || error === null ? null : isErrorLike(error) ? describeError(error) : toPlain(error);
      this.rendered.push({ error: plainError, data: data === undefined ? null : toPlain(data) });
    };
    const moduleObject = helpers.object([["exports", helpers.object([])]]);
    // The app's own files run in its context with server.js's semantics: a bare `exports = { … }` is what they export.
    const ownFiles = new Map<string, unknown>();
    const local: LocalFiles = {
      root: dirname(config.serverJs),
      load: (file: string): unknown => {
        if (ownFiles.has(file)) return ownFiles.get(file);
        const source = readRegularFile(file, relative(config.appDir, file), MAX_SOURCE_BYTES);
        const fileModule = helpers.object([["exports", helpers.object([])]]);
        const initial = fileModule.exports;
        ownFiles.set(file, initial); // what a require cycle sees, as in Node
        const evaluate = vm.compileFunction(`${source}\n;return exports;`, ["exports", "require", "module", "__filename", "__dirname"], { parsingContext: context, filename: file });
        const bareExports = evaluate.call(initial, initial, helpers.wrap(appRequire(file, config.modules, local)), fileModule, file, dirname(file)) as unknown;
        const result = bareExports !== initial ? bareExports : fileModule.exports;
        ownFiles.set(file, result);
        return result;
      },
    };
    const globals: Record<string, unknown> = {
      console: wrapAll({ log: log("log"), info: log("info"), warn: log("warn"), error: log("error"), debug: log("debug"), trace: log("trace") }),
      require: helpers.wrap(appRequire(config.serverJs, config.modules, local)),
      renderData: helpers.wrap(renderData),
      generateTargetUrl: helpers.wrap(platform.generateTargetUrl),
      $request: wrapAll(platform.$request),
      $db: wrapAll(platform.$db),
      $schedule: wrapAll(platform.$schedule),
      module: moduleObject,
      exports: moduleObject.exports,
      Buffer,
      URL,
      URLSearchParams,
      TextEncoder,
      TextDecoder,
      atob,
      btoa,
    };
    Object.assign(context, globals);
    try {
      this.script.runInContext(context, { timeout: config.loadTimeoutMs });
    } catch (error) {
      throw new LoadError(isTimeout(error) ? `server/server.js did not finish loading within ${config.loadTimeoutMs} ms` : `server/server.js failed to load: ${this.redact(this.describe(error))}`);
    }
    const bare = (context as { exports?: unknown }).exports;
    const viaModule = (moduleObject as { exports?: unknown }).exports;
    // The FDK reads the bare `exports = { … }`; `module.exports = …` (or both, `module.exports = exports`) works too.
    const exported = bare !== globals.exports ? bare : viaModule;
    const untouched = exported === globals.exports && Object.keys(exported as object).length === 0;
    if (!isRecord(exported) || untouched) throw new LoadError("server/server.js does not assign `exports = { … }` (the FDK reads the handlers from that bare assignment, or from module.exports)");
    return { context, exports: exported, platform, realm };
  }

  /** Clears $db, the schedules and the recordings. */
  reset(): void {
    this.loaded.platform.reset();
    this.logs = [];
    this.rendered = [];
  }

  /** A fresh context after a stop that may have left the app half-changed ($db and schedules kept). */
  private rebuild(): void {
    const { store, scheduleStore } = this.loaded.platform;
    this.loaded = this.build();
    for (const [key, value] of store) this.loaded.platform.store.set(key, value);
    for (const [key, value] of scheduleStore) this.loaded.platform.scheduleStore.set(key, value);
  }

  /** Runs one handler with one payload; with `usage`, records the payload paths it reads. */
  invoke(event: CallEventName, handlerName: string, payload: unknown, usage = false): Promise<PlainInvocation> {
    return recordingBranches(async (branches, listener) => {
      const { context, platform, realm, exports: exportsObject } = this.loaded;
      const { timeoutMs, serverJs } = this.config;
      const handler = exportsObject[handlerName];
      this.logs = [];
      this.droppedLogs = 0;
      this.rendered = [];
      this.problems = [];
      platform.recording = emptyRecording();
      // An app that inlines the matchers (no require) reports to its own global: listen there too.
      (context as Record<symbol, unknown>)[Symbol.for("fwcall.matchListener")] = listener;
      const iparams = this.config.iparams;
      const full = isRecord(payload) ? { ...payload, iparams: iparams ?? payload.iparams ?? {} } : payload;
      const own = isRecord(full) && full.iparams !== iparams ? redactorFor(full.iparams) : undefined;
      this.activeRedact = own ? (text) => own(this.redact(text)) : this.redact;
      const tracker = payloadTracker(usage);
      this.tracker = tracker;
      const realmPayload = tracker ? tracker.track(realm.clone(full)) : realm.clone(full);
      const started = performance.now();
      const left = () => timeoutMs - (performance.now() - started);
      let returned: unknown;
      let error: string | null = null;
      let timedOut = false;
      let settled = false;
      const describe = (thrown: unknown) => this.activeRedact(`${describeError(thrown)}${((where) => (where ? ` (${where})` : ""))(whereInApp((thrown as { stack?: unknown } | null)?.stack, serverJs, this.config.appDir))}`);
      (context as Record<symbol, unknown>)[HOOKS] = {
        call: () => {
          if (typeof handler !== "function") throw realm.error(`${event}: server/server.js exports no function ${handlerName}`);
          return (handler as (this: unknown, payload: unknown) => unknown).call(exportsObject, realmPayload);
        },
        // Called from inside the context, so reading the value (getters, proxies) is under the limit.
        settle: (fulfilled: boolean, value: unknown) => {
          settled = true;
          if (fulfilled) returned = toPlain(value);
          else error = describe(value);
        },
      };
      this.running = true;
      let thenable = false;
      try {
        thenable = INVOKE.runInContext(context, { timeout: timeoutMs }) as boolean;
      } catch (thrown) {
        if (isTimeout(thrown)) timedOut = true;
        else error = this.activeRedact(this.describe(thrown));
      }
      // Turn the event loop until the handler is done: its promise settled; or, when it returned
      // no promise, until it rendered or nothing moves any more.
      let idleRounds = 0;
      let lastActivity = -1;
      while (!timedOut && error === null) {
        const activity = platform.activity + this.activityOutside;
        if (settled && (thenable || this.rendered.length > 0 || (activity === lastActivity && platform.pending === 0))) break;
        idleRounds = activity === lastActivity && platform.pending === 0 ? idleRounds + 1 : 0;
        lastActivity = activity;
        const remaining = left();
        if (remaining <= 0) {
          timedOut = true;
          break;
        }
        // Waiting on an answer from the host: sleep until it comes (spinning would take the CPU the
        // host needs to answer). Busy (or just started): next turn of the loop; idle: back off, up to 50 ms.
        if (platform.pending > 0 && activity === lastActivity) {
          const limit = new AbortController();
          await Promise.race([platform.nextAnswer(), sleep(remaining, undefined, { signal: limit.signal }).catch(() => undefined)]);
          limit.abort();
          // The answer still has to reach the app's realm: count it as movement, so the loop turns again.
          lastActivity = -1;
        } else if (idleRounds < 3) await nextTurn();
        else await sleep(Math.min(remaining, 50, 2 ** (idleRounds - 3)));
        try {
          DRAIN.runInContext(context, { timeout: Math.max(1, Math.ceil(left())) });
        } catch (thrown) {
          if (isTimeout(thrown)) timedOut = true;
          else error = this.activeRedact(this.describe(thrown));
        }
      }
      // One more turn: Node reports a rejection nobody handled only after the job that made it.
      await nextTurn();
      this.running = false;
      platform.endInvocation();
      const durationMs = performance.now() - started;
      (context as Record<symbol, unknown>)[Symbol.for("fwcall.matchListener")] = undefined;
      (context as Record<symbol, unknown>)[HOOKS] = undefined;
      const recording = platform.recording;
      this.tracker = undefined;
      const reads = finishReads(tracker, this.activeRedact);
      const invocation: PlainInvocation = {
        returned: timedOut ? undefined : returned,
        rendered: this.rendered[0] ?? null,
        requests: recording.requests,
        db: recording.db,
        schedules: recording.schedules,
        dbAfter: Object.fromEntries([...platform.store].map(([key, text]) => [key, JSON.parse(text) as unknown])),
        branches: branches.map((b) => ({ enumName: b.enumName, branch: b.branch, value: toPlain(b.value) })),
        error: timedOut ? null : error,
        timedOut,
        logs: this.droppedLogs ? [...this.logs, `(${this.droppedLogs} more log lines not kept)`] : this.logs,
        durationMs,
        problems: this.problems,
        ...reads,
      };
      if (timedOut) this.rebuild();
      return invocation;
    });
  }
}
