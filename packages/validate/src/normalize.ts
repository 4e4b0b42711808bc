// docs/decisions/0003-direction-on-the-wire.md: the docs spell direction Incoming/Outgoing; the wire says incoming/outgoing.
import { DIRECTION_ALIASES } from "@fwcall/types";
import { unreadableProblem } from "./guard.js";
import { describeValue, type Problem } from "./problem.js";

/** A payload with documented spellings replaced by canonical values, and a warning for each. */
export interface Normalized<T> {
  payload: T;
  problems: Problem[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Maps the docs' spellings to the canonical wire values. The input is never changed: a copy of
 * the path to each fixed value is made, and the payload comes back as is when nothing needed it.
 * Never throws: a value that throws when read comes back as it is, with an `input:unreadable` error.
 * @example normalizeCallEvent(payload).payload.data.call.direction // "incoming" for "Incoming"
 */
export function normalizeCallEvent<T>(payload: T): Normalized<T> {
  try {
    return normalize(payload);
  } catch (error) {
    return { payload, problems: [unreadableProblem(error)] };
  }
}

function normalize<T>(payload: T): Normalized<T> {
  if (!isObject(payload) || !isObject(payload.data) || !isObject(payload.data.call)) return { payload, problems: [] };
  const { data } = payload;
  const call = data.call as Record<string, unknown>;
  const canonical = typeof call.direction === "string" ? DIRECTION_ALIASES.get(call.direction) : undefined;
  if (canonical === undefined) return { payload, problems: [] };
  const problem: Problem = {
    pointer: "/data/call/direction",
    severity: "warning",
    rule: "normalize:direction",
    expected: JSON.stringify(canonical),
    found: describeValue(call.direction),
    message: `${describeValue(call.direction)} is the docs' spelling; read as ${JSON.stringify(canonical)}`,
  };
  return { payload: { ...payload, data: { ...data, call: { ...call, direction: canonical } } }, problems: [problem] };
}
