// The schema model's reader (README: "The schema model"): links generated/model.json, where a place
// that referred to another schema names it, into objects that hold the definition itself. The data
// is resolved and profiled by codegen at generate time; nothing here reads a schema file or a URL.
// CommonJS so that `require("@fwcall/schemas/model")` works on Node 18 too; model.js re-exports it.
"use strict";

const MODEL_PROFILES = Object.freeze(["lenient", "strict"]);
const ENVELOPES = Object.freeze(["2.x", "3.0"]);

/** Thrown when a model is asked for a definition, event or profile it does not have. */
class UnknownDefinitionError extends Error {
  constructor(message) {
    super(message);
    this.name = "UnknownDefinitionError";
  }
}

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

/** Replaces, in place, every `ref` name under a node by the definition object it names. */
function linkNode(node, definitions, where) {
  if (Array.isArray(node)) {
    node.forEach((item, i) => linkNode(item, definitions, `${where}/${i}`));
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === "const" || key === "enum") continue;
    if (key === "ref") {
      const target = definitions.get(value);
      if (!target) throw new UnknownDefinitionError(`${where}: ref ${JSON.stringify(value)} names no definition of the model`);
      node.ref = target;
    } else if (key === "properties") {
      for (const [name, sub] of Object.entries(value)) linkNode(sub, definitions, `${where}/properties/${name}`);
    } else {
      linkNode(value, definitions, `${where}/${key}`);
    }
  }
}

function lookup(map, key, what) {
  const found = map.get(key);
  if (found === undefined) throw new UnknownDefinitionError(`the schema model has no ${what} ${JSON.stringify(key)} (it has ${[...map.keys()].join(", ")})`);
  return found;
}

/**
 * Links model data (generated/model.json, parsed) into a model; the data is taken over, not copied.
 * @example linkModel(JSON.parse(readFileSync("old/model.json", "utf8"))).profile("strict")
 */
function linkModel(data) {
  if (!isObject(data) || data.format !== 1 || !isObject(data.profiles) || !isObject(data.enums)) {
    throw new Error(`not schema model data of format 1 (got format ${JSON.stringify(isObject(data) ? data.format : data)})`);
  }
  const enums = new Map(Object.entries(data.enums));
  const profiles = new Map();
  for (const profile of MODEL_PROFILES) {
    const raw = data.profiles[profile];
    if (!isObject(raw)) throw new Error(`schema model data has no ${profile} profile`);
    const definitions = new Map();
    for (const [name, definition] of Object.entries(raw.definitions)) {
      definition.title ??= undefined;
      definition.enum = definition.enum === undefined ? undefined : lookup(enums, definition.enum, "enum");
      definition.examples ??= [];
      definitions.set(name, definition);
    }
    for (const definition of definitions.values()) linkNode(definition.schema, definitions, `${profile}:${definition.name}`);
    const events = new Map();
    for (const [name, event] of Object.entries(raw.events)) {
      const envelopes = new Map();
      for (const kind of ENVELOPES) {
        const node = event.envelopes[kind];
        linkNode(node, definitions, `${profile}:${name}@${kind}`);
        envelopes.set(kind, node);
      }
      events.set(name, {
        event: name,
        payload: lookup(definitions, event.payload, "definition"),
        envelopes,
        envelope: (kind) => lookup(envelopes, kind, `${name} envelope`),
      });
    }
    const resources = new Map(raw.resources.map((name) => [name, lookup(definitions, name, "definition")]));
    profiles.set(profile, {
      profile,
      definitions,
      events,
      resources,
      definition: (name) => lookup(definitions, name, `${profile} definition`),
      byTitle: (title) => [...definitions.values()].find((d) => d.title === title),
      event: (name) => lookup(events, name, "event"),
    });
  }
  return {
    format: data.format,
    profiles: MODEL_PROFILES,
    enums,
    profile: (profile) => lookup(profiles, profile, "profile"),
  };
}

/** Freezes a linked model's data, so one reader cannot change what every other reader sees. */
function deepFreeze(value, seen = new Set()) {
  if (value === null || typeof value !== "object" || seen.has(value)) return value;
  seen.add(value);
  for (const child of Object.values(value)) deepFreeze(child, seen);
  return Object.freeze(value);
}

let committed;
/**
 * The committed model (generated/model.json), loaded and linked on first call, then shared (frozen).
 * @example schemaModel().profile("strict").definition("Call").schema.additionalProperties // false
 */
