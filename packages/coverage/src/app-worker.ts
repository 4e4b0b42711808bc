// The host's side of the worker thread an app runs in: starts it with a memory cap, sends it one
// invocation at a time, and keeps a watchdog on each. A worker that exits (process.exit from the
// app), crashes, runs out of memory or does not answer in time is ended and reported as the
// outcome of the invocation that was running; the next invocation starts a fresh one.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { CallEventName } from "@fwcall/types";
import { errorMessage } from "./describe-error.js";
import { emptyInvocation, type PlainInvocation, type SandboxConfig, type WorkerMessage } from "./worker/protocol.js";

/** The bundled worker, next to this module in src/ (generated) and in dist/ (copied by the build). */
const WORKER_URL = new URL("./generated/sandbox-worker.mjs", import.meta.url);

/** The memory cap of an app's worker (V8's old space), in MB. */
export const DEFAULT_MEMORY_MB = 512;

/** An invocation as the host sees it: the worker's record, or what ended the worker. */
export interface WorkerInvocation extends PlainInvocation {
  /** Why the worker was lost during this invocation ("ran out of memory …", "process.exit(0) …"), null when it was not. */
  crashed: string | null;
  /** The worker was lost during this invocation: the next one starts afresh, $db empty. */
  restarted: boolean;
}

/** How long the watchdog gives the worker beyond the app's own limit, which the worker enforces first. */
const graceMs = (limitMs: number) => Math.max(2_000, limitMs / 4);

interface Pending {
  /** Takes a message of the worker (or the loss, as a "stray"); true when the wait is over. */
  take: (message: WorkerMessage) => boolean;
  timer: NodeJS.Timeout;
}

/** One invocation of a batch: `reset` clears $db and the schedules before it. */
export interface BatchItem {
  event: CallEventName;
  handler: string;
  payload: unknown;
  reset: boolean;
}

/** How a batch runs: `stopOnLoss` runs none after one that lost the worker; `usage` records the payload paths each reads; `onEach(done)` after each. */
export interface BatchOptions {
  stopOnLoss: boolean;
  onEach?: (done: number) => void;
  usage?: boolean;
}

/** How many timed-out invocations in a row each event's handler has at the end of `results` (a skipped one keeps the count). */
function streaksOf(items: BatchItem[], results: WorkerInvocation[]): Partial<Record<CallEventName, number>> {
  const streaks: Partial<Record<CallEventName, number>> = {};
  results.forEach((run, i) => {
    const event = items[i]!.event;
    if (run.skipped === undefined) streaks[event] = run.timedOut ? (streaks[event] ?? 0) + 1 : 0;
  });
  return streaks;
}

/** One app's worker thread, started on demand and again after it is lost. */
export class AppWorker {
  private worker: Worker | undefined;
  private ready: Promise<string[]> | undefined;
  private nextId = 0;
  private pending: Pending | undefined;
  /** Why the current worker ended, once it did. */
  private ended: string | undefined;
  private readonly strays: string[] = [];

  constructor(
    private readonly config: SandboxConfig,
    private readonly memoryMb: number,
    /** Answers a scripted response that is a function. */
    private readonly answer: (key: string, options: unknown, call: number) => Promise<unknown>,
  ) {}

  /** What the worker loads, as messages name it. */
  private get loading(): string {
    return this.config.moduleFile !== undefined ? `the module ${this.config.moduleName ?? this.config.moduleFile}` : "server/server.js";
  }

  /** Problems the app raised between invocations (late rejections), redacted. */
  takeStrays(): string[] {
    return this.strays.splice(0);
  }

  /** Starts the worker and loads the app; resolves to the exported function names, rejects with the load failure. */
  start(): Promise<string[]> {
    if (this.ready) return this.ready;
    if (!existsSync(WORKER_URL)) {
      return Promise.reject(new Error(`the sandbox's worker thread is missing (${fileURLToPath(WORKER_URL)}): in the fwcall workspace run \`pnpm generate\` (a built or packed @fwcall/coverage has it in dist/generated)`));
    }
    this.ended = undefined;
    const worker = new Worker(WORKER_URL, {
      workerData: this.config,
      resourceLimits: { maxOldGenerationSizeMb: this.memoryMb },
      // Not piped to our stdout (and never read): an app that reaches the worker's process must not write into a report.
      stdout: true,
      stderr: true,
      env: {},
      // Not the host's flags: `node -e …` or `--input-type` would break the worker's start.
      execArgv: [],
    });
    this.worker = worker;
    this.ready = new Promise<string[]>((resolve, reject) => {
      const loadLimit = this.config.loadTimeoutMs + graceMs(this.config.loadTimeoutMs);
      this.pending = {
        timer: setTimeout(() => this.lose(`${this.loading} did not finish loading within ${this.config.loadTimeoutMs} ms`), loadLimit),
        take: (message) => {
          if (message.type === "loaded") resolve(message.exported);
          else reject(new Error(message.type === "load-failed" ? message.message : (this.ended ?? `the sandbox ended while ${this.loading} loaded`)));
          return true;
        },
      };
    });
    worker.on("message", (message: WorkerMessage) => this.receive(worker, message));
    worker.on("error", (error: Error & { code?: string }) => {
      if (worker !== this.worker) return;
      this.ended =
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? `the app ran out of memory (the sandbox's limit is ${this.memoryMb} MB)`
          : `the sandbox crashed: ${error.message}`;
    });
    worker.on("exit", (code) => {
      if (worker !== this.worker) return;
      this.lose(this.ended ?? `the app ended the sandbox (process.exit(${code}))`);
    });
    // After the listeners (adding one refs the worker again): an idle worker never keeps the
    // process alive; a request in flight does, through its watchdog timer.
    worker.unref();
    return this.ready;
  }

