// Which payload paths a handler reads: the handler gets a read-tracking view of its payload (a
// Proxy per object, made when the handler first reaches it), and every read through that view is
// recorded as a path in a stable notation, arrays collapsed to `[]`:
// `data.call.participants[].call_status`. The view behaves as the payload does (typeof,
// Array.isArray, JSON.stringify, keys, spread, iteration, `in`, instanceof, identity of a subtree
// read twice, writes) because every trap forwards to the payload itself.
//
// What counts as a read of a path:
// - getting its value (a primitive, or an object the handler then goes into or tests);
// - `key in object`, Object.hasOwn and property descriptors: the key's presence;
// - enumerating an object (Object.keys/values/entries, for…in, spread, Object.assign, JSON.stringify,
//   rest destructuring): its whole subtree, as the key set depends on all of it and the copy may go
//   anywhere;
// - passing it to console (util.inspect reads the payload itself, not the view), or to
//   structuredClone where the sandbox has it: its whole subtree.
// A key the case does not have is not listed (JSON.stringify asks every object for `toJSON`).
// The reads of a case are pruned to the deepest paths: `data.call` is listed only when nothing
// under it was read (the handler tested it, or read it whole and it is empty).

import { types } from "node:util";

/** The most distinct paths recorded for one invocation; past it the record stops and says so. */
export const MAX_READ_PATHS = 10_000;

/** What one invocation read of its payload. */
export interface ReadRecord {
  /** The paths read, deepest only, sorted. */
  paths: string[];
  /** Present when the record stopped at MAX_READ_PATHS (the paths are then a part of what was read). */
  truncated?: true;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * The path of a key below a parent path, in the notation the reads use: `.key`, `["odd key"]`, or `[]` for any array element.
 * @example childPath("data.call", "participants") // "data.call.participants"
 */
export function childPath(parent: string, key: string, parentIsArray = false): string {
  if (parentIsArray && INDEX.test(key)) return `${parent}[]`;
  if (IDENTIFIER.test(key)) return parent === "" ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

interface Node {
  path: string;
  isArray: boolean;
  /** Paths of the keys read so far (one string per key, made once). */
  children: Map<string, string>;
  /** Keys the handler wrote: what they hold now is not the payload's. */
  written?: Set<string>;
  /** Something under this path was recorded (its path is then no leaf of the record). */
  marked?: boolean;
}

/** The paths nothing else in the set goes under, sorted. */
function deepest(all: Iterable<string>): string[] {
  const list = [...all];
  const above = new Set<string>();
  for (const path of list) {
    for (let i = 1; i < path.length; i++) if (path[i] === "." || path[i] === "[") above.add(path.slice(0, i));
  }
  return list.filter((path) => !above.has(path)).sort();
}

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);
const isObject = (value: unknown): value is object => typeof value === "object" && value !== null;

/**
 * Records the payload paths a handler reads, through the view `track(payload)` gives it.
 * @example const reads = new ReadTracker(); const view = reads.track({ data: { call: { id: 1 } } }) as any; view.data.call.id; reads.finish().paths // ["data.call.id"]
 */
export class ReadTracker {
  private readonly nodes = new Map<object, Node>();
  private readonly proxies = new Map<object, object>();
  /** Proxy → its payload object (a Map, not a WeakMap: the record lives for one invocation). */
  private readonly targets = new Map<object, object>();
  private readonly wholes = new Set<object>();
  private readonly paths = new Set<string>();
  /** Paths something recorded lies under: pruned from the record (deepest paths only). */
  private readonly above = new Set<string>();
  private truncated = false;
  private done = false;
  private readonly handler: ProxyHandler<object>;

