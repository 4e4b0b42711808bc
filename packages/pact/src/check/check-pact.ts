// The pact-to-schema check: for every body a provider produces in a pact file (any V2, V3 or V4
// pact, not only fwcall's), find its schema, validate the example, and hold every field and
// matcher the consumer relies on against what the schemas promise.
import { duplicateKeyProblems, validateCallEvent, validateRestResource, type Problem } from "@fwcall/validate";
import { eventOfSchema, type BodySchema } from "../body-schemas.js";
import { formatPath, JsonPathError, parsePath, pointerToPath, valuesAt, WalkBudgetError, type PathStep, type WalkBudget } from "../json-path.js";
import { isJsonObject } from "../json.js";
import { readPact, type BodyRule, type PactBody, type PactDocument } from "../pact-file.js";
import { PactRegexes } from "../pact-regex.js";
import { allowsType, ANY_SHAPE, describeTypes, fieldShape, shapeOf, type Shape } from "../schema-shape.js";
import { completeExample, holdsPointer } from "./complete-example.js";
import type { FindingPlace, PactCheck, PactFinding } from "./findings.js";
import { schemaOfBody } from "./identify.js";
import { checkMatcher, type PlaceShapes } from "./matcher-checks.js";

/** Reports one finding at a place of the body being checked. */
export type Report = (severity: PactFinding["severity"], path: string, rule: string, message: string) => void;

/** How many values the rules of one file may reach: far beyond any real pact, bounded against many wildcard rules over one large object. */
export const WALK_BUDGET = 1_000_000;

/** What one file's check may spend: regex work (each pattern compiled once) and values its rules reach. */
export interface CheckBudgets {
  regexes: PactRegexes;
  walk: WalkBudget;
}

/** Problems the field walk reports itself (as errors), or that a partial object in the example may have on purpose. */
const NOT_EXAMPLE_ERRORS = new Set(["schema:required", "schema:additionalProperties"]);

/**
 * The example against the validators: a consumer may leave fields out (Pact ignores what else a
 * provider sends), so it is completed into a whole body first; what it shows must be valid.
 */
function validateExample(schema: BodySchema, example: unknown, report: Report): void {
  const event = eventOfSchema(schema);
  const whole = completeExample(schema, example);
  let problems: Problem[];
  try {
    problems = event ? validateCallEvent(event, whole, { profile: "lenient" }).problems : validateRestResource(schema as Exclude<BodySchema, "OnCallCreatePayload" | "OnCallUpdatePayload">, whole).problems;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    report("error", "$", "example:too-deep", "the example nests too deeply to validate");
    return;
  }
  for (const problem of problems) {
    if (NOT_EXAMPLE_ERRORS.has(problem.rule) || !holdsPointer(example, problem.pointer)) continue;
    report(problem.severity, pointerToPath(problem.pointer, example), `example:${problem.rule}`, problem.message);
  }
}

const declaredList = (shape: Shape) => (shape.declared.length === 0 ? "" : ` (${shape.title ?? "it"} declares ${shape.declared.join(", ")})`);

/** Every field of the example must be one the schema has: Pact makes the provider send each. */
export function walkExample(shape: Shape, value: unknown, steps: PathStep[], schema: string, report: Report): void {
  if (isJsonObject(value)) {
    if (!allowsType(shape, "object")) return; // the validator reports the wrong type
    for (const [name, child] of Object.entries(value)) {
      const childSteps: PathStep[] = [...steps, { kind: "key", name }];
      const childShape = fieldShape(shape, name);
      if (childShape === undefined) report("error", formatPath(childSteps), "field:undeclared", `the consumer expects a field "${name}", which the ${schema} schema does not have here${declaredList(shape)}`);
      else walkExample(childShape, child, childSteps, schema, report);
    }
  } else if (Array.isArray(value) && allowsType(shape, "array")) {
    value.forEach((item, index) => walkExample(shape.items ?? shape.itemAt(index), item, [...steps, { kind: "index", index }], schema, report));
  }
}

/** The shapes at a rule's path, or the finding that the path leaves the schema. */
function shapesAt(root: PlaceShapes, steps: readonly PathStep[], schema: string): { shapes: PlaceShapes } | { rule: string; message: string } {
  let { lenient, strict } = root;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const here = formatPath(steps.slice(0, i));
    if (step.kind === "key" || step.kind === "any-key") {
      if (!allowsType(lenient, "object")) return { rule: "field:undeclared", message: `the consumer expects fields in ${here}, which the ${schema} schema makes ${describeTypes(lenient)}` };
      if (step.kind === "any-key") return { shapes: { lenient: ANY_SHAPE, strict: ANY_SHAPE } };
      const next = fieldShape(lenient, step.name);
      if (next === undefined) return { rule: "field:undeclared", message: `the consumer expects a field "${step.name}", which the ${schema} schema does not have here${declaredList(lenient)}` };
      strict = fieldShape(strict, step.name) ?? next;
      lenient = next;
    } else {
      if (!allowsType(lenient, "array")) return { rule: "field:undeclared", message: `the consumer expects items in ${here}, which the ${schema} schema makes ${describeTypes(lenient)}` };
      const pick = (shape: Shape) => (step.kind === "index" ? shape.itemAt(step.index) : (shape.items ?? ANY_SHAPE));
      [lenient, strict] = [pick(lenient), pick(strict)];
    }
  }
  return { shapes: { lenient, strict } };
}

/**
 * The example's values at a rule's path; undefined once the file's walk budget is spent. Each of
 * the rule's matchers looks at every value, so they are charged once per matcher.
 */
