// The one schema model (issue 13 item 1), as the interop generators read it: built in memory from
// schemas/ exactly as the committed model is, so the documents and generated/model.json agree.
export { buildModel } from "../model.mjs";
export { toJsonSchema } from "@fwcall/schemas/model";

/** Every definition a node refers to, directly or through other definitions, in first-reached order. */
export function definitionsUnder(...nodes) {
  const found = new Map();
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "const" || key === "enum") continue;
      if (key === "ref") {
        if (!found.has(value.name)) {
          found.set(value.name, value);
          walk(value.schema);
        }
      } else walk(value);
    }
  };
  nodes.forEach(walk);
  return [...found.values()];
}