  /** @param skipRoot top-level keys handed over untracked and never listed (iparams: not event data). */
  constructor(private readonly skipRoot: ReadonlySet<string> = new Set()) {
    this.handler = {
      get: (target, key, receiver) => {
        if (typeof key === "symbol" || !hasOwn(target, key)) return Reflect.get(target, key, receiver);
        return this.read(target, key, Reflect.get(target, key, receiver), "get");
      },
      getOwnPropertyDescriptor: (target, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
        if (typeof key === "symbol" || descriptor === undefined || !("value" in descriptor)) return descriptor;
        // A non-configurable property must be described as it is: read whole, handed over as it is.
        if (!descriptor.configurable) {
          this.read(target, key, descriptor.value, "whole");
          return descriptor;
        }
        return { ...descriptor, value: this.read(target, key, descriptor.value, "get") };
      },
      has: (target, key) => {
        const found = Reflect.has(target, key);
        if (typeof key === "string" && found && hasOwn(target, key)) this.read(target, key, undefined, "presence");
        return found;
      },
      ownKeys: (target) => {
        const node = this.nodes.get(target);
        if (node) this.whole(target, node);
        return Reflect.ownKeys(target);
      },
      set: (target, key, value) => {
        this.wrote(target, key);
        return Reflect.set(target, key, this.unwrap(value));
      },
      defineProperty: (target, key, descriptor) => {
        if ("value" in descriptor || descriptor.get !== undefined || descriptor.set !== undefined) this.wrote(target, key);
        if (!("value" in descriptor)) return Reflect.defineProperty(target, key, descriptor);
        // A property left read-only and non-configurable must hold the very value given (a Proxy invariant): a view stays a view there.
        const existing = Reflect.getOwnPropertyDescriptor(target, key);
        const fixed = !(descriptor.configurable ?? existing?.configurable ?? false) && !(descriptor.writable ?? existing?.writable ?? false);
        return Reflect.defineProperty(target, key, fixed ? descriptor : { ...descriptor, value: this.unwrap(descriptor.value) });
      },
      deleteProperty: (target, key) => {
        this.wrote(target, key);
        return Reflect.deleteProperty(target, key);
      },
    };
  }

  /** The read-tracking view of a payload (a primitive is handed back as it is). */
  track<T>(payload: T): T {
    return isObject(payload) ? (this.view(payload, "") as T) : payload;
  }

  /** Counts a value passed where the payload is read behind the view's back (console, structuredClone): any view in it is read whole. Looks at most 4 levels and 2000 values deep into plain objects. */
  consume(values: readonly unknown[]): void {
    let budget = 2_000;
    const stack: Array<[unknown, number]> = values.map((value) => [value, 0]);
    const seen = new Set<object>();
    while (stack.length && budget-- > 0) {
      const [value, depth] = stack.pop()!;
      if (!isObject(value) || seen.has(value)) continue;
      seen.add(value);
      const target = this.targets.get(value);
      if (target !== undefined) {
        this.whole(target, this.nodes.get(target)!);
        continue;
      }
      // The app's own Proxy (its traps are its code, which inspect does not run) and typed arrays (no views in them) are not looked into.
      if (depth >= 4 || this.nodes.has(value) || types.isProxy(value) || ArrayBuffer.isView(value)) continue;
      // Data properties only: reading an app's getter here would run its code where inspect would not.
      const push = (key: PropertyKey) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
        if (descriptor && "value" in descriptor) stack.push([descriptor.value, depth + 1]);
      };
      // An array's first values only, as many as the budget can look at: listing a huge one's keys costs seconds and gigabytes.
      if (Array.isArray(value)) for (let i = 0; i < Math.min(value.length, budget); i++) push(String(i));
      else for (const key of Reflect.ownKeys(value)) push(key);
    }
  }

