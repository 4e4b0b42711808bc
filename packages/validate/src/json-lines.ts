// Validates JSON Lines (one call event per line, as logs hold them) from any stream of bytes, in
// input order and in bounded memory. The reader cuts the bytes into batches of whole lines at
// newlines; past the first few MB the batches go to worker threads (their bytes transferred, one
// message per batch, never per line), so parsing and validating use every core. A line over the
// size limit is counted, never held.
import { existsSync } from "node:fs";
import * as os from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { changesOrderOf, profileOf } from "./guard.js";
import { judgeBatch, oversizedLine, type BatchOutcome, type JsonLineResult, type LineSettings } from "./json-lines-core.js";
import type { ValidateOptions } from "./validate.js";

export type { JsonLineChecked, JsonLineFailure, JsonLineResult, JsonLineUnusable } from "./json-lines-core.js";

/** Options of validateJsonLines: the validator's, and how the input is read. */
export interface JsonLinesOptions extends ValidateOptions {
  /** The largest line, in bytes without its newline: a longer one is reported (`too-large`) and never held. Default 64 MiB. */
  maxLineBytes?: number;
  /**
   * Worker threads past the first `inThreadBytes`; 0 validates everything in the calling thread, which
   * also judges a batch whenever every worker is busy. Default: the available parallelism less one, at most 4.
   */
  threads?: number;
  /** Bytes validated in the calling thread while the workers start: an input no larger starts none. Default 4 MiB. */
  inThreadBytes?: number;
  /** The input's size in bytes, when known (a file's): one larger than `inThreadBytes` starts the workers at once. */
  totalBytes?: number;
}

/** A source of JSON Lines: chunks of bytes (or strings) cut anywhere. */
export type JsonLinesSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
const DEFAULT_IN_THREAD_BYTES = 4 * 1024 * 1024;
/** Batches sent to one worker and not yet answered: one being judged, one waiting, so it never idles. */
const IN_FLIGHT_PER_WORKER = 2;
/**
 * Batches judged or on their way but not yet yielded, per thread: the results are yielded in input
 * order, so a slow batch holds back those after it, and a worker done with its own may take more.
 */
const QUEUED_PER_THREAD = 8;
const WORKER_FILE = "json-lines-worker.js";

/** The worker module beside this one in the build (ESM dist/, or dist/cjs/ with the worker one folder up); undefined when run from source. */
function workerUrl(): URL | undefined {
  const url = typeof __dirname === "string" ? pathToFileURL(join(__dirname, "..", WORKER_FILE)) : new URL(`./${WORKER_FILE}`, import.meta.url);
  // From source (src/*.ts under a test runner) there is no worker file: everything runs in this thread.
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

/** The settings the options ask for; throws a TypeError naming a bad one. */
function settingsOf(options: JsonLinesOptions): LineSettings & { threads: number; inThreadBytes: number; totalBytes: number | undefined } {
  const profile = profileOf(options);
  if (typeof profile !== "string") throw new TypeError(profile.message);
  const changesOrder = changesOrderOf(options);
  if (typeof changesOrder !== "string") throw new TypeError(changesOrder.message);
  const count = (name: "maxLineBytes" | "threads" | "inThreadBytes" | "totalBytes", fallback: number, least: number): number => {
    const value = options[name];
    if (value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < least) {
      throw new TypeError(`the ${name} option must be an integer of at least ${least}, found ${typeof value === "number" ? value : typeof value}`);
    }
    return value;
  };
  return {
    profile,
    changesOrder,
    maxLineBytes: count("maxLineBytes", DEFAULT_MAX_LINE_BYTES, 1),
    // availableParallelism came with Node 18.14.
    // The calling thread judges batches too, so one core is left to it.
    threads: count("threads", Math.min(((os as Partial<typeof os>).availableParallelism?.() ?? os.cpus().length) - 1, 4), 0),
    inThreadBytes: count("inThreadBytes", DEFAULT_IN_THREAD_BYTES, 0),
    totalBytes: options.totalBytes === undefined ? undefined : count("totalBytes", 0, 0),
  };
}

/** One batch cut by the reader: whole lines from `firstLine` on, or a line over the limit that was only counted. */
type Batch = { kind: "lines"; bytes: Uint8Array; firstLine: number } | { kind: "oversized"; line: number; size: number };

/** Lines in a batch: its newlines, and a last line without one. */
function linesIn(batch: Uint8Array): number {
  // Buffer's indexOf is memchr; a Uint8Array's compares byte by byte.
  const bytes = Buffer.from(batch.buffer, batch.byteOffset, batch.byteLength);
  let lines = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) lines++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a ? lines + 1 : lines;
}

