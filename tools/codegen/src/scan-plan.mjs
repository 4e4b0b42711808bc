// The strict profile's event schemas, lowered from the schema model (model.mjs) to a plan of plain
// nodes that fast-lines.mjs turns into the JSON Lines byte scanner of @fwcall/validate (its
// assembly/ folder), which proves a line clean without JSON.parse building its object.
//
// The plan is the strict schema, or stricter, never looser: a clean line under lenient is one the
// strict checker accepts (else lenient reports the difference as warnings), so the scanner must
// accept no value the strict schema rejects. Where lowering has to choose, it chooses the stricter
// reading: an anyOf of property-only branches applies every branch's property constraints
// whenever the property is there, and only the `required` lists stay alternatives. A keyword or a
// shape it cannot lower exactly or more strictly throws here, so a schema change cannot make the
// scanner quietly looser than the schema. driftNodes() compares the strict plan with the lenient
// one: the enums only the strict profile has.
import { FORMAT_NAMES } from "./validators.mjs";
import { buildModel } from "./model.mjs";

const EVENTS = /** @type {const} */ (["onCallCreate", "onCallUpdate"]);

const ANNOTATIONS = new Set(["$schema", "$id", "$comment", "title", "description", "examples", "default", "readOnly", "writeOnly"]);
const SUPPORTED = new Set([
  "ref", "type", "enum", "const", "allOf", "anyOf", "format", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
  "minLength", "maxLength", "minItems", "maxItems", "items", "required", "properties", "additionalProperties",
]);
const KINDS = ["object", "array", "string", "integer", "number", "boolean", "null"];
const isPrimitive = (value) => value === null || ["string", "boolean"].includes(typeof value) || (typeof value === "number" && Number.isFinite(value));

/** A node that allows anything: no type, no keyword. */
const anything = () => ({ type: undefined, nullable: true });

/** The stricter of two optional limits. */
const lower = (a, b) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
const higher = (a, b) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));

function fail(message) {
  throw new Error(`scan plan: ${message}`);
}

/** Both constraints at once (allOf, or a $ref beside keywords). */
function merge(a, b) {
  if (a.type === undefined && Object.keys(a).length === 2) return { ...b, nullable: b.nullable && a.nullable };
  if (b.type === undefined && Object.keys(b).length === 2) return { ...a, nullable: a.nullable && b.nullable };
  const type = a.type ?? b.type;
  if (a.type !== undefined && b.type !== undefined && a.type !== b.type) {
    if (a.type === "null" && b.nullable) return { type: "null", nullable: true };
    if (b.type === "null" && a.nullable) return { type: "null", nullable: true };
    if ([a.type, b.type].every((t) => t === "integer" || t === "number")) return merge({ ...a, type: "integer" }, { ...b, type: "integer" });
    fail(`types ${a.type} and ${b.type} in one allOf`);
  }
  const out = { type, nullable: a.nullable && b.nullable };
  for (const key of ["maxLength", "maxItems", "maximum", "exclusiveMaximum"]) if (lower(a[key], b[key]) !== undefined) out[key] = lower(a[key], b[key]);
  for (const key of ["minLength", "minItems", "minimum", "exclusiveMinimum"]) if (higher(a[key], b[key]) !== undefined) out[key] = higher(a[key], b[key]);
  if (a.enum || b.enum) {
    out.enum = a.enum && b.enum ? a.enum.filter((x) => b.enum.includes(x)) : (a.enum ?? b.enum);
    // the title of the one schema whose enum keyword this is (its problem names it); none for an intersection
    const title = a.enum && b.enum ? undefined : a.enum ? a.enumTitle : b.enumTitle;
    if (title !== undefined) out.enumTitle = title;
  }
  for (const key of ["format", "pattern"]) {
    if (a[key] !== undefined && b[key] !== undefined && a[key] !== b[key]) fail(`two ${key}s in one allOf`);
    if ((a[key] ?? b[key]) !== undefined) out[key] = a[key] ?? b[key];
  }
  if (a.items !== undefined && b.items !== undefined) fail("two items schemas in one allOf");
  if ((a.items ?? b.items) !== undefined) out.items = a.items ?? b.items;
  if (a.properties || b.properties || a.required || b.required || a.additional !== undefined || b.additional !== undefined || a.anyOfRequired || b.anyOfRequired) {
    const properties = new Map(a.properties ?? []);
    for (const [name, sub] of b.properties ?? []) properties.set(name, properties.has(name) ? merge(properties.get(name), sub) : sub);
    // additionalProperties judges the keys its own schema does not name: merging keeps that exact
    // only when the other side names no key it would judge
    for (const [x, y] of [[a, b], [b, a]]) {
      if (x.additional === undefined || x.additional === true) continue;
      for (const [name] of y.properties ?? []) if (!(x.properties ?? new Map()).has(name)) fail(`additionalProperties beside a property "${name}" of another allOf part`);
    }
    if (a.additional !== undefined && a.additional !== true && b.additional !== undefined && b.additional !== true) fail("two additionalProperties in one allOf");
    if (a.anyOfRequired && b.anyOfRequired) fail("two anyOf of required lists in one object");
    out.properties = properties;
    out.required = [...new Set([...(a.required ?? []), ...(b.required ?? [])])];
    const additional = a.additional === undefined || a.additional === true ? b.additional : a.additional;
    if (additional !== undefined) out.additional = additional;
    if (a.anyOfRequired ?? b.anyOfRequired) out.anyOfRequired = a.anyOfRequired ?? b.anyOfRequired;
  }
  return out;
}

