// Validates call-event payloads with the precompiled validators, the rules, and the normaliser.
import type { CallEventName, CallEventPayloads, ChangesOrder } from "@fwcall/types";
import { capProblems } from "./cap-problems.js";
import { checkLenient, checkStrict } from "./generated/check.js";
import * as lenient from "./generated/lenient.js";
import * as strict from "./generated/strict.js";
import { normalizeCallEvent } from "./normalize.js";
import type { Problem } from "./problem.js";
import { changesOrderOf, isCallEventName, profileOf, unknownEventProblem, unreadableProblem } from "./guard.js";
import type { Profile } from "./profile.js";
import { checkRules } from "./rules.js";
import { schemaProblems, type SchemaError } from "./schema-problems.js";

/** Options of every validator. */
export interface ValidateOptions {
  /** `lenient` (default) accepts what Freshworks really sends; `strict` enforces the documented contract. */
  profile?: Profile;
  /**
   * How to read the `changes` tuples of an update whose tuples decide no order (all `{}`, or every
   * key equal on both sides): `"new-old"` (default, the documented order) or `"old-new"`.
   */
  changesOrder?: ChangesOrder;
}

/** A payload that passed: its normalised, typed value and any warnings. */
export interface Valid<T> {
  valid: true;
  payload: T;
  /** Warnings only. */
  problems: Problem[];
  /** onCallUpdate only: the order its `changes` tuples are in (decided by the payload, else the changesOrder option). */
  changesOrder?: ChangesOrder;
}

/** A payload that failed: every error and warning found. */
export interface Invalid {
  valid: false;
  payload: undefined;
  problems: Problem[];
}

/** What a validator returns. */
export type ValidationResult<T> = Valid<T> | Invalid;

/** A compiled ajv validator as the generated modules build it. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

const TITLES = { onCallCreate: "OnCallCreatePayload", onCallUpdate: "OnCallUpdatePayload" } as const satisfies Record<CallEventName, string>;

/** The ajv validators of an event, built on first use (only a failing payload needs them). */
const AJV: Partial<Record<CallEventName, { strict: CompiledValidator; lenient: CompiledValidator }>> = {};
const ajvFor = (event: CallEventName) =>
  (AJV[event] ??= {
    strict: (strict.validators() as Record<string, CompiledValidator>)[TITLES[event]]!,
    lenient: (lenient.validators() as Record<string, CompiledValidator>)[TITLES[event]]!,
  });

const problemKey = (p: Problem) => `${p.pointer}\u0000${p.rule}`;

/**
 * Schema problems of a payload the strict boolean checker rejected, under one profile; `shaped`
 * tells whether the rules may run. The generated boolean checkers (generated/check.ts) decide
 * exactly as the ajv validators but report nothing, so ajv runs only on a payload that fails, to say why.
 */
function schemaCheck(event: CallEventName, payload: unknown, profile: Profile): { problems: Problem[]; shaped: boolean } {
  const title = TITLES[event];
  const compiled = ajvFor(event);
  compiled.strict(payload);
  const strictProblems = schemaProblems(compiled.strict.errors ?? [], profile === "strict" ? "error" : "warning");
  const shaped = checkLenient[title](payload);
  if (profile === "strict") return { problems: strictProblems, shaped };
  // Lenient: what only the documented contract forbids is drift, reported as a warning.
  if (!shaped) compiled.lenient(payload);
  const errors = shaped ? [] : schemaProblems(compiled.lenient.errors ?? [], "error");
  const errorKeys = new Set(errors.map(problemKey));
  return { problems: [...errors, ...strictProblems.filter((p) => !errorKeys.has(problemKey(p)))], shaped };
}

/**
 * Validates one call-event payload. Never throws: an unknown event name, an unknown profile or a
 * value that throws when read (a hostile Proxy or getter) is a problem of the result.
 * @example
 * const result = validateCallEvent("onCallUpdate", payload, { profile: "strict" });
 * if (!result.valid) console.error(result.problems.map(formatProblem).join("\n"));
 */
export function validateCallEvent<E extends CallEventName>(
  event: E,
  value: unknown,
  options: ValidateOptions = {},
): ValidationResult<CallEventPayloads[E]> {
  const invalid = (problem: Problem): Invalid => ({ valid: false, payload: undefined, problems: [problem] });
  if (!isCallEventName(event)) return invalid(unknownEventProblem(event, ""));
  const profile = profileOf(options);
  if (typeof profile !== "string") return invalid(profile);
  const changesOrder = changesOrderOf(options);
  if (typeof changesOrder !== "string") return invalid(changesOrder);
  try {
    return validateKnown(event, value, profile, changesOrder);
  } catch (error) {
    return invalid(unreadableProblem(error));
  }
}

/** validateCallEvent once the event and the profile are known. */
function validateKnown<E extends CallEventName>(event: E, value: unknown, profile: Profile, defaultOrder: ChangesOrder): ValidationResult<CallEventPayloads[E]> {
  const normalized = profile === "lenient" ? normalizeCallEvent(value) : undefined;
  const payload = (normalized ? normalized.payload : value) as CallEventPayloads[E];
  let problems: Problem[];
  let changesOrder: ChangesOrder | undefined;
  if (checkStrict[TITLES[event]](payload)) {
    // The common case: the documented contract holds, so only the rules can say more.
    ({ problems, changesOrder } = checkRules(event, payload, profile, defaultOrder));
  } else {
    const schema = schemaCheck(event, payload, profile);
    problems = schema.problems;
    if (schema.shaped) {
      const rules = checkRules(event, payload, profile, defaultOrder);
      problems = [...problems, ...rules.problems];
      changesOrder = rules.changesOrder;
    }
  }
  if (normalized && normalized.problems.length > 0) problems = [...normalized.problems, ...problems];
  problems = capProblems(problems);
  for (const problem of problems) if (problem.severity === "error") return { valid: false, payload: undefined, problems };
  return changesOrder ? { valid: true, payload, problems, changesOrder } : { valid: true, payload, problems };
}

/**
 * Validates an onCallCreate payload.
 * @example validateOnCallCreate(payload).valid
 */
export function validateOnCallCreate(value: unknown, options?: ValidateOptions): ValidationResult<CallEventPayloads["onCallCreate"]> {
  return validateCallEvent("onCallCreate", value, options);
}

/**
 * Validates an onCallUpdate payload.
 * @example validateOnCallUpdate(payload, { profile: "strict" }).problems
 */
export function validateOnCallUpdate(value: unknown, options?: ValidateOptions): ValidationResult<CallEventPayloads["onCallUpdate"]> {
  return validateCallEvent("onCallUpdate", value, options);
}

/**
 * Whether a value is a valid onCallCreate payload, as a type guard.
 * Under the lenient profile a payload in the docs' spellings is not narrowed: normalise it first.
 * @example if (isOnCallCreate(payload)) payload.data.call.id
 */
export function isOnCallCreate(value: unknown, options?: ValidateOptions): value is CallEventPayloads["onCallCreate"] {
  const result = validateCallEvent("onCallCreate", value, options);
  return result.valid && result.payload === value;
}

/**
 * Whether a value is a valid onCallUpdate payload, as a type guard.
 * @example if (isOnCallUpdate(payload)) readChange(payload.data, "recording")
 */
export function isOnCallUpdate(value: unknown, options?: ValidateOptions): value is CallEventPayloads["onCallUpdate"] {
  const result = validateCallEvent("onCallUpdate", value, options);
  return result.valid && result.payload === value;
}
