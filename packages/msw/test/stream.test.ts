// The framework-free event stream, on vitest's fake timers (no server, no msw in this file).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { validateCallEvent } from "@fwcall/validate";
import { callStore, LIVE_START, SCENARIOS } from "../src/data.js";
import { createEventStream, DEFAULT_MAX_GAP_MS, formatSse, MAX_STREAM_CALLS, MAX_STREAM_SPEED, MIN_STREAM_SPEED, timelineEvents, timelineOf, type StreamEvent } from "../src/stream.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const collect = (stream: ReturnType<typeof createEventStream>): StreamEvent[] => {
  const out: StreamEvent[] = [];
  stream.subscribe((event) => out.push(event));
  return out;
};

describe("timelineOf", () => {
  it("merges many lifecycles; every payload passes the strict validator", () => {
    const timeline = timelineOf({ seed: 3, calls: 30 });
    expect(new Set(timeline.map((e) => e.call)).size).toBe(30);
    for (const { event, payload } of timeline) {
      const result = validateCallEvent(event, payload, { profile: "strict" });
      expect(result.problems).toEqual([]);
      expect(payload.event).toBe(event);
    }
  });

  it("keeps each call's events in order, its onCallCreate first, and gives each call its own id", () => {
    const timeline = timelineOf({ seed: 5, calls: 25 });
    const byCall = new Map<number, typeof timeline>();
    for (const event of timeline) byCall.set(event.call, [...(byCall.get(event.call) ?? []), event]);
    const callIds = new Set<unknown>();
    for (const events of byCall.values()) {
      expect(events[0]!.event).toBe("onCallCreate");
      expect(events.slice(1).every((e) => e.event === "onCallUpdate")).toBe(true);
      expect(events.map((e) => e.step)).toEqual(events.map((_, i) => i));
      const ts = events.map((e) => e.payload.timestamp);
      expect([...ts].sort((a, b) => a - b)).toEqual(ts);
      callIds.add(events[0]!.payload.data.call.id);
      expect(new Set(events.map((e) => e.payload.data.call.id)).size).toBe(1);
    }
    expect(callIds.size).toBe(25);
    const at = timeline.map((e) => e.at);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it("starts its calls after every scenario's calls, each at its own moment, so a board lists live calls first", () => {
    const newest = SCENARIOS.flatMap((s) => (s.name === "rate-limited" ? [] : callStore(1, s.name).calls.map((c) => c.created_time))).sort().at(-1)!;
    const creates = timelineOf({ seed: 4, calls: 12 }).filter((e) => e.event === "onCallCreate");
    const created = creates.map((e) => e.payload.data.call.created_time);
    expect(created.every((time) => time > newest)).toBe(true);
    expect(created[0]).toBe(new Date(LIVE_START).toISOString());
    expect([...created].sort()).toEqual(created);
    expect(new Set(created).size).toBe(created.length);
  });

  it("is deterministic per seed and differs between seeds", () => {
    expect(JSON.stringify(timelineOf({ seed: 9, calls: 10 }))).toBe(JSON.stringify(timelineOf({ seed: 9, calls: 10 })));
    expect(JSON.stringify(timelineOf({ seed: 9, calls: 10 }))).not.toBe(JSON.stringify(timelineOf({ seed: 10, calls: 10 })));
  });

  it("follows the direction mix and rejects bad options", () => {
    const directions = (mix: { incoming?: number; outgoing?: number }) => new Set(timelineOf({ calls: 15, directionMix: mix }).map((e) => e.payload.data.call.direction));
    expect(directions({ incoming: 1, outgoing: 0 })).toEqual(new Set(["incoming"]));
    expect(directions({ incoming: 0, outgoing: 1 })).toEqual(new Set(["outgoing"]));
    expect(() => timelineOf({ calls: -1 })).toThrow(RangeError);
    expect(() => timelineOf({ directionMix: { incoming: 0, outgoing: 0 } })).toThrow(RangeError);
    expect(() => createEventStream({ speed: 0 })).toThrow(RangeError);
  });
});

describe("createEventStream", () => {
  it("delivers the whole timeline in order with running ids, then ends", async () => {
    const stream = createEventStream({ seed: 2, calls: 6, speed: 100 });
    const events = collect(stream);
    let ended = 0;
    stream.onEnd(() => ended++);
    await vi.runAllTimersAsync();
    const timeline = timelineOf({ seed: 2, calls: 6 });
    expect(events.map((e) => e.id)).toEqual(timeline.map((_, i) => i + 1));
    expect(events.map((e) => e.payload)).toEqual(timeline.map((e) => e.payload));
    expect(stream.ended).toBe(true);
    expect(ended).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("waits the (capped) timeline gap divided by the speed", async () => {
    const timeline = timelineOf({ seed: 4, calls: 8 });
    for (const speed of [1, 4]) {
      const stream = createEventStream({ seed: 4, calls: 8, speed });
      const events = collect(stream);
      await vi.advanceTimersByTimeAsync(0);
      expect(events).toHaveLength(1);
      for (let i = 1; i < 6; i++) {
        const wait = Math.min(DEFAULT_MAX_GAP_MS, timeline[i]!.at - timeline[i - 1]!.at) / speed;
        if (wait > 1) {
          await vi.advanceTimersByTimeAsync(wait - 1);
          expect(events).toHaveLength(i);
        }
        await vi.advanceTimersByTimeAsync(Math.min(wait, 1));
        expect(events).toHaveLength(i + 1);
      }
      stream.close();
    }
  });

  it("pause stops delivery, step delivers exactly one while paused, resume continues", async () => {
    const stream = createEventStream({ seed: 1, calls: 5, speed: 50 });
    const events = collect(stream);
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toHaveLength(1);
    stream.pause();
    expect(stream.paused).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(events).toHaveLength(1);
    expect(stream.step()).toBe(true);
    expect(events).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(events).toHaveLength(2);
    stream.resume();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(events.length).toBeGreaterThan(2);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    stream.close();
  });

  it("startPaused delivers nothing until step or resume", async () => {
    const stream = createEventStream({ calls: 3, startPaused: true, speed: 1000 });
    const events = collect(stream);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(events).toHaveLength(0);
    stream.step();
    stream.step();
    expect(events.map((e) => e.id)).toEqual([1, 2]);
    stream.resume();
    await vi.runAllTimersAsync();
    expect(events).toHaveLength(stream.length!);
  });

  it("setSpeed rescales the wait in progress", async () => {
    const timeline = timelineOf({ seed: 6, calls: 4 });
    const gap = Math.min(DEFAULT_MAX_GAP_MS, timeline[1]!.at - timeline[0]!.at);
    expect(gap).toBeGreaterThan(1_000);
    const stream = createEventStream({ seed: 6, calls: 4, speed: 1 });
    const events = collect(stream);
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(gap / 2); // half the gap waited at speed 1
    stream.setSpeed(10);
    expect(stream.speed).toBe(10);
    await vi.advanceTimersByTimeAsync(gap / 20 - 1);
    expect(events).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2);
    expect(events).toHaveLength(2);
    expect(() => stream.setSpeed(-1)).toThrow(RangeError);
    expect(() => stream.setSpeed(Number.NaN)).toThrow(RangeError);
    stream.close();
  });

  it("close clears its timers and nothing arrives after it", async () => {
    const stream = createEventStream({ calls: 5, speed: 10 });
    const events = collect(stream);
    await vi.advanceTimersByTimeAsync(0);
    const count = events.length;
    stream.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(stream.step()).toBe(false);
    stream.resume();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(events).toHaveLength(count);
    expect(stream.closed).toBe(true);
  });

  it("unsubscribe stops one listener; loop starts over with ids still counting", async () => {
    const stream = createEventStream({ calls: 2, speed: 1000, loop: true });
    const kept = collect(stream);
    const dropped: StreamEvent[] = [];
    const off = stream.subscribe((e) => dropped.push(e));
    await vi.advanceTimersByTimeAsync(0);
    off();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(dropped).toHaveLength(1);
    const length = stream.length!;
    expect(length).toBe(timelineOf({ calls: 2 }).length);
    expect(kept.length).toBeGreaterThan(length);
    expect(kept[length]!.payload).toEqual(kept[0]!.payload);
    expect(kept[length]!.id).toBe(length + 1);
    expect(stream.ended).toBe(false);
    stream.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("limits and backpressure", () => {
  it("timelineEvents hands out timelineOf's events one by one; a stream does not build its timeline up front", () => {
    for (const [seed, calls] of [[3, 40], [8, 120]] as const) {
      const lazy: unknown[] = [];
      const events = timelineEvents({ seed, calls });
      for (let item = events.next(); !item.done; item = events.next()) lazy.push(item.value);
      expect(lazy).toEqual(timelineOf({ seed, calls }));
    }
    const stream = createEventStream({ calls: MAX_STREAM_CALLS, startPaused: true });
    expect(stream.length).toBeUndefined();
    expect(stream.step()).toBe(true);
    stream.close();
  });

  it("rejects speeds outside MIN_STREAM_SPEED … MAX_STREAM_SPEED, naming the range", () => {
    expect([MIN_STREAM_SPEED, MAX_STREAM_SPEED]).toEqual([0.01, 10_000]);
    for (const speed of [1e-9, 5e-324, 0.009, 10_001, Infinity, Number.NaN]) {
      expect(() => createEventStream({ speed }), String(speed)).toThrow(/speed must be a number from 0\.01 to 10000/);
    }
    const stream = createEventStream({ speed: MIN_STREAM_SPEED });
    expect(() => stream.setSpeed(1e-9)).toThrow(RangeError);
    expect(() => createEventStream({ maxGapMs: Number.NaN })).toThrow(/maxGapMs/);
    stream.close();
  });

  it("hold stops the clock apart from pause; step does nothing while held; release goes on", async () => {
    const stream = createEventStream({ seed: 1, calls: 6, speed: 100 });
    const events = collect(stream);
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toHaveLength(1);
    stream.hold();
    expect(stream.held).toBe(true);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(events).toHaveLength(1);
    expect(stream.step()).toBe(false);
    stream.pause();
    stream.release();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(events).toHaveLength(1); // still paused by the user
    stream.resume();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(events.length).toBeGreaterThan(2);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    stream.close();
  });
});

describe("formatSse", () => {
  it("writes event, id and data lines and a blank line", () => {
    expect(formatSse("ready", { stream: "x" })).toBe('event: ready\ndata: {"stream":"x"}\n\n');
    expect(formatSse("onCallCreate", { a: 1 }, 7)).toBe('event: onCallCreate\nid: 7\ndata: {"a":1}\n\n');
  });
});
