// The stream routes without any transport: their paths, query parsing and control actions,
// shared by the node:http server (stream-server.ts) and the msw handlers (stream-msw.ts).
import type { ApiErrorDetail } from "@fwcall/types";
import { BASE_PATH, errorResponse, type MockResponse } from "./core.js";
import { isValidSpeed, MAX_STREAM_CALLS, MAX_STREAM_SPEED, MIN_STREAM_SPEED, type EventStream, type EventStreamOptions } from "./stream.js";

/** A speed as people write one ("2", "0.5", "1e2"); NaN for anything else ("0x10", "", " 1"), which Number() would read. */
const decimal = (text: string): number => (/^\d+(\.\d+)?(e[-+]?\d+)?$/i.test(text) ? Number(text) : NaN);

export const STREAM_PATH = `${BASE_PATH}/stream`;
export const DEFAULT_HEARTBEAT_MS = 15_000;
/** Open streams one server (or one set of handlers) serves at once; one more gets a 503. */
export const DEFAULT_MAX_STREAMS = 256;
/** Retry-After of the 503 for one stream too many, in seconds. */
export const STREAM_RETRY_AFTER_SECONDS = 5;

/** The 503 for a stream beyond the limit of open streams. */
export const tooManyStreams = (limit: number): MockResponse =>
  errorResponse(503, "too_many_streams", `${limit} event streams are open, the most this mock serves at once; close one or retry later`, [], {
    "Retry-After": String(STREAM_RETRY_AFTER_SECONDS),
  });

/** A usable limit of open streams: a whole number ≥ 1 (RangeError otherwise). */
export function maxStreamsOf(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_STREAMS;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`maxStreams must be a whole number ≥ 1; found ${value}`);
  return value;
}
export const STREAM_ACTIONS = ["pause", "resume", "step", "speed"] as const;

/** The query of GET /api/v1/stream, read into stream options, or the 422 problems. */
export function streamOptionsOf(url: URL): { options: EventStreamOptions; errors: ApiErrorDetail[] } {
  const errors: ApiErrorDetail[] = [];
  const options: EventStreamOptions = {};
  const one = (name: string): string | undefined => {
    const values = url.searchParams.getAll(name);
    if (values.length > 1) errors.push({ field: name, message: `${name} is given ${values.length} times; give it once`, code: "duplicate" });
    return values[0];
  };
  const seed = one("seed");
  if (seed !== undefined) {
    if (/^-?\d{1,10}$/.test(seed)) options.seed = Number(seed);
    else errors.push({ field: "seed", message: "seed must be an integer", code: "invalid" });
  }
  const speed = one("speed");
  if (speed !== undefined) {
    const x = decimal(speed);
    if (isValidSpeed(x)) options.speed = x;
    else errors.push({ field: "speed", message: `speed must be a number from ${MIN_STREAM_SPEED} to ${MAX_STREAM_SPEED}; found '${speed.slice(0, 40)}'`, code: "invalid" });
  }
  const calls = one("calls");
  if (calls !== undefined) {
    const n = /^\d{1,4}$/.test(calls) ? Number(calls) : NaN;
    if (n >= 1 && n <= MAX_STREAM_CALLS) options.calls = n;
    else errors.push({ field: "calls", message: `calls must be an integer from 1 to ${MAX_STREAM_CALLS}`, code: "invalid" });
  }
  const paused = one("paused");
  if (paused !== undefined) {
    if (paused === "true" || paused === "1" || paused === "") options.startPaused = true;
    else if (paused === "false" || paused === "0") options.startPaused = false;
    else errors.push({ field: "paused", message: "paused must be true, false, 1 or 0", code: "invalid" });
  }
  const loop = one("loop");
  if (loop !== undefined) {
    if (loop === "true" || loop === "1" || loop === "") options.loop = true;
    else if (loop === "false" || loop === "0") options.loop = false;
    else errors.push({ field: "loop", message: "loop must be true, false, 1 or 0", code: "invalid" });
  }
  return { options, errors };
}

/** Applies one control action to a stream: a 204, or a 422 for a bad speed value. */
export function controlStream(stream: EventStream, action: string, url: URL): MockResponse {
  switch (action) {
    case "pause":
      stream.pause();
      break;
    case "resume":
      stream.resume();
      break;
    case "step":
      stream.step();
      break;
    case "speed": {
      const raw = url.searchParams.getAll("value");
      const x = raw.length === 1 ? decimal(raw[0]!) : NaN;
      if (!isValidSpeed(x)) {
        return errorResponse(422, "invalid_params", "Invalid speed", [{ field: "value", message: `value must be one number from ${MIN_STREAM_SPEED} to ${MAX_STREAM_SPEED}`, code: "invalid" }]);
      }
      stream.setSpeed(x);
      break;
    }
    default:
      return errorResponse(404, "route_not_found", `No stream action ${action}`);
  }
  return { status: 204, headers: {}, body: null };
}

/** Which stream route a path names: the stream itself, or a control of one stream. */
export function matchStreamRoute(pathname: string): { route: "stream" } | { route: "control"; id: string; action: string } | undefined {
  const path = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  if (path === STREAM_PATH) return { route: "stream" };
  const match = /^\/api\/v1\/stream\/([^/]+)\/([^/]+)$/.exec(path);
  return match ? { route: "control", id: match[1]!, action: match[2]! } : undefined;
}
