// A live event stream without any framework: many call lifecycles (randomWalk + sequenceOf)
// merged into one deterministic timeline and replayed in real time with the host's timers,
// with pause, resume, step and speed controls. The SSE server and the msw handler sit on top.
import { hashSeed, randomWalk, seededRandom, sequenceOf } from "@fwcall/fixtures";
import type { CallEventName, CallEventPayload, Direction } from "@fwcall/types";
import { LIVE_START } from "./data.js";

/** Relative weights of the call directions (default incoming 3 : outgoing 2). */
export interface DirectionMix {
  incoming?: number;
  outgoing?: number;
}

/** Options of timelineOf and createEventStream. */
export interface EventStreamOptions {
  /** Seed of the data (default 1): the same seed gives the same events, in the same order. */
  seed?: number;
  /** Playback speed (default 1 = real time between events, 10 = ten times faster); > 0. */
  speed?: number;
  /** Number of call lifecycles (default 20). */
  calls?: number;
  directionMix?: DirectionMix;
  /** Start paused (default false): nothing arrives until resume() or step(). */
  startPaused?: boolean;
  /** Start over when the timeline ends (default false); ids keep counting up. */
  loop?: boolean;
  /** Longest wait between two events at speed 1, in ms (default 5000). */
  maxGapMs?: number;
}

/** One event of the merged timeline. */
export interface TimelineEvent {
  /** The payload's event name. */
  event: CallEventName;
  payload: CallEventPayload;
  /** Index of the call (0 … calls-1) this event belongs to. */
  call: number;
  /** Position of the event within its call's sequence (0 = its onCallCreate). */
  step: number;
  /** Milliseconds since the start of the timeline. */
  at: number;
}

/** An event as the stream delivers it: a timeline event with a running id (1, 2, 3, …). */
export interface StreamEvent extends TimelineEvent {
  id: number;
}

export type StreamListener = (event: StreamEvent) => void;

/** A running event stream. */
export interface EventStream {
  /** Stops delivery until resume(); a step() still delivers. */
  pause(): void;
  resume(): void;
  /** Delivers the next event now (also while paused); false when there is none left. */
  step(): boolean;
  /** Changes the speed (x > 0, finite); the wait in progress is rescaled, not restarted. */
  setSpeed(x: number): void;
  /** Adds a listener; returns a function that removes it. */
  subscribe(listener: StreamListener): () => void;
  /** Called once when the timeline has been delivered (never with loop). */
  onEnd(listener: () => void): () => void;
  /** Stops the timers and drops the listeners; nothing is delivered after it. */
  close(): void;
  readonly paused: boolean;
  readonly speed: number;
  readonly closed: boolean;
  readonly ended: boolean;
  /** Events delivered so far. */
  readonly delivered: number;
  /** Length of one pass over the timeline. */
  readonly length: number;
}

export const DEFAULT_STREAM_CALLS = 20;
export const MAX_STREAM_CALLS = 1_000;
export const DEFAULT_MAX_GAP_MS = 5_000;
const DEFAULT_MIX: Required<DirectionMix> = { incoming: 3, outgoing: 2 };

/** True for a usable speed: a finite number > 0. */
export const isValidSpeed = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x) && x > 0;

function pickDirection(mix: Required<DirectionMix>, r: number): Direction {
  const total = mix.incoming + mix.outgoing;
  return r * total < mix.incoming ? "incoming" : "outgoing";
}

/**
 * The merged, deterministic timeline of `calls` lifecycles: each call starts 2–20 s after the one
 * before and keeps the spacing of its own sequence; each call's events stay in order.
 * @example timelineOf({ seed: 7, calls: 5 }).map((e) => `${e.call}:${e.event}`)
 */
