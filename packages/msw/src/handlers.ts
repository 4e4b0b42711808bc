// msw 2 handlers over the core: one handler per route (plus one catch-all under the base path),
// each turning msw's Request into the core's input and the core's answer into an HttpResponse.
import { http, type RequestHandler } from "msw";
import { BASE_PATH, handleApiRequest, ROUTES, type MockOptions } from "./core.js";
import { toHttpResponse, toMockRequest } from "./fetch-adapter.js";
import { createStreamHandlers } from "./stream-msw.js";

/** Options of createHandlers. */
export interface HandlerOptions extends MockOptions {
  /** Origin (and optional path prefix) to match, e.g. "https://acme.freshcaller.com"; default "*": any origin. */
  baseUrl?: string;
  /** Serve the live event stream (`GET /api/v1/stream` + controls) before the catch-all (default true; false leaves it out). */
  stream?: boolean;
}

/**
 * The msw request handlers of the mock Freshcaller REST API and its live event stream.
 * @example setupServer(...createHandlers({ baseUrl: "https://acme.freshcaller.com", scenario: "busy-week" })).listen()
 */
export function createHandlers(options: HandlerOptions = {}): RequestHandler[] {
  const base = (options.baseUrl ?? "*").replace(/\/+$/, "");
  const core: MockOptions = {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.scenario === undefined ? {} : { scenario: options.scenario }),
  };
  const resolver = ({ request }: { request: Request }) => toHttpResponse(handleApiRequest(toMockRequest(request), core));
  return [
    http.all(`${base}${ROUTES.calls}`, resolver),
    http.all(`${base}${ROUTES.call}`, resolver),
    http.all(`${base}${ROUTES.recording}`, resolver),
    // A call board needs both the list and the stream, so both come by default.
    ...(options.stream === false ? [] : createStreamHandlers({ baseUrl: base }).handlers),
    // Anything else under the base path answers the API's 404, not a pass-through to the network.
    http.all(`${base}${BASE_PATH}/*`, resolver),
  ];
}
