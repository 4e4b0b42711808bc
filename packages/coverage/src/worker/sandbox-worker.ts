// The worker thread an app runs in. It loads the app from workerData, then answers the host's
// messages one at a time. Whatever the app does to this thread (exit, exhaust its memory, block
// it) ends only this thread; the host turns that into the outcome of the cell that was running.
// Rejections nobody handled and throws from callbacks are the running invocation's problems.
import { parentPort, workerData } from "node:worker_threads";
import { AppSandbox, LoadError } from "./app-sandbox.js";
import { ModuleSandbox } from "./module-sandbox.js";
import { emptyInvocation, type HostMessage, type PlainInvocation, type SandboxConfig, type WorkerMessage } from "./protocol.js";

const port = parentPort;
if (!port) throw new Error("sandbox-worker runs as a worker thread of @fwcall/coverage");
const post = (message: WorkerMessage) => port.postMessage(message);

let nextAsk = 0;
const asks = new Map<number, { resolve: (value: unknown) => void; reject: (reason: unknown) => void }>();
/** Scripted answers that are functions live on the host: ask for each. */
const askHost = (key: string, options: unknown, call: number) =>
  new Promise<unknown>((resolve, reject) => {
    const id = ++nextAsk;
    asks.set(id, { resolve, reject });
    post({ type: "ask", id, key, options, call });
  });

let sandbox: AppSandbox | ModuleSandbox | undefined;
const report = (problem: unknown, what: string) => {
  const text = sandbox ? sandbox.attribute(problem, what) : `${what}: ${String(problem)}`;
  if (text !== undefined) post({ type: "stray", problem: text });
};
process.on("unhandledRejection", (reason) => report(reason, "unhandled promise rejection"));
process.on("uncaughtException", (error) => report(error, "uncaught exception"));

const config = workerData as SandboxConfig;
try {
  sandbox = config.moduleFile !== undefined ? await ModuleSandbox.load(config) : new AppSandbox(config, askHost);
  post({ type: "loaded", exported: sandbox.exported });
} catch (error) {
  post({ type: "load-failed", message: error instanceof LoadError ? error.message : `${config.moduleFile !== undefined ? "the module" : "server/server.js"} failed to load: ${String(error)}` });
}

/** The record of an invocation not run because its handler timed out on the last `cases` in a row. */
const notRun = (cases: number): PlainInvocation => ({
  ...emptyInvocation(),
  skipped: `the handler timed out on the last ${cases} cases in a row`,
});

// Invocations run one after another, in the order the host sent them.
let queue: Promise<unknown> = Promise.resolve();
port.on("message", (message: HostMessage) => {
  if (message.type === "answer") {
    const ask = asks.get(message.id);
    asks.delete(message.id);
    if (message.ok) ask?.resolve(message.value);
    else ask?.reject(new Error(String(message.value)));
    return;
  }
  const app = sandbox;
  if (!app) return;
  queue = queue.then(async () => {
    if (message.type === "reset") {
      app.reset();
      return;
    }
    // A handler that timed out on the last cases in a row would take the limit on every one left: stop it.
    const streaks = { ...message.streaks };
    const stopAfter = config.stopAfterTimeouts;
    for (const item of message.items) {
      if (stopAfter > 0 && (streaks[item.event] ?? 0) >= stopAfter) {
        post({ type: "invoked", id: message.id, invocation: notRun(stopAfter) });
        continue;
      }
      if (item.reset) app.reset();
      const invocation = await app.invoke(item.event, item.handler, item.payload, message.usage === true);
      streaks[item.event] = invocation.timedOut ? (streaks[item.event] ?? 0) + 1 : 0;
      post({ type: "invoked", id: message.id, invocation });
    }
  });
});
