// Each Pact matcher against what the schemas promise at its path: a matcher type the schemas do
// not allow is an error; one that assumes less than they allow (a regex admitting only some
// statuses, a decimal where whole numbers come too) is a warning. The lenient profile says what
// Freshworks sends, the strict one what the docs promise; enums are the documented values.
import { jsonTypeOf, shortJson, type JsonType } from "../json.js";
import { PactRegexes, RegexBudgetError } from "../pact-regex.js";
import { allowsType, describeTypes, type Shape } from "../schema-shape.js";

/** What one matcher check found (the caller adds the place). */
export interface MatcherFinding {
  severity: "error" | "warning";
  rule: string;
  message: string;
}

/** The two views of one place: what Freshworks sends (lenient) and what the docs promise (strict). */
export interface PlaceShapes {
  lenient: Shape;
  strict: Shape;
}

const error = (rule: string, message: string): MatcherFinding => ({ severity: "error", rule, message });
const warning = (rule: string, message: string): MatcherFinding => ({ severity: "warning", rule, message });

/** The text a Pact regex is run against: strings as they are, anything else as JSON. */
const textOf = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

const list = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(", ");

const A_TYPE: Record<JsonType, string> = { object: "an object", array: "an array", string: "a string", integer: "an integer", number: "a number", boolean: "a boolean", null: "null" };

/** A matcher that needs values of a JSON type: an error if not even Freshworks sends one, a warning if the docs do not promise one. */
function needsType(shapes: PlaceShapes, type: JsonType, matcher: string): MatcherFinding[] {
  if (!allowsType(shapes.lenient, type)) return [error("matcher:type", `${matcher} expects ${A_TYPE[type]}, but the schema allows ${describeTypes(shapes.lenient)} here`)];
  if (!allowsType(shapes.strict, type)) return [warning("matcher:type", `${matcher} expects ${A_TYPE[type]}: Freshworks sends it, but the documented contract allows only ${describeTypes(shapes.strict)}`)];
  return [];
}

function checkRegex(pattern: unknown, shapes: PlaceShapes, examples: readonly unknown[], regexes: PactRegexes): MatcherFinding[] {
  if (typeof pattern !== "string") return [error("regex:invalid", `a regex matcher whose regex is ${pattern === undefined ? "missing" : `${shortJson(pattern)}, not a string`}`)];
  const regex = regexes.compile(pattern);
  if (!regex.ok) {
    if (regex.kind === "too-long") return [warning("regex:unchecked", `the regex cannot be checked: ${regex.reason}`)];
    // RE2 lacks what the Pact verifier runs (lookahead, backreferences): not checked, not wrong.
    if (regex.kind === "unsupported") return [warning("regex:unsupported", `the regex ${pattern} cannot be checked: ${regex.reason}`)];
    return [error("regex:invalid", `the regex ${pattern} cannot be checked: ${regex.reason}`)];
  }
  const found: MatcherFinding[] = [];
  try {
    const values = shapes.strict.values ?? shapes.lenient.values;
    if (values !== undefined) {
      const admitted = values.filter((v) => regex.test(textOf(v)));
      if (admitted.length === 0) found.push(error("regex:no-value", `the regex ${pattern} matches none of the values the schema allows (${list(values)})`));
      else if (admitted.length < values.length) {
        const left = values.filter((v) => !admitted.includes(v));
        found.push(warning("regex:narrower", `the regex ${pattern} admits only ${list(admitted)} of the values the schema allows; the provider may also send ${list(left)}`));
      }
    }
    for (const example of examples) {
      if (!regex.test(textOf(example))) found.push(error("regex:example", `the example ${JSON.stringify(example)} does not match the interaction's own regex ${pattern}`));
    }
  } catch (cause) {
    if (!(cause instanceof RegexBudgetError)) throw cause;
    found.push(warning("regex:unchecked", `the regex ${pattern} was not run to the end: ${cause.message}`));
  }
  return found;
}

/**
 * What one matcher (as a pact file writes it: `{ match: "integer" }`) assumes at a place, against
 * the schemas; `examples` are the example values at its path.
 * @example checkMatcher({ match: "regex", regex: "^(1|3)$" }, shapes, [3], new PactRegexes()) // [{ severity: "warning", rule: "regex:narrower", … }]
 */