  private receive(worker: Worker, message: WorkerMessage): void {
    if (worker !== this.worker) return;
    switch (message.type) {
      case "ask":
        this.answer(message.key, message.options, message.call).then(
          (value) => worker.postMessage({ type: "answer", id: message.id, ok: true, value }),
          (error: unknown) => worker.postMessage({ type: "answer", id: message.id, ok: false, value: errorMessage(error) }),
        );
        return;
      case "stray":
        this.strays.push(message.problem);
        return;
      default:
        this.settle(message);
    }
  }

  private settle(message: WorkerMessage): void {
    const pending = this.pending;
    if (!pending) return;
    if (message.type === "invoked" && message.id !== this.nextId) return;
    if (!pending.take(message)) return;
    if (this.pending === pending) this.pending = undefined;
    clearTimeout(pending.timer);
  }

  /** Ends the current worker (if it still runs) and answers what waited on it with the reason. */
  private lose(reason: string): void {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    this.ended = reason;
    if (worker) void worker.terminate().catch(() => undefined);
    // Lost while no invocation ran (a timer the app reached through a host object): the run must still hear of it.
    if (!this.pending) this.strays.push(`${reason}, between cases`);
    this.settle({ type: "stray", problem: reason });
  }

  /** Clears $db, the schedules and the recordings (a fresh worker starts cleared). */
  reset(): void {
    this.queue = this.queue.then(() => this.worker?.postMessage({ type: "reset" }));
  }

  private queue: Promise<unknown> = Promise.resolve();

  /** Runs one handler in the worker, starting one when none runs; invocations take turns, in the order asked. */
  async invoke(event: CallEventName, handler: string, payload: unknown): Promise<WorkerInvocation> {
    const [run] = await this.invokeMany([{ event, handler, payload, reset: false }], { stopOnLoss: true });
    return run!;
  }

  /**
   * Runs invocations back to back in the worker, one message for all (no round trip between them),
   * each under its own watchdog. When the worker is lost, the invocation that was running says why;
   * with `stopOnLoss` (a lifecycle: $db went with it) the rest are not run, else they go to a fresh worker.
   */
  invokeMany(items: BatchItem[], options: BatchOptions): Promise<WorkerInvocation[]> {
    const turn = this.queue.then(() => this.invokeManyNow(items, options));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async invokeManyNow(items: BatchItem[], options: BatchOptions): Promise<WorkerInvocation[]> {
    const results: WorkerInvocation[] = [];
    const limit = this.config.timeoutMs;
    const record = (run: WorkerInvocation) => {
      results.push(run);
      options.onEach?.(results.length);
    };
    while (results.length < items.length) {
      const rest = items.slice(results.length);
      let started = performance.now();
      const lost = (reason: string, timedOut = false): WorkerInvocation => ({
        ...emptyInvocation(performance.now() - started),
        timedOut,
        crashed: timedOut ? null : reason,
        restarted: true,
      });
      try {
        await this.start();
      } catch (error) {
        record(lost(`the sandbox could not be started again: ${(error as Error).message}`));
        if (options.stopOnLoss) break;
        continue;
      }
      const worker = this.worker;
      if (!worker) {
        record(lost(this.ended ?? "the sandbox ended"));
        if (options.stopOnLoss) break;
        continue;
      }
      const id = ++this.nextId;
      let watchdogFired = false;
      const arm = () =>
        setTimeout(() => {
          watchdogFired = true;
          this.lose(`the handler did not give the sandbox back within ${limit} ms (it was stopped by ending its worker)`);
        }, limit + graceMs(limit));
      const wasLost = await new Promise<boolean>((resolve) => {
        const pending: Pending = {
          timer: arm(),
          take: (message) => {
            if (message.type !== "invoked") {
              record(lost(this.ended ?? "the sandbox ended", watchdogFired));
              resolve(true);
              return true;
            }
            record({ ...message.invocation, crashed: null, restarted: false });
            if (results.length === items.length) {
              resolve(false);
              return true;
            }
            // The next invocation of the batch starts now: a fresh watchdog for it.
            clearTimeout(pending.timer);
            pending.timer = arm();
            started = performance.now();
            return false;
          },
        };
        this.pending = pending;
        worker.postMessage({ type: "batch", id, items: rest, streaks: streaksOf(items, results), usage: options.usage === true });
      });
      if (wasLost && options.stopOnLoss) break;
    }
    return results;
  }

  /** Ends the worker; the next invocation would start a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    // A thread blocked in a native call may not end when asked: do not wait on it for ever (it is unref'd, so it cannot keep the process alive).
    if (worker) await Promise.race([worker.terminate().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
  }
}
