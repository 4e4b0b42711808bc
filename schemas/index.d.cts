export interface SchemaFile {
  /** Path relative to the package root, e.g. "enums/call-status.json". */
  file: string;
  schema: Record<string, unknown> & { $id: string };
}
export interface ExampleFile {
  /** The schema the example belongs to, e.g. "on-call-create.json". */
  schemaFile: string;
  file: string;
  example: unknown;
}
/** "lenient" states what Freshworks really sends; "strict" merges in the `x-strict` overlays of the documented contract. */
export type Profile = "lenient" | "strict";
/** Every schema of the package (or of another folder laid out the same way: `from`), with its path relative to that folder. */
export function loadSchemas(from?: string): SchemaFile[];
/** Whether a path relative to a schemas folder ("enums/call-status.json") is one of its schema files. */
export function isSchemaFile(file: string): boolean;
/** A schema in one profile: `x-strict` overlays merged in (strict) or dropped (lenient), without `examples` or other `x-` keywords. */
export function applyProfile(schema: SchemaFile["schema"], profile: Profile): SchemaFile["schema"];
export function applyProfile(node: unknown, profile: Profile): unknown;
/** Example documents kept as files: examples/<schema file without .json>/<name>.json. */
export function loadExampleFiles(): ExampleFile[];
/** Absolute path of the package root. */
export const schemasRoot: string;
