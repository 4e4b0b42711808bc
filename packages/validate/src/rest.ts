// Validators for the Freshcaller REST resources the mock server serves (lenient profile only:
// the REST API adds fields the events lack).
import * as lenient from "./generated/lenient.js";
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


/**
 * Validates a REST response body against its schema.
 * @example validateRestResource("CallListResponse", await response.json()).valid
 */
export function validateRestResource<N extends RestResourceName>(name: N, value: unknown): ValidationResult<RestResources[N]> {
  const validate = (lenient.validators() as Record<RestResourceName, CompiledValidator>)[name];
  if (validate(value)) return { valid: true, payload: value as RestResources[N], problems: [] };
  return { valid: false, payload: undefined, problems: schemaProblems(validate.errors ?? [], "error") };
}
