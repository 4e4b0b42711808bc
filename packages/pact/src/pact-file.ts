// Reads any V2, V3 or V4 pact file into one model: its interactions, each with the bodies it holds
// (message contents, HTTP request and response bodies), their example JSON and their matching rules.
import { findDuplicateKeys, type DuplicateKey } from "@fwcall/validate";
import { isJsonObject, shortJson } from "./json.js";

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
  /** Rules of the file that cannot be read (not an object, matchers not an array, …): not in `rules`. */
  ruleProblems: RuleProblem[];
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

/** What a JSON value is, in words: "an object", "a string". */
const describeJson = (value: unknown) => (Array.isArray(value) ? "an array" : isJsonObject(value) ? "an object" : `a ${typeof value}`);

const nameOf = (party: unknown): string | undefined => (isJsonObject(party) && typeof party.name === "string" ? party.name : undefined);

/** The specification versions fwcall reads: V1 to V4, as "1", "1.1", "2.0.0", "3.0.0", "4.0". */
const KNOWN_SPECIFICATION = /^[1-4](\.\d+){0,2}$/;

/** The pact specification version the metadata declares, "unknown" when it declares none; NotAPactError for one fwcall cannot read. */
function specificationOf(metadata: unknown): string {
  if (!isJsonObject(metadata)) return "unknown";
  for (const key of ["pactSpecification", "pact-specification", "pactSpecificationVersion"]) {
    if (!Object.hasOwn(metadata, key)) continue;
    const declared = metadata[key];
    const value = isJsonObject(declared) ? declared.version : declared;
    const version = typeof value === "number" ? String(value) : value;
    if (typeof version !== "string") throw new NotAPactError(`its metadata.${key} declares the pact specification version ${shortJson(value)}, not a version such as "4.0"`);
    if (!KNOWN_SPECIFICATION.test(version.trim())) throw new NotAPactError(`it declares pact specification version ${JSON.stringify(version)}, which fwcall does not read (it reads versions 1 to 4)`);
    return version.trim();
  }
  return "unknown";
}

/** The description an interaction is reported by in a NotAPactError. */
const named = (index: number, description: string) => `interaction ${index + 1} ("${description}")`;

/** HTTP fields the Pact verifier cannot read (a status that is no status number makes its core panic). */
function httpShapeProblem(request: Record<string, unknown>, response: Record<string, unknown>): string | undefined {
  const { status } = response;
  if (status !== undefined && !(typeof status === "number" && Number.isInteger(status) && status >= 100 && status <= 599)) {
    return `has the response status ${shortJson(status)}, not a whole number from 100 to 599`;
  }
  if (request.method !== undefined && typeof request.method !== "string") return `has the request method ${shortJson(request.method)}, not a string such as "GET"`;
  if (request.path !== undefined && typeof request.path !== "string") return `has the request path ${shortJson(request.path)}, not a string such as "/api/v1/calls"`;
  return undefined;
}

/** A rule of the file that cannot be read, at its path ("$" for the body's rules as a whole). */
interface RuleProblem {
  path: string;
  message: string;
}

/** A body's rules as read, and the ones that could not be. */
interface ReadRules {
  rules: BodyRule[];
  problems: RuleProblem[];
}

