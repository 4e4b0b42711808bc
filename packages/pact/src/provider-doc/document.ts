// A provider document (OpenAPI 3 or AsyncAPI 2/3), read from JSON or YAML text with its internal
// `$ref`s checked: every one inside the document, resolvable, and no cycle. A hostile document
// (huge, deeply nested, external or cyclic references, not JSON or YAML) is a ProviderDocumentError,
// never a hang: each walk is bounded.
import { parseJsonText, problemText } from "@fwcall/validate/json-file";
import { isJsonObject } from "../json.js";

/** A provider document that cannot be used, and why; the CLI exits 2 on it. */
export class ProviderDocumentError extends Error {
  override name = "ProviderDocumentError";
}

/** The largest document read: far beyond any real API description. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
/** How deep objects and arrays may nest, references followed. */
const MAX_DEPTH = 256;
/** How many values the reference checks may visit in all. */
const WALK_BUDGET = 5_000_000;

type Json = Record<string, unknown>;

/** Keywords whose value maps names to schemas. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

/** A provider document, read and its references checked. */
export interface ProviderDocument {
  kind: "openapi" | "asyncapi";
  /** The version the document declares ("3.1.0", "3.0.0"). */
  version: string;
  /** The parsed document. */
  root: Json;
  /** The value a `$ref` (`#/components/schemas/Call`) names; the reference was checked when the document was read. */
  deref(ref: string): unknown;
  /** A node with its `$ref` followed (repeatedly), and the last reference followed. */
  follow(node: unknown): { node: unknown; ref: string | undefined };
  /** A copy of a schema with each `$ref` linked as fwcall's schema model links them (`ref: { name, schema }`), for schema shapes. */
  linked(schema: unknown): unknown;
}

/** The value at a JSON pointer (`#/a/b`), or undefined. */
function at(root: unknown, ref: string): { found: true; value: unknown } | { found: false } {
  let value = root;
  for (const raw of ref === "#" || ref === "#/" ? [] : ref.slice(2).split("/")) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    } catch {
      return { found: false };
    }
    if (Array.isArray(value) && /^(0|[1-9]\d*)$/.test(token) && Number(token) < value.length) value = value[Number(token)];
    else if (isJsonObject(value) && Object.hasOwn(value, token)) value = value[token];
    else return { found: false };
  }
  return { found: true, value };
}

