// What a JSON Schema promises at one place of a document, in the terms Pact matchers speak: the JSON
// types a value may have, its allowed values, format and patterns, which fields are declared, and
// the shape of array items. References, allOf, anyOf and oneOf are folded in; the schemas are read
// from @fwcall/schemas' resolved model in one profile (docs/decisions/0007-two-validation-profiles.md), as the validators were compiled.
import { schemaModel, type Definition, type ProfileModel } from "@fwcall/schemas/model";
import type { Profile } from "@fwcall/validate";
import { jsonEqual, jsonTypeOf, type JsonType } from "./json.js";

type Schema = Record<string, unknown>;

/** What a schema allows at one place. */
export interface Shape {
  /** The title of the schema that describes this place, when it has one ("Call", "Participant"). */
  readonly title: string | undefined;
  /** The JSON types a value may have; undefined: any. */
  readonly types: ReadonlySet<JsonType> | undefined;
  /** The only values allowed (enum or const); undefined: not enumerated. */
  readonly values: readonly unknown[] | undefined;
  /** The string format ("date-time", "uri"), if any. */
  readonly format: string | undefined;
  /** Patterns a string must match (JSON Schema `pattern`, a search). */
  readonly patterns: readonly string[];
  readonly minItems: number | undefined;
  readonly maxItems: number | undefined;
  /** The declared fields, sorted. */
  readonly declared: readonly string[];
  /** The shape of a declared field, or undefined when the schema does not declare it. */
  property(name: string): Shape | undefined;
  /**
   * Fields the schema does not declare: the shape their values take when the schema lets any
   * field in (`additionalProperties: true` or a schema, or no word on fields at all), "closed" when
   * it forbids them (`additionalProperties: false`), "unpromised" when it declares its fields and
   * says nothing of others: they may come, but nothing promises them.
   */
  readonly additional: Shape | "closed" | "unpromised";
  /** The shape of every item, when the schema gives one `items` schema. */
  readonly items: Shape | undefined;
  /** The shape of the item at an index: the items schema, a tuple's own, or anything. */
  itemAt(index: number): Shape;
}

/**
 * Whether a shape lets a value of this JSON type in; integers count as numbers.
 * @example allowsType(shapeOf("Call").property("bill_duration")!, "null") // true
 */
export function allowsType(shape: Shape, type: JsonType): boolean {
  return typesAllow(shape.types, type);
}