/**
 * Buffers for batches, given back by the workers (transferred both ways) and used again: a log of
 * 200 MB would otherwise allocate 200 MB of buffers outside the heap, and the collections they cause
 * cost the reading thread more than the reading.
 */
class Spares {
  private readonly free: ArrayBuffer[] = [];

  /** A view of `size` bytes over a spare buffer, or a new one with room to grow. */
  take(size: number): Uint8Array {
    const spare = this.free.pop();
    if (spare !== undefined && spare.byteLength >= size) return new Uint8Array(spare, 0, size);
    return new Uint8Array(new ArrayBuffer(Math.max(size + (size >> 2), 1 << 16)), 0, size);
  }

  give(buffer: ArrayBuffer): void {
    if (this.free.length < 16 && buffer.byteLength > 0) this.free.push(buffer);
  }
}

/** Cuts chunks cut anywhere into batches of whole lines; holds at most one partial line (within the limit). */
class LineCutter {
  private parts: Uint8Array[] = [];
  private size = 0;
  /** The line the next batch starts at. */
  private line = 1;
  constructor(
    private readonly maxLineBytes: number,
    private readonly spares: Spares,
  ) {}

  /** The batches a chunk completes. */
  push(chunk: Uint8Array): Batch[] {
    const last = chunk.lastIndexOf(0x0a);
    if (last === -1) {
      this.hold(chunk);
      return [];
    }
    const batches: Batch[] = [];
    let from = 0;
    if (this.size > 0) {
      const firstEnd = chunk.indexOf(0x0a);
      const total = this.size + firstEnd;
      if (total > this.maxLineBytes) {
        // The carried line is over the limit: reported by its size, its bytes dropped as they came.
        batches.push(this.oversized(total));
        from = firstEnd + 1;
        this.parts = [];
        this.size = 0;
      }
    }
    if (from <= last) batches.push(this.lines(this.joined(chunk.subarray(from, last + 1))));
    this.parts = [];
    this.size = 0;
    this.hold(chunk.subarray(last + 1));
    return batches;
  }

  /** The last line, when the input does not end with a newline. */
  end(): Batch[] {
    if (this.size === 0) return [];
    if (this.size > this.maxLineBytes) return [this.oversized(this.size)];
    const bytes = this.joined(new Uint8Array(0));
    this.parts = [];
    this.size = 0;
    return [this.lines(bytes)];
  }

  private oversized(size: number): Batch {
    return { kind: "oversized", line: this.line++, size };
  }

  private lines(bytes: Uint8Array): Batch {
    const batch: Batch = { kind: "lines", bytes, firstLine: this.line };
    this.line += linesIn(bytes);
    return batch;
  }

  /** Keeps a partial line, or only its size once it is over the limit. */
  private hold(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.size += bytes.length;
    if (this.size > this.maxLineBytes) this.parts = [];
    // A copy (Buffer.prototype.slice would be a view): the source may fill its buffer again.
    else this.parts.push(Uint8Array.prototype.slice.call(bytes));
  }

  /** The held partial line and `tail`, copied into one buffer of its own (it is transferred to a worker). */
  private joined(tail: Uint8Array): Uint8Array {
    if (this.size > this.maxLineBytes) throw new Error("unreachable: an oversized line is never joined");
    const out = this.spares.take(this.size + tail.length);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    out.set(tail, at);
    return out;
  }
}

/** A batch on its way: settled by the calling thread at once, or by a worker later. */
interface Slot {
  outcome?: BatchOutcome;
  error?: Error;
  settled: Promise<void>;
}

