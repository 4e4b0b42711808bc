// The live event stream as msw 2 handlers (for setupServer and the browser worker): an http.get
// answering a ReadableStream of SSE text, plus the POST controls, over the same event source as
// the node:http server. msw's own `sse()` is not used: it needs a global EventSource, which Node 20
// lacks, and a plain streamed response serves EventSource and fetch readers alike.
// Backpressure: the body's queue holds at most QUEUE_BYTES; when it is full the stream's clock is
// held until the reader pulls, so a reader that stops reading costs one bounded queue.
import { http, HttpResponse, type RequestHandler } from "msw";
import { errorResponse } from "./core.js";
import { toHttpResponse } from "./fetch-adapter.js";
import { createEventStream, formatSse, type EventStream } from "./stream.js";
import { controlStream, DEFAULT_HEARTBEAT_MS, maxStreamsOf, STREAM_ACTIONS, STREAM_PATH, streamOptionsOf, tooManyStreams } from "./stream-routes.js";

/** Bytes of SSE text the body queues for its reader before the stream's clock is held. */
const QUEUE_BYTES = 64 * 1024;

/** Options of createStreamHandlers. */
export interface StreamHandlerOptions {
  /** Origin (and optional path prefix) to match; default "*": any origin. */
  baseUrl?: string;
  /** Interval of the SSE comment heartbeat, in ms (default 15000). */
  heartbeatMs?: number;
  /** Most streams open at once (default 256); one more gets a 503 with Retry-After. */
  maxStreams?: number;
}

/** msw handlers of the live stream, with the number of open streams (for tests). */
export interface StreamHandlers {
  handlers: RequestHandler[];
  readonly open: number;
  /** Open streams whose clock is held because their reader is not reading (backpressure). */
  readonly held: number;
}

/**
 * The stream routes as msw handlers: `GET /api/v1/stream` and `POST /api/v1/stream/:id/:action`.
 * @example setupServer(...createStreamHandlers().handlers, ...createHandlers())
 */
export function createStreamHandlers(options: StreamHandlerOptions = {}): StreamHandlers {
  const base = (options.baseUrl ?? "*").replace(/\/+$/, "");
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const maxStreams = maxStreamsOf(options.maxStreams);
  const live = new Map<string, EventStream>();
  let counter = 0;

  const open = ({ request }: { request: Request }) => {
    const { options: streamOptions, errors } = streamOptionsOf(new URL(request.url));
    if (errors.length > 0) return toHttpResponse(errorResponse(422, "invalid_params", "Invalid query parameters", errors));
    if (live.size >= maxStreams) return toHttpResponse(tooManyStreams(maxStreams));
    const id = `msw-${++counter}-${Math.random().toString(36).slice(2, 10)}`;
    const stream = createEventStream(streamOptions);
    live.set(id, stream);
    const encoder = new TextEncoder();
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    const cleanup = () => {
      clearInterval(heartbeat);
      stream.close();
      live.delete(id);
      request.signal?.removeEventListener("abort", cleanup);
    };
    const body = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          const write = (text: string) => {
            controller.enqueue(encoder.encode(text));
            if ((controller.desiredSize ?? 0) <= 0) stream.hold();
          };
          write(formatSse("ready", { stream: id }));
          // A heartbeat only keeps an idle connection open; a full queue is not idle.
          heartbeat = setInterval(() => {
            if ((controller.desiredSize ?? 0) > 0) write(`: heartbeat ${Date.now()}\n\n`);
          }, heartbeatMs);
          stream.subscribe((event) => write(formatSse(event.event, event.payload, event.id)));
          stream.onEnd(() => {
            write(formatSse("end", { delivered: stream.delivered }));
            cleanup();
            controller.close();
          });
          request.signal?.addEventListener("abort", cleanup, { once: true });
        },
        // The reader took some: the clock may run on.
        pull() {
          stream.release();
        },
        cancel: cleanup,
      },
      new ByteLengthQueuingStrategy({ highWaterMark: QUEUE_BYTES }),
    );
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
    get held() {
      let count = 0;
      for (const stream of live.values()) if (stream.held) count++;
      return count;
    },
  };
}
