// The live event stream over node:http as Server-Sent Events: one stream per connection, named by
// an id sent as the first event, and controlled by POST /api/v1/stream/<id>/<action>.
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { errorResponse, type MockResponse } from "./core.js";
import { createEventStream, formatSse, type EventStream } from "./stream.js";
import { controlStream, DEFAULT_HEARTBEAT_MS, matchStreamRoute, STREAM_ACTIONS, streamOptionsOf } from "./stream-routes.js";

export { controlStream, matchStreamRoute, streamOptionsOf, STREAM_PATH, DEFAULT_HEARTBEAT_MS, MAX_STREAM_SPEED, STREAM_ACTIONS } from "./stream-routes.js";

/** The live streams of one server. */
export interface StreamRegistry {
  /** Answers a stream route; false when the path is not one (the REST core answers it). */
  handle(method: string, url: URL, res: ServerResponse, send: (res: ServerResponse, response: MockResponse) => void): boolean;
  /** Open SSE connections. */
  readonly size: number;
  /** Ends every open stream (on server close). */
  closeAll(): void;
}

/** A registry of SSE streams, one per connection. */
export function createStreamRegistry(settings: { heartbeatMs?: number; corsHeaders?: Readonly<Record<string, string>> } = {}): StreamRegistry {
  const heartbeatMs = settings.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const live = new Map<string, { stream: EventStream; end: () => void }>();

  const open = (url: URL, res: ServerResponse, send: (res: ServerResponse, response: MockResponse) => void) => {
    const { options, errors } = streamOptionsOf(url);
    if (errors.length > 0) return send(res, errorResponse(422, "invalid_params", "Invalid query parameters", errors));
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
    res.write(formatSse("ready", { stream: id }));
    const heartbeat = setInterval(() => res.write(`: heartbeat ${Date.now()}\n\n`), heartbeatMs);
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      clearInterval(heartbeat);
      stream.close();
      live.delete(id);
      if (!res.writableEnded) res.end();
    };
    live.set(id, { stream, end });
    stream.subscribe((event) => res.write(formatSse(event.event, event.payload, event.id)));
    stream.onEnd(() => {
      res.write(formatSse("end", { delivered: stream.delivered }));
      end();
    });
    res.on("close", end);
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
    closeAll() {
      for (const { end } of [...live.values()]) end();
    },
  };
}
