// docs/decisions/0006-changes-tuple-accessor.md: one place knows the order of a changes tuple; everything else reads and writes
// pairs through these functions. A concrete payload decides its own order by comparing its tuples
// with the call; the documented order is the default only where nothing decides it
// (docs/decisions/0011-changes-order-decided-per-payload.md).
import type { Call, CallChanges } from "./generated/schemas.js";

/** One changed attribute: its value before and after the update. */
export interface Change<T = unknown> {
  from: T;
  to: T;
}

/** Which end of a changes tuple holds the new value: `[new, old]` or `[old, new]`. */
export type ChangesOrder = "new-old" | "old-new";

/** Both tuple orders, the documented one first. */
export const CHANGES_ORDERS: readonly ChangesOrder[] = ["new-old", "old-new"];

/**
 * The documented tuple order (the call-event docs say `[new, old]`; other Freshworks events put
 * the old value first): the default wherever a payload does not decide its own order.
 */
export const CHANGE_TUPLE_ORDER: ChangesOrder = "new-old";

/**
 * Reads one changes tuple as `{ from, to }` in the given order (default: the documented one).
 * @example readChangeTuple([3, 0]) // { from: 0, to: 3 }
 */
export function readChangeTuple<T>(tuple: readonly [T, T], order: ChangesOrder = CHANGE_TUPLE_ORDER): Change<T> {
  return order === "new-old" ? { from: tuple[1], to: tuple[0] } : { from: tuple[0], to: tuple[1] };
}

/**
 * Writes `{ from, to }` as a changes tuple in the given order (default: the documented one).
 * @example writeChangeTuple({ from: null, to: 73 }) // [73, null]
 */
export function writeChangeTuple<T>(change: Change<T>, order: ChangesOrder = CHANGE_TUPLE_ORDER): [T, T] {
  return order === "new-old" ? [change.to, change.from] : [change.from, change.to];
}

/** Deep equality of two JSON values, without recursion (values may nest deeply). */
function jsonEqual(a: unknown, b: unknown): boolean {
  // Most tuples hold plain values: answer those without allocating the walk.
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  const stack: Array<[unknown, unknown]> = [[a, b]];
  while (stack.length) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (x === null || y === null || typeof x !== "object" || typeof y !== "object") return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    const xKeys = Object.keys(x);
    if (xKeys.length !== Object.keys(y).length) return false;
    for (const key of xKeys) {
      if (!Object.hasOwn(y, key)) return false;
      stack.push([(x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key]]);
    }
  }
  return true;
}

/** How a tuple matches the attribute's current value: in one order, on both sides, or on neither. */
export type TupleMatch = ChangesOrder | "both" | "neither";

/**
 * Which side of one tuple equals the attribute's current value: the tuple decides an order only
 * when exactly one side does.
 * @example matchChangeTuple([null, 73], 73) // "old-new"
 */
export function matchChangeTuple(tuple: readonly [unknown, unknown], current: unknown): TupleMatch {
  const first = jsonEqual(tuple[0], current);
  const second = jsonEqual(tuple[1], current);
  if (first === second) return first ? "both" : "neither";
  return first ? "new-old" : "old-new";
}

/** What an update's `data` holds that decides its order. */
export interface ChangesData {
  call: Call;
  changes?: CallChanges;
}

/**
 * The order an update's own tuples show against its call: undefined when no tuple decides it or
 * when they disagree with each other (the validator reports that).
 * @example detectChangesOrder(payload.data) // "old-new" | "new-old" | undefined
 */
export function detectChangesOrder(data: ChangesData): ChangesOrder | undefined {
  let found: ChangesOrder | undefined;
  const changes = data.changes ?? {};
  for (const key of Object.keys(changes)) {
    const tuple = changes[key as keyof CallChanges];
    if (!Array.isArray(tuple) || tuple.length !== 2 || !Object.hasOwn(data.call, key)) continue;
    const order = matchChangeTuple(tuple as [unknown, unknown], data.call[key as keyof Call]);
    if (order === "both" || order === "neither") continue;
    if (found !== undefined && found !== order) return undefined;
    found = order;
  }
  return found;
}

const isChangesData = (value: CallChanges | ChangesData): value is ChangesData =>
  Object.hasOwn(value, "call") && Object.hasOwn(value, "changes");

/**
 * The change of one call attribute, or undefined when it did not change. Given an update's whole
 * `data`, the payload decides the order (see detectChangesOrder); given `changes` alone, the order
 * is the one passed (default: the documented one).
 * @example readChange(payload.data, "bill_duration")?.to
 * @example readChange(payload.data.changes, "bill_duration", "old-new")?.to
 */
export function readChange<K extends keyof Call>(source: CallChanges | ChangesData, key: K, order?: ChangesOrder): Change<Call[K]> | undefined {
  const data = isChangesData(source) ? source : undefined;
  const changes = data ? (data.changes ?? {}) : (source as CallChanges);
  const tuple = Object.hasOwn(changes, key) ? changes[key] : undefined;
  if (!tuple) return undefined;
  return readChangeTuple(tuple as [Call[K], Call[K]], order ?? (data && detectChangesOrder(data)) ?? CHANGE_TUPLE_ORDER);
}
