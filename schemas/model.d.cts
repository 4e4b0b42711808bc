import type { Profile } from "./index.cjs";

/** A JSON type as JSON Schema names it. */
export type JsonSchemaType = "null" | "boolean" | "integer" | "number" | "string" | "array" | "object";
/** The two envelopes of docs/decisions/0002-two-envelopes.md: platform 2.x (`account_id`, `domain`) and 3.0 (`currentHost`). */
export type EnvelopeKind = "2.x" | "3.0";
/** The call events the model describes. */
export type ModelEventName = "onCallCreate" | "onCallUpdate";

/** One place of a resolved schema: JSON Schema draft-07 keywords, and `ref` where the schema referred to another. */
export interface SchemaNode {
  /** The definition this place referred to (its `$ref`), shared by identity; the node's other keywords apply beside it. */
  readonly ref?: Definition;
  readonly title?: string;
  readonly description?: string;
  readonly type?: JsonSchemaType | readonly JsonSchemaType[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly format?: string;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode | boolean>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode | boolean | readonly (SchemaNode | boolean)[];
  readonly allOf?: readonly SchemaNode[];
  readonly anyOf?: readonly SchemaNode[];
  readonly oneOf?: readonly SchemaNode[];
  readonly [keyword: string]: unknown;
}

/** A named enum: its documented values with their names, the same in both profiles. */
export interface EnumInfo {
  readonly name: string;
  readonly values: readonly (string | number)[];
  readonly names: readonly string[];
  readonly descriptions: readonly string[];
  /** Spellings seen in the docs, each with the canonical value it stands for. */
  readonly aliases: Readonly<Record<string, string | number>>;
  /** "both": lenient restricts the value too; "strict": only the documented contract does (Freshworks may send others). */
  readonly closedIn: "both" | "strict";
}

/** A schema with a name: one per schema file, plus the envelope variants. */
export interface Definition {
  /** The title, or a name from the file ("timestamp.json" → "Timestamp"); unique in the model. */
  readonly name: string;
  /** The schema's own title; undefined when it has none (a type generator inlines such schemas). */
  readonly title: string | undefined;
  readonly id: string;
  /** The schema file, relative to the package root ("enums/call-status.json"). */
  readonly file: string;
  /** "" for a whole file; a JSON pointer into it for a definition drawn from part of one ("/anyOf/0"). */
  readonly pointer: string;
  readonly schema: SchemaNode;
  readonly enum: EnumInfo | undefined;
  /** The file's top-level examples. */
  readonly examples: readonly unknown[];
}

/** One call event in one profile. */
export interface EventModel {
  readonly event: ModelEventName;
  /** The payload definition: both envelopes, through Envelope's anyOf. */
  readonly payload: Definition;
  /** The payload's node for one envelope alone: its allOf refers to that envelope variant. */
  readonly envelopes: ReadonlyMap<EnvelopeKind, SchemaNode>;
  /** The payload's node for one envelope; throws UnknownDefinitionError for another kind. */
  envelope(kind: EnvelopeKind): SchemaNode;
}

/** The schemas as one profile (docs/decisions/0007-two-validation-profiles.md) sees them. */
export interface ProfileModel {
  readonly profile: Profile;
  /** Every definition by name: schema-file order, then the envelope variants. */
  readonly definitions: ReadonlyMap<string, Definition>;
  readonly events: ReadonlyMap<ModelEventName, EventModel>;
  /** The REST resources (the `rest/` schemas), by title. */
  readonly resources: ReadonlyMap<string, Definition>;
  /** A definition by name; throws UnknownDefinitionError when there is none. */
  definition(name: string): Definition;
  /** The definition with this title, if any. */
  byTitle(title: string): Definition | undefined;
  event(name: ModelEventName): EventModel;
}

/** The resolved schema set in both profiles. */
export interface SchemaModel {
  /** The data format version of generated/model.json. */
  readonly format: number;
  readonly profiles: readonly Profile[];
  readonly enums: ReadonlyMap<string, EnumInfo>;
  profile(profile: Profile): ProfileModel;
}

/** The data of generated/model.json: definitions by name, refs by name (linkModel turns them into objects). */
export interface SchemaModelData {
  readonly format: number;
  readonly enums: Record<string, EnumInfo>;
  readonly profiles: Record<Profile, unknown>;
}

/** One field of an object node. */
export interface FieldInfo {
  readonly name: string;
  readonly schema: SchemaNode | boolean;
  readonly required: boolean;
  readonly nullable: boolean;
}

/** Thrown when a model is asked for a definition, event or profile it does not have. */
export class UnknownDefinitionError extends Error {}

/** ["lenient", "strict"]. */
export const MODEL_PROFILES: readonly Profile[];
/** ["2.x", "3.0"]. */
export const ENVELOPES: readonly EnvelopeKind[];
/** The committed model, loaded and linked on first call, then shared. */
export function schemaModel(): SchemaModel;
/** A model from generated/model.json data of another revision (parsed; taken over, not copied). */
export function linkModel(data: unknown): SchemaModel;
/** A node with its `ref` followed (the referred definition's schema); other nodes as they are. */
export function resolveNode(node: SchemaNode | boolean): SchemaNode | boolean;
/** Whether null is allowed at a node. */
export function isNullable(node: SchemaNode | boolean): boolean;
/** The fields of an object node, following `ref` and `allOf`, in declaration order. */
export function fieldsOf(node: SchemaNode): FieldInfo[];
/** Plain JSON Schema of a node: each `ref` as `{ $ref: ref(definition) }`, or inlined (an allOf part) when ref is absent or returns undefined. */
export function toJsonSchema(node: SchemaNode | boolean, options?: { ref?: (definition: Definition) => string | undefined }): unknown;
/** Every definition the nodes refer to, directly or through other definitions, in first-reached order. */
export function definitionsUnder(...nodes: readonly (SchemaNode | boolean)[]): Definition[];
