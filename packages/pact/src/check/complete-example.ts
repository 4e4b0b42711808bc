// A consumer may show only the fields it reads (Pact ignores the rest of what a provider sends), so
// an example is validated as part of a whole body: laid over a valid body of the same schema from
// the fixture catalog. Only problems at places the example itself holds are the consumer's.
import { buildCase } from "@fwcall/cases";
import type { BodySchema } from "../body-schemas.js";
import { isJsonObject } from "../json.js";

/** A valid body of each schema, to complete partial examples with. */
function baseOf(schema: BodySchema): unknown {
  const call = buildCase("update/incoming/answered/notes").data.call;
  switch (schema) {
    case "OnCallCreatePayload":
      return buildCase("create/incoming/connecting");
    case "OnCallUpdatePayload":
      return buildCase("update/incoming/answered/notes");
    case "CallResponse":
      return { call };
    case "CallListResponse":
      return { calls: [call], meta: { current: 1, total_pages: 1, total_count: 1 } };
    case "RestCall":
      return call;
    case "ApiError":
      return { error_type: "record_not_found", message: "not found", errors: [] };
  }
}

/** The example laid over the base: objects field by field, each array item over the base's first item. */
function overlay(base: unknown, example: unknown): unknown {
  if (isJsonObject(base) && isJsonObject(example)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(example)) out[key] = overlay(base[key], value);
    return out;
  }
  if (Array.isArray(example)) {
    const first = Array.isArray(base) ? base[0] : undefined;
    return example.map((item) => overlay(first, item));
  }
  return example;
}

/**
 * The example completed into a whole body of its schema.
 * @example completeExample("OnCallCreatePayload", { data: { call: { direction: "incoming" } } }) // a valid onCallCreate with that direction
 */
export function completeExample(schema: BodySchema, example: unknown): unknown {
  return overlay(baseOf(schema), example);
}

/** Whether a JSON pointer names a place the example holds. */
export function holdsPointer(example: unknown, pointer: string): boolean {
  let value = example;
  for (const raw of pointer === "" ? [] : pointer.slice(1).split("/")) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(value) && /^\d+$/.test(token) && Number(token) < value.length) value = value[Number(token)];
    else if (isJsonObject(value) && Object.hasOwn(value, token)) value = value[token];
    else return false;
  }
  return true;
}
