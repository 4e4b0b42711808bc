// The live event stream over EventSource: GET /api/v1/stream sends `ready`, then onCallCreate /
// onCallUpdate payloads (FDK 3.0 envelope), and `end` when its timeline is done.
import { CALL_EVENT_NAMES, type CallEventName, type CallEventPayload } from "@fwcall/types";

/** Where the stream stands, for the live indicator. */
export type StreamState = "connecting" | "live" | "reconnecting" | "ended" | "failed";

/** What the stream reports. */
export interface StreamCallbacks {
  /** One call event, in the order the stream sent it; `id` is the SSE message id. */
  onEvent(payload: CallEventPayload, id: string): void;
  /** The connection's state changed; `streamId` once `ready` named the stream, `message` on failure. */
  onState(state: StreamState, detail: { streamId?: string; message?: string }): void;
  /** A message could not be read (bad JSON, wrong shape); the stream goes on. */
  onProblem(message: string): void;
}

/** The part of EventSource the board uses, so a test can pass a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

/** EventSource.CLOSED, spelled out so no global EventSource is needed where the fake is used. */
const CLOSED = 2;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function parsePayload(name: CallEventName, text: string): CallEventPayload | string {
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return `${name} message is not JSON: ${text.slice(0, 120)}`;
  }
  if (!isObject(payload) || payload["event"] !== name) return `${name} message names another event: ${JSON.stringify(isObject(payload) ? payload["event"] : payload)}`;
  const data = payload["data"];
  if (!isObject(data) || !isObject(data["call"]) || typeof data["call"]["id"] !== "number" || !Array.isArray(data["call"]["participants"])) {
    return `${name} message has no data.call with an id and participants`;
  }
  return payload as unknown as CallEventPayload;
}

/**
 * Opens the event stream and reports its events and state; returns a function that closes it.
 * An `end` closes the EventSource, which would otherwise reconnect and start the replay over.
 * @example const close = connectStream("/api/v1/stream?speed=5", { onEvent: (e) => (board = applyEvent(board, e)), onState: console.log, onProblem: console.warn });
 */
export function connectStream(url: string, callbacks: StreamCallbacks, open: (url: string) => EventSourceLike = (u) => new EventSource(u)): () => void {
  const source = open(url);
  let closed = false;
  const close = () => {
    closed = true;
    source.close();
  };
  callbacks.onState("connecting", {});
  source.addEventListener("ready", (event) => {
    const data = (() => {
      try {
        return JSON.parse(event.data) as unknown;
      } catch {
        return undefined;
      }
    })();
    const streamId = isObject(data) && typeof data["stream"] === "string" ? data["stream"] : undefined;
    callbacks.onState("live", streamId === undefined ? {} : { streamId });
  });
  for (const name of CALL_EVENT_NAMES) {
    source.addEventListener(name, (message) => {
      const payload = parsePayload(name, message.data);
      if (typeof payload === "string") callbacks.onProblem(payload);
      else callbacks.onEvent(payload, message.lastEventId);
    });
  }
  source.addEventListener("end", () => {
    close();
    callbacks.onState("ended", {});
  });
  source.onerror = () => {
    if (closed) return;
    // CLOSED: the browser gave up (an error status or a body that is not text/event-stream); otherwise it retries by itself.
    if (source.readyState === CLOSED) {
      closed = true;
      callbacks.onState("failed", { message: `The live event stream at ${url} failed; reload the page to try again` });
    } else callbacks.onState("reconnecting", {});
  };
  return close;
}
