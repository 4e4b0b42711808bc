// A pact's example against a schema of the provider document, with ajv (loaded only when a provider
// document is checked). A consumer may show only the fields it reads, so `required` is left out
// (and the walk of the example reports fields the schema lacks, so additionalProperties errors are
// dropped here). Patterns run with RE2 under the same budget as pact regexes: no document's pattern hangs.
import type { ErrorObject, ValidateFunction } from "ajv";
import { isJsonObject } from "../json.js";
import { PactRegexes } from "../pact-regex.js";
import type { ProviderDocument } from "./document.js";

/** One place where the example breaks the schema. */
interface ExampleProblem {
  /** JSON pointer into the example. */
  pointer: string;
  keyword: string;
  message: string;
}

/** Validates an example against a schema of the document: its problems, or why it could not be checked. */
export interface ExampleValidator {
  (schema: unknown, example: unknown): ExampleProblem[] | { unchecked: string };
  /** Gives the document's patterns a fresh regex budget: one per pact file checked, as pact regexes have. */
  startRun(): void;
}

const DOC_ID = "fwcall-provider-document";

/** A copy without `required` keywords (arrays of names), with `$ref`s rebased onto the document's id. */
function relaxed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relaxed);
  if (!isJsonObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === "required" && Array.isArray(child)) continue;
    if (key === "$ref" && typeof child === "string" && child.startsWith("#")) out[key] = `${DOC_ID}${child}`;
    else if (key === "$id" || key === "$schema" || key === "$anchor" || key === "$dynamicAnchor") continue; // the document is one resource
    else out[key] = relaxed(child);
  }
  return out;
}

function message(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "enum") return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
  if (error.keyword === "const") return `must be ${JSON.stringify(params.allowedValue)}`;
  return error.message ?? `fails ${error.keyword}`;
}

/**
 * A validator for the document's schemas (OpenAPI 3.1: JSON Schema 2020-12; otherwise draft-07, the base of AsyncAPI's schema format).
 * @example const validate = await exampleValidator(doc); validate(schema, { call: { id: "x" } }) // [{ pointer: "/call/id", keyword: "type", message: "must be integer" }]
 */
export async function exampleValidator(doc: ProviderDocument): Promise<ExampleValidator> {
  const [{ Ajv }, { Ajv2020 }, formats] = await Promise.all([import("ajv"), import("ajv/dist/2020.js"), import("ajv-formats")]);
  // ajv-formats is CommonJS with a default export; under NodeNext its namespace is what `import` gives.
  type AddFormats = (ajv: InstanceType<typeof Ajv>) => unknown;
  const namespace = formats as unknown as { default: AddFormats & { default?: AddFormats } };
  const addFormats = namespace.default.default ?? namespace.default;
  let regexes = new PactRegexes();
  const regExp = Object.assign(
    (pattern: string) => {
      const compiled = regexes.compile(pattern);
      if (!compiled.ok) throw new Error(`the pattern ${pattern.slice(0, 120)} cannot be run: ${compiled.reason}`);
      // Compiled again (once) under each run's budget.
      return { test: (text: string) => (regexes.compile(pattern) as typeof compiled).test(text) };
    },
    { code: "re2" },
  );
  const options = { allErrors: true, strict: false, allowUnionTypes: true, validateSchema: false, logger: false, code: { regExp } } as const;
  const ajv = doc.kind === "openapi" && doc.version.startsWith("3.1") ? new Ajv2020(options) : new Ajv(options);
  addFormats(ajv);
  ajv.addSchema(relaxed(doc.root) as Record<string, unknown>, DOC_ID);
  const compiled = new WeakMap<object, ValidateFunction | string>();
  const validator = (schema: unknown, example: unknown): ExampleProblem[] | { unchecked: string } => {
    const key = isJsonObject(schema) ? schema : { schema };
    let validate = compiled.get(key);
    if (validate === undefined) {
      try {
        validate = ajv.compile(relaxed(schema) as Record<string, unknown>);
      } catch (error) {
        validate = `the schema cannot be compiled: ${(error as Error).message.split("\n")[0]}`;
      }
      compiled.set(key, validate);
    }
    if (typeof validate === "string") return { unchecked: validate };
    try {
      if (validate(example)) return [];
    } catch (error) {
      return { unchecked: `the example could not be validated to the end: ${(error as Error).message}` };
    }
    return (validate.errors ?? [])
      .filter((error) => error.keyword !== "additionalProperties" && error.keyword !== "unevaluatedProperties")
      .map((error) => ({ pointer: error.instancePath, keyword: error.keyword, message: message(error) }));
  };
  const startRun = () => {
    regexes = new PactRegexes();
  };
  return Object.assign(validator, { startRun });
}
