// What every check reports: one readable problem with where, what was expected, and what was found.

/** How much a problem matters under the chosen profile. */
export type Severity = "error" | "warning";

/** One thing wrong with a payload. */
export interface Problem {
  /** JSON pointer to the offending value, "" for the payload itself. */
  pointer: string;
  severity: Severity;
  /** Stable id of the broken rule, e.g. `schema:enum` or `create:bill-duration-null`. */
  rule: string;
  /** What the contract expects there. */
  expected: string;
  /** What the payload holds there. */
  found: string;
  /** One line for a person, e.g. `7 is not a documented call status`. */
  message: string;
  /** Set on the one problem that stands for the problems of its rule not listed (see capProblems): how many it stands for. */
  omitted?: number;
}

/**
 * One line per problem: `<pointer>: <message>`.
 * @example formatProblem(problem) // "/data/call/participants/1/call_status: 7 is not a documented call status"
 */
export function formatProblem(problem: Problem): string {
  try {
    return `${String(problem.pointer) || "/"}: ${String(problem.message)}`;
  } catch {
    return `(not a problem: ${describeValue(problem)})`;
  }
}

const MAX_SHOWN = 60;

/** A short, safe description of any value: never deep, never long, never a throw. */
export function describeValue(value: unknown): string {
  try {
    return describe(value);
  } catch {
    return "a value that throws when read";
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") {
    const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…" (${value.length} characters)` : `${value}"`;
    return `"${shown.replace(/[\u0000-\u001f]/g, " ")}`;
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 0) return "an empty object";
    const listed = keys.slice(0, 4).map((key) => JSON.stringify(key.slice(0, 30))).join(", ");
    return `an object with ${listed}${keys.length > 4 ? ", …" : ""}`;
  }
  if (typeof value === "bigint") return `${value}n (a bigint)`;
  return `a ${typeof value}`;
}

/** Appends one step to a JSON pointer, escaping it as RFC 6901 asks. */
export function pointerTo(base: string, step: string | number): string {
  const text = String(step);
  return `${base}/${text.includes("~") || text.includes("/") ? text.replace(/~/g, "~0").replace(/\//g, "~1") : text}`;
}