function schemaModel() {
  if (!committed) {
    // a copy: require's cache hands the same object to anyone who requires the JSON itself
    const data = JSON.parse(JSON.stringify(require("./generated/model.json")));
    committed = linkModel(data);
    for (const profile of MODEL_PROFILES) deepFreeze([...committed.profile(profile).definitions.values(), ...[...committed.profile(profile).events.values()].map((e) => [...e.envelopes.values()])]);
    deepFreeze([...committed.enums.values()]);
  }
  return committed;
}

/** A node with its `ref` followed: the referred definition's schema (its own keywords beside `ref` are annotations). */
function resolveNode(node) {
  return isObject(node) && node.ref ? node.ref.schema : node;
}

/**
 * Whether null is allowed at a node: by its type, its enum or const, what it refers to, or a branch.
 * @example isNullable(schemaModel().profile("lenient").definition("Call").schema.properties.recording) // true
 */
function isNullable(node) {
  if (node === true) return true;
  if (!isObject(node)) return false;
  const parts = [...(node.ref ? [node.ref.schema] : []), ...(Array.isArray(node.allOf) ? node.allOf : [])];
  if (!parts.every(isNullable)) return false;
  if (node.type !== undefined && !(Array.isArray(node.type) ? node.type : [node.type]).includes("null")) return false;
  if ("const" in node && node.const !== null) return false;
  if (Array.isArray(node.enum) && !node.enum.includes(null)) return false;
  for (const keyword of ["anyOf", "oneOf"]) if (Array.isArray(node[keyword]) && !node[keyword].some(isNullable)) return false;
  return true;
}

/**
 * The fields of an object node, following `ref` and `allOf` (anyOf branches are alternatives, not fields).
 * @example fieldsOf(schemaModel().profile("strict").definition("Call").schema).filter((f) => !f.required)
 */
function fieldsOf(node) {
  const fields = new Map();
  const required = new Set();
  const visit = (n) => {
    if (!isObject(n)) return;
    if (n.ref) visit(n.ref.schema);
    for (const part of Array.isArray(n.allOf) ? n.allOf : []) visit(part);
    for (const name of Array.isArray(n.required) ? n.required : []) required.add(name);
    if (isObject(n.properties)) for (const [name, sub] of Object.entries(n.properties)) if (!fields.has(name)) fields.set(name, sub);
  };
  visit(node);
  return [...fields].map(([name, schema]) => ({ name, schema, required: required.has(name), nullable: isNullable(schema) }));
}

/**
 * Plain JSON Schema of a node: each `ref` becomes `{ $ref: options.ref(definition) }` beside the
 * place's own keywords, or, when no ref function is given or it returns undefined, the definition inlined.
 * @example toJsonSchema(node, { ref: (d) => `#/components/schemas/${d.name}` })
 */
function toJsonSchema(node, options = {}) {
  const convert = (n) => {
    if (Array.isArray(n)) return n.map(convert);
    if (!isObject(n)) return n;
    const out = {};
    for (const [key, value] of Object.entries(n)) {
      if (key === "ref") {
        const target = options.ref ? options.ref(value) : undefined;
        if (typeof target === "string") out.$ref = target;
        else out.allOf = [...(out.allOf ?? []), convert(value.schema)];
      } else if (key === "const" || key === "enum") out[key] = value;
      else if (key === "properties") out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, convert(sub)]));
      else if (key === "allOf") out.allOf = [...(out.allOf ?? []), ...convert(value)];
      else out[key] = convert(value);
    }
    return out;
  };
  return convert(node);
}

/**
 * Every definition the nodes refer to, directly or through other definitions, in first-reached
 * order: what a document generator lists as its components.
 * @example definitionsUnder(schemaModel().profile("strict").definition("Call").schema).map((d) => d.name)
 */
function definitionsUnder(...nodes) {
  const found = new Map();
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isObject(node)) return;
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

// One assignment per name, so Node's ESM loader (and model.js) sees each as a named export.
exports.schemaModel = schemaModel;
exports.linkModel = linkModel;
exports.resolveNode = resolveNode;
exports.isNullable = isNullable;
exports.fieldsOf = fieldsOf;
exports.toJsonSchema = toJsonSchema;
exports.definitionsUnder = definitionsUnder;
exports.UnknownDefinitionError = UnknownDefinitionError;
exports.MODEL_PROFILES = MODEL_PROFILES;
exports.ENVELOPES = ENVELOPES;
