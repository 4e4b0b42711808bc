// The mock in a browser: msw's service worker answering with createHandlers, so a frontend (a call
// board, say) is developed against the mock Freshcaller REST API and its live stream with no server.
import { setupWorker, type SetupWorker } from "msw/browser";
import { createHandlers, type HandlerOptions } from "./handlers.js";

/** Options of startMockWorker: those of createHandlers, plus where the worker script is served. */
export interface MockWorkerOptions extends HandlerOptions {
  /**
   * URL of msw's own worker script, `msw/mockServiceWorker.js` of the msw version this package uses,
   * as the app serves it (default "/mockServiceWorker.js"). It must lie within the page's scope.
   */
  serviceWorkerUrl?: string;
  /** Leave the console alone: no log line per intercepted request (default false). */
  quiet?: boolean;
}

/**
 * Registers msw's service worker with the mock's handlers and resolves once it answers requests.
 * Requests no handler matches (the app's own assets) go to the network untouched.
 * @example
 * import { startMockWorker } from "@fwcall/msw/browser";
 *
 * const worker = await startMockWorker({ scenario: "every-case", serviceWorkerUrl: "/mockServiceWorker.js", quiet: true });
 * const { calls } = await (await fetch("/api/v1/calls", { headers: { "X-Api-Auth": "dev" } })).json();
 * new EventSource("/api/v1/stream?speed=5").addEventListener("onCallUpdate", (e) => console.log(JSON.parse(e.data)));
 * worker.stop();
 */
export async function startMockWorker(options: MockWorkerOptions = {}): Promise<SetupWorker> {
  const { serviceWorkerUrl = "/mockServiceWorker.js", quiet = false, ...handlerOptions } = options;
  const worker = setupWorker(...createHandlers(handlerOptions));
  await worker.start({ serviceWorker: { url: serviceWorkerUrl }, onUnhandledRequest: "bypass", quiet });
  return worker;
}
