// Compares two schema models place by place and classifies what changed, per profile, at the
// payload paths a consumer reads ($.data.call.participants[*].call_status), so that a change can be
// held against what each consumer's pact reads.
import type { Profile } from "@fwcall/schemas";
import type { Definition, EnumInfo, EnvelopeKind, SchemaModel, SchemaNode } from "@fwcall/schemas/model";
import { DiffInputError } from "./sources.js";

/** What kind of change one place underwent. */
export type ChangeKind =
  | "field-added-optional"
  | "field-added-required"
  | "field-removed"
  | "field-made-required"
  | "field-made-optional"
  | "type-narrowed"
  | "type-widened"
  | "type-changed"
  | "nullability-added"
  | "nullability-removed"
  | "enum-value-added"
  | "enum-value-removed"
  | "enum-closed"
  | "enum-opened"
  | "constraint-tightened"
  | "constraint-loosened"
  | "constraint-changed"
  | "object-closed"
  | "object-opened"
  | "event-added"
  | "event-removed"
  | "resource-added"
  | "resource-removed";

/** One change at one place of one body (an event's payload or a REST resource), in one profile. */
export interface SchemaChange {
  kind: ChangeKind;
  profile: Profile;
  /** The body: an event (`onCallCreate`) or a REST resource by title (`CallResponse`). */
  subject: string;
  /** For an event: the envelopes the change shows with, when not both. */
  envelopes?: EnvelopeKind[];
  /** Pact JSON path of the place: `.name` per field, `[*]` per array item, `.*` per map value. */
  path: string;
  /** Where the schemas state it: the file and the place inside it (`participant.json` `call_status`). */
  origin: { file: string; place: string };
  /** The named enum at the place, when it is one (`CallStatus`). */
  enum?: string;
  /** The enum values added or removed (enum-value-*, in the head's or the base's order), or now allowed (enum-closed). */
  values?: unknown[];
  /** What the place allowed before and allows now, in words (`integer`, `integer or null`, `maxLength 64`). */
  before?: string;
  after?: string;
  /** One line, e.g. "call_status: enum value 17 added". */
  message: string;
}

/** A named enum whose values changed: what its generated exhaustive matcher (`matchCallStatus`) gains or loses. */
export interface EnumChange {
  enum: string;
  /** The generated matcher of @fwcall/types that handles every value: `match` + the enum's name. */
  matcher: string;
  file: string;
  added: unknown[];
  removed: unknown[];
  /** Values kept under another name (x-enum-names): the matcher's handler key for each changes. */
  renamed?: Array<{ value: unknown; from: string; to: string }>;
  /** The enum (and its matcher) exists in only one of the two versions. */
  existence?: "added" | "removed";
}

const ALL_TYPES = ["null", "boolean", "integer", "number", "string", "array", "object"] as const;
type JsonType = (typeof ALL_TYPES)[number];
const MAX_DEPTH = 40;
/** Places one diff may compare: fwcall's schemas have under a thousand; $refs that multiply (each level referring to the next twice) reach billions. */
const MAX_PLACES = 20_000;

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);
type Node = SchemaNode | boolean | undefined;

/** The parts a node is the conjunction of: itself, what it refers to, its allOf parts (recursively). */
function conjuncts(node: Node, seen = new Set<SchemaNode>()): SchemaNode[] {
  if (!isObject(node) || seen.has(node)) return [];
  seen.add(node);
  return [node, ...conjuncts(node.ref?.schema, seen), ...(node.allOf ?? []).flatMap((part) => conjuncts(part, seen))];
}

/** The alternatives of a node's anyOf/oneOf, if any (the first such keyword among its conjuncts). */
function alternatives(node: Node): SchemaNode[] | undefined {
  for (const part of conjuncts(node)) {
    const branches = part.anyOf ?? part.oneOf;
    if (Array.isArray(branches)) return branches as SchemaNode[];
  }
  return undefined;
}

const typeOfValue = (value: unknown): JsonType =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "number" ? (Number.isInteger(value) ? "integer" : "number") : typeof value === "object" ? "object" : (typeof value as JsonType);

