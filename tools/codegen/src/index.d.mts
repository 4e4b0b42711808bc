import type { Ajv } from "ajv";

/** "lenient" accepts what Freshworks really sends; "strict" adds the documented contract. */
export type Profile = "lenient" | "strict";
/** Every generated file of the repository: path relative to the repository root → contents. */
export function generateAll(): Promise<Map<string, string>>;
/** A schema with its `x-strict` overlay merged in (strict) or dropped (lenient). */
export function applyProfile(node: unknown, profile: Profile): unknown;
/** Every schema of schemas/, by $id. */
export function schemasById(): Map<string, { file: string; schema: Record<string, unknown> & { $id: string } }>;
/** An ajv instance holding every schema in one profile, with the given format checks. */
export function createAjv(profile: Profile, formats: Record<string, unknown>): Ajv;
/** The formats the schemas use. */
export const FORMAT_NAMES: readonly string[];
