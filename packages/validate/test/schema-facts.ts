// What the tests must know about the schemas (which fields are required, which may be null), read
// from schemas/ under each profile instead of written out again: a field added to or made optional
// in a schema changes what the tests expect, not whether they pass.
import { applyProfile, loadSchemas, type Profile } from "@fwcall/schemas";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Node = Record<string, any>;

const SCHEMAS = new Map(loadSchemas().map(({ file, schema }) => [file, schema as Node]));

/** A schema file (or a node inside it, by property path) under one profile. */
function schemaAt(file: string, profile: Profile, path: readonly string[] = []): Node {
  const schema = SCHEMAS.get(file);
  if (!schema) throw new Error(`no schema file ${file} in @fwcall/schemas`);
  let node = applyProfile(schema, profile) as Node;
  for (const step of path) node = node.properties?.[step] ?? (() => { throw new Error(`${file}: no property ${path.join(".")}`); })();
  return node;
}

/** How each profile weighs a field: must it be there, and may it be null. */
export interface FieldFacts {
  key: string;
  /** Required by the documented contract (strict). */
  strictRequired: boolean;
  /** Required by what Freshworks really sends (lenient). */
  lenientRequired: boolean;
  strictNullable: boolean;
  lenientNullable: boolean;
}

/** The schema file a `$ref` names (relative to the schemas' root or by the end of its `$id`). */
function resolveRef(ref: string): string | undefined {
  const name = ref.replace(/^(\.\.?\/)+/, "");
  if (SCHEMAS.has(name)) return name;
  return [...SCHEMAS].find(([, schema]) => String(schema.$id).endsWith(`/${name}`))?.[0];
}

/** Whether a property schema admits null, following `$ref`s to other files. */
function admitsNull(node: Node | undefined, profile: Profile, seen = new Set<string>()): boolean {
  if (!node || typeof node !== "object") return true;
  if (node.$ref) {
    const target = resolveRef(String(node.$ref));
    if (!target || seen.has(target)) return false;
    seen.add(target);
    return admitsNull(applyProfile(SCHEMAS.get(target)!, profile) as Node, profile, seen);
  }
  if (node.const === null) return true;
  if (Array.isArray(node.enum)) return node.enum.includes(null);
  const branches = node.anyOf ?? node.oneOf;
  if (Array.isArray(branches)) return branches.some((branch: Node) => admitsNull(branch, profile, seen));
  if (node.type === undefined) return true;
  return Array.isArray(node.type) ? node.type.includes("null") : node.type === "null";
}

/**
 * Every documented property of a schema object, with whether each profile requires it and lets it be null.
 * @example fieldsOf("call.json").filter((f) => f.strictRequired).map((f) => f.key) // ["id", "direction", …]
 */
export function fieldsOf(file: string, path: readonly string[] = []): FieldFacts[] {
  const strict = schemaAt(file, "strict", path);
  const lenient = schemaAt(file, "lenient", path);
  const strictRequired = new Set<string>(strict.required ?? []);
  const lenientRequired = new Set<string>(lenient.required ?? []);
  return Object.keys(strict.properties ?? {}).map((key) => ({
    key,
    strictRequired: strictRequired.has(key),
    lenientRequired: lenientRequired.has(key),
    strictNullable: admitsNull(strict.properties[key], "strict"),
    lenientNullable: admitsNull(lenient.properties?.[key], "lenient"),
  }));
}

/** The keys each platform's envelope must carry to be that platform (envelope.json's anyOf branches). */
export function envelopeIdentityKeys(): string[] {
  const envelope = schemaAt("envelope.json", "strict");
  return (envelope.anyOf as Node[]).flatMap((branch) => (branch.required as string[] | undefined) ?? []);
}
