// A standalone mock of the Freshcaller REST API over node:http, answering through the same core
// as the msw handlers, for frontends in development and tests in other processes.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { answerApiRequest, AUTH_HEADER, errorResponse, SCENARIO_HEADER, type ApiTarget, type MockOptions, type MockResponse } from "./core.js";
import { STREAM_PATH } from "./stream-routes.js";
import { createStreamRegistry, type StreamRegistry, type StreamRegistrySettings } from "./stream-server.js";
import { splitTarget, targetUrl } from "./target.js";

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
  /** Most event streams open at once (default 256); one more answers 503 with Retry-After. */
  maxStreams?: number;
  /** A stream client that reads nothing for this long while its stream waits to write is disconnected (default 120000 ms). */
  streamStallMs?: number;
}

/** A running mock server. */
export interface MockServer {
  /** e.g. "http://127.0.0.1:4010"; the API lives under `${url}/api/v1`. */
  url: string;
  /** Open live-event-stream (SSE) connections, for tests. */
  readonly streams: number;
  /** Open streams whose clock is held because their client is not reading (backpressure), for tests. */
  readonly streamsHeld: number;
  /** Stops accepting connections, lets requests in flight finish (for up to 2 s), then resolves. */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
export const DEFAULT_MAX_URL_LENGTH = 8_192;
export { DEFAULT_STREAM_STALL_MS } from "./stream-server.js";

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

/** A response ready to write: its head as a flat [name, value, …] list (Content-Length included) and its body bytes. */
interface Wire {
  head: string[];
  body: Buffer | undefined;
}

function wireOf(response: MockResponse, extra: Readonly<Record<string, string>>): Wire {
  const text = response.body === null ? "" : (JSON.stringify(response.body) ?? "");
  const body = text === "" ? undefined : Buffer.from(text);
  // Built as an object first, so that a name in `extra` replaces the core's in place, as a spread would.
  const headers: Record<string, string> = { ...response.headers, ...extra, "Content-Length": String(body?.length ?? 0) };
  return { head: Object.entries(headers).flat(), body };
}

/**
 * The wire form of each response the core hands out again and again (it caches its answers and
 * the data never change once built), so a repeated answer costs one lookup, not a serialisation.
 */
const wires = new WeakMap<MockResponse, Wire>();

function send(res: ServerResponse, response: MockResponse, extra: Readonly<Record<string, string>> = CORS_HEADERS): void {
  if (res.headersSent) return;
  let wire = extra === CORS_HEADERS ? wires.get(response) : undefined;
  if (wire === undefined) {
    wire = wireOf(response, extra);
    if (extra === CORS_HEADERS) wires.set(response, wire);
  }
  res.writeHead(response.status, wire.head);
  // node:http queues the "100 Continue" of a pipelined Expect: 100-continue request behind the
  // answer before it, then puts the head of a Buffer body in front of that queue (head, 100, body:
  // a broken stream); a string body is appended to its head, so those requests get their bytes as one.
  if (wire.body !== undefined && res.req.headers.expect !== undefined) res.end(wire.body.toString("latin1"), "latin1");
  else res.end(wire.body);
}

const badRequest = (message: string) => errorResponse(400, "bad_request", message);

/** An ApiError written straight to a socket, for requests Node answers before any handler runs. */
function rawError(socket: Socket, status: number, reason: string, response: MockResponse): void {
  const body = JSON.stringify(response.body);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Whether a request announces a body (node:http gives a request without these headers none). */
const hasBody = (req: IncomingMessage) => req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;

/** Reads (and discards) the body, failing past the limit. */
function drainBody(req: IncomingMessage, limit: number): Promise<"ok" | "too-large"> {
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

type Settings = Required<Pick<MockServerOptions, "maxBodyBytes" | "maxUrlLength">> & { core: MockOptions };

const PREFLIGHT: MockResponse = { status: 204, headers: {}, body: null };
const failed = (res: ServerResponse) => send(res, errorResponse(500, "internal_error", "The mock server failed to answer this request"));

/**
 * Answers one request. A request without a body (every GET a client sends) is answered at once,
 * in the 'request' event, with no promise: the body is drained first only when one is announced.
 */
function answer(req: IncomingMessage, res: ServerResponse, settings: Settings, streams: StreamRegistry): void {
  const raw = req.url ?? "/";
  // node:http would answer a bare 400 itself (requireHostHeader); the API answers in JSON.
  if (req.httpVersion === "1.1" && req.headers.host === undefined) {
    res.setHeader("Connection", "close");
    return send(res, badRequest("The Host header is missing; HTTP/1.1 requests must send one"));
  }
  if (raw.length > settings.maxUrlLength) return send(res, badRequest(`Request URL is longer than ${settings.maxUrlLength} characters`));
  let target: ApiTarget;
  try {
    target = splitTarget(raw);
  } catch {
    return send(res, badRequest("Request URL is malformed (bad percent-encoding?)"));
  }
  if (!hasBody(req)) return route(req, res, target, settings, streams);
  drainBody(req, settings.maxBodyBytes)
    .then((body) => {
      if (body === "ok") return route(req, res, target, settings, streams);
      res.setHeader("Connection", "close");
      send(res, errorResponse(413, "payload_too_large", `Request body is larger than ${settings.maxBodyBytes} bytes`));
    })
    .catch(() => failed(res));
}

/** Sockets an event stream is open on: an error answer written there would land inside the stream's body. */
const streaming = new WeakSet<Socket>();

function route(req: IncomingMessage, res: ServerResponse, target: ApiTarget, settings: Settings, streams: StreamRegistry): void {
  const method = req.method ?? "GET";
  if (method === "OPTIONS") return send(res, PREFLIGHT, PREFLIGHT_HEADERS);
  // The live event stream (no X-Api-Auth: EventSource cannot send headers); only its paths need a whole URL.
  if (target.pathname.startsWith(STREAM_PATH) && streams.handle(method, target instanceof URL ? target : targetUrl(req.url ?? "/"), res, send)) {
    if (!res.writableEnded) {
      const socket = req.socket;
      streaming.add(socket);
      res.once("close", () => streaming.delete(socket));
    }
    return;
  }
  send(res, answerApiRequest(method, target, req.headers, settings.core, true));
}

/**
 * Starts the mock Freshcaller REST API on node:http.
 * @example const mock = await startMockServer({ port: 0, scenario: "busy-week" }); await fetch(`${mock.url}/api/v1/calls`, { headers: { "X-Api-Auth": "dev" } });
 */
export function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const settings: Settings = {
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxUrlLength: options.maxUrlLength ?? DEFAULT_MAX_URL_LENGTH,
    core: {
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.scenario === undefined ? {} : { scenario: options.scenario }),
    },
  };
  const registry: StreamRegistrySettings = { corsHeaders: CORS_HEADERS };
  if (options.streamHeartbeatMs !== undefined) registry.heartbeatMs = options.streamHeartbeatMs;
  if (options.maxStreams !== undefined) registry.maxStreams = options.maxStreams;
  if (options.streamStallMs !== undefined) registry.stallMs = options.streamStallMs;
  let streams: StreamRegistry;
  try {
    streams = createStreamRegistry(registry);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    try {
      answer(req, res, settings, streams);
    } catch {
      failed(res);
    }
  });
  // Any Expect but 100-continue (which Node honours) would get Node's empty 417: say why in JSON.
  server.on("checkExpectation", (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader("Connection", "close");
    const expect = String(req.headers.expect).slice(0, 100);
    send(res, errorResponse(417, "expectation_failed", `Expect: ${JSON.stringify(expect)} is not supported; send no Expect header, or Expect: 100-continue`));
  });
  // Requests Node cannot parse (bad request line, headers too large…) get a JSON 400, not a crash.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    // With an event stream open, an answer would corrupt its chunked body: drop the connection, as Node itself does.
    if (!socket.writable || error.code === "ECONNRESET" || streaming.has(socket)) return void socket.destroy();
    if (error.code === "HPE_HEADER_OVERFLOW") rawError(socket, 431, "Request Header Fields Too Large", errorResponse(431, "bad_request", "Request headers are too large"));
    else rawError(socket, 400, "Bad Request", badRequest("Malformed HTTP request"));
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
        get streamsHeld() {
          return streams.held;
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
