// JSON values as pact files and matcher templates hold them, and the one canonical way to print them.

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A value of a pact file, shown short in a message (at most 60 characters; "nothing" for undefined).
 * @example shortJson({ version: 4 }) // '{"version":4}'
 */
export function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? "nothing";
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** Whether a value is a plain JSON object (not an array, not null). */
export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A copy with every object's keys in code-unit order, arrays kept in their order: the same value
 * always prints to the same bytes, whatever order a tool wrote its keys in.
 * @example sortKeysDeep({ b: 1, a: [{ d: 2, c: 3 }] }) // { a: [{ c: 3, d: 2 }], b: 1 }
 */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeysDeep) as T;
  if (!isJsonObject(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(byCodeUnits)) sorted[key] = sortKeysDeep(value[key]);
  return sorted as T;
}

/** The JSON type of a value, telling integers from other numbers as JSON Schema does. */
export type JsonType = "object" | "array" | "string" | "integer" | "number" | "boolean" | "null";

/**
 * The JSON type of a value; undefined for what JSON cannot hold.
 * @example jsonTypeOf(8) // "integer"; jsonTypeOf(8.5) // "number"
 */
export function jsonTypeOf(value: unknown): JsonType | undefined {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "string":
      return "string";
    case "boolean":
      return "boolean";
    case "number":
      return Number.isInteger(value) ? "integer" : Number.isFinite(value) ? "number" : undefined;
    case "object":
      return "object";
    default:
      return undefined;
  }
}

/** Deep equality of two JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
}

/**
 * How deeply a JSON value nests, each object or array one level (a scalar is 0); without
 * recursion, so any depth JSON.parse produced can be measured.
 * @example jsonDepth({ a: [1] }) // 2
 */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const open: Array<[unknown, number]> = [[value, 1]];
  while (open.length > 0) {
    const [item, depth] = open.pop()!;
    if (typeof item !== "object" || item === null) continue;
    deepest = Math.max(deepest, depth);
    for (const child of Array.isArray(item) ? item : Object.values(item)) if (typeof child === "object" && child !== null) open.push([child, depth + 1]);
  }
  return deepest;
}
