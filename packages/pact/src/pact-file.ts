// Reads any V2, V3 or V4 pact file into one model: its interactions, each with the bodies it holds
// (message contents, HTTP request and response bodies), their example JSON and their matching rules.
import { findDuplicateKeys, type DuplicateKey } from "@fwcall/validate";
import { isJsonObject } from "./json.js";

/** The kinds of interaction a pact file holds (V3 `messages[]` count as asynchronous messages). */
export type InteractionKind = "Asynchronous/Messages" | "Synchronous/Messages" | "Synchronous/HTTP";

/** One matching rule of a body: every matcher at a path, combined with AND (or OR). */
export interface BodyRule {
  /** Pact JSON path relative to the body, `$.data.call.id`. */
  path: string;
  combine: "AND" | "OR";
  /** Each matcher as the file writes it, `{ "match": "integer" }`. */
  matchers: Array<Record<string, unknown>>;
}

/** One body of an interaction. */
export interface PactBody {
  /** Which body: "contents", "request body", "response body", "response 1 contents". */
  part: string;
  /** Who produces it: the provider (a message, a response) or the consumer (a request). */
  producer: "provider" | "consumer";
  /** The example as JSON; undefined when the body is absent or not JSON (see `unreadable`). */
  example: unknown;
  /** Why the body could not be read as JSON, when it could not. */
  unreadable: string | undefined;
  /** Keys written twice in one object of a body held as JSON text (V4 `encoded` content), which JSON.parse silently dropped. */
  duplicateKeys: DuplicateKey[];
  rules: BodyRule[];
}

/** One interaction of a pact file. */
export interface PactInteraction {
  /** Position in the file's interactions (or messages), from 0. */
  index: number;
  description: string;
  providerStates: string[];
  kind: InteractionKind;
  /** Message metadata (messages only). */
  metadata: Record<string, unknown>;
  /** Request method and path and response status (HTTP only). */
  http: { method: string; path: string; status: number | undefined } | undefined;
  bodies: PactBody[];
}

/** A pact file, read. */
export interface PactDocument {
  consumer: string | undefined;
  provider: string | undefined;
  /** The pact specification version the file declares ("4.0", "3.0.0"), or "unknown". */
  specification: string;
  interactions: PactInteraction[];
}

/** A JSON document that is not a pact file. */
export class NotAPactError extends Error {
  override name = "NotAPactError";
}

const nameOf = (party: unknown): string | undefined => (isJsonObject(party) && typeof party.name === "string" ? party.name : undefined);

function specificationOf(metadata: unknown): string {
  if (!isJsonObject(metadata)) return "unknown";
  for (const key of ["pactSpecification", "pact-specification", "pactSpecificationVersion"]) {
    const value = metadata[key];
    if (typeof value === "string") return value;
    if (isJsonObject(value) && typeof value.version === "string") return value.version;
  }
  return "unknown";
}

/** The body rules of a matchingRules object: V3/V4 `{ body: { path: { matchers } } }`, or V2's flat `{ "$.body.x": { match } }`. */
function bodyRulesOf(matchingRules: unknown, flatPrefix: string): BodyRule[] {
  if (!isJsonObject(matchingRules)) return [];
  const rules: BodyRule[] = [];
  const add = (path: string, rule: unknown) => {
    if (!isJsonObject(rule)) return;
    const matchers = Array.isArray(rule.matchers) ? rule.matchers.filter(isJsonObject) : [rule];
    rules.push({ path, combine: rule.combine === "OR" ? "OR" : "AND", matchers });
  };
  if (isJsonObject(matchingRules.body)) {
    for (const [path, rule] of Object.entries(matchingRules.body)) add(path, rule);
    return rules;
  }
  for (const [path, rule] of Object.entries(matchingRules)) {
    if (path === flatPrefix) add("$", rule);
    else if (path.startsWith(`${flatPrefix}.`) || path.startsWith(`${flatPrefix}[`)) add(`$${path.slice(flatPrefix.length)}`, rule);
  }
  return rules;
}

const isJsonContentType = (contentType: unknown) => typeof contentType !== "string" || /(^|\/|\+)json(\s*;|$)/i.test(contentType.trim());

/**
 * A body as JSON: a V4 body `{ content, contentType, encoded }` (base64 decoded, "json" parsed,
 * otherwise as it stands), or a V2/V3 body as it stands.
 */
function readBody(raw: unknown, v4Wrapped: boolean, contentTypeHint?: unknown): { example: unknown; unreadable: string | undefined; duplicateKeys: DuplicateKey[] } {
  let content: unknown = raw;
  let contentType: unknown = contentTypeHint;
  let encoded: unknown = false;
  if (v4Wrapped && isJsonObject(raw) && "content" in raw) {
    content = raw.content;
    contentType = raw.contentType ?? contentTypeHint;
    encoded = raw.encoded;
  }
  if (content === undefined) return { example: undefined, unreadable: undefined, duplicateKeys: [] };
  if (!isJsonContentType(contentType)) return { example: undefined, unreadable: `a ${String(contentType)} body, not JSON`, duplicateKeys: [] };
  if (typeof content !== "string" || typeof encoded !== "string") return { example: content, unreadable: undefined, duplicateKeys: [] };
  const text = encoded.toLowerCase() === "base64" ? Buffer.from(content, "base64").toString("utf8") : content;
  let example: unknown;
  try {
    example = JSON.parse(text);
  } catch (error) {
    const why = error instanceof RangeError ? "nests too deeply to read" : "is not JSON";
    return { example: undefined, unreadable: `its ${encoded}-encoded content ${why}`, duplicateKeys: [] };
  }
  return { example, unreadable: undefined, duplicateKeys: findDuplicateKeys(text) };
}

