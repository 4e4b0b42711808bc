// Pact V4 matchers derived from the JSON Schemas: given a body schema and an example body (a
// fixture payload), the body with a matcher at every value, as pact-js's withJSONContent takes it.
import { MatchersV3, type Rule } from "@pact-foundation/pact";
import type { BodySchema } from "./body-schemas.js";
import { DATE_TIME_PATTERN, type Profile } from "@fwcall/validate";
import { formatPath, parsePath, valuesAt, type PathStep } from "./json-path.js";
import { isJsonObject, jsonEqual, jsonTypeOf, sortKeysDeep, type Json, type JsonType } from "./json.js";
import { PactRegexes, RegexBudgetError, type CompiledRegex } from "./pact-regex.js";
import { allowsType, describeTypes, fieldShape, shapeOf, type Shape } from "./schema-shape.js";

/**
 * How to treat the value at one path instead of the schema-derived matcher: "exact" pins the
 * example's value (the consumer branches on it), "type" accepts any value of its JSON type, and a
 * function returns any matcher, such as pact-js's MatchersV3.integer(…): it gets the example value,
 * and the schema-derived matcher on demand (deriving throws where the example breaks the schema).
 */
export type Override = "exact" | "type" | ((example: Json, derived: () => Json) => Json | object);

/** Options of matchersFor. */
export interface MatcherOptions {
  /** Which promises the matchers enforce: "strict" (default), the documented contract, or "lenient", what Freshworks really sends. */
  profile?: Profile;
  /**
   * Overrides by Pact JSON path: `$.data.call.direction`; `[*]` for every item of an array,
   * `[0]` for one item (`$.data.call.participants[0].call_status`).
   */
  overrides?: Readonly<Record<string, Override>>;
}

/** The matchers of one body. */
export interface BodyMatchers {
  /** The body with matchers in place of values (Pact FFI integration JSON): hand it to withJSONContent. */
  template: Json;
  /**
   * Rules for single items of eachLike arrays (from `[n]` overrides), which a template cannot hold:
   * every item of an eachLike shares one template. Hand them to withMatchingRules({ body }).
   */
  itemRules: Rule[];
}

/** The example or an override does not fit the schema, so no matcher can be derived. */
export class MatcherDerivationError extends Error {
  override name = "MatcherDerivationError";
  constructor(
    message: string,
    /** The Pact JSON path of the value. */
    readonly path: string,
  ) {
    super(`${path}: ${message}`);
  }
}

interface Context {
  schema: BodySchema;
  profile: Profile;
  overrides: Map<string, Override>;
  used: Set<string>;
  /** Derived matcher of every path visited ([*] for eachLike items). */
  derived: Map<string, Json>;
  eachLike: Set<string>;
  /** The schema's patterns go into the pact as regexes: run as the verifier will (RE2). */
  regexes: PactRegexes;
}

const ORDINAL_TYPE_NAMES: Record<JsonType, string> = {
  object: "an object",
  array: "an array",
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "a boolean",
  null: "null",
};

/** A pact-js matcher as the JSON it is. */
const json = (matcher: Json | object): Json => matcher as Json;

/** Several matchers that must all hold, as one template value (the FFI combines them with AND). */
function allOf(example: Json, ...matchers: object[]): Json {
  return { "pact:matcher:type": matchers.map((m) => withoutValue(m)) as Json, value: example };
}

function withoutValue(matcher: object): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(matcher)) if (key !== "value") out[key] = value as Json;
  return out;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `^(a|b|c)$` over every allowed value, strings escaped. */
const alternatives = (values: readonly unknown[], extra: string[] = []) => `^(${[...values.map((v) => escapeRegex(String(v))), ...extra].join("|")})$`;

function enumMatcher(values: readonly unknown[], example: Json): Json {
  if (values.length === 1) return json(MatchersV3.equal(example));
  // An integer enum: the type is checked by `integer`, the value by a regex over its digits
  // (the verifier matches a regex against a number's text).
  if (values.every((v) => Number.isInteger(v))) return allOf(example, MatchersV3.integer(example as number), MatchersV3.regex(alternatives(values), String(example)));
  return json(MatchersV3.regex(alternatives(values), String(example)));
}

/**
 * "This type, or null" for items of one eachLike that differ in nullness. Pact can only AND its
 * matchers, so this is a regex over the value's text: it enforces the shape, not the JSON type.
 */
function orNull(shape: Shape, kind: JsonType, example: Json, path: string): Json {
  let pattern: string;
  if (shape.values !== undefined) pattern = alternatives(shape.values.filter((v) => v !== null), ["null"]);
  else if (kind === "integer") pattern = "^(-?[0-9]+|null)$";
  else if (kind === "number") pattern = "^(-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?|null)$";
  else if (kind === "boolean") pattern = "^(true|false|null)$";
  else if (kind === "string" && shape.format === "date-time") pattern = `(?:${DATE_TIME_PATTERN})|^null$`;
  else if (kind === "string" && shape.patterns.length === 1) pattern = `(?:${shape.patterns[0]})|^null$`;
  else if (kind === "string") pattern = "^[\\s\\S]*$";
  else throw new MatcherDerivationError(`items of this array hold ${ORDINAL_TYPE_NAMES[kind]} or null here, which no Pact matcher can say; override the path`, path);
  return { "pact:matcher:type": "regex", regex: pattern, value: example };
}