/** One rule (`{ matchers: [...], combine }`, or V2's bare matcher): its matchers, or why it cannot be read. */
function readRule(path: string, rule: unknown, read: ReadRules): void {
  if (!isJsonObject(rule)) {
    read.problems.push({ path, message: `the rule is ${describeJson(rule)}, not an object with "matchers"` });
    return;
  }
  if (rule.combine !== undefined && rule.combine !== "AND" && rule.combine !== "OR") {
    read.problems.push({ path, message: `the rule combines its matchers with ${shortJson(rule.combine)}; Pact knows "AND" and "OR"` });
  }
  if (rule.matchers !== undefined && !Array.isArray(rule.matchers)) {
    read.problems.push({ path, message: `the rule's "matchers" is ${describeJson(rule.matchers)}, not an array` });
    return;
  }
  const matchers: Array<Record<string, unknown>> = [];
  (Array.isArray(rule.matchers) ? (rule.matchers as unknown[]) : [rule]).forEach((matcher, i) => {
    if (!isJsonObject(matcher)) read.problems.push({ path, message: `matcher ${i + 1} is ${describeJson(matcher)}, not an object such as { "match": "type" }` });
    else if (matcher.match !== undefined && typeof matcher.match !== "string") read.problems.push({ path, message: `matcher ${i + 1} has "match": ${shortJson(matcher.match)}, not a matcher name such as "type"` });
    else matchers.push(matcher);
  });
  read.rules.push({ path, combine: rule.combine === "OR" ? "OR" : "AND", matchers });
}

/** The body rules of a matchingRules object: V3/V4 `{ body: { path: { matchers } } }`, or V2's flat `{ "$.body.x": { match } }`. */
function bodyRulesOf(matchingRules: unknown, flatPrefix: string): ReadRules {
  const read: ReadRules = { rules: [], problems: [] };
  if (matchingRules === undefined || matchingRules === null) return read;
  if (!isJsonObject(matchingRules)) {
    read.problems.push({ path: "$", message: `its matchingRules is ${describeJson(matchingRules)}, not an object: none of its rules is read` });
    return read;
  }
  if (matchingRules.body !== undefined && matchingRules.body !== null) {
    if (!isJsonObject(matchingRules.body)) read.problems.push({ path: "$", message: `its matchingRules.body is ${describeJson(matchingRules.body)}, not an object: none of its rules is read` });
    else for (const [path, rule] of Object.entries(matchingRules.body)) readRule(path, rule, read);
    return read;
  }
  for (const [path, rule] of Object.entries(matchingRules)) {
    if (path === flatPrefix) readRule("$", rule, read);
    else if (path.startsWith(`${flatPrefix}.`) || path.startsWith(`${flatPrefix}[`)) readRule(`$${path.slice(flatPrefix.length)}`, rule, read);
  }
  return read;
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

function body(part: string, producer: PactBody["producer"], raw: unknown, rules: ReadRules, v4Wrapped: boolean, contentType?: unknown): PactBody {
  return { part, producer, ...readBody(raw, v4Wrapped, contentType), rules: rules.rules, ruleProblems: rules.problems };
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
  if (type !== undefined && type !== "Synchronous/HTTP") throw new NotAPactError(`${named(index, description)} has the unknown type "${type}"`);
  if (!isJsonObject(raw.request) && !isJsonObject(raw.response)) {
    throw new NotAPactError(`${named(index, description)} is neither a message nor an HTTP interaction: it has no request or response`);
  }
  const request = isJsonObject(raw.request) ? raw.request : {};
  const response = isJsonObject(raw.response) ? raw.response : {};
  const shapeProblem = httpShapeProblem(request, response);
  if (shapeProblem !== undefined) throw new NotAPactError(`${named(index, description)} ${shapeProblem}`);
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
  for (const [name, value] of [["interactions", interactions], ["messages", messages]] as const) {
    if (value !== undefined && value !== null && !Array.isArray(value)) throw new NotAPactError(`not a pact file: its "${name}" is ${describeJson(value)}, not an array`);
  }
  if (!Array.isArray(interactions) && !Array.isArray(messages)) {
    throw new NotAPactError('not a pact file: it has neither an "interactions" nor a "messages" array');
  }
  const specification = specificationOf(json.metadata);
  const read = [
    ...(Array.isArray(interactions) ? interactions.map((raw, i) => readInteraction(raw, i, false)) : []),
    ...(Array.isArray(messages) ? messages.map((raw, i) => readInteraction(raw, i, true)) : []),
  ];
  return { consumer: nameOf(json.consumer), provider: nameOf(json.provider), specification, interactions: read };
}
