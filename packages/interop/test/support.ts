// What the tests share: the committed documents and ajv validators compiled from their schemas, as a
// tool that reads the documents would compile them (no schema is taken from anywhere else).
import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { loadAsyncApi, loadOpenApi } from "@fwcall/interop";

// ajv-formats is CommonJS with a default export; under NodeNext its namespace is what `import` gives.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export type Json = Record<string, unknown>;

export const asyncApi = loadAsyncApi() as unknown as Json & {
  channels: Record<string, { description: string; messages: Record<string, { $ref: string }> }>;
  components: { schemas: Record<string, Json>; messages: Record<string, AsyncApiMessage> };
};
export const openApi = loadOpenApi() as unknown as Json & { paths: Record<string, Record<string, Operation>>; components: Json & { schemas: Record<string, Json> } };

export interface AsyncApiMessage {
  name: string;
  payload: { $ref: string };
  "x-fwcall-lenient-payload": { $ref: string };
  examples: Array<{ name: string; payload: unknown }>;
}

export interface Operation {
  parameters?: Json[];
  responses: Record<string, Json & { $ref?: string }>;
}

const ASYNCAPI_ID = "https://fwcall.dev/interop/asyncapi.json";
const OPENAPI_ID = "https://fwcall.dev/interop/openapi.json";

/**
 * Validators for `$ref`s into the AsyncAPI document (`#/components/schemas/…`). The document's
 * schemas are draft-07 (AsyncAPI's default schema format is a superset of it).
 */
export function asyncApiValidators(): (ref: string) => ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  // Only the document's schemas are handed to ajv; `components` is where a $ref finds them.
  ajv.addKeyword({ keyword: "components" });
  ajv.addSchema({ $id: ASYNCAPI_ID, components: { schemas: asyncApi.components.schemas } });
  const cache = new Map<string, ValidateFunction>();
  return (ref) => {
    let validate = cache.get(ref);
    if (!validate) cache.set(ref, (validate = ajv.compile({ $ref: `${ASYNCAPI_ID}${ref}` })));
    return validate;
  };
}

/** Validators for `$ref`s into the OpenAPI document; OpenAPI 3.1 schemas are JSON Schema 2020-12. */
export function openApiValidators(): (schema: Json) => ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addKeyword({ keyword: "components" });
  ajv.addSchema({ $id: OPENAPI_ID, components: { schemas: openApi.components.schemas } });
  const cache = new Map<string, ValidateFunction>();
  return (schema) => {
    const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${OPENAPI_ID}#/`)) as Json;
    const key = JSON.stringify(rebased);
    let validate = cache.get(key);
    if (!validate) cache.set(key, (validate = ajv.compile(rebased)));
    return validate;
  };
}

/** A `#/…` JSON pointer of a document, followed. */
export function follow(document: Json, ref: string): Json {
  let node: unknown = document;
  for (const step of ref.replace(/^#\//, "").split("/")) node = (node as Json)[step.replaceAll("~1", "/").replaceAll("~0", "~")];
  if (node === undefined) throw new Error(`${ref} points at nothing in the document`);
  return node as Json;
}

/** The envelope a payload carries: 2.x names the account, 3.0 the host. */
export const envelopeOf = (payload: unknown): "2.x" | "3.0" => (payload !== null && typeof payload === "object" && ("account_id" in payload || "domain" in payload) ? "2.x" : "3.0");

/** The AsyncAPI message of an event in one envelope. */
export function messageFor(event: string, envelope: "2.x" | "3.0"): AsyncApiMessage {
  const name = `${event}${envelope === "2.x" ? "Platform2" : "Platform3"}`;
  const message = asyncApi.components.messages[name];
  if (!message) throw new Error(`the AsyncAPI document has no message ${name}`);
  return message;
}

/** ajv's errors, short, for an assertion message. */
export const errorsOf = (validate: ValidateFunction) => (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join("; ");
