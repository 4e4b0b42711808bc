// The schema set as codegen sees it: every schema by $id, and the profile transform.
import { loadSchemas } from "@fwcall/schemas";

/** @typedef {"lenient" | "strict"} Profile */

/**
 * Decision 7 (two validation profiles), schema half: each schema states what Freshworks really
 * sends; an `x-strict` object beside it holds the keywords the documented contract adds.
 * The strict profile merges them in, the lenient profile drops them.
 * @param {unknown} node
 * @param {Profile} profile
 * @returns {unknown}
 */
export function applyProfile(node, profile) {
  if (Array.isArray(node)) return node.map((item) => applyProfile(item, profile));
  if (node === null || typeof node !== "object") return node;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "examples" || key.startsWith("x-")) continue; // x-strict included: merged below
    out[key] = applyProfile(value, profile);
  }
  const overlay = /** @type {Record<string, unknown>} */ (node)["x-strict"];
  if (profile === "strict" && overlay) Object.assign(out, overlay);
  return out;
}

/** Every schema, keyed by its $id. */
export function schemasById() {
  return new Map(loadSchemas().map(({ file, schema }) => [schema.$id, { file, schema }]));
}

/** The $id a relative $ref points to, resolved against the schema it appears in. */
export function resolveRef(ref, baseId) {
  return new URL(ref, baseId).href;
}
