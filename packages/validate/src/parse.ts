// Tells which call event an unknown value is, and validates it as that event.
import { CALL_EVENT_NAMES, type CallEventName, type CallEventPayload } from "@fwcall/types";
import { describeValue, type Problem } from "./problem.js";
import { validateCallEvent, type ValidateOptions } from "./validate.js";

/** A value recognised as a valid call event. */
export interface ParsedCallEvent {
  ok: true;
  event: CallEventName;
  payload: CallEventPayload;
  /** Warnings only. */
  problems: Problem[];
}

/** A value that is not a valid call event; `event` is set when its name was recognised. */
export interface UnparsedCallEvent {
  ok: false;
  event: CallEventName | undefined;
  problems: Problem[];
}

const isEventName = (value: unknown): value is CallEventName =>
  typeof value === "string" && (CALL_EVENT_NAMES as readonly string[]).includes(value);

/**
 * Takes any JSON value, tells which event it is by its `event` field, and returns either the typed payload or the problems.
 * @example
 * const parsed = parseCallEvent(JSON.parse(body));
 * if (parsed.ok && parsed.event === "onCallUpdate") handleUpdate(parsed.payload);
 */
export function parseCallEvent(value: unknown, options?: ValidateOptions): ParsedCallEvent | UnparsedCallEvent {
  const name = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as { event?: unknown }).event : undefined;
  if (!isEventName(name)) {
    const expected = CALL_EVENT_NAMES.map((e) => JSON.stringify(e)).join(" or ");
    const onObject = value !== null && typeof value === "object" && !Array.isArray(value);
    const problem: Problem = onObject
      ? { pointer: "/event", severity: "error", rule: "event:name", expected, found: describeValue(name), message: `expected ${expected}, found ${describeValue(name)}` }
      : { pointer: "", severity: "error", rule: "schema:type", expected: "an object", found: describeValue(value), message: `expected a call-event object, found ${describeValue(value)}` };
    return { ok: false, event: undefined, problems: [problem] };
  }
  const result = validateCallEvent(name, value, options);
  return result.valid
    ? { ok: true, event: name, payload: result.payload, problems: result.problems }
    : { ok: false, event: name, problems: result.problems };
}
