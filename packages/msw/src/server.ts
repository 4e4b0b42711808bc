// A standalone mock of the Freshcaller REST API over node:http, answering through the same core
// as the msw handlers, for frontends in development and tests in other processes.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { AUTH_HEADER, errorResponse, handleApiRequest, SCENARIO_HEADER, type MockOptions, type MockResponse } from "./core.js";
import { createStreamRegistry, type StreamRegistry } from "./stream-server.js";

/** Options of startMockServer. */
export interface MockServerOptions extends MockOptions {
  /** Port to listen on (default 4010; 0 picks a free one). */
  port?: number;
  /** Interface to bind (default 127.0.0.1: only this machine can reach it). */
  host?: string;
  /** Largest request body accepted, in bytes (default 64 kB; larger answers 413). */
  maxBodyBytes?: number;
  /** Longest request target accepted, in characters (default 8192; longer answers 400). */
  maxUrlLength?: number;
  /** Interval of the SSE comment heartbeat on /api/v1/stream, in ms (default 15000). */
  streamHeartbeatMs?: number;
}

/** A running mock server. */
export interface MockServer {
  /** e.g. "http://127.0.0.1:4010"; the API lives under `${url}/api/v1`. */
  url: string;
  /** Open live-event-stream (SSE) connections, for tests. */
  readonly streams: number;
  /** Stops accepting connections, lets requests in flight finish (for up to 2 s), then resolves. */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
export const DEFAULT_MAX_URL_LENGTH = 8_192;

/** CORS for local development: any origin may read the mock, with the headers the API uses. */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": `Location, Retry-After, Allow, ${SCENARIO_HEADER}`,
};
const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  ...CORS_HEADERS,
  "Access-Control-Allow-Methods": "GET, OPTIONS",
  "Access-Control-Allow-Headers": `${AUTH_HEADER}, ${SCENARIO_HEADER}, Content-Type, Accept`,
  "Access-Control-Max-Age": "600",
};

/** JSON text of bodies the core hands out again and again (it caches its answers). */
const serialized = new WeakMap<object, string>();

function bodyText(body: unknown): string {
  if (body === null) return "";
  if (typeof body !== "object") return JSON.stringify(body);
  let text = serialized.get(body);
  if (text === undefined) serialized.set(body, (text = JSON.stringify(body)));
  return text;
}

function send(res: ServerResponse, response: MockResponse, extra: Record<string, string> = CORS_HEADERS): void {
  if (res.headersSent) return;
  const payload = bodyText(response.body);
  res.writeHead(response.status, { ...response.headers, ...extra, "Content-Length": String(Buffer.byteLength(payload)) });
  res.end(payload);
}

const badRequest = (message: string) => errorResponse(400, "bad_request", message);

/** Reads (and discards) the body, failing past the limit. A request without one costs nothing. */
function drainBody(req: IncomingMessage, limit: number): Promise<"ok" | "too-large"> | "ok" {
  if (req.headers["content-length"] === undefined && req.headers["transfer-encoding"] === undefined) return "ok";
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > limit) return resolve("too-large");
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        resolve("too-large");
      }
    });
    req.on("end", () => resolve("ok"));
    req.on("error", reject);
  });
}

async function answer(req: IncomingMessage, res: ServerResponse, options: Required<Pick<MockServerOptions, "maxBodyBytes" | "maxUrlLength">> & MockOptions, streams: StreamRegistry): Promise<void> {
  const target = req.url ?? "/";
  if (target.length > options.maxUrlLength) return send(res, badRequest(`Request URL is longer than ${options.maxUrlLength} characters`));
  let url: URL;
  try {
    decodeURIComponent(target);
    url = new URL(target, "http://mock.invalid");
  } catch {
    return send(res, badRequest("Request URL is malformed (bad percent-encoding?)"));
  }
  if ((await drainBody(req, options.maxBodyBytes)) === "too-large") {
    res.setHeader("Connection", "close");
    return send(res, errorResponse(413, "payload_too_large", `Request body is larger than ${options.maxBodyBytes} bytes`));
  }
  if (req.method === "OPTIONS") return send(res, { status: 204, headers: {}, body: null }, PREFLIGHT_HEADERS);
  // The live event stream (no X-Api-Auth: EventSource cannot send headers).
  if (streams.handle(req.method ?? "GET", url, res, send)) return;
  const core: MockOptions = {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.scenario === undefined ? {} : { scenario: options.scenario }),
  };
  send(res, handleApiRequest({ method: req.method ?? "GET", url, headers: req.headers }, core));
}

/**
 * Starts the mock Freshcaller REST API on node:http.
 * @example const mock = await startMockServer({ port: 0, scenario: "busy-week" }); await fetch(`${mock.url}/api/v1/calls`, { headers: { "X-Api-Auth": "dev" } });
 */
export function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const settings = {
    ...options,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxUrlLength: options.maxUrlLength ?? DEFAULT_MAX_URL_LENGTH,
  };
  const streams = createStreamRegistry({
    corsHeaders: CORS_HEADERS,
    ...(options.streamHeartbeatMs === undefined ? {} : { heartbeatMs: options.streamHeartbeatMs }),
  });
  const server = createServer((req, res) => {
    answer(req, res, settings, streams).catch(() => send(res, errorResponse(500, "internal_error", "The mock server failed to answer this request")));
  });
  // Requests Node cannot parse (bad request line, headers too large…) get a JSON 400, not a crash.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === "ECONNRESET") return void socket.destroy();
    const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
    const body = JSON.stringify({ error_type: "bad_request", message: "Malformed HTTP request", errors: [] });
    socket.end(`HTTP/1.1 ${status} ${status === 431 ? "Request Header Fields Too Large" : "Bad Request"}\r\nContent-Type: application/json; charset=utf-8\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? DEFAULT_PORT, options.host ?? DEFAULT_HOST, () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
      let closing: Promise<void> | undefined;
      resolve({
        url: `http://${host}:${address.port}`,
        get streams() {
          return streams.size;
        },
        close: () =>
          (closing ??= new Promise<void>((done) => {
            const force = setTimeout(() => server.closeAllConnections(), 2_000);
            force.unref();
            streams.closeAll();
            server.close(() => {
              clearTimeout(force);
              done();
            });
            server.closeIdleConnections();
          })),
      });
    });
  });
}
