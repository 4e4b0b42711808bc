// A plain handler module (`fwcall coverage --module m.mjs`) in the worker thread: imported there,
// not in the host, so whatever it does to its thread (process.exit, an endless loop, a rejection
// nobody handles) is the outcome of the case that was running, as for an FDK app. No vm context:
// a synchronous loop is ended by the host's watchdog; a promise is given the limit here.
import { pathToFileURL } from "node:url";
import { formatWithOptions } from "node:util";
import type { CallEventName } from "@fwcall/types";
import { recordingBranches } from "../branches.js";
import { describeError } from "../describe-error.js";
import { redactorFor, type Redactor } from "../redact.js";
import { finishReads, payloadTracker, trackClones, type ReadTracker } from "../usage.js";
import { LoadError } from "./app-sandbox.js";
import { toPlain } from "./plain.js";
import { emptyInvocation, type PlainInvocation, type SandboxConfig } from "./protocol.js";

const EVENTS: readonly CallEventName[] = ["onCallCreate", "onCallUpdate"];
const MAX_LOG_LINES = 200;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A handler module loaded in the worker; invocations one at a time. */
export class ModuleSandbox {
  private logs: string[] = [];
  private problems: string[] = [];
  private running = false;
  private readonly redact: Redactor;
  /** The running invocation's record of payload reads, when the run asked for one. */
  private tracker: ReadTracker | undefined;

  private constructor(
    private readonly config: SandboxConfig,
    private readonly handlers: Partial<Record<CallEventName, (payload: unknown) => unknown>>,
  ) {
    this.redact = redactorFor(config.iparams ?? {});
    // What the module logs is the running case's (redacted); the worker's own stdout reaches nobody.
    for (const level of ["log", "info", "warn", "error", "debug", "trace"] as const) {
      console[level] = (...args: unknown[]) => {
        // util.inspect reads a Proxy's target, not through it: what is logged is read whole.
        this.tracker?.consume(args);
        if (this.logs.length < MAX_LOG_LINES) this.logs.push(this.redact(`${level}: ${formatWithOptions({ depth: 4, breakLength: Infinity }, ...args)}`));
      };
    }
  }

  /** Imports the module file; a LoadError says why it cannot be used. */
  static async load(config: SandboxConfig): Promise<ModuleSandbox> {
    const file = config.moduleFile as string;
    let loaded: Record<string, unknown>;
    try {
      loaded = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === "ERR_MODULE_NOT_FOUND" && String((error as Error).message).includes(file)) throw new LoadError(`module not found: ${config.moduleName ?? file}`);
      throw new LoadError(redactorFor(config.iparams ?? {})(`cannot load the module ${config.moduleName ?? file}: ${describeError(error)}`));
    }
    const viaDefault = isRecord(loaded.default) ? loaded.default : {};
    const handlers: Partial<Record<CallEventName, (payload: unknown) => unknown>> = {};
    for (const event of EVENTS) {
      const found = typeof loaded[event] === "function" ? loaded[event] : viaDefault[event];
      if (typeof found === "function") handlers[event] = found as (payload: unknown) => unknown;
    }
    if (!Object.keys(handlers).length) throw new LoadError(`the module ${config.moduleName ?? file} exports neither onCallCreate nor onCallUpdate`);
    return new ModuleSandbox(config, handlers);
  }

  get exported(): string[] {
    return Object.keys(this.handlers);
  }

  /** A problem raised outside the handler's promise: the running invocation's, or undefined to report it on its own. */
  attribute(problem: unknown, what: string): string | undefined {
    const text = this.redact(`${what}: ${describeError(problem)}`);
    if (!this.running) return text;
    this.problems.push(text);
    return undefined;
  }

  reset(): void {
    this.logs = [];
  }

  /** Runs one handler with one payload (iparams put in), its promise given the time limit; with `usage`, records the payload paths it reads. */
  invoke(event: CallEventName, _handlerName: string, payload: unknown, usage = false): Promise<PlainInvocation> {
    return recordingBranches(async (branches) => {
      const handler = this.handlers[event];
      this.logs = [];
      this.problems = [];
      const iparams = this.config.iparams ?? {};
      const full = isRecord(payload) ? { ...payload, iparams } : payload;
      const tracker = payloadTracker(usage);
      this.tracker = tracker;
      const release = tracker ? trackClones(tracker) : undefined;
      const started = performance.now();
      let returned: unknown;
      let error: string | null = null;
      let timedOut = false;
      let timer: NodeJS.Timeout | undefined;
      this.running = true;
      try {
        const limit = new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), this.config.timeoutMs);
        });
        const work = Promise.resolve().then(() => (handler as (payload: unknown) => unknown)(tracker ? tracker.track(full) : full));
        const first = await Promise.race([work.then((value) => ({ value })), limit]);
        if (first === "timeout") timedOut = true;
        else returned = toPlain(first.value);
      } catch (thrown) {
        error = this.redact(describeError(thrown));
      } finally {
        clearTimeout(timer);
      }
      // One more turn: Node reports a rejection nobody handled only after the job that made it.
      await new Promise((resolve) => setImmediate(resolve));
      this.running = false;
      release?.();
      this.tracker = undefined;
      const reads = finishReads(tracker, this.redact);
      return {
        ...reads,
        ...emptyInvocation(performance.now() - started),
        returned: timedOut ? undefined : returned,
        branches: branches.map((b) => ({ enumName: b.enumName, branch: b.branch, value: toPlain(b.value) })),
        error,
        timedOut,
        logs: this.logs,
        problems: this.problems,
      };
    });
  }
}
