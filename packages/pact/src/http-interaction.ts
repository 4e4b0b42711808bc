// What a replay needs of one HTTP interaction, read from its JSON in every shape pact files use:
// V2/V3 plain header values, bodies and query strings, V4 header arrays and wrapped bodies. The
// shared model (pact-file.ts) keeps only what the pact-to-schema check reads; the request to send,
// the states' parameters and the response headers' rules are read here.
import { isJsonObject } from "./json.js";
import type { PactBody, PactInteraction } from "./pact-file.js";

/** One provider state with its parameters (`{}` without any, as pact-js hands them to a handler). */
export interface ProviderState {
  name: string;
  params: Record<string, unknown>;
}

/** The matchers a header's value must meet. */
export interface HeaderRule {
  combine: "AND" | "OR";
  /** Each matcher as the file writes it, `{ "match": "regex", "regex": "^\\S+$" }`. */
  matchers: Array<Record<string, unknown>>;
}

/** A header the response must carry: its name as the pact spells it, its example values, its rule. */
export interface ExpectedHeader {
  name: string;
  values: string[];
  rule: HeaderRule | undefined;
}

/** The request of an interaction, ready to send. */
interface InteractionRequest {
  method: string;
  path: string;
  /** Name and value pairs, in the pact's order. */
  query: Array<[string, string]>;
  /** Name and value pairs, names as the pact spells them, several values joined with ", ". */
  headers: Array<[string, string]>;
  /** Text, or the bytes of a base64-encoded body. */
  body: string | ArrayBuffer | undefined;
}

/** The response an interaction expects. */
export interface ExpectedResponse {
  status: number;
  headers: ExpectedHeader[];
  /** The body as the shared model reads it (example and matching rules); undefined when the pact expects none. */
  body: PactBody | undefined;
}

/** An HTTP interaction, read for a replay. */
export interface HttpInteraction {
  description: string;
  providerStates: ProviderState[];
  request: InteractionRequest;
  response: ExpectedResponse;
}

const asStrings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined || value === null ? [] : [String(value)]);

/** V3/V4 `{ name: [values] }` (or `{ name: value }`), or V2's query string. */
function readQuery(query: unknown): Array<[string, string]> {
  if (typeof query === "string") return [...new URLSearchParams(query)];
  if (!isJsonObject(query)) return [];
  return Object.entries(query).flatMap(([name, values]) => asStrings(values).map((value): [string, string] => [name, value]));
}

function readHeaders(headers: unknown): Array<{ name: string; values: string[] }> {
  if (!isJsonObject(headers)) return [];
  return Object.entries(headers).map(([name, values]) => ({ name, values: asStrings(values) }));
}

/** The rule of one header: V3/V4 `matchingRules.header[name]`, or V2's `matchingRules["$.headers.name"]`; names compared case-insensitively. */
function headerRuleOf(matchingRules: unknown, name: string): HeaderRule | undefined {
  if (!isJsonObject(matchingRules)) return undefined;
  const wanted = name.toLowerCase();
  let rule: unknown;
  if (isJsonObject(matchingRules.header)) {
    rule = Object.entries(matchingRules.header).find(([key]) => key.toLowerCase() === wanted)?.[1];
  } else {
    const v2Names = [`$.headers.${wanted}`, `$.headers['${wanted}']`, `$.headers["${wanted}"]`];
    rule = Object.entries(matchingRules).find(([key]) => v2Names.includes(key.toLowerCase()))?.[1];
  }
  if (!isJsonObject(rule)) return undefined;
  const matchers = Array.isArray(rule.matchers) ? rule.matchers.filter(isJsonObject) : [rule];
  return { combine: rule.combine === "OR" ? "OR" : "AND", matchers };
}

const isJsonType = (contentType: string | undefined) => contentType === undefined || /(^|\/|\+)json(\s*;|$)/i.test(contentType.trim());

/** The bytes a request body stands for: V4 `{ content, contentType, encoded }` (base64 decoded), or a V2/V3 value. */
function requestBody(raw: unknown, v4: boolean, contentType: string | undefined): { body: string | ArrayBuffer | undefined; contentType: string | undefined } {
  if (raw === undefined || raw === null) return { body: undefined, contentType };
  if (v4 && isJsonObject(raw) && "content" in raw) {
    const type = contentType ?? (typeof raw.contentType === "string" ? raw.contentType : undefined);
    const content = raw.content;
    if (typeof content === "string" && typeof raw.encoded === "string" && raw.encoded.toLowerCase() === "base64") return { body: new Uint8Array(Buffer.from(content, "base64")).buffer, contentType: type };
    // A string is the body's text (encoded "json" means JSON text); anything else is a JSON value.
    return { body: typeof content === "string" ? content : JSON.stringify(content), contentType: type };
  }
  // V2/V3 keep a JSON body as a value; a string under a non-JSON content type is the text itself.
  return { body: typeof raw === "string" && !isJsonType(contentType) ? raw : JSON.stringify(raw), contentType };
}

const valueOf = (headers: Array<{ name: string; values: string[] }>, name: string) => headers.find((h) => h.name.toLowerCase() === name)?.values.join(", ");

/**
 * An interaction's provider states with their parameters: V3/V4 `providerStates`, or V2's `providerState`.
 * @example readProviderStates({ providerStates: [{ name: "a call exists", params: { id: 7 } }] }) // [{ name: "a call exists", params: { id: 7 } }]
 */
export function readProviderStates(raw: Record<string, unknown>): ProviderState[] {
  if (Array.isArray(raw.providerStates)) return raw.providerStates.filter(isJsonObject).map((state) => ({ name: String(state.name ?? ""), params: isJsonObject(state.params) ? state.params : {} }));
  return typeof raw.providerState === "string" ? [{ name: raw.providerState, params: {} }] : [];
}

/**
 * Reads an HTTP interaction's JSON for a replay; `read` is the same interaction in the shared
 * model, which gives its description, status and response body.
 * @example readHttpInteraction(json.interactions[6], readPact(json).interactions[6]).response.headers // [{ name: "Location", values: ["https://…"], rule: { combine: "AND", matchers: [{ match: "regex", regex: "^\\S+$" }] } }]
 */
export function readHttpInteraction(raw: Record<string, unknown>, read: PactInteraction): HttpInteraction {
  const request = isJsonObject(raw.request) ? raw.request : {};
  const response = isJsonObject(raw.response) ? raw.response : {};
  const v4 = typeof raw.type === "string";
  const providerStates = readProviderStates(raw);
  const requestHeaders = readHeaders(request.headers);
  const sent = requestBody(request.body, v4, valueOf(requestHeaders, "content-type"));
  const headers = requestHeaders.map(({ name, values }): [string, string] => [name, values.join(", ")]);
  if (sent.body !== undefined && sent.contentType !== undefined && valueOf(requestHeaders, "content-type") === undefined) headers.push(["Content-Type", sent.contentType]);
  const body = read.bodies.find((b) => b.part === "response body");
  return {
    description: read.description,
    providerStates,
    request: { method: read.http?.method ?? "GET", path: read.http?.path ?? "/", query: readQuery(request.query), headers, body: sent.body },
    response: {
      status: read.http?.status ?? 200,
      headers: readHeaders(response.headers).map(({ name, values }) => ({ name, values, rule: headerRuleOf(response.matchingRules, name) })),
      body: body && (body.example !== undefined || body.unreadable !== undefined) ? body : undefined,
    },
  };
}
