// The validators never throw. A value that cannot be read (a Proxy or getter that throws, a revoked
// Proxy, nesting deeper than the stack) is a problem of that value, reported like any other, and
// so are an unknown event name and an unknown profile.
import { CALL_EVENT_NAMES, CHANGES_ORDERS, CHANGE_TUPLE_ORDER, type CallEventName, type ChangesOrder } from "@fwcall/types";
import { describeValue, type Problem } from "./problem.js";
import { DEFAULT_PROFILE, PROFILES, type Profile } from "./profile.js";

/** The message of anything thrown, read without trusting it (its `message` may be a throwing getter too). */
function thrownMessage(error: unknown): string {
  try {
    const message = error instanceof Error ? error.message : String(error);
    return String(message).slice(0, 200);
  } catch {
    return "it threw while being read";
  }
}

/** What a validator reports when reading the value threw. */
export function unreadableProblem(error: unknown): Problem {
  const message = thrownMessage(error);
  if (error instanceof RangeError && /call stack/i.test(message)) {
    return { pointer: "", severity: "error", rule: "input:too-deep", expected: "a call-event payload (a few levels deep)", found: "a value nested deeper than the stack allows", message: "nested too deeply to validate: the validator ran out of stack" };
  }
  return { pointer: "", severity: "error", rule: "input:unreadable", expected: "a plain JSON value", found: "a value that throws when read", message: `cannot read the value: ${message}` };
}

/** Whether a value is the name of a call event (own names only: "__proto__" or "toString" are not). */
export const isCallEventName = (value: unknown): value is CallEventName =>
  typeof value === "string" && (CALL_EVENT_NAMES as readonly string[]).includes(value);

const EXPECTED_EVENTS = CALL_EVENT_NAMES.map((name) => JSON.stringify(name)).join(" or ");

/** The problem of an event name that is not a call event's. */
export function unknownEventProblem(event: unknown, pointer: string): Problem {
  const found = describeValue(event);
  return { pointer, severity: "error", rule: "event:name", expected: EXPECTED_EVENTS, found, message: `expected ${EXPECTED_EVENTS}, found ${found}` };
}

/** One option's value, one of its known values (the default when unset), or the problem with it. */
function optionOf<T extends string>(options: unknown, name: string, known: readonly T[], fallback: T): T | Problem {
  if (options === undefined || options === null) return fallback;
  let value: unknown;
  try {
    value = (options as Record<string, unknown>)[name];
  } catch (error) {
    return { ...unreadableProblem(error), rule: "options:unreadable", message: `cannot read the options: ${thrownMessage(error)}` };
  }
  if (value === undefined) return fallback;
  const found = known.find((k) => k === value);
  if (found) return found;
  const expected = known.map((k) => JSON.stringify(k)).join(" or ");
  return { pointer: "", severity: "error", rule: `options:${name}`, expected, found: describeValue(value), message: `the ${name} option must be ${expected}, found ${describeValue(value)}` };
}

/** The profile the options ask for, or the problem with them. */
export const profileOf = (options: unknown): Profile | Problem => optionOf(options, "profile", PROFILES, DEFAULT_PROFILE);

/** The tuple order the options give for payloads that do not decide their own, or the problem with them. */
export const changesOrderOf = (options: unknown): ChangesOrder | Problem => optionOf(options, "changesOrder", CHANGES_ORDERS, CHANGE_TUPLE_ORDER);
