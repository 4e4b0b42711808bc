import type { Ajv } from "ajv";
import type { Profile } from "@fwcall/schemas";

export { applyProfile, type Profile } from "@fwcall/schemas";
/** Every generated file of the repository: path relative to the repository root → contents. */
export function generateAll(): Promise<Map<string, string>>;
/** Every schema of schemas/, by $id. */
export function schemasById(): Map<string, { file: string; schema: Record<string, unknown> & { $id: string } }>;
/** An ajv instance holding every schema in one profile, with the given format checks. */
export function createAjv(profile: Profile, formats: Record<string, unknown>): Ajv;
/** The formats the schemas use. */
export const FORMAT_NAMES: readonly string[];