/** The JSON types a node allows; `number` includes `integer`. */
function typesOf(node: Node): Set<JsonType> {
  if (node === false) return new Set();
  let types = new Set<JsonType>(ALL_TYPES);
  const narrow = (allowed: Iterable<JsonType>) => {
    const keep = new Set(allowed);
    if (keep.has("number")) keep.add("integer");
    types = new Set([...types].filter((t) => keep.has(t)));
  };
  for (const part of conjuncts(node)) {
    if (part.type !== undefined) narrow(Array.isArray(part.type) ? part.type : [part.type as JsonType]);
    if (Array.isArray(part.enum)) narrow(part.enum.map(typeOfValue).flatMap((t) => (t === "integer" ? ["integer", "number"] as JsonType[] : [t])));
    if ("const" in part) narrow([typeOfValue(part.const)]);
  }
  const branches = alternatives(node);
  if (branches) {
    const union = new Set(branches.flatMap((b) => [...typesOf(b)]));
    narrow(union);
  }
  return types;
}

/** The values a node is limited to (enum or const, null aside), or undefined when it is open. */
function valuesOf(node: Node): unknown[] | undefined {
  let values: unknown[] | undefined;
  const limit = (allowed: readonly unknown[]) => {
    values = values === undefined ? [...allowed] : values.filter((v) => allowed.some((a) => sameJson(a, v)));
  };
  for (const part of conjuncts(node)) {
    if (Array.isArray(part.enum)) limit(part.enum);
    if ("const" in part) limit([part.const]);
  }
  const branches = alternatives(node);
  if (branches) {
    const perBranch = branches.filter((b) => !typesOf(b).has("null") || typesOf(b).size > 1).map(valuesOf);
    if (perBranch.length > 0 && perBranch.every((v) => v !== undefined)) limit(perBranch.flat() as unknown[]);
  }
  return values?.filter((v) => v !== null);
}

/** Whether two JSON values are the same (as their JSON text). */
export const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The named enum a node refers to, directly or through allOf/anyOf. */
function enumOf(node: Node): EnumInfo | undefined {
  for (const part of conjuncts(node)) if (part.ref?.enum) return part.ref.enum;
  for (const branch of alternatives(node) ?? []) {
    const found = enumOf(branch);
    if (found) return found;
  }
  return undefined;
}

/** A field of an object place, with the definition that declares it. */
interface Field {
  name: string;
  schema: Node;
  required: boolean;
  owner: Definition | undefined;
}

/** The fields of a place: its own, what it refers to, its allOf parts, and (merged) its object alternatives. */
function fieldsAt(node: Node, owner: Definition | undefined): Map<string, Field> {
  const declared = new Map<string, Array<{ schema: Node; from: Definition | undefined }>>();
  const required = new Set<string>();
  const visit = (n: Node, from: Definition | undefined, seen: Set<SchemaNode>) => {
    if (!isObject(n) || seen.has(n)) return;
    seen.add(n);
    for (const name of n.required ?? []) required.add(name);
    for (const [name, schema] of Object.entries(n.properties ?? {})) declared.set(name, [...(declared.get(name) ?? []), { schema, from }]);
    if (n.ref) visit(n.ref.schema, n.ref, seen);
    for (const part of n.allOf ?? []) visit(part, from, seen);
  };
  visit(node, owner, new Set());
  // A field declared by several conjuncts (the envelope's open `data` and the event's own) is all of them at once.
  const fields = new Map<string, Field>();
  for (const [name, all] of declared) {
    const schema = all.length === 1 ? all[0]!.schema : ({ allOf: all.map((d) => d.schema).filter(isObject) } as SchemaNode);
    fields.set(name, { name, schema, required: required.has(name), owner: all[0]!.from });
  }
  const branches = alternatives(node)?.filter((b) => typesOf(b).has("object"));
  if (branches && branches.length > 0) {
    const perBranch = branches.map((b) => fieldsAt(b, owner));
    for (const branchFields of perBranch) for (const [name, field] of branchFields) if (!fields.has(name)) fields.set(name, { ...field, required: perBranch.every((f) => f.get(name)?.required) });
  }
  return fields;
}