function examplesAt(example: unknown, steps: readonly PathStep[], matchers: number, walk: WalkBudget): unknown[] | undefined {
  if (walk.left < 0) return undefined;
  if (example === undefined) return [];
  try {
    const values = valuesAt(example, steps, walk).map((found) => found.value);
    walk.left -= values.length * Math.max(0, matchers - 1);
    return walk.left < 0 ? undefined : values;
  } catch (error) {
    if (error instanceof WalkBudgetError) return undefined;
    throw error;
  }
}

/** One matching rule of a body against the shapes at its path (the schema named in messages). */
export function checkRule(rule: BodyRule, root: PlaceShapes, example: unknown, schema: string, report: Report, budgets: CheckBudgets): void {
  let steps: PathStep[];
  try {
    steps = parsePath(rule.path);
  } catch (error) {
    if (!(error instanceof JsonPathError)) throw error;
    report("error", rule.path, "rule:path", error.message);
    return;
  }
  const path = formatPath(steps);
  const at = shapesAt(root, steps, schema);
  if ("rule" in at) {
    report("error", path, at.rule, at.message);
    return;
  }
  const examples = examplesAt(example, steps, rule.matchers.length, budgets.walk);
  if (examples === undefined) {
    // Once per body: the same path, rule and message are reported once.
    report("warning", "$", "rule:unchecked", `rules not checked from here on: the rules of this file reach more values than fwcall walks for one file (${WALK_BUDGET.toLocaleString("en-US")})`);
    return;
  }
  const perMatcher = rule.matchers.map((matcher) => checkMatcher(matcher, at.shapes, examples, budgets.regexes));
  // OR: the consumer is fine when one alternative is; its errors matter only when all fail.
  const anyPasses = perMatcher.some((found) => !found.some((f) => f.severity === "error"));
  for (const found of perMatcher.flat()) {
    if (rule.combine === "OR" && anyPasses && found.severity === "error") continue;
    report(found.severity, path, found.rule, found.message);
  }
}

function checkBody(body: PactBody, schema: BodySchema, report: Report, budgets: CheckBudgets): void {
  const root: PlaceShapes = { lenient: shapeOf(schema, "lenient"), strict: shapeOf(schema, "strict") };
  if (body.example !== undefined) {
    validateExample(schema, body.example, report);
    walkExample(root.lenient, body.example, [], schema, report);
  }
  for (const rule of body.rules) checkRule(rule, root, body.example, schema, report, budgets);
}

/**
 * Reports what makes a body's expectations unreadable in part (duplicate keys, malformed rules) or
 * whole; whether there is anything left to check.
 */
export function reportBodyProblems(body: PactBody, report: Report): boolean {
  // JSON.parse kept the last of each pair; the Pact verifier (serde_json) reads them the same way: a warning.
  for (const duplicate of duplicateKeyProblems(body.duplicateKeys, "lenient")) {
    report(duplicate.severity, pointerToPath(duplicate.pointer, body.example), duplicate.rule, `in the body's encoded JSON text, ${duplicate.message}`);
  }
  for (const problem of body.ruleProblems) report("error", problem.path, "rule:malformed", `${problem.message}; the consumer's expectation there is not checked`);
  if (body.unreadable !== undefined) {
    report("warning", "$", "body:unreadable", `not checked: ${body.unreadable}`);
    return false;
  }
  return body.example !== undefined || body.rules.length > 0;
}

/**
 * Checks a pact file (its parsed JSON) against fwcall's schemas. Throws NotAPactError for JSON
 * that is not a pact file.
 * @example
 * const result = checkPact(JSON.parse(readFileSync("contracts/app-provider.json", "utf8")));
 * for (const finding of result.findings) console.log(formatFinding(finding));
 */
export function checkPact(json: unknown): PactCheck {
  const pact = readPact(json);
  const collector = findingsCollector();
  let checkedBodies = 0;
  const budgets: CheckBudgets = { regexes: new PactRegexes(), walk: { left: WALK_BUDGET } };
  for (const interaction of pact.interactions) {
    for (const body of interaction.bodies) {
      if (body.producer !== "provider") continue; // what a consumer sends is no promise of the provider's
      const place: FindingPlace = { interaction: interaction.description, index: interaction.index, part: body.part, schema: undefined };
      const report = collector.reporter(place);
      if (!reportBodyProblems(body, report)) continue;
      const identified = schemaOfBody(interaction, body);
      if ("unidentified" in identified) {
        report("warning", "$", "body:unidentified", `not checked: ${identified.unidentified}`);
        continue;
      }
      place.schema = identified.schema;
      checkedBodies++;
      checkBody(body, identified.schema, report, budgets);
    }
  }
  return pactCheck(pact, collector.findings, checkedBodies);
}

/** Collects findings, each (place, path, rule, message) once: a reporter per body or place. */
export function findingsCollector(): { findings: PactFinding[]; reporter(place: FindingPlace): Report } {
  const findings: PactFinding[] = [];
  const seen = new Set<string>();
  return {
    findings,
    reporter: (place) => (severity, path, rule, message) => {
      const key = `${place.index}\u0000${place.part}\u0000${path}\u0000${rule}\u0000${message}`;
      if (seen.has(key)) return;
      seen.add(key);
      findings.push({ severity, ...place, path, rule, message });
    },
  };
}

/** The outcome of a check of one pact file from its findings. */
export function pactCheck(pact: PactDocument, findings: PactFinding[], checkedBodies: number): PactCheck {
  const errors = findings.filter((f) => f.severity === "error").length;
  return {
    consumer: pact.consumer,
    provider: pact.provider,
    specification: pact.specification,
    interactions: pact.interactions.length,
    checkedBodies,
    findings,
    errors,
    warnings: findings.length - errors,
    ok: errors === 0,
  };
}
