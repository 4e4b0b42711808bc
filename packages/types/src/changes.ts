// Decision 6: one place knows the order of a changes tuple; everything else reads and writes
// pairs through these functions.
import type { Call, CallChanges } from "./generated/schemas.js";

/** One changed attribute: its value before and after the update. */
export interface Change<T = unknown> {
  from: T;
  to: T;
}

/**
 * Which end of a changes tuple holds the new value. The call-event docs say `[new, old]`;
 * other Freshworks events put the old value first. Flip it here and only here.
 */
export const CHANGE_TUPLE_ORDER: "new-old" | "old-new" = "new-old";

/**
 * Reads one changes tuple as `{ from, to }`.
 * @example readChangeTuple([3, 0]) // { from: 0, to: 3 }
 */
export function readChangeTuple<T>(tuple: readonly [T, T]): Change<T> {
  return CHANGE_TUPLE_ORDER === "new-old" ? { from: tuple[1], to: tuple[0] } : { from: tuple[0], to: tuple[1] };
}

/**
 * Writes `{ from, to }` as a changes tuple in the wire order.
 * @example writeChangeTuple({ from: null, to: 73 }) // [73, null]
 */
export function writeChangeTuple<T>(change: Change<T>): [T, T] {
  return CHANGE_TUPLE_ORDER === "new-old" ? [change.to, change.from] : [change.from, change.to];
}

/**
 * The change of one call attribute in an update's `changes`, or undefined when it did not change.
 * @example readChange(payload.data.changes, "bill_duration")?.to
 */
export function readChange<K extends keyof Call>(changes: CallChanges, key: K): Change<Call[K]> | undefined {
  const tuple = Object.hasOwn(changes, key) ? changes[key] : undefined;
  return tuple ? readChangeTuple(tuple as [Call[K], Call[K]]) : undefined;
}