/** The worker threads, started on first use; each judges the batches it is sent, in order. */
class Pool {
  private readonly workers: Array<{ worker: Worker; inFlight: number; ready: boolean }> = [];
  private readonly waiting = new Map<number, { resolve: (outcome: BatchOutcome) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  constructor(url: URL, threads: number, settings: LineSettings, spares: Spares) {
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(url, { workerData: settings });
      const entry = { worker, inFlight: 0, ready: false };
      worker.on("message", (message: { ready?: true; id?: number; outcome?: BatchOutcome; error?: string; spare?: ArrayBuffer }) => {
        if (message.spare) spares.give(message.spare);
        if (message.ready) {
          entry.ready = true;
          return;
        }
        const waiter = this.waiting.get(message.id!);
        this.waiting.delete(message.id!);
        entry.inFlight--;
        if (entry.inFlight === 0) worker.unref();
        if (message.outcome) waiter?.resolve(message.outcome);
        else waiter?.reject(new Error(`a JSON Lines worker failed: ${message.error}`));
      });
      worker.on("error", (error) => this.fail(new Error(`a JSON Lines worker failed: ${error.message}`)));
      worker.on("exit", (code) => {
        if (code !== 0 && !this.closing) this.fail(new Error(`a JSON Lines worker stopped with exit code ${code}`));
      });
      worker.unref();
      this.workers.push(entry);
    }
  }

  /** Whether a worker has started and can take a batch now (up to IN_FLIGHT_PER_WORKER each). */
  available(): boolean {
    return this.failure !== undefined || this.workers.some((w) => w.ready && w.inFlight < IN_FLIGHT_PER_WORKER);
  }