/** A regex on an example, its budget spent as a derivation error. */
function testWithin(regex: CompiledRegex, example: string, path: string): boolean {
  try {
    return regex.test(example);
  } catch (error) {
    if (error instanceof RegexBudgetError) throw new MatcherDerivationError(`the example cannot be checked against ${regex.pattern}: ${error.message}`, path);
    throw error;
  }
}

function stringMatcher(shape: Shape, example: string, path: string, regexes: PactRegexes): Json {
  const patterns = shape.format === "date-time" ? [DATE_TIME_PATTERN, ...shape.patterns] : shape.patterns;
  for (const pattern of patterns) {
    const regex = regexes.compile(pattern);
    if (!regex.ok) throw new MatcherDerivationError(`the schema's pattern ${pattern} cannot be a Pact regex: ${regex.reason}`, path);
    if (!testWithin(regex, example, path)) throw new MatcherDerivationError(`the example ${JSON.stringify(example)} does not match ${pattern}, which the schema asks for`, path);
  }
  if (patterns.length === 0) return json(MatchersV3.like(example));
  if (patterns.length === 1) return json(MatchersV3.regex(patterns[0]!, example));
  return allOf(example, ...patterns.map((p) => MatchersV3.regex(p, example)));
}

function describeFound(value: unknown): string {
  const type = jsonTypeOf(value);
  return type === undefined ? "something JSON cannot hold" : `${ORDINAL_TYPE_NAMES[type]}${type === "object" || type === "array" ? "" : ` (${JSON.stringify(value)})`}`;
}

function derive(shape: Shape, values: readonly unknown[], steps: PathStep[], ctx: Context): Json {
  const path = formatPath(steps);
  const override = ctx.overrides.get(path);
  const derived = () => deriveFromSchema(shape, values, steps, ctx);
  let result: Json;
  if (override === undefined) result = derived();
  else {
    ctx.used.add(path);
    if (override === "exact") {
      if (values.some((v) => !jsonEqual(v, values[0]))) throw new MatcherDerivationError(`"exact" cannot pin this path: the items of its array hold different values (${values.map((v) => JSON.stringify(v)).join(", ")})`, path);
      result = json(MatchersV3.equal(values[0]));
    } else if (override === "type") result = json(MatchersV3.like(values[0]));
    else result = json(override(values[0] as Json, derived));
  }
  if (!ctx.derived.has(path)) ctx.derived.set(path, result);
  return result;
}

function deriveFromSchema(shape: Shape, values: readonly unknown[], steps: PathStep[], ctx: Context): Json {
  const path = formatPath(steps);
  const kinds = new Set<JsonType>();
  for (const value of values) {
    const type = jsonTypeOf(value);
    if (type === undefined || !allowsType(shape, type)) {
      throw new MatcherDerivationError(`the example holds ${describeFound(value)}, but the ${ctx.profile} ${ctx.schema} schema allows ${describeTypes(shape)} here`, path);
    }
    if (shape.values !== undefined && !shape.values.some((allowed) => jsonEqual(allowed, value))) {
      throw new MatcherDerivationError(
        `the example holds ${JSON.stringify(value)}, which is not one of the values the ${ctx.profile} ${ctx.schema} schema allows (${shape.values.map((v) => JSON.stringify(v)).join(", ")}); derive with the lenient profile or override the path`,
        path,
      );
    }
    if (type !== "null") kinds.add(type);
  }
  const example = values[0] as Json;
  if (kinds.size === 0) return json(MatchersV3.nullValue());
  if (kinds.has("integer") && kinds.has("number")) kinds.delete("integer");
  if (kinds.size > 1) throw new MatcherDerivationError(`the items of its array hold values of different types (${[...kinds].join(", ")}); override the path`, path);
  const kind = [...kinds][0]!;
  if (values.some((v) => v === null)) return orNull(shape, kind, example, path);
  if (shape.values !== undefined) return enumMatcher(shape.values, example);
  switch (kind) {
    case "object":
      return objectTemplate(shape, values as ReadonlyArray<Record<string, unknown>>, steps, ctx);
    case "array":
      return arrayTemplate(shape, values as ReadonlyArray<readonly unknown[]>, steps, ctx);
    case "string":
      return stringMatcher(shape, example as string, path, ctx.regexes);
    case "integer":
      return json(shape.types === undefined || shape.types.has("integer") ? MatchersV3.integer(example as number) : MatchersV3.number(example as number));
    case "number":
      return json(MatchersV3.number(example as number));
    default:
      return json(MatchersV3.boolean(example as boolean));
  }
}