  /** A value with the views in it replaced by their payload objects, read whole (for structuredClone, which refuses a Proxy); the value itself when it holds none. Plain objects and arrays are looked into, 4 levels deep. */
  detach(value: unknown, depth = 0): unknown {
    if (!isObject(value)) return value;
    const target = this.targets.get(value);
    if (target !== undefined) {
      this.whole(target, this.nodes.get(target)!);
      return target;
    }
    if (types.isProxy(value) || ArrayBuffer.isView(value)) return value;
    const prototype = Object.getPrototypeOf(value) as unknown;
    const plain = Array.isArray(value) || prototype === null || prototype === Object.prototype;
    if (!plain || depth >= 4 || this.nodes.has(value)) return value;
    if (Array.isArray(value)) {
      // By index, copied (holes and length kept) only once a view turns up: a large array without views costs no copy.
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const detached = this.detach(item, depth + 1);
        if (detached !== item) (copy ??= value.slice())[i] = detached;
      }
      return copy ?? value;
    }
    let changed = false;
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const detached = this.detach(item, depth + 1);
      if (detached !== item) changed = true;
      copy[key] = detached;
    }
    return changed ? copy : value;
  }

  /** The paths read (deepest only, sorted); the view records nothing more afterwards. */
  finish(): ReadRecord {
    this.done = true;
    const paths = [...this.paths].filter((path) => !this.above.has(path)).sort();
    this.nodes.clear();
    this.proxies.clear();
    this.targets.clear();
    this.wholes.clear();
    this.above.clear();
    return this.truncated ? { paths, truncated: true } : { paths };
  }

  private view(target: object, path: string): object {
    const existing = this.proxies.get(target);
    if (existing) return existing;
    this.nodes.set(target, { path, isArray: Array.isArray(target), children: new Map() });
    const proxy = new Proxy(target, this.handler);
    this.proxies.set(target, proxy);
    this.targets.set(proxy, target);
    return proxy;
  }

  private unwrap(value: unknown): unknown {
    return isObject(value) ? (this.targets.get(value) ?? value) : value;
  }

  private wrote(target: object, key: string | symbol): void {
    const node = this.nodes.get(target);
    if (node && typeof key === "string") (node.written ??= new Set()).add(key);
  }

  /** Records a path; `under`, the node it was read from, is then no leaf. */
  private record(path: string, under?: Node): void {
    if (this.done) return;
    if (this.paths.size >= MAX_READ_PATHS && !this.paths.has(path)) {
      this.truncated = true;
      return;
    }
    this.paths.add(path);
    if (under !== undefined && !under.marked) {
      under.marked = true;
      this.above.add(under.path);
    }
  }

  private pathOf(node: Node, key: string): string {
    let path = node.children.get(key);
    if (path === undefined) {
      path = childPath(node.path, key, node.isArray);
      node.children.set(key, path);
    }
    return path;
  }

  /** Records a read of `target[key]` and gives what the handler sees: a view for an object of the payload. */
  private read(target: object, key: string, value: unknown, how: "get" | "presence" | "whole"): unknown {
    const node = this.nodes.get(target);
    if (!node) return value;
    if (node.path === "" && this.skipRoot.has(key)) return value;
    // What the handler wrote is its own: no read of the payload, though an object of the payload it moved keeps its view
    // (unless the handler froze it there: a read-only, non-configurable property hands over its very value, read whole).
    if (node.written?.has(key)) {
      const proxy = isObject(value) ? this.proxies.get(value) : undefined;
      if (proxy === undefined) return value;
      const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
      if (descriptor && !descriptor.configurable && descriptor.writable === false) {
        this.whole(value as object, this.nodes.get(value as object)!);
        return value;
      }
      return proxy;
    }
    // A value of an object read whole is recorded already.
    if (!isObject(value) && this.wholes.has(target)) return value;
    const path = node.isArray && key === "length" ? node.path : this.pathOf(node, key);
    // An array's length reads the array itself, recorded (with what it lies under) when the handler reached it.
    if (path === node.path) {
      this.record(path);
      return value;
    }
    if (how === "presence" || !isObject(value)) {
      this.record(path, node);
      return value;
    }
    // A non-writable, non-configurable object property must be handed over as it is (a Proxy invariant): read whole.
    const descriptor = how === "whole" ? undefined : Reflect.getOwnPropertyDescriptor(target, key);
    if (how === "whole" || (descriptor && !descriptor.configurable && descriptor.writable === false)) {
      this.record(path, node);
      this.whole(value, { path, isArray: Array.isArray(value), children: new Map() });
      return value;
    }
    this.record(path, node);
    return this.view(value, path);
  }

  /** Records every leaf under an object (an empty object or array is its own leaf); each object walked once. */
  private whole(target: object, node: Node): void {
    if (this.done || this.wholes.has(target)) return;
    const stack: Array<{ object: object; node: Node }> = [{ object: target, node }];
    while (stack.length && !this.truncated) {
      const { object, node: at } = stack.pop()!;
      if (this.wholes.has(object)) continue;
      this.wholes.add(object);
      let leaves = 0;
      for (const key of Object.keys(object)) {
        if (at.path === "" && this.skipRoot.has(key)) continue;
        if (at.written?.has(key)) continue;
        leaves++;
        const path = this.pathOf(at, key);
        const descriptor = Reflect.getOwnPropertyDescriptor(object, key);
        // A getter the handler defined is its own code, not payload data.
        if (!descriptor || !("value" in descriptor)) continue;
        const value: unknown = descriptor.value;
        if (isObject(value)) {
          // Recorded as a path first, so an empty one stays as its own leaf and a full one is pruned under its leaves.
          this.record(path, at);
          stack.push({ object: value, node: this.nodes.get(value) ?? { path, isArray: Array.isArray(value), children: new Map() } });
        } else this.record(path, at);
      }
      if (leaves === 0 && at.path !== "") this.record(at.path);
    }
  }
}

