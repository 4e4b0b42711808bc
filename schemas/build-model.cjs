// Builds the schema model: the one resolved, per-profile view of the schemas that every generator and
// library reads (README, "The schema model"). `pnpm generate` writes it once as generated/model.json,
// which model.cjs links for its readers; codegen links the same data in memory, so generated code and
// the runtime model never disagree. It lives in this package, not in the private codegen, so that a
// published tool (`fwcall diff`) can build the model of schemas nobody generated: a working tree,
// another revision.
//
// Every check of the schema set's shape lives here too: a $ref to a missing file or with a
// fragment, a `definitions` block, duplicate names, or an envelope variant that cannot be merged
// fail `pnpm generate` with the schema named, instead of misleading a consumer later.
// CommonJS so that `require("@fwcall/schemas/build-model")` works on Node 18 too; build-model.js re-exports it.
"use strict";
const { applyProfile, loadSchemas } = require("./index.cjs");
const { linkModel, MODEL_PROFILES } = require("./model.cjs");

/** Bumped when the data's layout changes, so a reader of another revision's model can tell. */
const MODEL_FORMAT = 1;
/** The envelope variants, by the title of Envelope's anyOf branch that states each. */
const ENVELOPE_BRANCHES = { "2.x": "Platform2Envelope", "3.0": "Platform3Envelope" };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A definition's name: its title, else its path ("timestamp.json" → "Timestamp"); generated code declares it, so it must be an identifier. */
function definitionName(file, schema) {
  const name = typeof schema.title === "string" && IDENTIFIER.test(schema.title) ? schema.title : file.replace(/\.json$/, "").replace(/(^|[^A-Za-z0-9])([A-Za-z0-9])/g, (_m, _sep, c) => c.toUpperCase());
  if (!IDENTIFIER.test(name)) throw new Error(`${file}: its name ${JSON.stringify(name)}, made from the file name, is not an identifier; give the schema a title that is one`);
  // the model keeps definitions by name in plain objects, where this name would replace the prototype
  if (name === "__proto__") throw new Error(`${file}: a schema cannot be named __proto__`);
  return name;
}

/** Named-enum facts of a schema file, the same in both profiles; undefined for other schemas. */
function enumInfo(name, file, raw) {
  const names = raw["x-enum-names"];
  if (names === undefined) return undefined;
  // generated code makes a constant and a matcher's handler key of each name
  if (!Array.isArray(names) || !names.every((n) => typeof n === "string" && n !== "") || new Set(names).size !== names.length) {
    throw new Error(`${file}: x-enum-names must be an array of distinct names (strings), one per value`);
  }
  const values = raw.enum ?? raw["x-strict"]?.enum;
  if (!Array.isArray(values) || values.length !== names.length) {
    throw new Error(`${file}: x-enum-names has ${names.length} names for ${values?.length ?? 0} values`);
  }
  return {
    name,
    values,
    names,
    descriptions: raw["x-enum-descriptions"] ?? [],
    aliases: raw["x-enum-aliases"] ?? {},
    closedIn: raw.enum ? "both" : "strict",
  };
}

/**
 * One profiled schema as a model node: `$ref` becomes `ref` (the name of the definition it names,
 * in the same key position), `$id`/`$schema` go; `const` and `enum` values are copied as they are.
 */
function toNode(node, baseId, idToName, where) {
  if (Array.isArray(node)) return node.map((item, i) => toNode(item, baseId, idToName, `${where}/${i}`));
  if (node === null || typeof node !== "object") return node;
  const base = typeof node.$id === "string" ? urlOf(node.$id, baseId, `${where}: $id`) : baseId;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$id" || key === "$schema") continue;
    if (key === "definitions" || key === "$defs") throw new Error(`${where}: "${key}" is not supported; give the schema a file of its own`);
    if (key === "$ref") {
      if (typeof value !== "string") throw new Error(`${where}: $ref must be a string`);
      const target = new URL(urlOf(value, base, `${where}: $ref`));
      if (target.hash) throw new Error(`${where}: $ref with a fragment (${value}) is not supported`);
      const name = idToName.get(target.href);
      if (!name) throw new Error(`${where}: $ref ${value} names no schema in schemas/`);
      out.ref = name;
    } else if (key === "const" || key === "enum") {
      out[key] = value;
    } else if (key === "properties") {
      if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error(`${where}/properties must be an object`);
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, toNode(sub, base, idToName, `${where}/properties/${name}`)]));
    } else {
      out[key] = toNode(value, base, idToName, `${where}/${key}`);
    }
  }
  return out;
}

