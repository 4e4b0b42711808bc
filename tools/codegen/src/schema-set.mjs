// The schema files as ajv needs them (validators.mjs): whole documents by $id, so its standalone
// code and error paths name the files. Every other generator reads the schema model (model.mjs).
import { loadSchemas } from "@fwcall/schemas";

/** Every schema, keyed by its $id. */
export function schemasById() {
  return new Map(loadSchemas().map(({ file, schema }) => [schema.$id, { file, schema }]));
}
