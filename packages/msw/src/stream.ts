// A live event stream without any framework: many call lifecycles (randomWalk + sequenceOf)
// merged into one deterministic timeline and replayed in real time with the host's timers,
// with pause, resume, step and speed controls. The SSE server and the msw handler sit on top.
import { hashSeed, randomWalk, seededRandom, sequenceOf } from "@fwcall/cases";
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
  /** Playback speed (default 1 = real time between events, 10 = ten times faster); from MIN_STREAM_SPEED to MAX_STREAM_SPEED. */
  speed?: number;
  /** Number of call lifecycles (default 20). */
  calls?: number;
  directionMix?: DirectionMix;
  /** Start paused (default false): nothing arrives until resume() or step(). */
  startPaused?: boolean;
  /** Start over when the timeline ends (default false); ids keep counting up. */
  loop?: boolean;
  /** Longest wait between two events at speed 1, in ms (default 5000); finite, ≥ 0. */
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
  /** Delivers the next event now (also while paused); false when there is none left, or while held. */
  step(): boolean;
  /** Stops the clock while the transport cannot take more (backpressure), independently of pause(). */
  hold(): void;
  /** Lets a held clock run on (the transport drained); a wait in progress goes on where it stopped. */
  release(): void;
  /** Changes the speed (MIN_STREAM_SPEED … MAX_STREAM_SPEED); the wait in progress is rescaled, not restarted. */
  setSpeed(x: number): void;
  /** Adds a listener; returns a function that removes it. */
  subscribe(listener: StreamListener): () => void;
  /** Called once when the timeline has been delivered (never with loop). */
  onEnd(listener: () => void): () => void;
  /** Stops the timers and drops the listeners; nothing is delivered after it. */
  close(): void;
  readonly paused: boolean;
  /** True while hold() stops the clock. */
  readonly held: boolean;
  readonly speed: number;
  readonly closed: boolean;
  readonly ended: boolean;
  /** Events delivered so far. */
  readonly delivered: number;
  /** Events in one pass over the timeline; undefined until the first pass has been generated (it is built lazily). */
  readonly length: number | undefined;
}

export const DEFAULT_STREAM_CALLS = 20;
export const MAX_STREAM_CALLS = 1_000;
export const DEFAULT_MAX_GAP_MS = 5_000;
/** Slowest playback: a 5 s gap then waits 500 s; below it waits would overflow timers (and flood). */
export const MIN_STREAM_SPEED = 0.01;
export const MAX_STREAM_SPEED = 10_000;
/** Longest delay setTimeout honours; a longer one fires after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const DEFAULT_MIX: Required<DirectionMix> = { incoming: 3, outgoing: 2 };

/** True for a usable speed: a finite number from MIN_STREAM_SPEED to MAX_STREAM_SPEED. */
export const isValidSpeed = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x) && x >= MIN_STREAM_SPEED && x <= MAX_STREAM_SPEED;

const SPEED_RANGE = `speed must be a number from ${MIN_STREAM_SPEED} to ${MAX_STREAM_SPEED}`;

function pickDirection(mix: Required<DirectionMix>, r: number): Direction {
  const total = mix.incoming + mix.outgoing;
  return r * total < mix.incoming ? "incoming" : "outgoing";
}

/** Order of the merged timeline: by time, ties by call, then by step (what a stable sort of the calls' events in call order gives). */
const before = (a: TimelineEvent, b: TimelineEvent): boolean => a.at < b.at || (a.at === b.at && (a.call < b.call || (a.call === b.call && a.step < b.step)));

/**
 * The merged timeline as an iterator that builds each call's sequence only when the timeline
 * reaches the call's start, so a long timeline costs nothing up front and little memory.
 * @example const first = timelineEvents({ seed: 7, calls: 1000 }).next().value
 */