/** The first node a place's `key` keyword holds, through refs, allOf and alternatives. */
function keywordNode(node: Node, key: "items" | "additionalProperties"): { node: Node; owner: Definition | undefined } | undefined {
  const search = (n: Node, owner: Definition | undefined, seen: Set<SchemaNode>): { node: Node; owner: Definition | undefined } | undefined => {
    if (!isObject(n) || seen.has(n)) return undefined;
    seen.add(n);
    const value = n[key];
    if (isObject(value) || (key === "items" && Array.isArray(value))) return { node: (Array.isArray(value) ? value[0] : value) as Node, owner };
    for (const next of [...(n.ref ? [[n.ref.schema, n.ref] as const] : []), ...(n.allOf ?? []).map((p) => [p, owner] as const), ...(n.anyOf ?? n.oneOf ?? []).map((p) => [p, owner] as const)]) {
      const found = search(next[0] as Node, next[1] as Definition | undefined, seen);
      if (found) return found;
    }
    return undefined;
  };
  return search(node, undefined, new Set());
}

/** Whether a place is closed to further properties (`additionalProperties: false` on any conjunct). */
const isClosed = (node: Node): boolean => conjuncts(node).some((p) => p.additionalProperties === false);

const LOWER_LIMITS = ["minimum", "exclusiveMinimum", "minLength", "minItems"] as const;
const UPPER_LIMITS = ["maximum", "exclusiveMaximum", "maxLength", "maxItems"] as const;

/** A place's numeric limits (the tightest of its conjuncts; the loosest its non-null alternatives share), format and pattern. */
function constraintsOf(node: Node): Map<string, unknown> {
  const found = new Map<string, unknown>();
  const lower = (key: string, value: number) => found.set(key, Math.max(value, (found.get(key) as number | undefined) ?? -Infinity));
  const upper = (key: string, value: number) => found.set(key, Math.min(value, (found.get(key) as number | undefined) ?? Infinity));
  for (const part of conjuncts(node)) {
    for (const key of LOWER_LIMITS) if (typeof part[key] === "number") lower(key, part[key] as number);
    for (const key of UPPER_LIMITS) if (typeof part[key] === "number") upper(key, part[key] as number);
    for (const key of ["format", "pattern"] as const) if (typeof part[key] === "string" && !found.has(key)) found.set(key, part[key]);
  }
  // `anyOf: [{ $ref: call-status }, { type: null }]` keeps the status's minimum for every value that is not null
  const branches = (alternatives(node) ?? []).filter((b) => [...typesOf(b)].some((t) => t !== "null"));
  if (branches.length > 0) {
    const each = branches.map(constraintsOf);
    for (const key of new Set(each.flatMap((c) => [...c.keys()]))) {
      if (!each.every((c) => c.has(key))) continue;
      const values = each.map((c) => c.get(key));
      if ((LOWER_LIMITS as readonly string[]).includes(key)) lower(key, Math.min(...(values as number[])));
      else if ((UPPER_LIMITS as readonly string[]).includes(key)) upper(key, Math.max(...(values as number[])));
      else if (values.every((v) => v === values[0]) && !found.has(key)) found.set(key, values[0]);
    }
  }
  return found;
}

/** The types in words: "integer or null". */
function typeWords(types: Set<JsonType>): string {
  // null last: "integer or null" reads as the schemas write it
  const shown = [...types].filter((t) => t !== "null" && !(t === "integer" && types.has("number"))).concat(types.has("null") ? ["null"] : []);
  return shown.length === ALL_TYPES.length - 1 ? "any type" : shown.length === 0 ? "nothing" : shown.join(" or ");
}

const list = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(", ");

/** Where the walk is: the body, the path so far, and the definition that declares the place. */
interface Place {
  profile: Profile;
  subject: string;
  path: string;
  owner: Definition | undefined;
  /** The place inside the owner ("call_status", "participants[*]"), "" at its root. */
  local: string;
  fallbackFile: string;
}

function childPlace(place: Place, step: string, owner: Definition | undefined): Place {
  const sameOwner = owner === place.owner;
  const local = sameOwner ? (place.local === "" ? step.replace(/^\./, "") : `${place.local}${step}`) : step.replace(/^\./, "");
  return { ...place, path: `${place.path}${step}`, owner, local };
}

