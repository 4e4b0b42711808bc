// The live event stream over node:http as Server-Sent Events: one stream per connection, named by
// an id sent as the first event, and controlled by POST /api/v1/stream/<id>/<action>.
// Backpressure: when the socket takes no more (res.write() returns false) the stream's clock is
// held until 'drain', so a client that stops reading costs one socket buffer, not a growing heap.
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { errorResponse, type MockResponse } from "./core.js";
import { createEventStream, formatSse, type EventStream } from "./stream.js";
import { controlStream, DEFAULT_HEARTBEAT_MS, matchStreamRoute, maxStreamsOf, STREAM_ACTIONS, streamOptionsOf, tooManyStreams } from "./stream-routes.js";

/** How long a client may read nothing while its stream waits to write, before the server drops it (ms). */
export const DEFAULT_STREAM_STALL_MS = 120_000;

/** Settings of createStreamRegistry. */
export interface StreamRegistrySettings {
  /** Interval of the SSE comment heartbeat, in ms (default 15000). */
  heartbeatMs?: number;
  /** Most streams open at once (default 256); one more gets a 503 with Retry-After. */
  maxStreams?: number;
  /** A client that takes nothing for this long while its stream is held gets disconnected (default 120000 ms). */
  stallMs?: number;
  corsHeaders?: Readonly<Record<string, string>>;
}

/** The live streams of one server. */
export interface StreamRegistry {
  /** Answers a stream route; false when the path is not one (the REST core answers it). */
  handle(method: string, url: URL, res: ServerResponse, send: (res: ServerResponse, response: MockResponse) => void): boolean;
  /** Open SSE connections. */
  readonly size: number;
  /** Open streams whose clock is held because their client is not reading. */
  readonly held: number;
  /** Ends every open stream (on server close). */
  closeAll(): void;
}

/** A registry of SSE streams, one per connection. */
export function createStreamRegistry(settings: StreamRegistrySettings = {}): StreamRegistry {
  const heartbeatMs = settings.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const stallMs = settings.stallMs ?? DEFAULT_STREAM_STALL_MS;
  const maxStreams = maxStreamsOf(settings.maxStreams);
  const live = new Map<string, { stream: EventStream; end: () => void }>();

  const open = (url: URL, res: ServerResponse, send: (res: ServerResponse, response: MockResponse) => void) => {
    const { options, errors } = streamOptionsOf(url);
    if (errors.length > 0) return send(res, errorResponse(422, "invalid_params", "Invalid query parameters", errors));
    if (live.size >= maxStreams) return send(res, tooManyStreams(maxStreams));
    const id = randomUUID();
    const stream = createEventStream(options);
    res.writeHead(200, {
      ...settings.corsHeaders,
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    res.socket?.setNoDelay(true);
    let stall: ReturnType<typeof setTimeout> | undefined;
    const write = (text: string) => {
      if (res.writableEnded || res.destroyed) return;
      if (res.write(text)) return;
      stream.hold();
      stall ??= setTimeout(() => res.destroy(), stallMs);
    };
    const drained = () => {
      clearTimeout(stall);
      stall = undefined;
      stream.release();
    };
    write(formatSse("ready", { stream: id }));
    // A heartbeat only keeps an idle connection open; a full socket is not idle.
    const heartbeat = setInterval(() => {
      if (!res.writableNeedDrain) write(`: heartbeat ${Date.now()}\n\n`);
    }, heartbeatMs);
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      clearInterval(heartbeat);
      clearTimeout(stall);
      stream.close();
      live.delete(id);
      res.off("drain", drained);
      if (!res.writableEnded) res.end();
    };
    live.set(id, { stream, end });
    stream.subscribe((event) => write(formatSse(event.event, event.payload, event.id)));
    stream.onEnd(() => {
      write(formatSse("end", { delivered: stream.delivered }));
      end();
    });
    res.on("drain", drained);
    res.on("close", end);
    res.on("error", end);
  };

  return {
    handle(method, url, res, send) {
      const route = matchStreamRoute(url.pathname);
      if (!route) return false;
      const allow = route.route === "stream" ? "GET" : "POST";
      if (method !== allow) {
        send(res, errorResponse(405, "method_not_allowed", `Use ${allow} on ${url.pathname}`, [], { Allow: allow }));
        return true;
      }
      if (route.route === "stream") {
        open(url, res, send);
        return true;
      }
      const entry = live.get(route.id);
      if (!(STREAM_ACTIONS as readonly string[]).includes(route.action)) send(res, errorResponse(404, "route_not_found", `No stream action ${route.action}`));
      else if (!entry) send(res, errorResponse(404, "stream_not_found", `No open stream ${route.id}`));
      else send(res, controlStream(entry.stream, route.action, url));
      return true;
    },
    get size() {
      return live.size;
    },
    get held() {
      let count = 0;
      for (const { stream } of live.values()) if (stream.held) count++;
      return count;
    },
    closeAll() {
      for (const { end } of [...live.values()]) end();
    },
  };
}