export function timelineEvents(options: EventStreamOptions = {}): Iterator<TimelineEvent, undefined> {
  const seed = options.seed ?? 1;
  const calls = options.calls ?? DEFAULT_STREAM_CALLS;
  if (!Number.isInteger(calls) || calls < 0 || calls > MAX_STREAM_CALLS) throw new RangeError(`calls must be an integer from 0 to ${MAX_STREAM_CALLS}`);
  const mix = { ...DEFAULT_MIX, ...options.directionMix };
  if (!(mix.incoming >= 0 && mix.outgoing >= 0 && mix.incoming + mix.outgoing > 0)) throw new RangeError("directionMix needs non-negative weights, not both 0");
  const rng = seededRandom(hashSeed(seed, "stream"));
  // Events of the calls already built, not yet handed out, kept in timeline order.
  const pending: TimelineEvent[] = [];
  let built = 0;
  let nextStart = 0; // timeline ms at which call `built` starts

  const insert = (event: TimelineEvent) => {
    let low = 0;
    let high = pending.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (before(event, pending[mid]!)) high = mid;
      else low = mid + 1;
    }
    pending.splice(low, 0, event);
  };

  const build = () => {
    const call = built++;
    const offset = nextStart;
    const callSeed = hashSeed(seed, `stream/call/${call}`);
    const sequence = sequenceOf(randomWalk(pickDirection(mix, rng.next()), callSeed), { seed: callSeed, start: LIVE_START + offset });
    const first = sequence.events[0]!.timestamp;
    sequence.events.forEach((payload, step) => insert({ event: payload.event, payload, call, step, at: offset + (payload.timestamp - first) * 1_000 }));
    // The draws keep the order of one loop over the calls (gap of call i, then its direction).
    if (built < calls) nextStart += rng.int(2, 20) * 1_000;
  };

  return {
    next() {
      // A call that starts no later than the earliest pending event may come first: build it now.
      while (built < calls && (pending.length === 0 || nextStart <= pending[0]!.at)) build();
      const event = pending.shift();
      return event === undefined ? { done: true, value: undefined } : { done: false, value: event };
    },
  };
}

/**
 * The merged, deterministic timeline of `calls` lifecycles: each call starts 2–20 s after the one
 * before and keeps the spacing of its own sequence; each call's events stay in order.
 * @example timelineOf({ seed: 7, calls: 5 }).map((e) => `${e.call}:${e.event}`)
 */
export function timelineOf(options: EventStreamOptions = {}): TimelineEvent[] {
  const events = timelineEvents(options);
  const out: TimelineEvent[] = [];
  for (let item = events.next(); !item.done; item = events.next()) out.push(item.value);
  return out;
}

/**
 * A live replay of timelineOf(options) on the host's timers.
 * @example const stream = createEventStream({ seed: 7, speed: 10 }); stream.subscribe((e) => console.log(e.id, e.event)); … stream.close();
 */
export function createEventStream(options: EventStreamOptions = {}): EventStream {
  let events = timelineEvents(options);
  const loop = options.loop ?? false;
  const maxGap = options.maxGapMs ?? DEFAULT_MAX_GAP_MS;
  if (!(Number.isFinite(maxGap) && maxGap >= 0)) throw new RangeError("maxGapMs must be a finite number ≥ 0");
  let speed = options.speed ?? 1;
  if (!isValidSpeed(speed)) throw new RangeError(SPEED_RANGE);
  let upcoming = events.next().value; // the next event to deliver
  let previousAt: number | undefined; // timeline ms of the event delivered last in this pass
  let inPass = 0; // events delivered in this pass
  let length: number | undefined;
  let paused = options.startPaused ?? false;
  let held = false;
  let closed = false;
  let ended = upcoming === undefined;
  if (ended) length = 0;
  let delivered = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waitStarted = 0; // Date.now() when the current wait began
  let progress = 0; // timeline ms of the current gap already waited before the current wait
  const listeners = new Set<StreamListener>();
  const endListeners = new Set<() => void>();

  /** Timeline ms between the previous event and the next one, capped. */
  const gap = (): number => {
    if (previousAt === undefined) return delivered === 0 ? 0 : Math.min(maxGap, 1_000); // a loop restarts after 1 s
    return Math.min(maxGap, upcoming!.at - previousAt);
  };

  const stopTimer = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
    progress += (Date.now() - waitStarted) * speed;
  };

  const schedule = () => {
    if (closed || paused || held || ended || timer !== undefined) return;
    waitStarted = Date.now();
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, gap() - progress) / speed);
    timer = setTimeout(() => {
      timer = undefined;
      deliver();
      schedule();
    }, delay);
  };

  const deliver = (): boolean => {
    if (closed || ended) return false;
    const event: StreamEvent = { ...upcoming!, id: ++delivered };
    previousAt = event.at;
    inPass++;
    progress = 0;
    upcoming = events.next().value;
    if (upcoming === undefined) {
      length ??= inPass;
      if (loop) {
        events = timelineEvents(options);
        upcoming = events.next().value;
        previousAt = undefined;
        inPass = 0;
      } else ended = true;
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
      if (held) return false;
      stopTimer();
      const ok = deliver();
      schedule();
      return ok;
    },
    hold() {
      if (closed || held) return;
      held = true;
      stopTimer();
    },
    release() {
      if (closed || !held) return;
      held = false;
      schedule();
    },
    setSpeed(x) {
      if (!isValidSpeed(x)) throw new RangeError(SPEED_RANGE);
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
      // Drop the calls built ahead, in case something still holds this closed stream.
      events = [].values();
      upcoming = undefined;
      listeners.clear();
      endListeners.clear();
    },
    get paused() {
      return paused;
    },
    get held() {
      return held;
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
      return length;
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
