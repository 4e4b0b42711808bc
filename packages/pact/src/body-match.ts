// Compares a JSON response body with its pact example the way the Pact verifier does for the few
// rules fwcall applies itself (a replayed redirect's body): equal values, objects free to carry
// extra keys, arrays of the same length; a `type` rule (which cascades to what lies below its path)
// compares JSON types instead, an `equality` rule values. Any other matcher, and a `type` rule over
// an array (eachLike), is reported as unsupported: a rule fwcall does not apply must not pass.
import { jsonTypeOf, isJsonObject } from "./json.js";
import { formatPath, parsePath, type PathStep } from "./json-path.js";
import type { BodyRule } from "./pact-file.js";

type Mode = "equality" | "type";

interface ParsedRule {
  path: string;
  steps: PathStep[];
  /** Undefined when the rule is not one this comparison applies; `unsupported` then says why. */
  mode: Mode | undefined;
  unsupported: string | undefined;
}

/** The value as the verifier prints it in a mismatch: `'x' (String)`, `1 (Integer)`. */
function shown(value: unknown): string {
  const type = jsonTypeOf(value);
  if (type === "string") return `'${String(value)}' (String)`;
  if (type === "integer") return `${String(value)} (Integer)`;
  if (type === "number") return `${String(value)} (Decimal)`;
  if (type === "boolean") return `${String(value)} (Boolean)`;
  if (type === "null") return "null (Null)";
  return `${type === "array" ? "List" : "Map"} ${JSON.stringify(value)}`;
}

/** Pact puts integers and decimals under one JSON type for `type` matching: numbers. */
const kindOf = (value: unknown) => {
  const type = jsonTypeOf(value);
  return type === "integer" ? "number" : type;
};

function parseRule(rule: BodyRule): ParsedRule {
  let steps: PathStep[];
  try {
    steps = parsePath(rule.path);
  } catch {
    return { path: rule.path, steps: [], mode: undefined, unsupported: `the rule path ${rule.path} cannot be read` };
  }
  const modes = rule.matchers.map((m) => String(m.match ?? ""));
  const other = modes.find((m) => m !== "type" && m !== "equality");
  if (other !== undefined) return { path: rule.path, steps, mode: undefined, unsupported: `the rule at ${rule.path} uses the '${other}' matcher, which fwcall's redirect replay does not apply (it applies type and equality)` };
  // AND: equality is the stricter of the two; OR: type is the looser.
  const mode: Mode = rule.combine === "OR" ? (modes.includes("type") ? "type" : "equality") : modes.includes("equality") ? "equality" : "type";
  return { path: rule.path, steps, mode, unsupported: undefined };
}

/** Whether a rule's steps reach a concrete path's prefix of the same length; wildcards count as less specific. */
function specificity(rule: readonly PathStep[], path: readonly PathStep[]): number | undefined {
  if (rule.length > path.length) return undefined;
  let score = rule.length * 2;
  for (const [i, step] of rule.entries()) {
    const at = path[i]!;
    if (step.kind === "any-index" && at.kind === "index") score--;
    else if (step.kind === "any-key" && at.kind === "key") score--;
    else if (step.kind === "key" && at.kind === "key" && step.name === at.name) continue;
    else if (step.kind === "index" && at.kind === "index" && step.index === at.index) continue;
    else return undefined;
  }
  return score;
}

/** The most specific rule at a path or above it (Pact cascades rules to the values below them). */
function ruleAt(rules: readonly ParsedRule[], path: readonly PathStep[]): ParsedRule | undefined {
  let best: { rule: ParsedRule; score: number } | undefined;
  for (const rule of rules) {
    const score = specificity(rule.steps, path);
    if (score !== undefined && (best === undefined || score >= best.score)) best = { rule, score };
  }
  return best?.rule;
}

/**
 * The mismatches of an actual JSON body against the example and its rules, one line each,
 * `<path>: <mismatch>` as the verifier words them; empty when the body meets the pact.
 * @example jsonBodyMismatches({ url: "x" }, { url: 1 }, [{ path: "$.url", combine: "AND", matchers: [{ match: "type" }] }]) // ["$.url: Expected 1 (Integer) to be the same type as 'x' (String)"]
 */
export function jsonBodyMismatches(expected: unknown, actual: unknown, rules: readonly BodyRule[]): string[] {
  const parsed = rules.map(parseRule);
  const problems: string[] = [];
  const compare = (want: unknown, got: unknown, path: PathStep[]) => {
    const at = formatPath(path);
    const rule = ruleAt(parsed, path);
    if (rule?.unsupported !== undefined) {
      problems.push(`${at}: ${rule.unsupported}`);
      return;
    }
    const mode = rule?.mode ?? "equality";
    if (isJsonObject(want)) {
      if (!isJsonObject(got)) {
        problems.push(`${at}: Type mismatch: Expected ${shown(want)} but received ${shown(got)}`);
        return;
      }
      const missing = Object.keys(want).filter((key) => !Object.hasOwn(got, key));
      if (missing.length > 0) problems.push(`${at}: Actual map is missing the following keys: ${missing.join(", ")}`);
      for (const [key, value] of Object.entries(want)) if (Object.hasOwn(got, key)) compare(value, got[key], [...path, { kind: "key", name: key }]);
      return;
    }
    if (Array.isArray(want)) {
      if (!Array.isArray(got)) {
        problems.push(`${at}: Type mismatch: Expected ${shown(want)} but received ${shown(got)}`);
        return;
      }
      if (mode === "type") {
        // Under a type rule the verifier matches every item against the first (eachLike): not applied here.
        problems.push(`${at}: a 'type' rule over a list (eachLike), which fwcall's redirect replay does not apply`);
        return;
      }
      want.forEach((item, index) => {
        if (index < got.length) compare(item, got[index], [...path, { kind: "index", index }]);
        else problems.push(`${at}: Expected ${JSON.stringify(item)} but was missing`);
      });
      if (want.length !== got.length) problems.push(`${at}: Expected a List with ${want.length} elements but received ${got.length} elements`);
      return;
    }
    if (mode === "type") {
      if (kindOf(want) !== kindOf(got)) problems.push(`${at}: Expected ${shown(got)} to be the same type as ${shown(want)}`);
    } else if (want !== got) {
      problems.push(`${at}: Expected ${shown(got)} to be equal to ${shown(want)}`);
    }
  };
  compare(expected, actual, []);
  return problems;
}
