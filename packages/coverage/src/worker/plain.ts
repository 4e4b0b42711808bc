// App values made plain data before they leave the sandbox: what crosses to the host is only
// JSON-like data, read while the app's time limit still applies (a getter or a proxy trap that
// loops is stopped like any other app code), and bounded in size.
import { describeError, isErrorLike } from "../describe-error.js";

const MAX_DEPTH = 24;
const MAX_NODES = 20_000;
const MAX_STRING = 100_000;

/**
 * A plain copy of an app value: primitives, arrays and objects of own enumerable properties;
 * an Error becomes its one-line description, a function "[Function name]", a cycle "[Circular]".
 * @example toPlain({ outcome: "ignored", get reason() { return "later"; } }) // { outcome: "ignored", reason: "later" }
 */
export function toPlain(value: unknown): unknown {
  let nodes = 0;
  const seen = new Set<object>();
  const walk = (node: unknown, depth: number): unknown => {
    if (++nodes > MAX_NODES) return "[truncated]";
    switch (typeof node) {
      case "undefined":
      case "boolean":
        return node;
      case "number":
        return Number.isFinite(node) ? node : String(node);
      case "string":
        return node.length > MAX_STRING ? `${node.slice(0, MAX_STRING)}…` : node;
      case "bigint":
      case "symbol":
        return String(node);
      case "function":
        return `[Function ${(node as { name?: unknown }).name || "anonymous"}]`;
    }
    if (node === null) return null;
    const object = node as object;
    if (isErrorLike(object)) return describeError(object);
    if (seen.has(object)) return "[Circular]";
    if (depth >= MAX_DEPTH) return "[nested too deeply]";
    seen.add(object);
    try {
      if (Array.isArray(object)) return object.map((item) => walk(item, depth + 1) ?? null);
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(object)) {
        let item: unknown;
        try {
          item = (object as Record<string, unknown>)[key];
        } catch (error) {
          item = `[getter threw: ${describeError(error)}]`;
        }
        const copy = walk(item, depth + 1);
        if (copy !== undefined) out[key] = copy;
      }
      return out;
    } finally {
      seen.delete(object);
    }
  };
  try {
    return walk(value, 0);
  } catch (error) {
    return `[unreadable: ${describeError(error)}]`;
  }
}