/** The types of a shape, for messages: "integer or null", "any JSON value". */
export function describeTypes(shape: Shape): string {
  if (shape.values !== undefined) return `one of ${shape.values.map((v) => JSON.stringify(v)).join(", ")}`;
  if (shape.types === undefined) return "any JSON value";
  const names = [...shape.types].map((t) => (t === "integer" ? "an integer" : t === "null" ? "null" : t === "object" ? "an object" : t === "array" ? "an array" : `a ${t}`));
  const format = shape.format ? ` (${shape.format})` : "";
  return names.length === 1 ? `${names[0]}${format}` : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}${format}`;
}

interface Facts {
  title: string | undefined;
  types: Set<JsonType> | undefined;
  values: unknown[] | undefined;
  format: string | undefined;
  patterns: string[];
  minItems: number | undefined;
  maxItems: number | undefined;
  properties: Map<string, Facts>;
  /** An explicit additionalProperties (closed, or a schema); "unpromised" when fields are declared and nothing else is said; "unstructured" when the schema says nothing about fields at all. */
  additional: Facts | "closed" | "unpromised" | "unstructured";
  items: Facts | undefined;
  tuple: Facts[] | undefined;
}

const anyFacts = (): Facts => ({
  title: undefined,
  types: undefined,
  values: undefined,
  format: undefined,
  patterns: [],
  minItems: undefined,
  maxItems: undefined,
  properties: new Map(),
  additional: "unstructured",
  items: undefined,
  tuple: undefined,
});

const isSchema = (value: unknown): value is Schema => typeof value === "object" && value !== null && !Array.isArray(value);

function intersectTypes(a: Set<JsonType> | undefined, b: Set<JsonType> | undefined): Set<JsonType> | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const out = new Set<JsonType>();
  for (const t of a) if (b.has(t) || (t === "integer" && b.has("number"))) out.add(t);
  if (a.has("number") && b.has("integer")) out.add("integer");
  return out;
}

const typesAllow = (types: ReadonlySet<JsonType> | undefined, type: JsonType | undefined) =>
  types === undefined || (type !== undefined && (types.has(type) || (type === "integer" && types.has("number"))));

const allowsString = (facts: Facts) => facts.types === undefined || facts.types.has("string");
const onlyNull = (facts: Facts) => facts.types !== undefined && [...facts.types].every((t) => t === "null");

function intersect(a: Facts, b: Facts): Facts {
  const properties = new Map(a.properties);
  for (const [name, facts] of b.properties) properties.set(name, properties.has(name) ? intersect(properties.get(name)!, facts) : facts);
  // A value must satisfy every part: a closed part wins, then an explicit schema, then declared fields.
  let additional: Facts["additional"];
  if (a.additional === "closed" || b.additional === "closed") additional = "closed";
  else if (typeof a.additional === "object" && typeof b.additional === "object") additional = intersect(a.additional, b.additional);
  else if (typeof a.additional === "object" || typeof b.additional === "object") additional = typeof a.additional === "object" ? a.additional : (b.additional as Facts);
  else additional = a.additional === "unpromised" || b.additional === "unpromised" ? "unpromised" : "unstructured";
  const types = intersectTypes(a.types, b.types);
  let values = a.values && b.values ? a.values.filter((v) => b.values!.some((w) => jsonEqual(v, w))) : (a.values ?? b.values);
  // An enum's values must also be of an allowed type (a part may say "integer", another list values).
  if (values && types) values = values.filter((v) => typesAllow(types, jsonTypeOf(v)));
  return {
    title: a.title ?? b.title,
    types,
    values,
    format: a.format ?? b.format,
    patterns: [...a.patterns, ...b.patterns],
    minItems: a.minItems === undefined ? b.minItems : b.minItems === undefined ? a.minItems : Math.max(a.minItems, b.minItems),
    maxItems: a.maxItems === undefined ? b.maxItems : b.maxItems === undefined ? a.maxItems : Math.min(a.maxItems, b.maxItems),
    properties,
    additional,
    items: a.items && b.items ? intersect(a.items, b.items) : (a.items ?? b.items),
    tuple: a.tuple ?? b.tuple,
  };
}

const allowsObject = (facts: Facts) => facts.types === undefined || facts.types.has("object");

function union(a: Facts, b: Facts): Facts {
  // Fields are a matter of the branches that let objects in (anyOf [Recording, null] has Recording's).
  if (allowsObject(a) !== allowsObject(b)) {
    const objects = allowsObject(a) ? a : b;
    const merged = unionOfValues(a, b);
    return { ...merged, properties: objects.properties, additional: objects.additional };
  }
  return unionOfValues(a, b);
}

function unionOfValues(a: Facts, b: Facts): Facts {
  const properties = new Map(a.properties);
  for (const [name, facts] of b.properties) properties.set(name, properties.has(name) ? union(properties.get(name)!, facts) : facts);
  // A value may satisfy either branch: the most open branch decides.
  const rank = (x: Facts["additional"]) => (typeof x === "object" ? 3 : x === "unstructured" ? 2 : x === "unpromised" ? 1 : 0);
  let additional: Facts["additional"];
  if (typeof a.additional === "object" && typeof b.additional === "object") additional = union(a.additional, b.additional);
  else additional = rank(a.additional) >= rank(b.additional) ? a.additional : b.additional;
  let values: unknown[] | undefined;
  if (a.values && b.values) values = [...a.values, ...b.values.filter((v) => !a.values!.some((w) => jsonEqual(v, w)))];
  else if (a.values && onlyNull(b)) values = [...a.values, null];
  else if (b.values && onlyNull(a)) values = [...b.values, null];
  // A format or pattern speaks of strings: keep the one the string-allowing branches agree on.
  const stringSide = allowsString(a) && allowsString(b) ? undefined : allowsString(a) ? a : allowsString(b) ? b : undefined;
  return {
    title: a.title ?? b.title,
    types: a.types === undefined || b.types === undefined ? undefined : new Set([...a.types, ...b.types]),
    values,
    format: stringSide ? stringSide.format : a.format === b.format ? a.format : undefined,
    patterns: stringSide ? stringSide.patterns : a.patterns.filter((p) => b.patterns.includes(p)),
    minItems: a.minItems === undefined || b.minItems === undefined ? undefined : Math.min(a.minItems, b.minItems),
    maxItems: a.maxItems === undefined || b.maxItems === undefined ? undefined : Math.max(a.maxItems, b.maxItems),
    properties,
    additional,
    items: a.items && b.items ? union(a.items, b.items) : (a.items ?? b.items),
    tuple: a.tuple ?? b.tuple,
  };
}

/** One profile's view of the schema model: its definitions, folded into facts on demand. */
class SchemaSet {
  private readonly resolved = new Map<string, Facts>();

  constructor(private readonly model: ProfileModel | undefined) {}

  byTitle(title: string): Facts | undefined {
    const definition = this.model?.byTitle(title);
    return definition && this.ofDefinition(definition);
  }

  private ofDefinition(definition: Definition): Facts {
    const cached = this.resolved.get(definition.name);
    if (cached) return cached;
    const facts = this.of(definition.schema);
    this.resolved.set(definition.name, facts);
    return facts;
  }

  of(node: unknown): Facts {
    if (node === true || node === undefined) return anyFacts();
    if (node === false) return { ...anyFacts(), types: new Set() };
    if (!isSchema(node)) return anyFacts();
    let facts = this.own(node);
    if (isSchema(node.ref)) facts = intersect(facts, this.ofDefinition(node.ref as unknown as Definition));
    if (Array.isArray(node.allOf)) for (const part of node.allOf) facts = intersect(facts, this.of(part));
    for (const keyword of ["anyOf", "oneOf"] as const) {
      const branches = node[keyword];
      if (Array.isArray(branches) && branches.length > 0) facts = intersect(facts, branches.map((b) => this.of(b)).reduce(union));
    }
    return facts;
  }

  private own(node: Schema): Facts {
    const facts = anyFacts();
    if (typeof node.title === "string") facts.title = node.title;
    if (typeof node.type === "string") facts.types = new Set([node.type as JsonType]);
    else if (Array.isArray(node.type)) facts.types = new Set(node.type as JsonType[]);
    if (Object.hasOwn(node, "const")) facts.values = [node.const];
    else if (Array.isArray(node.enum)) facts.values = [...node.enum];
    if (typeof node.format === "string") facts.format = node.format;
    if (typeof node.pattern === "string") facts.patterns = [node.pattern];
    if (typeof node.minItems === "number") facts.minItems = node.minItems;
    if (typeof node.maxItems === "number") facts.maxItems = node.maxItems;
    if (isSchema(node.properties)) {
      for (const [name, child] of Object.entries(node.properties)) facts.properties.set(name, this.of(child));
      facts.additional = "unpromised";
    }
    if (node.additionalProperties === false) facts.additional = "closed";
    else if (node.additionalProperties === true || isSchema(node.additionalProperties)) facts.additional = this.of(node.additionalProperties);
    if (Array.isArray(node.items)) facts.tuple = node.items.map((item) => this.of(item));
    else if (node.items !== undefined) facts.items = this.of(node.items);
    return facts;
  }
}

const ANY: Facts = anyFacts();

const shapes = new WeakMap<Facts, Shape>();

function toShape(facts: Facts): Shape {
  const cached = shapes.get(facts);
  if (cached) return cached;
  const shape: Shape = {
    title: facts.title,
    types: facts.types,
    values: facts.values,
    format: facts.format,
    patterns: facts.patterns,
    minItems: facts.minItems,
    maxItems: facts.maxItems,
    declared: [...facts.properties.keys()].sort(),
    property: (name) => {
      const child = facts.properties.get(name);
      return child === undefined ? undefined : toShape(child);
    },
    get additional() {
      const additional = facts.additional;
      if (additional === "unstructured") return toShape(ANY);
      return typeof additional === "object" ? toShape(additional) : additional;
    },
    get items() {
      return facts.items && toShape(facts.items);
    },
    itemAt: (index) => toShape(facts.items ?? facts.tuple?.[index] ?? ANY),
  };
  shapes.set(facts, shape);
  return shape;
}

const sets = new Map<Profile, SchemaSet>();

/** Thrown for a schema title fwcall does not have. */
class UnknownSchemaError extends Error {
  override name = "UnknownSchemaError";
}

/**
 * The shape of a whole document described by the schema with this title, in one profile.
 * @example shapeOf("OnCallUpdatePayload", "strict").property("data")?.property("call")?.title // "Call"
 */
export function shapeOf(title: string, profile: Profile): Shape {
  let set = sets.get(profile);
  if (!set) sets.set(profile, (set = new SchemaSet(schemaModel().profile(profile))));
  const facts = set.byTitle(title);
  if (!facts) throw new UnknownSchemaError(`no schema of fwcall has the title "${title}"`);
  return toShape(facts);
}

/**
 * Shapes of schemas outside fwcall's model (a provider document's), their references linked as the
 * model's are (`ref: { name, schema }`, acyclic); one reader per document shares its definitions.
 * @example nodeShapes()({ type: "integer" }).types // Set { "integer" }
 */
export function nodeShapes(): (node: unknown) => Shape {
  const set = new SchemaSet(undefined);
  return (node) => toShape(set.of(node));
}

/** A shape that allows anything: the view of a place no schema describes. */
export const ANY_SHAPE: Shape = toShape(ANY);

/**
 * The shape of an object field: declared, or let in on purpose by `additionalProperties`; undefined when the schema does not promise it.
 * @example fieldShape(callShape, "direction")
 */
export function fieldShape(shape: Shape, name: string): Shape | undefined {
  return shape.property(name) ?? (typeof shape.additional === "object" ? shape.additional : undefined);
}