function record(out: SchemaChange[], place: Place, kind: ChangeKind, message: string, extra: Partial<SchemaChange> = {}): void {
  out.push({
    kind,
    profile: place.profile,
    subject: place.subject,
    path: place.path,
    origin: { file: place.owner?.file ?? place.fallbackFile, place: place.local === "" ? "(root)" : place.local },
    // a map's values at the root of their definition (changes.json's pairs) have no name of their own
    message: `${place.local === "" ? place.path : place.local.replace(/^\*/, "<any key>")}: ${message}`,
    ...extra,
  });
}

/** The state of one walk: the pairs of definitions on the current path (a pair met again is a $ref cycle) and the places compared so far. */
interface Walk {
  onPath: Set<string>;
  places: number;
}

const newWalk = (): Walk => ({ onPath: new Set(), places: 0 });

/** The definitions a node is, by name, through refs and allOf ("" for none). */
const definitionsOf = (node: Node) => conjuncts(node).flatMap((part) => (part.ref ? [part.ref.name] : [])).join(",");

/** Compares two places and everything under them; a place whose pair of definitions is already on the path (a recursive schema) is compared where it first appears. */
function comparePlace(base: Node, head: Node, place: Place, out: SchemaChange[], depth: number, walk: Walk): void {
  if (depth > MAX_DEPTH) return;
  if (++walk.places > MAX_PLACES) throw new DiffInputError(`the schemas expand to more than ${MAX_PLACES.toLocaleString("en-US")} places to compare (reached at ${place.subject} ${place.path}): their $refs multiply; fwcall's schemas have under a thousand`);
  const pair = `${definitionsOf(base)}|${definitionsOf(head)}`;
  if (pair !== "|" && walk.onPath.has(pair)) return;
  walk.onPath.add(pair);
  try {
    comparePlaceOnce(base, head, place, out, depth, walk);
  } finally {
    walk.onPath.delete(pair);
  }
}