function headerContentType(headers: unknown): unknown {
  if (!isJsonObject(headers)) return undefined;
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === "content-type") return Array.isArray(value) ? value[0] : value;
  return undefined;
}

function providerStatesOf(interaction: Record<string, unknown>): string[] {
  if (Array.isArray(interaction.providerStates)) return interaction.providerStates.filter(isJsonObject).map((s) => String(s.name ?? ""));
  return typeof interaction.providerState === "string" ? [interaction.providerState] : [];
}

function body(part: string, producer: PactBody["producer"], raw: unknown, rules: BodyRule[], v4Wrapped: boolean, contentType?: unknown): PactBody {
  return { part, producer, ...readBody(raw, v4Wrapped, contentType), rules };
}

function readInteraction(raw: unknown, index: number, fromMessages: boolean): PactInteraction {
  if (!isJsonObject(raw)) throw new NotAPactError(`interaction ${index + 1} is not a JSON object`);
  const description = typeof raw.description === "string" && raw.description !== "" ? raw.description : `interaction ${index + 1}`;
  const common = { index, description, providerStates: providerStatesOf(raw) };
  const metadata = isJsonObject(raw.metadata) ? raw.metadata : {};
  const type = typeof raw.type === "string" ? raw.type : undefined;
  if (fromMessages || type === "Asynchronous/Messages") {
    const v4 = type !== undefined;
    return {
      ...common,
      kind: "Asynchronous/Messages",
      metadata,
      http: undefined,
      bodies: [body("contents", "provider", raw.contents, bodyRulesOf(raw.matchingRules, "$.body"), v4, metadata.contentType ?? metadata["content-type"])],
    };
  }
  if (type === "Synchronous/Messages") {
    const request = isJsonObject(raw.request) ? raw.request : {};
    const responses = Array.isArray(raw.response) ? raw.response.filter(isJsonObject) : [];
    return {
      ...common,
      kind: "Synchronous/Messages",
      metadata,
      http: undefined,
      bodies: [
        body("request contents", "consumer", request.contents, bodyRulesOf(request.matchingRules, "$.body"), true),
        ...responses.map((response, i) => body(responses.length === 1 ? "response contents" : `response ${i + 1} contents`, "provider", response.contents, bodyRulesOf(response.matchingRules, "$.body"), true)),
      ],
    };
  }
  if (type !== undefined && type !== "Synchronous/HTTP") throw new NotAPactError(`interaction ${index + 1} ("${description}") has the unknown type "${type}"`);
  if (!isJsonObject(raw.request) && !isJsonObject(raw.response)) {
    throw new NotAPactError(`interaction ${index + 1} ("${description}") is neither a message nor an HTTP interaction: it has no request or response`);
  }
  const request = isJsonObject(raw.request) ? raw.request : {};
  const response = isJsonObject(raw.response) ? raw.response : {};
  const v4 = type !== undefined;
  return {
    ...common,
    kind: "Synchronous/HTTP",
    metadata,
    http: {
      method: typeof request.method === "string" ? request.method.toUpperCase() : "GET",
      path: typeof request.path === "string" ? request.path : "/",
      status: typeof response.status === "number" ? response.status : undefined,
    },
    bodies: [
      body("request body", "consumer", request.body, bodyRulesOf(request.matchingRules, "$.body"), v4, headerContentType(request.headers)),
      body("response body", "provider", response.body, bodyRulesOf(response.matchingRules, "$.body"), v4, headerContentType(response.headers)),
    ],
  };
}

/**
 * Reads a pact file's JSON; throws NotAPactError when it is not one.
 * @example readPact(JSON.parse(readFileSync("contracts/app-provider.json", "utf8"))).interactions.length
 */
export function readPact(json: unknown): PactDocument {
  if (!isJsonObject(json)) throw new NotAPactError(`not a pact file: expected a JSON object with "interactions" or "messages", found ${Array.isArray(json) ? "an array" : json === null ? "null" : `a ${typeof json}`}`);
  const interactions = json.interactions;
  const messages = json.messages;
  if (!Array.isArray(interactions) && !Array.isArray(messages)) {
    throw new NotAPactError('not a pact file: it has neither an "interactions" nor a "messages" array');
  }
  const read = [
    ...(Array.isArray(interactions) ? interactions.map((raw, i) => readInteraction(raw, i, false)) : []),
    ...(Array.isArray(messages) ? messages.map((raw, i) => readInteraction(raw, i, true)) : []),
  ];
  return { consumer: nameOf(json.consumer), provider: nameOf(json.provider), specification: specificationOf(json.metadata), interactions: read };
}
