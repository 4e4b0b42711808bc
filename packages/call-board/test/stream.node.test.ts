// The EventSource wiring, against a fake EventSource that the test drives message by message.
import { describe, expect, it } from "vitest";
import { timelineOf } from "@fwcall/msw";
import { connectStream, type EventSourceLike, type StreamCallbacks, type StreamState } from "../src/stream.js";

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;

/** Just enough of EventSource: named listeners, readyState, onerror, close. */
class FakeEventSource implements EventSourceLike {
  readyState = CONNECTING;
  onerror: ((event: Event) => void) | null = null;
  closeCalls = 0;
  private readonly listeners = new Map<string, Array<(event: MessageEvent<string>) => void>>();
  constructor(readonly url: string) {}
  addEventListener(name: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }
  close(): void {
    this.closeCalls++;
    this.readyState = CLOSED;
  }
  /** Delivers one SSE message as the browser would: a MessageEvent-like object with data and lastEventId. */
  emit(name: string, data: string, lastEventId = ""): void {
    this.readyState = OPEN;
    for (const listener of this.listeners.get(name) ?? []) listener({ type: name, data, lastEventId } as MessageEvent<string>);
  }
  fail(readyState: number): void {
    this.readyState = readyState;
    this.onerror?.({ type: "error" } as Event);
  }
}

function connect(url = "https://board.test/api/v1/stream") {
  const seen = { events: [] as Array<{ event: string; callId: number; id: string }>, states: [] as Array<[StreamState, { streamId?: string; message?: string }]>, problems: [] as string[] };
  let source: FakeEventSource | undefined;
  const callbacks: StreamCallbacks = {
    onEvent: (payload, id) => seen.events.push({ event: payload.event, callId: payload.data.call.id, id }),
    onState: (state, detail) => seen.states.push([state, detail]),
    onProblem: (message) => seen.problems.push(message),
  };
  const close = connectStream(url, callbacks, (u) => (source = new FakeEventSource(u)));
  return { seen, source: source!, close };
}

describe("connectStream", () => {
  it("opens the URL, goes live on ready with the stream's id, and passes events on in order", () => {
    const { seen, source } = connect();
    expect(source.url).toBe("https://board.test/api/v1/stream");
    expect(seen.states).toEqual([["connecting", {}]]);
    source.emit("ready", JSON.stringify({ stream: "s-1" }));
    expect(seen.states.at(-1)).toEqual(["live", { streamId: "s-1" }]);
    const events = timelineOf({ seed: 3, calls: 2 });
    events.forEach((e, i) => source.emit(e.event, JSON.stringify(e.payload), String(i + 1)));
    expect(seen.events).toEqual(events.map((e, i) => ({ event: e.event, callId: e.payload.data.call.id, id: String(i + 1) })));
    expect(seen.problems).toEqual([]);
  });

  it("reports messages it cannot read and goes on", () => {
    const { seen, source } = connect();
    const [first] = timelineOf({ seed: 3, calls: 1 });
    source.emit("onCallCreate", "{not json");
    source.emit("onCallUpdate", JSON.stringify(first!.payload)); // an onCallCreate payload under the update's name
    source.emit("onCallCreate", JSON.stringify({ ...first!.payload, data: { actor: { type: "system" } } }));
    source.emit("onCallCreate", JSON.stringify(first!.payload));
    expect(seen.problems).toEqual([
      "onCallCreate message is not JSON: {not json",
      'onCallUpdate message names another event: "onCallCreate"',
      "onCallCreate message has no data.call with an id and participants",
    ]);
    expect(seen.events.map((e) => e.callId)).toEqual([first!.payload.data.call.id]);
  });

  it("closes itself on end, so EventSource does not start the replay over", () => {
    const { seen, source } = connect();
    source.emit("end", JSON.stringify({ delivered: 3 }));
    expect(source.closeCalls).toBe(1);
    expect(seen.states.at(-1)).toEqual(["ended", {}]);
    source.fail(CLOSED);
    expect(seen.states.at(-1)).toEqual(["ended", {}]);
  });

  it("says reconnecting while the browser retries, failed (with the URL) when it gives up", () => {
    const { seen, source } = connect("https://board.test/api/v1/stream?speed=0");
    source.fail(CONNECTING);
    expect(seen.states.at(-1)).toEqual(["reconnecting", {}]);
    source.emit("ready", JSON.stringify({ stream: "s-2" }));
    expect(seen.states.at(-1)).toEqual(["live", { streamId: "s-2" }]);
    source.fail(CLOSED);
    expect(seen.states.at(-1)).toEqual(["failed", { message: "The live event stream at https://board.test/api/v1/stream?speed=0 failed; reload the page to try again" }]);
  });

  it("returns a close that stops the reports", () => {
    const { seen, source, close } = connect();
    close();
    expect(source.closeCalls).toBe(1);
    source.fail(CLOSED);
    expect(seen.states).toEqual([["connecting", {}]]);
  });
});