/**
 * The tracker of one invocation's payload when the run asked for its reads, else undefined; iparams
 * are the installation's settings, not event data: handed over untracked, so no name or value of them is in the reads.
 * @example const tracker = payloadTracker(true); handler(tracker ? tracker.track(payload) : payload);
 */
export function payloadTracker(usage: boolean): ReadTracker | undefined {
  return usage ? new ReadTracker(new Set(["iparams"])) : undefined;
}

/**
 * Finishes a tracker and gives an invocation's `reads` fields, each path through `redact`; nothing without a tracker.
 * @example const invocation = { ...run, ...finishReads(tracker, redact) };
 */
export function finishReads(tracker: ReadTracker | undefined, redact: (path: string) => string = (path) => path): { reads?: string[]; readsTruncated?: true } {
  if (!tracker) return {};
  const record = tracker.finish();
  const reads = record.paths.map(redact);
  return record.truncated ? { reads, readsTruncated: true } : { reads };
}

/**
 * The paths several invocations read, merged: each path with how many of them read it; the
 * deepest only (a path read alone in one case is dropped where another case read under it).
 * @example unionOfReads([["data.call.id"], ["data.call", "data.call.id"]]) // { paths: ["data.call.id"], counts: { "data.call.id": 2 } }
 */
export function unionOfReads(records: ReadonlyArray<readonly string[]>): { paths: string[]; counts: Record<string, number> } {
  const counts = new Map<string, number>();
  for (const paths of records) for (const path of paths) counts.set(path, (counts.get(path) ?? 0) + 1);
  const paths = deepest(counts.keys());
  return { paths, counts: Object.fromEntries(paths.map((path) => [path, counts.get(path)!])) };
}

const cloning = new Set<ReadTracker>();
let realClone: typeof structuredClone | undefined;

/**
 * While tracked handlers run in this realm, structuredClone (which refuses a Proxy) is given the
 * payload behind any view, read whole; other values clone as before. Returns the release.
 * @example const release = trackClones(tracker); try { await handler(view); } finally { release(); }
 */
export function trackClones(tracker: ReadTracker): () => void {
  if (typeof globalThis.structuredClone !== "function") return () => undefined;
  if (cloning.size === 0) {
    const clone = globalThis.structuredClone;
    realClone = clone;
    globalThis.structuredClone = ((value: unknown, options?: Parameters<typeof structuredClone>[1]) => {
      let detached = value;
      for (const active of cloning) detached = active.detach(detached);
      return clone(detached, options) as unknown;
    }) as typeof structuredClone;
  }
  cloning.add(tracker);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    cloning.delete(tracker);
    if (cloning.size === 0 && realClone) {
      globalThis.structuredClone = realClone;
      realClone = undefined;
    }
  };
}
