// The live event stream as msw 2 handlers (for setupServer and the browser worker): an http.get
// answering a ReadableStream of SSE text, plus the POST controls, over the same event source as
// the node:http server. msw's own `sse()` is not used: it needs a global EventSource, which Node 20
// lacks, and a plain streamed response serves EventSource and fetch readers alike.
import { http, HttpResponse, type RequestHandler } from "msw";
import { errorResponse } from "./core.js";
import { toHttpResponse } from "./fetch-adapter.js";
import { createEventStream, formatSse, type EventStream } from "./stream.js";
import { controlStream, DEFAULT_HEARTBEAT_MS, STREAM_ACTIONS, STREAM_PATH, streamOptionsOf } from "./stream-routes.js";

/** Options of createStreamHandlers. */
export interface StreamHandlerOptions {
  /** Origin (and optional path prefix) to match; default "*": any origin. */
  baseUrl?: string;
  /** Interval of the SSE comment heartbeat, in ms (default 15000). */
  heartbeatMs?: number;
}

/** msw handlers of the live stream, with the number of open streams (for tests). */
export interface StreamHandlers {
  handlers: RequestHandler[];
  readonly open: number;
}

/**
 * The stream routes as msw handlers: `GET /api/v1/stream` and `POST /api/v1/stream/:id/:action`.
 * @example setupServer(...createStreamHandlers().handlers, ...createHandlers())
 */
export function createStreamHandlers(options: StreamHandlerOptions = {}): StreamHandlers {
  const base = (options.baseUrl ?? "*").replace(/\/+$/, "");
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const live = new Map<string, EventStream>();
  let counter = 0;

  const open = ({ request }: { request: Request }) => {
    const { options: streamOptions, errors } = streamOptionsOf(new URL(request.url));
    if (errors.length > 0) return toHttpResponse(errorResponse(422, "invalid_params", "Invalid query parameters", errors));
    const id = `msw-${++counter}-${Math.random().toString(36).slice(2, 10)}`;
    const stream = createEventStream(streamOptions);
    const encoder = new TextEncoder();
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    const cleanup = () => {
      clearInterval(heartbeat);
      stream.close();
      live.delete(id);
    };
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        live.set(id, stream);
        const write = (text: string) => controller.enqueue(encoder.encode(text));
        write(formatSse("ready", { stream: id }));
        heartbeat = setInterval(() => write(`: heartbeat ${Date.now()}\n\n`), heartbeatMs);
        stream.subscribe((event) => write(formatSse(event.event, event.payload, event.id)));
        stream.onEnd(() => {
          write(formatSse("end", { delivered: stream.delivered }));
          cleanup();
          controller.close();
        });
        request.signal?.addEventListener("abort", cleanup, { once: true });
      },
      cancel: cleanup,
    });
    return new HttpResponse(body, {
      status: 200,
      headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform" },
    });
  };

  const controlOne = ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => {
    const id = String(params["id"]);
    const action = String(params["action"]);
    if (!(STREAM_ACTIONS as readonly string[]).includes(action)) return toHttpResponse(errorResponse(404, "route_not_found", `No stream action ${action}`));
    const stream = live.get(id);
    if (!stream) return toHttpResponse(errorResponse(404, "stream_not_found", `No open stream ${id}`));
    return toHttpResponse(controlStream(stream, action, new URL(request.url)));
  };

  return {
    handlers: [http.get(`${base}${STREAM_PATH}`, open), http.post(`${base}${STREAM_PATH}/:id/:action`, controlOne)],
    get open() {
      return live.size;
    },
  };
}