/** Whether a string is an absolute URL (URL.canParse is newer than the Node 18 this file supports). */
function isAbsoluteUrl(value) {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** A URL resolved against a base, or an error naming what holds it. */
function urlOf(value, base, what) {
  try {
    return new URL(value, base).href;
  } catch {
    throw new Error(`${what} ${value} is not a URL`);
  }
}

/** An envelope variant: the Envelope node with one anyOf branch merged in and the others gone. */
function envelopeVariant(envelope, branchTitle) {
  const branches = envelope.schema.anyOf ?? [];
  if (!Array.isArray(branches) || !branches.every((b) => b !== null && typeof b === "object" && !Array.isArray(b))) throw new Error(`${envelope.file}: anyOf must be an array of objects (the envelope variants)`);
  const index = branches.findIndex((b) => b.title === branchTitle);
  if (index < 0) throw new Error(`envelope.json: no anyOf branch titled ${branchTitle}`);
  const branch = branches[index];
  for (const key of Object.keys(branch)) {
    if (!["title", "description", "required", "properties"].includes(key)) throw new Error(`envelope.json/anyOf/${index}: keyword "${key}" cannot be merged into an envelope variant`);
  }
  const { anyOf: _anyOf, ...rest } = envelope.schema;
  const properties = { ...rest.properties };
  for (const [name, sub] of Object.entries(branch.properties ?? {})) {
    if (name in properties) throw new Error(`envelope.json/anyOf/${index}: property ${name} is declared twice`);
    properties[name] = sub;
  }
  const schema = { ...rest, title: branch.title, description: branch.description ?? rest.description, required: [...(rest.required ?? []), ...(branch.required ?? [])], properties };
  return { name: branchTitle, title: branchTitle, id: envelope.id, file: envelope.file, pointer: `/anyOf/${index}`, schema, enum: undefined, examples: [] };
}

/** The payload node of an event with one envelope: its `ref` to Envelope replaced by the variant's. */
function withEnvelope(payload, variantName) {
  if (payload.schema.allOf !== undefined && !Array.isArray(payload.schema.allOf)) throw new Error(`${payload.file}: allOf must be an array`);
  let swapped = 0;
  const allOf = (payload.schema.allOf ?? []).map((part) => {
    if (part.ref !== "Envelope") return part;
    swapped++;
    return { ...part, ref: variantName };
  });
  if (swapped !== 1) throw new Error(`${payload.file}: expected one allOf part referring to envelope.json, found ${swapped}`);
  return { ...payload.schema, allOf };
}

/**
 * The model's data, as generated/model.json holds it: definitions by name per profile, refs by name.
 * `files`: the schema files (loadSchemas() of @fwcall/schemas by default; another set, e.g. of
 * another revision, in the same form).
 * @param {Array<{ file: string, schema: Record<string, any> }>} [files]
 * @returns {import("./model.cjs").SchemaModelData}
 * @example buildModelData(loadSchemas("old/schemas")).profiles.strict
 */
function buildModelData(files = loadSchemas()) {
  if (!Array.isArray(files)) throw new Error("buildModelData: files must be an array of { file, schema }, as loadSchemas() gives");
  const idToName = new Map();
  const fileOfName = new Map();
  const fileOfId = new Map();
  for (const entry of files) {
    const { file, schema } = entry ?? {};
    if (typeof file !== "string") throw new Error("buildModelData: files must be an array of { file, schema }, as loadSchemas() gives (a file is no string)");
    if (schema === null || typeof schema !== "object" || Array.isArray(schema)) throw new Error(`${file}: the schema is not a JSON object`);
    // $refs name schemas by $id: two files with one $id would make every $ref to it mean the later one
    if (typeof schema.$id !== "string" || !isAbsoluteUrl(schema.$id)) throw new Error(`${file}: "$id" must be an absolute URL (found ${JSON.stringify(schema.$id)})`);
    if (fileOfId.has(schema.$id)) throw new Error(`${fileOfId.get(schema.$id)} and ${file} have the same $id ${schema.$id}`);
    fileOfId.set(schema.$id, file);
    const name = definitionName(file, schema);
    if (fileOfName.has(name)) throw new Error(`${fileOfName.get(name)} and ${file} are both named ${name}; give one a distinct title`);
    fileOfName.set(name, file);
    idToName.set(schema.$id, name);
  }
  const enums = {};
  for (const { file, schema } of files) {
    const info = enumInfo(idToName.get(schema.$id), file, schema);
    if (info) enums[info.name] = info;
  }
  const profiles = {};
  for (const profile of MODEL_PROFILES) {
    const definitions = {};
    for (const { file, schema } of files) {
      const name = idToName.get(schema.$id);
      definitions[name] = {
        name,
        title: typeof schema.title === "string" ? schema.title : undefined,
        id: schema.$id,
        file,
        pointer: "",
        schema: toNode(applyProfile(schema, profile), schema.$id, idToName, file),
        enum: enums[name] ? name : undefined,
        examples: Array.isArray(schema.examples) ? schema.examples : [],
      };
    }
    const envelope = definitions.Envelope;
    if (!envelope) throw new Error("no schema titled Envelope");
    for (const title of Object.values(ENVELOPE_BRANCHES)) {
      if (definitions[title]) throw new Error(`the definition name ${title} is taken by a schema file; it names an envelope variant`);
      definitions[title] = envelopeVariant(envelope, title);
    }
    const events = {};
    const fileOfEvent = new Map();
    for (const { file, schema } of files) {
      const event = schema.properties?.event?.const;
      if (typeof event !== "string") continue;
      if (fileOfEvent.has(event)) throw new Error(`${fileOfEvent.get(event)} and ${file} both declare the event ${event}`);
      fileOfEvent.set(event, file);
      const payload = definitions[idToName.get(schema.$id)];
      events[event] = {
        event,
        payload: payload.name,
        envelopes: Object.fromEntries(Object.entries(ENVELOPE_BRANCHES).map(([kind, title]) => [kind, withEnvelope(payload, title)])),
      };
    }
    const resources = Object.values(definitions)
      .filter((d) => d.file.startsWith("rest/") && d.title)
      .map((d) => d.name);
    profiles[profile] = { profile, definitions, events, resources };
  }
  return { format: MODEL_FORMAT, enums, profiles };
}

/**
 * The model, linked as readers see it, built from the schemas on disk now (or the files given).
 * @example buildModel(loadSchemas("/tmp/other-revision/schemas")).profile("strict").definition("Call")
 */
function buildModel(files) {
  return linkModel(JSON.parse(JSON.stringify(buildModelData(files))));
}

// One assignment per name, so Node's ESM loader (and build-model.js) sees each as a named export.
exports.buildModelData = buildModelData;
exports.buildModel = buildModel;
