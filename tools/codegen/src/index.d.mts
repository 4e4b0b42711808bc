import type { Ajv } from "ajv";
import type { Profile } from "@fwcall/schemas";
import type { SchemaModel, SchemaModelData } from "@fwcall/schemas/model";

export { applyProfile, type Profile } from "@fwcall/schemas";
/** Every generated file of the repository: path relative to the repository root → contents. */
export function generateAll(): Promise<Map<string, string>>;
/** Every schema of schemas/, by $id. */
export function schemasById(): Map<string, { file: string; schema: Record<string, unknown> & { $id: string } }>;
/** An ajv instance holding every schema in one profile, with the given format checks. */
export function createAjv(profile: Profile, formats: Record<string, unknown>): Ajv;
/** The formats the schemas use. */
export const FORMAT_NAMES: readonly string[];
/** The path of the generated schema model, relative to the repository root. */
export const MODEL_FILE: string;
/** The schema model's data as schemas/generated/model.json holds it, built from the schema files now (or the files given, as loadSchemas() lists them). */
export function buildModelData(files?: ReadonlyArray<{ file: string; schema: Record<string, unknown> }>): SchemaModelData;
/** The schema model, linked as @fwcall/schemas/model gives it, built from the schema files now (or the files given). */
export function buildModel(files?: ReadonlyArray<{ file: string; schema: Record<string, unknown> }>): SchemaModel;
