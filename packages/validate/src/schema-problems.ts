// Turns ajv's errors into Problems a person can read, and merges the branch errors of anyOf.
import { describeValue, pointerTo, type Problem, type Severity } from "./problem.js";

/** The fields of an ajv error (compiled with `verbose`) this module reads. */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  schema?: unknown;
  parentSchema?: { title?: string; type?: unknown; anyOf?: AnyOfBranch[] };
  data?: unknown;
}

interface AnyOfBranch {
  title?: string;
  type?: unknown;
  required?: string[];
  $ref?: string;
}

/** How a branch of anyOf reads in a message: its title, the schema it names, or its type. */
const branchName = (branch: AnyOfBranch): string =>
  branch.title ?? (branch.$ref ? `a ${branch.$ref.replace(/^.*\//, "").replace(/\.json$/, "").replace(/-/g, " ")}` : typeList(branch.type));

const FORMAT_NAMES: Record<string, string> = {
  "date-time": "an RFC 3339 date-time with a time zone",
  uri: "an absolute URI",
};

// The two memos below are keyed by the schemas' own constants (titles, enum lists), a few dozen
// at most: a payload with an undocumented value is a tenth of a real log, and these were a fifth
// of judging one.
const HUMAN_TITLES = new Map<string, string>();
const ENUM_LISTS = new WeakMap<object, string>();

/** "CallStatus" → "call status" */
function humanTitle(title: string): string {
  let human = HUMAN_TITLES.get(title);
  if (human === undefined) {
    human = title.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
    if (HUMAN_TITLES.size < 1000) HUMAN_TITLES.set(title, human);
  }
  return human;
}

/** An enum's values as a message lists them: `0, 1, "a"`. */
function enumList(values: unknown): string {
  if (!Array.isArray(values)) return "";
  let list = ENUM_LISTS.get(values);
  if (list === undefined) {
    list = values.map((v) => JSON.stringify(v)).join(", ");
    ENUM_LISTS.set(values, list);
  }
  return list;
}

const TYPE_NAMES: Record<string, string> = {
  integer: "an integer",
  number: "a number",
  string: "a string",
  object: "an object",
  array: "an array",
  boolean: "true or false",
  null: "null",
};
const typeList = (type: unknown): string =>
  (Array.isArray(type) ? type : [type]).map((t) => TYPE_NAMES[String(t)] ?? String(t)).join(" or ");

function problem(pointer: string, rule: string, expected: string, found: string, message: string): Omit<Problem, "severity"> {
  return { pointer, rule: `schema:${rule}`, expected, found, message };
}

/**
 * Where Freshworks itself ships a payload without a field that only the documented contract
 * requires (`x-strict.required` in schemas/), by `<schema title>.<property>`: the reader learns
 * the omission is known, not a bug of theirs.
 */
export const MISSING_AS_SHIPPED: Readonly<Record<string, string>> = {
  "Call.call_notes": "as in older FDK samples",
};

/** A property only the documented contract requires, missing: drift the lenient profile reports as a warning. */
function documentedButMissing(error: SchemaError): Omit<Problem, "severity"> {
  const name = String(error.params.missingProperty);
  const seen = MISSING_AS_SHIPPED[`${error.parentSchema?.title ?? ""}.${name}`];
  return problem(pointerTo(error.instancePath, name), "required", "a value (the docs list it)", "nothing",
    `${name} is documented but missing${seen ? `, ${seen}` : ""}`);
}

/** One ajv error as a Problem (without severity); a missing property reads as drift when it is only a warning. */
const describeError = (error: SchemaError, severity: Severity): Omit<Problem, "severity"> =>
  error.keyword === "required" && severity === "warning" ? documentedButMissing(error) : toProblem(error);

