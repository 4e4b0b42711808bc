// The schema set as codegen sees it: every schema by $id. The profile transform is
// @fwcall/schemas' applyProfile, which @fwcall/pact's schema shapes use too.
import { loadSchemas } from "@fwcall/schemas";

/** Every schema, keyed by its $id. */
export function schemasById() {
  return new Map(loadSchemas().map(({ file, schema }) => [schema.$id, { file, schema }]));
}

/** The $id a relative $ref points to, resolved against the schema it appears in. */
export function resolveRef(ref, baseId) {
  return new URL(ref, baseId).href;
}