export function checkMatcher(matcher: Record<string, unknown>, shapes: PlaceShapes, examples: readonly unknown[], regexes: PactRegexes): MatcherFinding[] {
  const kind = typeof matcher.match === "string" ? matcher.match : "min" in matcher || "max" in matcher ? "type" : "";
  const { lenient, strict } = shapes;
  switch (kind) {
    case "type": {
      const found: MatcherFinding[] = [];
      if (("min" in matcher || "max" in matcher) && !allowsType(lenient, "array")) found.push(error("matcher:type", `an array matcher (min/max), but the schema allows ${describeTypes(lenient)} here`));
      for (const example of examples) {
        const type = jsonTypeOf(example);
        if (type === undefined) continue;
        if (!allowsType(lenient, type)) found.push(error("matcher:type", `a type matcher with ${A_TYPE[type]} as its example, but the schema allows ${describeTypes(lenient)} here`));
        else if (!allowsType(strict, type)) found.push(warning("matcher:type", `a type matcher with ${A_TYPE[type]} as its example: Freshworks sends it, but the documented contract allows only ${describeTypes(strict)}`));
      }
      return found;
    }
    case "integer": {
      const found = needsType(shapes, "integer", "an integer matcher");
      if (found.length === 0 && strict.types !== undefined && !strict.types.has("integer")) {
        found.push(warning("matcher:narrower", `an integer matcher, but the schema allows any number here (${describeTypes(strict)}): a value with a fraction fails it`));
      }
      return found;
    }
    case "decimal": {
      if (!allowsType(lenient, "number")) return [error("matcher:type", `a decimal matcher needs a number with a fraction, but the schema allows ${describeTypes(lenient)} here`)];
      if (!allowsType(strict, "number")) return [warning("matcher:type", `a decimal matcher: Freshworks sends numbers with a fraction here, but the documented contract allows only ${describeTypes(strict)}`)];
      return [warning("matcher:narrower", "a decimal matcher rejects whole numbers (0, 8), which the schema allows here; a number matcher takes both")];
    }
    case "number":
      return allowsType(lenient, "number") || allowsType(lenient, "integer") ? [] : [error("matcher:type", `a number matcher, but the schema allows ${describeTypes(lenient)} here`)];
    case "boolean":
      return needsType(shapes, "boolean", "a boolean matcher");
    case "null":
      return needsType(shapes, "null", "a null matcher");
    case "regex":
      return checkRegex(matcher.regex, shapes, examples, regexes);
    case "datetime":
    case "timestamp": {
      const found = needsType(shapes, "string", `a ${kind} matcher`);
      if (found.length === 0 && lenient.format === "date-time") {
        found.push(warning("matcher:narrower", `a ${kind} matcher with the format '${String(matcher.format)}' accepts only date-times written that way; the schema allows any RFC 3339 date-time (with or without a fraction, Z or an offset)`));
      }
      return found;
    }
    case "date":
    case "time": {
      const found = needsType(shapes, "string", `a ${kind} matcher`);
      if (found.length === 0 && lenient.format === "date-time") {
        found.push(error("matcher:format", `a ${kind} matcher ('${String(matcher.format)}') cannot match the RFC 3339 date-times the schema promises here`));
      }
      return found;
    }
    case "arrayContains":
      return allowsType(lenient, "array") ? [] : [error("matcher:type", `an arrayContains matcher, but the schema allows ${describeTypes(lenient)} here`)];
    case "values":
    case "eachKey":
    case "eachValue":
      return allowsType(lenient, "object") ? [] : [error("matcher:type", `an ${kind} matcher works on objects, but the schema allows ${describeTypes(lenient)} here`)];
    case "equality":
    case "include":
    case "contentType":
    case "notEmpty":
    case "semver":
      // Equality and include hold what the example holds, and the example is validated.
      return [];
    default:
      return [warning("matcher:unknown", `a matcher of the unknown kind "${kind}"; not checked`)];
  }
}
