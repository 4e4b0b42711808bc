import type { SchemaFile } from "./index.cjs";
import type { SchemaModel, SchemaModelData } from "./model.cjs";

/**
 * The model's data, as generated/model.json holds it (definitions by name per profile, refs by
 * name), built from the package's schema files or from another set in `loadSchemas()`'s form.
 * Throws, naming the schema, when the set cannot form a model (an unknown `$ref`, a name clash).
 */
export function buildModelData(files?: readonly SchemaFile[]): SchemaModelData;
/** The model, linked as `schemaModel()` gives it, built from the package's schema files or from the files given. */
export function buildModel(files?: readonly SchemaFile[]): SchemaModel;
