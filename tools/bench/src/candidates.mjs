// The ways to check a payload against the strict onCallUpdate contract that the benchmark times,
// and the check that each of them accepts what is valid and rejects what is not.
import { fullFormats } from "ajv-formats/dist/formats.js";
import { createAjv } from "@fwcall/codegen";
import { isDateTime, isUri, validateOnCallUpdate } from "@fwcall/validate";
import { handCheckOnCallUpdate, handCheckOnCallUpdateWithRules } from "./hand-checker.mjs";
import { checkGeneratedUrl, strictGeneratedUrl } from "./locate.mjs";
import { randomMutants } from "./mutants.mjs";
import { invalidPayloads, ruleBreakingPayloads, validPayloads } from "./payloads.mjs";
import { OnCallUpdateZod } from "./zod-schema.mjs";

const UPDATE_ID = "https://fwcall.dev/schemas/on-call-update.json";
const STRICT = Object.freeze({ profile: "strict" });

/**
 * Each candidate: id, label, fn(payload) → boolean; `rules` when it applies the semantic rules
 * too; for the rows measured against the targets,
 * `limit`: the id of the hand-written checker that makes the same checks. `target` marks the row
 * the targets are about: the public API, what users call; the schema checks alone (ajv's
 * standalone validator, and the generated boolean checker that is the API's fast path) are shown
 * against the same targets for information.
 */
export async function candidates() {
  const { OnCallUpdatePayload } = (await import(strictGeneratedUrl)).validators();
  const checkOnCallUpdate = (await import(checkGeneratedUrl)).checkStrict.OnCallUpdatePayload;
  const ajvFull = createAjv("strict", fullFormats).getSchema(UPDATE_ID);
  const ajvFast = createAjv("strict", { "date-time": isDateTime, uri: isUri }).getSchema(UPDATE_ID);
  return [
    { id: "precompiled", label: "(1) precompiled ajv standalone schema check (strict `OnCallUpdatePayload`, generated/strict.js)", fn: (p) => OnCallUpdatePayload(p), limit: "hand" },
    { id: "checker", label: "(1b) generated boolean schema check (`checkStrict.OnCallUpdatePayload`, generated/check.js)", fn: (p) => checkOnCallUpdate(p), limit: "hand" },
    { id: "api", label: '(2) public API `validateOnCallUpdate(p, {profile: "strict"})`: schema + rules', fn: (p) => validateOnCallUpdate(p, STRICT).valid, limit: "hand+rules", target: true, rules: true },
    { id: "ajv", label: "(3) ajv compiled at run time, ajv-formats `fullFormats`", fn: (p) => ajvFull(p) },
    { id: "ajv-fast", label: "(3b) ajv compiled at run time, the fast formats of @fwcall/validate", fn: (p) => ajvFast(p) },
    { id: "zod", label: "(4) zod 4 schema of the same contract, `safeParse`", fn: (p) => OnCallUpdateZod.safeParse(p).success },
    { id: "hand", label: "(5) hand-written checker, same checks", fn: handCheckOnCallUpdate },
    { id: "hand+rules", label: "(5b) hand-written checker + the same rules", fn: handCheckOnCallUpdateWithRules, rules: true },
  ];
}

/**
 * Throws unless every candidate accepts every valid payload and rejects every invalid one, and
 * decides the payloads only a rule breaks by whether it applies the rules.
 * @returns {{ valid: number, invalid: number, ruleBreaking: number }} how many of each were checked
 */
export function assertHonest(list) {
  const valid = validPayloads();
  const invalid = invalidPayloads();
  const ruleBreaking = ruleBreakingPayloads();
  const failures = [];
  for (const { id, fn, rules } of list) {
    for (const { name, payload } of valid) if (fn(payload) !== true) failures.push(`${id} rejects a valid payload: ${name}`);
    for (const { name, payload } of invalid) if (fn(payload) !== false) failures.push(`${id} accepts an invalid payload: ${name}`);
    for (const { name, payload } of ruleBreaking) {
      if (fn(payload) !== !rules) failures.push(`${id} ${rules ? "accepts" : "rejects"} a payload only a rule breaks: ${name}`);
    }
  }
  if (failures.length) throw new Error(`candidates disagree with the contract:\n  ${failures.join("\n  ")}`);
  return { valid: valid.length, invalid: invalid.length, ruleBreaking: ruleBreaking.length };
}

/**
 * Throws unless each hand-written checker decides exactly as the validator it stands for, on
 * seeded random mutants of every valid payload: it makes the same checks, no fewer.
 * @returns {number} how many mutants were compared
 */
export function assertSameDecisions(list, perPayload = 500) {
  const byId = new Map(list.map((c) => [c.id, c]));
  const mutants = [...validPayloads(), ...ruleBreakingPayloads()].flatMap(({ payload }, i) => randomMutants(payload, perPayload, 1000 + i));
  const failures = [];
  for (const c of list.filter((c) => c.limit)) {
    const limit = byId.get(c.limit);
    for (const mutant of mutants) {
      const expected = c.fn(mutant);
      if (limit.fn(mutant) !== expected) {
        failures.push(`${limit.id} says ${!expected} where ${c.id} says ${expected} for ${JSON.stringify(mutant)}`);
      }
    }
  }
  if (failures.length) throw new Error(`${failures.length} different decisions:\n  ${failures.slice(0, 5).join("\n  ")}`);
  return mutants.length;
}