/** One ajv error as a Problem (without severity). */
function toProblem(error: SchemaError): Omit<Problem, "severity"> {
  const { instancePath: at, keyword, params, data, parentSchema } = error;
  const title = parentSchema?.title;
  // Described only where a message shows it: `data` of required and additionalProperties errors
  // is the parent object, and describing it once per missing or extra key would be quadratic.
  const found = keyword === "required" || keyword === "additionalProperties" ? "" : describeValue(data);
  switch (keyword) {
    case "required": {
      const name = String(params.missingProperty);
      return problem(pointerTo(at, name), keyword, "a value", "nothing", `required ${title ? `by ${title} ` : ""}but missing`);
    }
    case "additionalProperties": {
      const name = String(params.additionalProperty);
      const value = data !== null && typeof data === "object" ? (data as Record<string, unknown>)[name] : undefined;
      return problem(
        pointerTo(at, name),
        keyword,
        "no such property",
        describeValue(value),
        `not a documented property of ${title ?? "this object"}`,
      );
    }
    case "type": {
      const expected = typeList(params.type);
      return problem(at, keyword, expected, found, `expected ${expected}, found ${found}`);
    }
    case "enum": {
      const allowed = enumList(error.schema);
      const message = title ? `${found} is not a documented ${humanTitle(title)}` : `expected one of ${allowed}, found ${found}`;
      return problem(at, keyword, `one of ${allowed}`, found, message);
    }
    case "const": {
      const expected = JSON.stringify(params.allowedValue);
      return problem(at, keyword, expected, found, `expected ${expected}, found ${found}`);
    }
    case "format": {
      const expected = FORMAT_NAMES[String(params.format)] ?? `a ${String(params.format)}`;
      return problem(at, keyword, expected, found, `expected ${expected}, found ${found}`);
    }
    case "minimum":
    case "maximum": {
      const expected = `a number ${String(params.comparison)} ${String(params.limit)}`;
      return problem(at, keyword, expected, found, `expected ${expected}, found ${found}`);
    }
    case "minLength":
    case "maxLength": {
      const expected = `${keyword === "maxLength" ? "at most" : "at least"} ${String(params.limit)} characters`;
      return problem(at, keyword, expected, found, `expected ${expected}, found ${found}`);
    }
    case "minItems":
    case "maxItems": {
      const expected = `${keyword === "maxItems" ? "at most" : "at least"} ${String(params.limit)} items`;
      return problem(at, keyword, expected, found, `expected ${expected}, found ${found}`);
    }
    case "pattern": {
      const expected = `a string matching ${String(params.pattern)}`;
      return problem(at, keyword, expected, found, `expected ${expected}, found ${found}`);
    }
    default:
      return problem(at, keyword, error.message ?? keyword, found, `${error.message ?? keyword}, found ${found}`);
  }
}

const isAtOrUnder = (path: string, base: string) => path === base || path.startsWith(`${base}/`);

/**
 * The errors of one failed anyOf, reduced to what helps: branches ruled out by their type are
 * dropped; if every branch was, one "expected A or B" problem remains; if the branches only
 * disagree on required properties (the two envelopes), one problem names them all.
 */
function mergeAnyOf(anyOf: SchemaError, branchErrors: SchemaError[], severity: Severity): Array<Omit<Problem, "severity">> {
  const at = anyOf.instancePath;
  const branches = anyOf.parentSchema?.anyOf ?? [];
  const specific = branchErrors.filter((e) => !(e.keyword === "type" && e.instancePath === at));
  const found = describeValue(anyOf.data);
  if (specific.length === 0) {
    const expected = branches.map(branchName).join(" or ");
    return [problem(at, "type", expected, found, `expected ${expected}, found ${found}`)];
  }
  if (specific.every((e) => e.keyword === "required" && e.instancePath === at) && branches.every((b) => b.required)) {
    const expected = branches.map((b) => `${b.title ?? "a variant"} (${b.required!.join(", ")})`).join(" or ");
    return [problem(at, "anyOf", expected, found, `expected ${expected}, found ${found}`)];
  }
  return specific.map((e) => describeError(e, severity));
}

/** ajv errors → Problems, in payload order, each with the given severity. */
export function schemaProblems(errors: readonly SchemaError[], severity: Severity): Problem[] {
  const out: Array<Omit<Problem, "severity">> = [];
  const pending: SchemaError[] = [];
  for (const error of errors) {
    if (error.keyword !== "anyOf") {
      pending.push(error);
      continue;
    }
    // The branch errors are the ones just before it, from its own subschemas or (for a $ref
    // branch of a property) anywhere under its path.
    const prefix = `${error.schemaPath}/`;
    let start = pending.length;
    while (start > 0) {
      const e = pending[start - 1]!;
      const own = e.schemaPath.startsWith(prefix) || (error.instancePath !== "" && isAtOrUnder(e.instancePath, error.instancePath));
      if (!own) break;
      start--;
    }
    const branchErrors = pending.splice(start);
    // Not push(...spread): a payload with 300,000 extra keys has that many errors, more than a
    // call's arguments may number.
    for (const e of pending.splice(0)) out.push(describeError(e, severity));
    for (const p of mergeAnyOf(error, branchErrors, severity)) out.push(p);
  }
  for (const e of pending) out.push(describeError(e, severity));
  // A schema reached twice (the envelope through allOf and the event itself) reports twice, in its
  // own words ("required by Envelope", "required by OnCallCreatePayload"): one problem per spot
  // and rule is what a reader needs. The key leaves the message out: with a million extra keys
  // the set of keys is most of the work.
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const p of out) {
    const key = `${p.pointer}\u0000${p.rule}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ pointer: p.pointer, severity, rule: p.rule, expected: p.expected, found: p.found, message: p.message });
  }
  return problems;
}