export function timelineOf(options: EventStreamOptions = {}): TimelineEvent[] {
  const seed = options.seed ?? 1;
  const calls = options.calls ?? DEFAULT_STREAM_CALLS;
  if (!Number.isInteger(calls) || calls < 0 || calls > MAX_STREAM_CALLS) throw new RangeError(`calls must be an integer from 0 to ${MAX_STREAM_CALLS}`);
  const mix = { ...DEFAULT_MIX, ...options.directionMix };
  if (!(mix.incoming >= 0 && mix.outgoing >= 0 && mix.incoming + mix.outgoing > 0)) throw new RangeError("directionMix needs non-negative weights, not both 0");
  const rng = seededRandom(hashSeed(seed, "stream"));
  const out: TimelineEvent[] = [];
  let offset = 0;
  for (let call = 0; call < calls; call++) {
    if (call > 0) offset += rng.int(2, 20) * 1_000;
    const callSeed = hashSeed(seed, `stream/call/${call}`);
    const sequence = sequenceOf(randomWalk(pickDirection(mix, rng.next()), callSeed), { seed: callSeed, start: LIVE_START + offset });
    const first = sequence.events[0]!.timestamp;
    sequence.events.forEach((payload, step) => {
      out.push({ event: payload.event, payload, call, step, at: offset + (payload.timestamp - first) * 1_000 });
    });
  }
  // A stable sort: ties keep call order, and a call's own events are strictly later one by one.
  return out.sort((a, b) => a.at - b.at);
}

/**
 * A live replay of timelineOf(options) on the host's timers.
 * @example const stream = createEventStream({ seed: 7, speed: 10 }); stream.subscribe((e) => console.log(e.id, e.event)); … stream.close();
 */
export function createEventStream(options: EventStreamOptions = {}): EventStream {
  const events = timelineOf(options);
  const loop = options.loop ?? false;
  const maxGap = options.maxGapMs ?? DEFAULT_MAX_GAP_MS;
  let speed = options.speed ?? 1;
  if (!isValidSpeed(speed)) throw new RangeError("speed must be a finite number > 0");
  let paused = options.startPaused ?? false;
  let closed = false;
  let ended = events.length === 0;
  let next = 0; // index into events of the next event
  let delivered = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waitStarted = 0; // Date.now() when the current wait began
  let progress = 0; // timeline ms of the current gap already waited before the current wait
  const listeners = new Set<StreamListener>();
  const endListeners = new Set<() => void>();

  /** Timeline ms between the previous event and the next one, capped. */
  const gap = (): number => {
    if (next === 0) return delivered === 0 ? 0 : Math.min(maxGap, 1_000); // a loop restarts after 1 s
    return Math.min(maxGap, events[next]!.at - events[next - 1]!.at);
  };

  const stopTimer = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
    progress += (Date.now() - waitStarted) * speed;
  };

  const schedule = () => {
    if (closed || paused || ended || timer !== undefined) return;
    waitStarted = Date.now();
    timer = setTimeout(
      () => {
        timer = undefined;
        deliver();
        schedule();
      },
      Math.max(0, gap() - progress) / speed,
    );
  };

  const deliver = (): boolean => {
    if (closed || ended) return false;
    const event: StreamEvent = { ...events[next]!, id: ++delivered };
    next++;
    progress = 0;
    if (next >= events.length) {
      if (loop) next = 0;
      else ended = true;
    }
    for (const listener of [...listeners]) listener(event);
    if (ended && !closed) for (const listener of [...endListeners]) listener();
    return true;
  };

  const stream: EventStream = {
    pause() {
      if (closed || paused) return;
      paused = true;
      stopTimer();
    },
    resume() {
      if (closed || !paused) return;
      paused = false;
      schedule();
    },
    step() {
      stopTimer();
      const ok = deliver();
      schedule();
      return ok;
    },
    setSpeed(x) {
      if (!isValidSpeed(x)) throw new RangeError("speed must be a finite number > 0");
      const running = timer !== undefined;
      stopTimer();
      speed = x;
      if (running) schedule();
    },
    subscribe(listener) {
      if (!closed) listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    onEnd(listener) {
      if (!closed) endListeners.add(listener);
      return () => void endListeners.delete(listener);
    },
    close() {
      if (closed) return;
      stopTimer();
      closed = true;
      listeners.clear();
      endListeners.clear();
    },
    get paused() {
      return paused;
    },
    get speed() {
      return speed;
    },
    get closed() {
      return closed;
    },
    get ended() {
      return ended;
    },
    get delivered() {
      return delivered;
    },
    get length() {
      return events.length;
    },
  };
  // The first event waits for a timer too (of 0 ms), so a subscriber added right after creation sees it.
  schedule();
  return stream;
}

/** One SSE message: `event:`, `id:` and `data:` lines and a blank line. */
export function formatSse(event: string, data: unknown, id?: number | string): string {
  const lines = [`event: ${event}`];
  if (id !== undefined) lines.push(`id: ${id}`);
  for (const line of JSON.stringify(data).split("\n")) lines.push(`data: ${line}`);
  return `${lines.join("\n")}\n\n`;
}
