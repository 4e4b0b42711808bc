// A plain handler module run in a worker thread of its own, as an FDK app is: `fwcall coverage
// --module m.mjs` gets the same per-case outcomes (process.exit is a crashed case, an endless loop
// a timed-out one, a rejection nobody handled a threw one), never a silent pass or a hang.
import { resolve } from "node:path";
import type { Platform } from "@fwcall/cases";
import type { CallEventName } from "@fwcall/types";
import { AppWorker, DEFAULT_MEMORY_MB } from "./app-worker.js";
import { redactorFor } from "./redact.js";
import { CALL_EVENTS, DEFAULT_LOAD_TIMEOUT_MS, DEFAULT_STOP_AFTER_TIMEOUTS, DEFAULT_TIMEOUT_MS, FdkAppError, appOnWorker, positive, type FdkApp, type LoadOptions } from "./sandbox.js";
import { MAX_SOURCE_BYTES, UnreadableFileError, readRegularFile } from "./read-file.js";

/** Options of loadModuleFile. */
export interface ModuleLoadOptions extends Pick<LoadOptions, "timeoutMs" | "loadTimeoutMs" | "memoryMb" | "iparams" | "stopAfterTimeouts"> {
  /** Envelope of the payloads (default "3.0"). */
  platform?: Platform;
  /** How messages name the module (default: the path as given). */
  name?: string;
}

/**
 * Imports a module exporting onCallCreate and/or onCallUpdate (ESM or CommonJS) in a worker thread of its own; runCoverage takes the result like an app.
 * @example const report = await runCoverage(await loadModuleFile("handlers.mjs"));
 */
export async function loadModuleFile(file: string, options: ModuleLoadOptions = {}): Promise<FdkApp> {
  const path = resolve(file);
  try {
    // A FIFO or a device would block the worker's import for ever: refused before it starts.
    readRegularFile(path, "the module", MAX_SOURCE_BYTES);
  } catch (error) {
    throw new FdkAppError(error instanceof UnreadableFileError && error.code === "ENOENT" ? `module not found: ${file}` : (error as Error).message);
  }
  const timeoutMs = positive("timeoutMs", options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const loadTimeoutMs = positive("loadTimeoutMs", options.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS);
  const iparams = options.iparams ?? {};
  const redact = redactorFor(iparams);
  const name = options.name ?? file;
  const worker = new AppWorker(
    { appDir: resolve(path, ".."), serverJs: path, platform: options.platform ?? "3.0", templates: [], responses: {}, asked: [], iparams, secureKeys: [], modules: {}, timeoutMs, loadTimeoutMs, stopAfterTimeouts: options.stopAfterTimeouts ?? DEFAULT_STOP_AFTER_TIMEOUTS, moduleFile: path, moduleName: name },
    positive("memoryMb", options.memoryMb ?? DEFAULT_MEMORY_MB),
    async () => undefined,
  );
  let exported: string[];
  try {
    exported = await worker.start();
  } catch (error) {
    await worker.close();
    throw new FdkAppError(redact((error as Error).message));
  }
  const handlers = Object.fromEntries(CALL_EVENTS.map((event) => [event, exported.includes(event) ? event : undefined])) as Record<CallEventName, string | undefined>;
  return appOnWorker(worker, redact, { dir: name, platform: options.platform ?? "3.0", handlers, exported, templates: [], timeoutMs }, (event, payload) => ({ handler: event, payload }));
}