function objectTemplate(shape: Shape, values: ReadonlyArray<Record<string, unknown>>, steps: PathStep[], ctx: Context): Json {
  const keys = Object.keys(values[0]!).sort();
  for (const value of values.slice(1)) {
    const other = Object.keys(value).sort();
    if (!jsonEqual(keys, other)) throw new MatcherDerivationError(`the items of its array differ in their fields (${keys.join(", ")} / ${other.join(", ")}); an eachLike needs one template, so override the path`, formatPath(steps));
  }
  const out: Record<string, Json> = {};
  for (const key of keys) {
    const child = fieldShape(shape, key);
    const childSteps: PathStep[] = [...steps, { kind: "key", name: key }];
    if (child === undefined) {
      const declared = shape.declared.length > 0 ? ` (${shape.title ?? "it"} declares ${shape.declared.join(", ")})` : "";
      throw new MatcherDerivationError(`the ${ctx.profile} ${ctx.schema} schema does not have this field${declared}; a consumer cannot rely on it`, formatPath(childSteps));
    }
    out[key] = derive(child, values.map((v) => v[key]), childSteps, ctx);
  }
  return out;
}

function arrayTemplate(shape: Shape, values: ReadonlyArray<readonly unknown[]>, steps: PathStep[], ctx: Context): Json {
  const shown = values[0]!;
  if (shape.items !== undefined) {
    // One items schema: eachLike. The rules come from every item (so they hold for each), the
    // example keeps every item as it is; only the first carries the matchers ([*] paths).
    ctx.eachLike.add(formatPath(steps));
    const items = values.flat();
    if (items.length === 0) return json(MatchersV3.like([]));
    const template = derive(shape.items, items, [...steps, { kind: "any-index" }], ctx);
    return { "pact:matcher:type": "type", min: 1, value: shown.length === 0 ? [] : [template, ...(shown.slice(1) as Json[])] };
  }
  // A tuple, or items the schema leaves open: each position on its own (Pact then wants the same length).
  if (values.some((v) => v.length !== shown.length)) {
    throw new MatcherDerivationError(`the items of its enclosing array hold arrays of different lengths here; override the path`, formatPath(steps));
  }
  return shown.map((_, index) => derive(shape.itemAt(index), values.map((v) => v[index]), [...steps, { kind: "index", index }], ctx));
}

/** The leftover `[n]` overrides, as rules for single items of eachLike arrays. */
function itemRulesOf(example: unknown, ctx: Context): Rule[] {
  const rules: Rule[] = [];
  for (const [path, override] of ctx.overrides) {
    if (ctx.used.has(path)) continue;
    const steps = parsePath(path);
    const templateSteps: PathStep[] = [];
    let throughItem = false;
    for (const step of steps) {
      if (step.kind === "index" && ctx.eachLike.has(formatPath(templateSteps))) {
        templateSteps.push({ kind: "any-index" });
        throughItem = true;
      } else templateSteps.push(step);
    }
    const found = valuesAt(example, steps);
    const derived = ctx.derived.get(formatPath(templateSteps));
    if (!throughItem || found.length !== 1 || derived === undefined) {
      throw new MatcherDerivationError("this override matches no value of the example (check the path: fields by .name, array items by [*] or [n])", path);
    }
    const value = found[0]!.value as Json;
    let matcher: Json;
    if (override === "exact") matcher = { "pact:matcher:type": "equality" };
    else if (override === "type") matcher = { "pact:matcher:type": "type" };
    else matcher = json(override(value, () => derived));
    if (!isJsonObject(matcher) || matcher["pact:matcher:type"] === undefined) {
      throw new MatcherDerivationError("an override of one array item must return a matcher (an object with pact:matcher:type): the item shares its example with the array's template", path);
    }
    const type = matcher["pact:matcher:type"];
    const parts = Array.isArray(type) ? (type as Array<Record<string, unknown>>) : [matcher];
    rules.push({ path, rules: parts.map((part) => withoutValue(part)) as unknown as Rule["rules"] });
  }
  return rules.sort((a, b) => (a.path! < b.path! ? -1 : a.path! > b.path! ? 1 : 0));
}

/**
 * The Pact matchers of a body, derived from its schema: integers → integer, numbers → number,
 * date-times → a regex of the format, enums → an anchored regex over every allowed value (integer
 * enums also an integer matcher), consts → equality, arrays with one items schema → eachLike,
 * null → the null matcher, everything else → by type. Keys come out sorted, so the same input
 * gives the same template.
 * @example
 * const { template, itemRules } = matchersFor("OnCallUpdatePayload", buildCase("update/incoming/missed/status-change"), {
 *   overrides: { "$.data.call.direction": "exact", "$.data.call.participants[0].call_status": "exact" },
 * });
 */
export function matchersFor(schema: BodySchema, example: unknown, options: MatcherOptions = {}): BodyMatchers {
  const overrides = new Map<string, Override>();
  for (const [path, override] of Object.entries(options.overrides ?? {})) overrides.set(formatPath(parsePath(path)), override);
  const ctx: Context = { schema, profile: options.profile ?? "strict", overrides, used: new Set(), derived: new Map(), eachLike: new Set(), regexes: new PactRegexes() };
  const template = derive(shapeOf(schema, ctx.profile), [example], [], ctx);
  return { template: sortKeysDeep(template), itemRules: itemRulesOf(example, ctx) };
}
