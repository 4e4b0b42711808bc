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
/** Every schema of the package, with its path relative to the package root. */
export function loadSchemas(): SchemaFile[];
/** Example documents kept as files: examples/<schema file without .json>/<name>.json. */
export function loadExampleFiles(): ExampleFile[];
/** Absolute path of the package root. */
export const schemasRoot: string;
