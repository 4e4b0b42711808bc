// The core's input and answer as Fetch API objects: what every msw handler (REST routes and the
// live stream alike) converts through.
import { HttpResponse } from "msw";
import type { MockRequest, MockResponse } from "./core.js";

/** A Fetch API Request as the core's input. */
export function toMockRequest(request: Request): MockRequest {
  return { method: request.method, url: new URL(request.url), headers: request.headers };
}

/** The core's answer as a Fetch API Response (msw's HttpResponse). */
export function toHttpResponse(response: MockResponse): HttpResponse<never> | Response {
  const init = { status: response.status, headers: response.headers };
  return response.body === null ? new HttpResponse(null, init) : HttpResponse.json(response.body as never, init);
}