/** Lowers one node of the model (a ref is followed; its definition is lowered once). */
function lowerNode(node, memo) {
  if (node === true) return anything();
  if (node === false || node === null || typeof node !== "object" || Array.isArray(node)) fail(`unsupported schema ${JSON.stringify(node)}`);
  for (const key of Object.keys(node)) {
    if (ANNOTATIONS.has(key) || key.startsWith("x-")) continue;
    if (!SUPPORTED.has(key)) fail(`keyword "${key}" is not supported`);
  }
  let out = anything();
  if (node.type !== undefined) {
    const types = Array.isArray(node.type) ? node.type : [node.type];
    for (const t of types) if (!KINDS.includes(t)) fail(`unknown type ${t}`);
    const nonNull = types.filter((t) => t !== "null");
    if (nonNull.length > 1) fail(`a union of types ${types.join(", ")}`);
    out = { type: nonNull[0] ?? "null", nullable: types.includes("null") };
  }
  if ("const" in node) {
    if (!isPrimitive(node.const) || node.const === null) fail(`const ${JSON.stringify(node.const)}`);
    out = merge(out, { type: undefined, nullable: false, enum: [node.const] });
  }
  if (node.enum !== undefined) {
    if (!Array.isArray(node.enum) || !node.enum.length || !node.enum.every((x) => isPrimitive(x) && x !== null)) fail(`enum ${JSON.stringify(node.enum)}`);
    out = merge(out, { type: undefined, nullable: false, enum: [...node.enum], enumTitle: node.title ?? null });
  }
  const own = { type: undefined, nullable: true };
  for (const key of ["maxLength", "minLength", "maxItems", "minItems", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]) {
    if (node[key] === undefined) continue;
    if (typeof node[key] !== "number" || !Number.isFinite(node[key])) fail(`${key} must be a number`);
    own[key] = node[key];
  }
  if (node.format !== undefined) {
    if (!FORMAT_NAMES.includes(node.format)) fail(`format ${node.format}`);
    own.format = node.format;
  }
  if (node.pattern !== undefined) {
    new RegExp(node.pattern, "u");
    own.pattern = node.pattern;
  }
  if (node.items !== undefined) {
    if (Array.isArray(node.items)) fail("items as a tuple");
    own.items = lowerNode(node.items, memo);
  }
  if (node.properties !== undefined || node.required !== undefined || node.additionalProperties !== undefined) {
    own.properties = new Map(Object.entries(node.properties ?? {}).map(([name, sub]) => [name, lowerNode(sub, memo)]));
    own.required = [...(node.required ?? [])];
    if (node.additionalProperties !== undefined) own.additional = node.additionalProperties === true || node.additionalProperties === false ? node.additionalProperties : lowerNode(node.additionalProperties, memo);
  }
  out = merge(out, own);
  if (node.ref !== undefined) {
    let lowered = memo.get(node.ref);
    if (!lowered) memo.set(node.ref, (lowered = lowerNode(node.ref.schema, memo)));
    out = merge(lowered, out);
  }
  for (const sub of node.allOf ?? []) out = merge(out, lowerNode(sub, memo));
  if (node.anyOf !== undefined) out = merge(out, lowerAnyOf(node.anyOf, memo));
  return out;
}