/** A key as one token of a JSON pointer (RFC 6901: "~" as "~0", "/" as "~1"). */
export const pointerToken = (token: string) => token.replace(/~/g, "~0").replace(/\//g, "~1");

const pointerOf = (tokens: readonly string[]) => `#${tokens.map((t) => `/${pointerToken(t)}`).join("")}`;

/** Every `$ref` under a value, with where it is; throws for a value nested too deeply or too large to walk. */
function refsUnder(value: unknown, from: readonly string[], budget: { left: number }, out: Array<{ ref: unknown; where: string }>): void {
  const stack: Array<{ value: unknown; path: readonly string[] }> = [{ value, path: from }];
  while (stack.length > 0) {
    const { value: here, path } = stack.pop()!;
    if (--budget.left < 0) throw new ProviderDocumentError(`it is too large to resolve: its references reach more than ${WALK_BUDGET.toLocaleString("en-US")} values`);
    if (path.length - from.length > MAX_DEPTH) throw new ProviderDocumentError(`it nests more than ${MAX_DEPTH} levels deep at ${pointerOf(path.slice(0, from.length + 8))}…`);
    if (Array.isArray(here)) here.forEach((item, i) => stack.push({ value: item, path: [...path, String(i)] }));
    else if (isJsonObject(here)) {
      if (Object.hasOwn(here, "$ref")) out.push({ ref: here.$ref, where: pointerOf(path) });
      for (const [key, child] of Object.entries(here)) if (key !== "$ref" && typeof child === "object" && child !== null) stack.push({ value: child, path: [...path, key] });
    }
  }
}

/**
 * Checks every reference of the document: a string, inside the document (`#/…`), naming a value it
 * has, and no cycle through references.
 */
function checkRefs(root: Json): void {
  const budget = { left: WALK_BUDGET };
  const all: Array<{ ref: unknown; where: string }> = [];
  refsUnder(root, [], budget, all);
  const targets = new Map<string, string[]>();
  for (const { ref, where } of all) {
    if (typeof ref !== "string") throw new ProviderDocumentError(`the $ref at ${where} is ${JSON.stringify(ref)?.slice(0, 80)}, not a string`);
    if (!ref.startsWith("#")) throw new ProviderDocumentError(`the $ref at ${where} points outside the document (${ref.slice(0, 200)}): fwcall follows only references inside it (#/…); bundle the document first`);
    if (ref !== "#" && !ref.startsWith("#/")) throw new ProviderDocumentError(`the $ref at ${where} (${ref.slice(0, 200)}) is not a JSON pointer (#/…)`);
    if (!at(root, ref).found) throw new ProviderDocumentError(`the $ref at ${where} names ${ref.slice(0, 200)}, which the document does not have`);
    if (!targets.has(ref)) targets.set(ref, []);
  }
  // A target's own references, found once per target within the budget; then a depth-first search for a cycle.
  for (const ref of targets.keys()) {
    const found: Array<{ ref: unknown; where: string }> = [];
    const tokens = ref === "#" ? [] : ref.slice(2).split("/");
    const target = at(root, ref);
    if (target.found) refsUnder(target.value, tokens, budget, found);
    targets.set(ref, [...new Set(found.map((f) => f.ref as string))]);
  }
  const state = new Map<string, "open" | "done">();
  for (const start of targets.keys()) {
    if (state.has(start)) continue;
    const stack: Array<{ ref: string; next: number }> = [{ ref: start, next: 0 }];
    state.set(start, "open");
    while (stack.length > 0) {
      const top = stack.at(-1)!;
      const edges = targets.get(top.ref) ?? [];
      if (top.next >= edges.length) {
        state.set(top.ref, "done");
        stack.pop();
        continue;
      }
      const next = edges[top.next++]!;
      if (state.get(next) === "open") {
        const cycle = [...stack.slice(stack.findIndex((s) => s.ref === next)).map((s) => s.ref), next];
        throw new ProviderDocumentError(`its references form a cycle: ${cycle.join(" → ")}; fwcall checks pacts only against documents without recursive schemas`);
      }
      if (!state.has(next)) {
        state.set(next, "open");
        stack.push({ ref: next, next: 0 });
      }
    }
  }
}

/** Parses the text as JSON, or as YAML when it is not JSON (the yaml package loaded only then). */
async function parseText(text: string, name: string): Promise<unknown> {
  const trimmed = text.trimStart();
  const looksJson = trimmed.startsWith("{") || /\.json$/i.test(name);
  if (looksJson) {
    const input = parseJsonText(text);
    if (input.ok) return input.value;
    if (/\.json$/i.test(name) || !/\.ya?ml$/i.test(name)) throw new ProviderDocumentError(`it is not valid JSON: ${problemText(input.problem).replace(/^invalid JSON: /, "")}`);
  }
  const { parseDocument } = await import("yaml");
  // Aliases are capped (the yaml default) so a "billion laughs" document is refused, not expanded.
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const first = document.errors[0];
  if (first) {
    const where = first.linePos?.[0] ? ` (line ${first.linePos[0].line}, column ${first.linePos[0].col})` : "";
    throw new ProviderDocumentError(`it is neither JSON nor valid YAML${where}: ${first.message.split("\n")[0]}`);
  }
  try {
    return document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw new ProviderDocumentError(`its YAML cannot be read: ${(error as Error).message.split("\n")[0]}`);
  }
}

/**
 * Reads an OpenAPI 3.x or AsyncAPI 2.x/3.x document from its text (JSON or YAML); `name` (a file
 * name) only decides which parser goes first and names nothing in errors.
 * @example const doc = await readProviderDocument(readFileSync("openapi.json", "utf8"), "openapi.json"); doc.kind // "openapi"
 */
export async function readProviderDocument(text: string, name = ""): Promise<ProviderDocument> {
  if (Buffer.byteLength(text) > MAX_DOCUMENT_BYTES) throw new ProviderDocumentError(`it is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB, more than fwcall reads as an API description`);
  if (text.trim() === "") throw new ProviderDocumentError("it is empty");
  let root: unknown;
  try {
    root = await parseText(text, name);
  } catch (error) {
    if (error instanceof RangeError) throw new ProviderDocumentError("it nests too deeply to read");
    throw error;
  }
  if (!isJsonObject(root)) throw new ProviderDocumentError(`it is ${Array.isArray(root) ? "an array" : root === null ? "null" : `a ${typeof root}`}, not an OpenAPI or AsyncAPI document (an object)`);
  let kind: ProviderDocument["kind"];
  let version: string;
  if (typeof root.openapi === "string" && /^3\.\d+/.test(root.openapi)) [kind, version] = ["openapi", root.openapi];
  else if (typeof root.asyncapi === "string" && /^[23]\.\d+/.test(root.asyncapi)) [kind, version] = ["asyncapi", root.asyncapi];
  else if (typeof root.swagger === "string") throw new ProviderDocumentError(`it is a Swagger ${root.swagger} document; fwcall reads OpenAPI 3.x (convert it first)`);
  else if ("openapi" in root || "asyncapi" in root) throw new ProviderDocumentError(`it declares ${"openapi" in root ? `openapi ${JSON.stringify(root.openapi)}` : `asyncapi ${JSON.stringify(root.asyncapi)}`}; fwcall reads OpenAPI 3.x and AsyncAPI 2.x or 3.x`);
  else throw new ProviderDocumentError('it is neither an OpenAPI nor an AsyncAPI document (no "openapi" or "asyncapi" version field)');
  if (kind === "openapi" && !isJsonObject(root.paths) && !isJsonObject(root.webhooks)) throw new ProviderDocumentError("it is an OpenAPI document without paths");
  if (kind === "asyncapi" && !isJsonObject(root.channels) && !isJsonObject(root.components)) throw new ProviderDocumentError("it is an AsyncAPI document without channels or components");
  checkRefs(root);

  const deref = (ref: string) => {
    const found = at(root, ref);
    return found.found ? found.value : undefined;
  };
  const follow = (node: unknown) => {
    let ref: string | undefined;
    // Acyclic (checked), so a chain of references ends.
    while (isJsonObject(node) && typeof node.$ref === "string") {
      ref = node.$ref;
      node = deref(node.$ref);
    }
    return { node, ref };
  };
  const links = new Map<string, { name: string; schema: unknown }>();
  const link = (node: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH) throw new ProviderDocumentError(`its schemas nest more than ${MAX_DEPTH} levels deep, references followed`);
    if (Array.isArray(node)) return node.map((item) => link(item, depth + 1));
    if (!isJsonObject(node)) return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" || key === "ref" || key === "examples" || key === "example" || key === "default") continue;
      // A map of schemas keeps every key (a field may be named "ref" or "example"); its values are schemas.
      if (SCHEMA_MAPS.has(key) && isJsonObject(value)) out[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, link(child, depth + 1)]));
      else out[key] = link(value, depth + 1);
    }
    if (typeof node.$ref === "string") {
      let definition = links.get(node.$ref);
      if (!definition) {
        definition = { name: node.$ref, schema: undefined };
        definition.schema = link(deref(node.$ref), depth + 1);
        links.set(node.$ref, definition);
      }
      out.ref = definition;
    }
    return out;
  };
  return { kind, version, root, deref, follow, linked: (schema) => link(schema, 0) };
}
