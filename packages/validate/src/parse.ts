// Tells which call event an unknown value is, and validates it as that event.
import type { CallEventName, CallEventPayload, ChangesOrder } from "@fwcall/types";
import { isCallEventName, unknownEventProblem, unreadableProblem } from "./guard.js";
import { describeValue, type Problem } from "./problem.js";
import { validateCallEvent, type ValidateOptions } from "./validate.js";

/** A value recognised as a valid call event. */
export interface ParsedCallEvent {
  ok: true;
  event: CallEventName;
  payload: CallEventPayload;
  /** Warnings only. */
  problems: Problem[];
  /** onCallUpdate only: the order its `changes` tuples are in (see Valid). */
  changesOrder?: ChangesOrder;
}

/** A value that is not a valid call event; `event` is set when its name was recognised. */
export interface UnparsedCallEvent {
  ok: false;
  event: CallEventName | undefined;
  problems: Problem[];
}

/**
 * Takes any JSON value, tells which event it is by its `event` field, and returns either the typed
 * payload or the problems. Never throws, whatever the value (see validateCallEvent).
 * @example
 * const parsed = parseCallEvent(JSON.parse(body));
 * if (parsed.ok && parsed.event === "onCallUpdate") handleUpdate(parsed.payload);
 */
export function parseCallEvent(value: unknown, options?: ValidateOptions): ParsedCallEvent | UnparsedCallEvent {
  let name: unknown;
  let onObject: boolean;
  try {
    onObject = value !== null && typeof value === "object" && !Array.isArray(value);
    name = onObject ? (value as { event?: unknown }).event : undefined;
  } catch (error) {
    return { ok: false, event: undefined, problems: [unreadableProblem(error)] };
  }
  if (!isCallEventName(name)) {
    const problem: Problem = onObject
      ? unknownEventProblem(name, "/event")
      : { pointer: "", severity: "error", rule: "schema:type", expected: "an object", found: describeValue(value), message: `expected a call-event object, found ${describeValue(value)}` };
    return { ok: false, event: undefined, problems: [problem] };
  }
  const result = validateCallEvent(name, value, options);
  return result.valid
    ? { ok: true, event: name, payload: result.payload, problems: result.problems, ...(result.changesOrder && { changesOrder: result.changesOrder }) }
    : { ok: false, event: name, problems: result.problems };
}