/** `[X, {type: null}]` is X or null; branches of only required and properties are one object whose required lists are alternatives. */
function lowerAnyOf(branches, memo) {
  const isNull = (b) => b && b.type === "null" && Object.keys(b).every((k) => k === "type" || ANNOTATIONS.has(k));
  if (branches.length === 2 && branches.some(isNull)) {
    const other = lowerNode(branches.find((b) => !isNull(b)), memo);
    return { ...other, nullable: true };
  }
  if (branches.every((b) => b && typeof b === "object" && Object.keys(b).every((k) => k === "required" || k === "properties" || ANNOTATIONS.has(k)))) {
    let out = { type: undefined, nullable: true, properties: new Map(), required: [] };
    for (const branch of branches) out = merge(out, lowerNode({ properties: branch.properties ?? {} }, memo));
    out.anyOfRequired = branches.map((b) => [...(b.required ?? [])]);
    return out;
  }
  return fail("an anyOf other than [X, null] or alternative required lists");
}

/** The plan as data: nodes by index, each shared subtree once. */
function serialize(roots) {
  const nodes = [];
  const byText = new Map();
  const indexOf = (node) => {
    if (node === true || node === false) return node;
    if (node.type === undefined) {
      if (node.enum?.every((x) => typeof x === "string")) node = { ...node, type: "string" };
      else if (Object.keys(node).length > 2) fail(`constraints without a type: ${JSON.stringify(node)}`);
    }
    // an enum leaves null out unless it lists it (it never does: lowering refuses a null in an enum)
    const out = { type: node.type ?? "any", nullable: node.nullable && node.enum === undefined };
    for (const key of ["maxLength", "minLength", "maxItems", "minItems", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum", "enumTitle", "format", "pattern"]) {
      if (node[key] !== undefined) out[key] = node[key];
    }
    if (node.items !== undefined) out.items = indexOf(node.items);
    if (node.properties !== undefined) {
      if (node.type !== "object") fail("properties on a node that is not an object");
      out.properties = [...node.properties].map(([name, sub]) => [name, indexOf(sub)]);
      out.required = node.required;
      if (node.anyOfRequired) out.anyOfRequired = node.anyOfRequired;
      out.additional = node.additional === undefined ? true : indexOf(node.additional);
      for (const name of [...out.required, ...(out.anyOfRequired ?? []).flat()]) {
        if (!node.properties.has(name) && out.additional === false) fail(`required "${name}" can never be there`);
      }
    }
    const text = JSON.stringify(out);
    let index = byText.get(text);
    if (index === undefined) {
      index = nodes.length;
      nodes.push(out);
      byText.set(text, index);
    }
    return index;
  };
  const events = Object.fromEntries(roots.map(([name, node]) => [name, indexOf(node)]));
  return { nodes, events };
}

/**
 * @param {"strict" | "lenient"} profile
 * @returns {{ nodes: object[], events: Record<string, number> }} the profile's event schemas as plan nodes by index, and each event's root
 */
export function buildScanPlan(profile) {
  const model = buildModel().profile(profile);
  const memo = new Map();
  const roots = EVENTS.map((event) => [event, lowerNode(model.event(event).payload.schema, memo)]);
  return serialize(roots);
}

/**
 * The strict plan's enum nodes that only the strict profile has: at every place the strict schema
 * uses one, the lenient schema has the same node but for the enum. A value outside such an enum is
 * drift (a warning under lenient, an error under strict) that leaves the rest of the line to be
 * judged here; the JavaScript side words it with schema-problems.ts, as the exact path would.
 */
export function driftNodes(strict, lenient) {
  const verdicts = new Map();
  const visited = new Set();
  const withoutEnum = ({ enum: _values, enumTitle: _title, ...rest }) => JSON.stringify(rest);
  const walk = (si, li) => {
    if (typeof si !== "number" || visited.has(`${si}:${li}`)) return;
    visited.add(`${si}:${li}`);
    const node = strict.nodes[si];
    const other = typeof li === "number" ? lenient.nodes[li] : undefined;
    if (node.enum && node.enumTitle !== undefined) {
      const same = other !== undefined && other.enum === undefined && withoutEnum(node) === JSON.stringify(other);
      verdicts.set(si, (verdicts.get(si) ?? true) && same);
    }
    for (const [name, sub] of node.properties ?? []) {
      const match = other?.properties?.find(([n]) => n === name);
      walk(sub, match ? match[1] : typeof other?.additional === "number" ? other.additional : undefined);
    }
    walk(node.items, other?.items);
    walk(node.additional, other?.additional);
  };
  for (const event of Object.keys(strict.events)) walk(strict.events[event], lenient.events[event]);
  return new Set([...verdicts].filter(([, same]) => same).map(([index]) => index));
}
