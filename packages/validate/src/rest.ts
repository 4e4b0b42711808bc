// Validators for the Freshcaller REST resources the mock server serves (lenient profile only:
// the REST API adds fields the events lack).
import * as lenient from "./generated/lenient.js";
import { capProblems } from "./cap-problems.js";
import { unreadableProblem } from "./guard.js";
import { describeValue, type Problem } from "./problem.js";
import { schemaProblems } from "./schema-problems.js";
import type { CompiledValidator, ValidationResult } from "./validate.js";
import type { ApiError, CallListResponse, CallResponse, RestCall } from "@fwcall/types";

/** Each REST resource by the title of its schema. */
export interface RestResources {
  CallResponse: CallResponse;
  CallListResponse: CallListResponse;
  RestCall: RestCall;
  ApiError: ApiError;
}

/** The name of a REST resource schema. */
export type RestResourceName = keyof RestResources;

const REST_RESOURCE_NAMES: readonly string[] = ["CallResponse", "CallListResponse", "RestCall", "ApiError"] satisfies RestResourceName[];

/**
 * Validates a REST response body against its schema. Never throws: an unknown resource name or a
 * value that throws when read is a problem of the result.
 * @example validateRestResource("CallListResponse", await response.json()).valid
 */
export function validateRestResource<N extends RestResourceName>(name: N, value: unknown): ValidationResult<RestResources[N]> {
  const validators = lenient.validators() as Record<RestResourceName, CompiledValidator>;
  if (typeof name !== "string" || !Object.hasOwn(validators, name) || !REST_RESOURCE_NAMES.includes(name)) {
    const expected = REST_RESOURCE_NAMES.join(", ");
    const problem: Problem = { pointer: "", severity: "error", rule: "resource:name", expected, found: describeValue(name), message: `expected a REST resource name (${expected}), found ${describeValue(name)}` };
    return { valid: false, payload: undefined, problems: [problem] };
  }
  try {
    const validate = validators[name];
    if (validate(value)) return { valid: true, payload: value as RestResources[N], problems: [] };
    return { valid: false, payload: undefined, problems: capProblems(schemaProblems(validate.errors ?? [], "error")) };
  } catch (error) {
    return { valid: false, payload: undefined, problems: [unreadableProblem(error)] };
  }
}