function comparePlaceOnce(base: Node, head: Node, place: Place, out: SchemaChange[], depth: number, walk: Walk): void {
  const baseTypes = typesOf(base);
  const headTypes = typesOf(head);
  const enumInfo = enumOf(head) ?? enumOf(base);
  const enumName = enumInfo ? { enum: enumInfo.name } : {};

  if (baseTypes.has("null") !== headTypes.has("null")) {
    record(out, place, headTypes.has("null") ? "nullability-added" : "nullability-removed", `${headTypes.has("null") ? "may now be null" : "may no longer be null"} (${typeWords(baseTypes)} → ${typeWords(headTypes)})`, { before: typeWords(baseTypes), after: typeWords(headTypes) });
  }
  const baseValues = new Set([...baseTypes].filter((t) => t !== "null"));
  const headValues = new Set([...headTypes].filter((t) => t !== "null"));
  const baseInHead = [...baseValues].every((t) => headValues.has(t));
  const headInBase = [...headValues].every((t) => baseValues.has(t));
  if (!(baseInHead && headInBase)) {
    const kind: ChangeKind = baseInHead ? "type-widened" : headInBase ? "type-narrowed" : "type-changed";
    record(out, place, kind, `type ${kind === "type-changed" ? "changed" : kind.slice(5)} from ${typeWords(baseValues)} to ${typeWords(headValues)}`, { before: typeWords(baseTypes), after: typeWords(headTypes) });
  }

  const beforeValues = valuesOf(base);
  const afterValues = valuesOf(head);
  if (beforeValues && afterValues) {
    const added = afterValues.filter((v) => !beforeValues.some((b) => sameJson(b, v)));
    const removed = beforeValues.filter((v) => !afterValues.some((a) => sameJson(a, v)));
    if (added.length > 0) record(out, place, "enum-value-added", `${added.length === 1 ? "enum value" : "enum values"} ${list(added)} added`, { ...enumName, values: added });
    if (removed.length > 0) record(out, place, "enum-value-removed", `${removed.length === 1 ? "enum value" : "enum values"} ${list(removed)} removed`, { ...enumName, values: removed });
  } else if (afterValues && !beforeValues) {
    record(out, place, "enum-closed", `now limited to ${list(afterValues)}`, { ...enumName, values: afterValues, after: list(afterValues) });
  } else if (beforeValues && !afterValues) {
    record(out, place, "enum-opened", `no longer limited to ${list(beforeValues)}`, { ...enumName, before: list(beforeValues) });
  }

  const beforeLimits = constraintsOf(base);
  const afterLimits = constraintsOf(head);
  for (const key of new Set([...beforeLimits.keys(), ...afterLimits.keys()])) {
    const was = beforeLimits.get(key);
    const now = afterLimits.get(key);
    if (sameJson(was, now)) continue;
    const lower = (LOWER_LIMITS as readonly string[]).includes(key);
    const upper = (UPPER_LIMITS as readonly string[]).includes(key);
    let kind: ChangeKind;
    if (was === undefined) kind = "constraint-tightened";
    else if (now === undefined) kind = "constraint-loosened";
    else if (lower) kind = (now as number) > (was as number) ? "constraint-tightened" : "constraint-loosened";
    else if (upper) kind = (now as number) < (was as number) ? "constraint-tightened" : "constraint-loosened";
    else kind = "constraint-changed";
    const words = (value: unknown) => (value === undefined ? "none" : JSON.stringify(value));
    record(out, place, kind, `${key} ${words(was)} → ${words(now)}`, { before: `${key} ${words(was)}`, after: `${key} ${words(now)}` });
  }

  if (baseTypes.has("object") && headTypes.has("object")) {
    const closedBefore = isClosed(base);
    const closedAfter = isClosed(head);
    if (closedBefore !== closedAfter) record(out, place, closedAfter ? "object-closed" : "object-opened", closedAfter ? "no longer takes properties beyond its fields" : "now takes properties beyond its fields");
    const baseFields = fieldsAt(base, place.owner);
    const headFields = fieldsAt(head, place.owner);
    for (const [name, field] of baseFields) {
      const child = childPlace(place, fieldStep(name), field.owner);
      const now = headFields.get(name);
      if (!now) {
        record(out, child, "field-removed", `${field.required ? "required" : "optional"} field removed`);
        continue;
      }
      const moved = childPlace(place, fieldStep(name), now.owner);
      if (field.required !== now.required) record(out, moved, now.required ? "field-made-required" : "field-made-optional", now.required ? "now required" : "now optional (it may be missing)");
      comparePlace(field.schema, now.schema, moved, out, depth + 1, walk);
    }
    for (const [name, field] of headFields) {
      if (baseFields.has(name)) continue;
      const child = childPlace(place, fieldStep(name), field.owner);
      record(out, child, field.required ? "field-added-required" : "field-added-optional", field.required ? "required field added" : "optional field added", { after: typeWords(typesOf(field.schema)) });
    }
    const baseMap = keywordNode(base, "additionalProperties");
    const headMap = keywordNode(head, "additionalProperties");
    if (baseMap && headMap) comparePlace(baseMap.node, headMap.node, childPlace(place, ".*", headMap.owner ?? place.owner), out, depth + 1, walk);
  }
  if (baseTypes.has("array") && headTypes.has("array")) {
    const baseItems = keywordNode(base, "items");
    const headItems = keywordNode(head, "items");
    if (baseItems && headItems) comparePlace(baseItems.node, headItems.node, childPlace(place, "[*]", headItems.owner ?? place.owner), out, depth + 1, walk);
  }
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The path step of a field, as pact files write it (the pact readers' paths are written with it too, so the two meet). */
export const fieldStep = (name: string) => (PLAIN_KEY.test(name) ? `.${name}` : `['${name.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}']`);

/** Merges the changes of one event's two envelope walks: a change seen with both is kept once, without envelopes. */
function mergeEnvelopes(perEnvelope: Array<[EnvelopeKind, SchemaChange[]]>): SchemaChange[] {
  const byKey = new Map<string, { change: SchemaChange; envelopes: EnvelopeKind[] }>();
  for (const [kind, changes] of perEnvelope) {
    for (const change of changes) {
      const key = `${change.kind}\u0000${change.path}\u0000${change.message}`;
      const seen = byKey.get(key);
      if (seen) seen.envelopes.push(kind);
      else byKey.set(key, { change, envelopes: [kind] });
    }
  }
  return [...byKey.values()].map(({ change, envelopes }) => (envelopes.length === perEnvelope.length ? change : { ...change, envelopes }));
}

/**
 * Every change from `base` to `head`, per profile: each event's payload (both envelopes) and each
 * REST resource, walked place by place.
 * @example diffModels(buildModel(oldFiles), buildModel()).filter((c) => c.kind === "field-removed")
 */
export function diffModels(base: SchemaModel, head: SchemaModel): SchemaChange[] {
  const out: SchemaChange[] = [];
  const walk = newWalk();
  for (const profile of head.profiles) {
    const before = base.profile(profile);
    const after = head.profile(profile);
    const root = (subject: string, file: string, owner: Definition | undefined): Place => ({ profile, subject, path: "$", owner, local: "", fallbackFile: file });
    for (const [name, event] of after.events) {
      const old = before.events.get(name);
      if (!old) {
        out.push({ kind: "event-added", profile, subject: name, path: "$", origin: { file: event.payload.file, place: "(root)" }, message: `event ${name} added` });
        continue;
      }
      const perEnvelope: Array<[EnvelopeKind, SchemaChange[]]> = [];
      for (const [kind, node] of event.envelopes) {
        const changes: SchemaChange[] = [];
        const oldNode = old.envelopes.get(kind);
        if (oldNode) comparePlace(oldNode, node, root(name, event.payload.file, event.payload), changes, 0, walk);
        perEnvelope.push([kind, changes]);
      }
      out.push(...mergeEnvelopes(perEnvelope));
    }
    for (const [name, event] of before.events) {
      if (!after.events.has(name)) out.push({ kind: "event-removed", profile, subject: name, path: "$", origin: { file: event.payload.file, place: "(root)" }, message: `event ${name} removed` });
    }
    for (const [title, resource] of after.resources) {
      const old = before.resources.get(title);
      if (!old) out.push({ kind: "resource-added", profile, subject: title, path: "$", origin: { file: resource.file, place: "(root)" }, message: `REST resource ${title} added` });
      else comparePlace(old.schema, resource.schema, root(title, resource.file, resource), out, 0, walk);
    }
    for (const [title, resource] of before.resources) {
      if (!after.resources.has(title)) out.push({ kind: "resource-removed", profile, subject: title, path: "$", origin: { file: resource.file, place: "(root)" }, message: `REST resource ${title} removed` });
    }
  }
  return out;
}

/**
 * The named enums whose values changed, each with the @fwcall/types matcher that must handle every value.
 * @example diffEnums(base, head) // [{ enum: "CallStatus", matcher: "matchCallStatus", added: [17], removed: [] }]
 */
export function diffEnums(base: SchemaModel, head: SchemaModel): EnumChange[] {
  const out: EnumChange[] = [];
  const fileOf = (model: SchemaModel, name: string) => model.profile("lenient").definitions.get(name)?.file ?? name;
  for (const [name, info] of head.enums) {
    const old = base.enums.get(name);
    if (!old) {
      out.push({ enum: name, matcher: `match${name}`, file: fileOf(head, name), added: [...info.values], removed: [], existence: "added" });
      continue;
    }
    const added = info.values.filter((v) => !old.values.includes(v));
    const removed = old.values.filter((v) => !info.values.includes(v));
    const renamed = old.values.flatMap((value, i) => {
      const at = info.values.indexOf(value);
      const from = String(old.names[i]);
      const to = String(info.names[at]);
      return at >= 0 && from !== to ? [{ value, from, to }] : [];
    });
    if (added.length > 0 || removed.length > 0 || renamed.length > 0) out.push({ enum: name, matcher: `match${name}`, file: fileOf(head, name), added, removed, ...(renamed.length > 0 ? { renamed } : {}) });
  }
  for (const [name, info] of base.enums) {
    if (!head.enums.has(name)) out.push({ enum: name, matcher: `match${name}`, file: fileOf(base, name), added: [], removed: [...info.values], existence: "removed" });
  }
  return out;
}