  /** Sends a batch to the least busy ready worker; its bytes move there (the caller's copy is detached). */
  judge(bytes: Uint8Array, firstLine: number): Promise<BatchOutcome> {
    if (this.failure) return Promise.reject(this.failure);
    let entry = this.workers[0]!;
    for (const w of this.workers) if (w.ready && (!entry.ready || w.inFlight < entry.inFlight)) entry = w;
    const id = this.nextId++;
    if (entry.inFlight === 0) entry.worker.ref();
    entry.inFlight++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      entry.worker.postMessage({ id, bytes, firstLine }, [bytes.buffer as ArrayBuffer]);
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}

/** A chunk as bytes; throws a TypeError for anything else. */
function asBytes(chunk: unknown): Uint8Array {
  if (typeof chunk === "string") return Buffer.from(chunk, "utf8");
  if (chunk instanceof Uint8Array) return chunk;
  throw new TypeError(`a JSON Lines source must yield Uint8Array or string chunks, found ${chunk === null ? "null" : typeof chunk}`);
}

/** The source's iterator; throws a TypeError unless it is an iterable object. */
function iteratorOf(source: unknown): AsyncIterator<unknown> | Iterator<unknown> {
  if (source !== null && typeof source === "object") {
    const iterable = source as Partial<AsyncIterable<unknown> & Iterable<unknown>>;
    if (typeof iterable[Symbol.asyncIterator] === "function") return iterable[Symbol.asyncIterator]!();
    if (typeof iterable[Symbol.iterator] === "function") return iterable[Symbol.iterator]!();
  }
  throw new TypeError(`a JSON Lines source must be an iterable of Uint8Array or string chunks (a stream), found ${source === null ? "null" : typeof source}`);
}

/**
 * Validates JSON Lines and yields the results in input order, a batch (an array, one result per
 * non-blank line) at a time. Memory stays bounded whatever the input's size: a few batches are in
 * flight, and a line over `maxLineBytes` is counted, never held. What is kept of a chunk is copied
 * before the next one is asked for, so a source may fill one buffer again and again. Throws a
 * TypeError for bad options, and whatever reading the source throws.
 * @example
 * for await (const batch of validateJsonLineBatches(createReadStream("calls.jsonl"), { profile: "lenient" }))
 *   for (const r of batch) if (!r.ok || !r.valid) console.log(r.line, r.ok ? r.problems : r.message);
 */
export async function* validateJsonLineBatches(source: JsonLinesSource, options: JsonLinesOptions = {}): AsyncGenerator<JsonLineResult[], void, undefined> {
  const { threads, inThreadBytes, totalBytes, ...settings } = settingsOf(options);
  const spares = new Spares();
  const cutter = new LineCutter(settings.maxLineBytes, spares);
  const url = threads > 0 ? workerUrl() : undefined;
  // A worker takes tens of milliseconds to start: for an input known to need one, it starts now.
  let pool = url !== undefined && totalBytes !== undefined && totalBytes > inThreadBytes ? new Pool(url, threads, settings, spares) : undefined;
  const queue: Slot[] = [];
  let readBytes = 0;

  /**
   * Starts a batch: in a worker that can take it, else in this thread: while the workers start,
   * when there are none, and when they are all busy (this thread, otherwise idle, is one more core's worth).
   */
  const start = (batch: Batch): void => {
    if (batch.kind === "oversized") {
      queue.push({ outcome: oversizedLine(batch.line, batch.size, settings), settled: Promise.resolve() });
      return;
    }
    if (pool === undefined && url !== undefined && readBytes > inThreadBytes) pool = new Pool(url, threads, settings, spares);
    if (pool === undefined || !pool.available()) {
      queue.push({ outcome: judgeBatch(batch.bytes, batch.firstLine, settings), settled: Promise.resolve() });
      spares.give(batch.bytes.buffer as ArrayBuffer);
      return;
    }
    const slot: Slot = { settled: Promise.resolve() };
    slot.settled = pool.judge(batch.bytes, batch.firstLine).then(
      (outcome) => void (slot.outcome = outcome),
      (error: Error) => void (slot.error = error),
    );
    queue.push(slot);
  };

  const iterator = iteratorOf(source);
  let reading: Promise<void> | undefined;
  let read: IteratorResult<unknown> | undefined;
  let done = false;
  const maxQueued = Math.max(1, threads) * QUEUED_PER_THREAD;
  /** Asks the source for its next chunk; `read` holds it once it arrives. */
  const readNext = () => {
    reading = Promise.resolve(iterator.next()).then((r) => void (read = r));
  };
  try {
    for (;;) {
      while (queue.length > 0 && (queue[0]!.outcome !== undefined || queue[0]!.error !== undefined)) {
        const slot = queue.shift()!;
        if (slot.error) throw slot.error;
        const outcome = slot.outcome!;
        yield expand(outcome);
        if (outcome.stop) return;
      }
      if (done && queue.length === 0) return;
      if (!done && reading === undefined && queue.length < maxQueued) readNext();
      // Whichever comes first: the next chunk, or the oldest batch's outcome.
      const waits: Array<Promise<void>> = [];
      if (reading) waits.push(reading);
      if (queue.length > 0) waits.push(queue[0]!.settled);
      if (waits.length === 0) throw new Error("unreachable: nothing to wait for with batches still to come");
      await Promise.race(waits);
      if (read !== undefined) {
        const chunk = read;
        read = undefined;
        reading = undefined;
        if (chunk.done) {
          done = true;
          for (const batch of cutter.end()) start(batch);
        } else {
          const bytes = asBytes(chunk.value);
          readBytes += bytes.length;
          const batches = cutter.push(bytes);
          // The cutter has copied what it keeps: the next chunk is read while this thread judges.
          if (queue.length + batches.length < maxQueued) readNext();
          for (const batch of batches) start(batch);
        }
      }
    }
  } finally {
    await pool?.close();
    if (!done) await iterator.return?.();
  }
}

/** A batch's results, in line order. */
function expand(outcome: BatchOutcome): JsonLineResult[] {
  const { clean, others, firstLine } = outcome;
  if (clean.length === 0) return others;
  const results: JsonLineResult[] = new Array(clean.length + others.length);
  let c = 0;
  let o = 0;
  for (let i = 0; i < results.length; i++) {
    const other = others[o];
    const code = c < clean.length ? clean[c]! : Infinity;
    if (other !== undefined && (other.line - firstLine) * 2 < code) {
      results[i] = other;
      o++;
    } else {
      results[i] = { line: (code >> 1) + firstLine, ok: true, event: code & 1 ? "onCallUpdate" : "onCallCreate", valid: true, problems: [] };
      c++;
    }
  }
  return results;
}

/**
 * Validates JSON Lines, one call-event payload per line, and yields one result per non-blank line
 * in input order (see validateJsonLineBatches, which this flattens).
 * @example
 * for await (const r of validateJsonLines(createReadStream("calls.jsonl")))
 *   if (!r.ok) console.error(`line ${r.line}: ${r.message}`);
 *   else if (!r.valid) console.error(`line ${r.line}: ${r.problems.map(formatProblem).join("; ")}`);
 */
export async function* validateJsonLines(source: JsonLinesSource, options?: JsonLinesOptions): AsyncGenerator<JsonLineResult, void, undefined> {
  for await (const batch of validateJsonLineBatches(source, options)) yield* batch;
}
