// An HTTP interaction against an OpenAPI 3 document: the operation its request names (a path
// template, behind a server's base path, and the method), the parameters it sends (each declared,
// each value accepted by its schema, every required one present), its credentials (the security
// scheme), and the response the document documents for its status, headers and content type.
import { isJsonObject } from "../json.js";
import type { PactBody, PactInteraction } from "../pact-file.js";
import type { Report } from "../check/check-pact.js";
import type { FindingPlace } from "../check/findings.js";
import type { BodyPromise, PreparedProvider } from "./check-provider.js";
import { pointerToken as escape } from "./document.js";

type Json = Record<string, unknown>;

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Headers HTTP itself (or content negotiation) uses: no API description declares them. */
const STANDARD_HEADERS = new Set(["accept", "accept-encoding", "accept-language", "content-type", "content-length", "user-agent", "host", "connection", "date", "transfer-encoding", "cache-control", "pragma", "vary", "etag", "server", "keep-alive"]);

const list = (values: Iterable<string>) => [...values].join(", ") || "none";

/** One request parameter, as the document declares it. */
interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema: unknown;
}

/** A request value as the type its schema wants: "42" for an integer parameter is 42. */
function coerce(value: string, schema: unknown, follow: (node: unknown) => { node: unknown }): unknown {
  const { node } = follow(schema);
  const types = isJsonObject(node) ? (typeof node.type === "string" ? [node.type] : Array.isArray(node.type) ? node.type : []) : [];
  if ((types.includes("integer") || types.includes("number")) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value)) return Number(value);
  if (types.includes("boolean") && (value === "true" || value === "false")) return value === "true";
  return value;
}

/** The base paths the document's servers put before its paths ("" always). */
function basePaths(root: Json): string[] {
  const out = new Set([""]);
  for (const server of Array.isArray(root.servers) ? root.servers : []) {
    if (!isJsonObject(server) || typeof server.url !== "string") continue;
    const variables = isJsonObject(server.variables) ? server.variables : {};
    const url = server.url.replace(/\{([^}]*)\}/g, (_, name: string) => {
      const variable = variables[name];
      return isJsonObject(variable) && typeof variable.default === "string" ? variable.default : "";
    });
    out.add(url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "").replace(/\/+$/, ""));
  }
  return [...out];
}

/** The query of a request as the file writes it (V2 a string, later an object of value lists), and what the path carries after `?`. */
function queryOf(request: Json, path: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (name: string, value: string) => out.set(name, [...(out.get(name) ?? []), value]);
  const text = [path.includes("?") ? path.slice(path.indexOf("?") + 1) : "", typeof request.query === "string" ? request.query : ""].filter((t) => t !== "").join("&");
  for (const [name, value] of new URLSearchParams(text)) add(name, value);
  if (isJsonObject(request.query)) {
    for (const [name, values] of Object.entries(request.query)) for (const value of Array.isArray(values) ? values : [values]) add(name, String(value));
  }
  return out;
}

/** Headers as the file writes them (a string, or V4's list of strings), by lower-case name. */
function headersOf(message: unknown): Map<string, { name: string; values: string[] }> {
  const out = new Map<string, { name: string; values: string[] }>();
  const headers = isJsonObject(message) && isJsonObject(message.headers) ? message.headers : {};
  for (const [name, value] of Object.entries(headers)) out.set(name.toLowerCase(), { name, values: (Array.isArray(value) ? value : [value]).map(String) });
  return out;
}

function parametersOf(pathItem: Json, operation: Json, follow: (node: unknown) => { node: unknown }): Parameter[] {
  const byKey = new Map<string, Parameter>();
  for (const raw of [...(Array.isArray(pathItem.parameters) ? pathItem.parameters : []), ...(Array.isArray(operation.parameters) ? operation.parameters : [])]) {
    const { node } = follow(raw);
    if (!isJsonObject(node) || typeof node.name !== "string" || typeof node.in !== "string") continue;
    let schema = node.schema;
    // A parameter may give its schema under `content` instead.
    if (schema === undefined && isJsonObject(node.content)) schema = Object.values(node.content).map((m) => (isJsonObject(m) ? m.schema : undefined)).find((s) => s !== undefined);
    const key = `${node.in}\u0000${node.in === "header" ? node.name.toLowerCase() : node.name}`;
    byKey.set(key, { name: node.name, in: node.in, required: node.required === true || node.in === "path", schema });
  }
  return [...byKey.values()];
}

/** The documented template that matches a path best (most literal segments), with the values of its parameters. */
function matchPath(paths: Json, path: string, bases: readonly string[]): { template: string; params: Map<string, string> } | undefined {
  let best: { template: string; params: Map<string, string>; literal: number } | undefined;
  for (const base of bases) {
    if (base !== "" && !path.startsWith(`${base}/`) && path !== base) continue;
    const segments = path.slice(base.length).replace(/\/+$/, "").split("/");
    for (const template of Object.keys(paths)) {
      if (!template.startsWith("/")) continue;
      const parts = template.replace(/\/+$/, "").split("/");
      if (parts.length !== segments.length) continue;
      const params = new Map<string, string>();
      let literal = 0;
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const part = parts[i]!;
        let segment: string;
        try {
          segment = decodeURIComponent(segments[i]!);
        } catch {
          segment = segments[i]!;
        }
        const whole = /^\{([^{}]+)\}$/.exec(part);
        if (whole) {
          if (segment === "") ok = false;
          else params.set(whole[1]!, segment);
        } else if (part === segment) literal++;
        else ok = false;
      }
      if (ok && (!best || literal > best.literal)) best = { template, params, literal };
    }
  }
  return best;
}

/** What the interaction's response is held against, once its request names an operation. */
export interface MatchedOperation {
  /** The schema the document promises for a response body, or undefined after reporting why there is none. */
  bodyPromise(body: PactBody, report: Report): BodyPromise | undefined;
}

/**
 * Finds the operation an HTTP interaction's request names and checks the request and the response
 * status and headers; undefined (after reporting) when no operation or response is documented.
 * @example matchHttpInteraction(interaction, rawInteraction, provider, collector.reporter)?.bodyPromise(body, report)
 */
export function matchHttpInteraction(interaction: PactInteraction, raw: unknown, provider: PreparedProvider, reporter: (place: FindingPlace) => Report): MatchedOperation | undefined {
  const { doc, validate } = provider;
  const http = interaction.http!;
  const place = (part: string): FindingPlace => ({ interaction: interaction.description, index: interaction.index, part, schema: undefined });
  const request = reporter(place("request"));
  const rawRequest = isJsonObject(raw) && isJsonObject(raw.request) ? raw.request : {};
  const rawResponse = isJsonObject(raw) && isJsonObject(raw.response) ? raw.response : {};
  const paths = isJsonObject(doc.root.paths) ? doc.root.paths : {};
  const pathOnly = http.path.split("?")[0] ?? "";
  const matched = matchPath(paths, pathOnly, basePaths(doc.root));
  if (!matched) {
    request("error", "$.path", "provider:path", `no path of the document matches ${pathOnly} (it documents ${list(Object.keys(paths))})`);
    return undefined;
  }
  const { node: pathItem } = doc.follow(paths[matched.template]);
  const method = http.method.toLowerCase();
  const operation = isJsonObject(pathItem) ? doc.follow(pathItem[method]).node : undefined;
  if (!isJsonObject(pathItem) || !isJsonObject(operation)) {
    const documented = isJsonObject(pathItem) ? METHODS.filter((m) => isJsonObject(pathItem[m])).map((m) => m.toUpperCase()) : [];
    request("error", "$.method", "provider:method", `${http.method.toUpperCase()} is not documented for ${matched.template} (it documents ${list(documented)})`);
    return undefined;
  }
  const route = `${http.method.toUpperCase()} ${matched.template}`;
  const parameters = parametersOf(pathItem, operation, doc.follow);
  const checkValue = (parameter: Parameter, value: string, path: string, rule: string) => {
    if (parameter.schema === undefined) return;
    const problems = validate(parameter.schema, coerce(value, parameter.schema, doc.follow));
    if ("unchecked" in problems) request("warning", path, rule, `the value ${JSON.stringify(value)} is not checked: ${problems.unchecked}`);
    else for (const problem of problems) request("error", path, rule, `the ${parameter.in} parameter ${parameter.name} of ${route} is ${JSON.stringify(value)}, which its schema refuses: ${problem.pointer === "" ? "" : `${problem.pointer} `}${problem.message}`);
  };
  for (const [name, value] of matched.params) {
    const parameter = parameters.find((p) => p.in === "path" && p.name === name);
    if (parameter) checkValue(parameter, value, "$.path", "provider:path");
    else request("warning", "$.path", "provider:path", `${matched.template} names the path parameter ${name}, which ${route} does not declare`);
  }

  const query = queryOf(rawRequest, http.path);
  for (const [name, values] of query) {
    const parameter = parameters.find((p) => p.in === "query" && p.name === name);
    if (!parameter) request("error", `$.query.${name}`, "provider:query", `the query parameter ${name} is not documented for ${route} (it documents ${list(parameters.filter((p) => p.in === "query").map((p) => p.name))})`);
    else for (const value of values) checkValue(parameter, value, `$.query.${name}`, "provider:query");
  }
  for (const parameter of parameters) {
    if (parameter.in === "query" && parameter.required && !query.has(parameter.name)) request("error", `$.query.${parameter.name}`, "provider:query", `${route} requires the query parameter ${parameter.name}, which the request does not send`);
  }

  const status = http.status ?? 200;
  const headers = headersOf(rawRequest);
  const credentials = securityHeaders(operation, doc.root, doc.follow);
  for (const [lower, { name, values }] of headers) {
    const parameter = parameters.find((p) => p.in === "header" && p.name.toLowerCase() === lower);
    if (parameter) for (const value of values) checkValue(parameter, value, `$.headers.${name}`, "provider:header");
    else if (!STANDARD_HEADERS.has(lower) && !credentials.names.has(lower)) request("warning", `$.headers.${name}`, "provider:header", `the request header ${name} is not documented for ${route}`);
  }
  for (const parameter of parameters) {
    if (parameter.in === "header" && parameter.required && !headers.has(parameter.name.toLowerCase())) request("error", `$.headers.${parameter.name}`, "provider:header", `${route} requires the header ${parameter.name}, which the request does not send`);
  }
  // A request without credentials may expect only the refusal (401 or 403).
  if (credentials.requirements.length > 0 && status !== 401 && status !== 403) {
    const met = credentials.requirements.some((names) => [...names].every((n) => headers.has(n) || (n.startsWith("?") && query.has(n.slice(1)))));
    if (!met) request("error", "$.headers", "provider:security", `${route} requires credentials (${credentials.describe}), which the request does not send; only a ${status === 401 ? "" : "401 or 403 "}refusal could be expected without them`);
  }

  const responseReport = reporter(place("response"));
  const responses = isJsonObject(operation.responses) ? operation.responses : {};
  const key = [String(status), `${String(status)[0]}XX`, `${String(status)[0]}xx`, "default"].find((k) => Object.hasOwn(responses, k));
  if (key === undefined) {
    responseReport("error", "$.status", "provider:status", `the status ${status} is not documented for ${route} (it documents ${list(Object.keys(responses))})`);
    return undefined;
  }
  const { node: response } = doc.follow(responses[key]);
  if (!isJsonObject(response)) return undefined;
  const documentedHeaders = new Set(Object.keys(isJsonObject(response.headers) ? response.headers : {}).map((h) => h.toLowerCase()));
  const responseHeaders = headersOf(rawResponse);
  for (const [lower, { name }] of responseHeaders) {
    if (!STANDARD_HEADERS.has(lower) && !documentedHeaders.has(lower)) responseReport("error", `$.headers.${name}`, "provider:header", `the consumer expects the response header ${name}, which the ${key} response of ${route} does not document`);
  }
  const pointer = `#/paths/${escape(matched.template)}/${method}/responses/${escape(key)}`;
  return {
    bodyPromise(body, report) {
      const content = isJsonObject(response.content) ? response.content : undefined;
      if (content === undefined || Object.keys(content).length === 0) {
        if (body.example !== undefined) report("error", "$", "provider:no-schema", `the ${key} response of ${route} documents no body, but the consumer expects one`);
        return undefined;
      }
      const declared = responseHeaders.get("content-type")?.values[0] ?? (isJsonObject(rawResponse.body) && typeof rawResponse.body.contentType === "string" ? rawResponse.body.contentType : undefined);
      const wanted = declared?.split(";")[0]!.trim().toLowerCase();
      const types = Object.keys(content);
      const type = wanted
        ? (types.find((t) => t.toLowerCase() === wanted) ?? types.find((t) => t === `${wanted.split("/")[0]}/*` || t === "*/*"))
        : (types.find((t) => /^application\/(.+\+)?json$/i.test(t)) ?? types[0]);
      if (type === undefined) {
        report("error", "$", "provider:content-type", `the consumer expects ${wanted}, but the ${key} response of ${route} documents only ${list(types)}`);
        return undefined;
      }
      const media = doc.follow(content[type]).node;
      const schema = isJsonObject(media) ? media.schema : undefined;
      if (schema === undefined) {
        report("warning", "$", "provider:no-schema", `the ${key} response of ${route} documents ${type} without a schema: the body is not checked`);
        return undefined;
      }
      const followed = doc.follow(schema);
      return { name: followed.ref ?? `${pointer}/content/${escape(type)}/schema`, schema, lenient: undefined };
    },
  };
}

/** The credentials an operation requires: each alternative as the lower-case header names (or `?name` query names) it needs. */
function securityHeaders(operation: Json, root: Json, follow: (node: unknown) => { node: unknown }): { requirements: Array<Set<string>>; names: Set<string>; describe: string } {
  const security = Array.isArray(operation.security) ? operation.security : Array.isArray(root.security) ? root.security : [];
  const components = isJsonObject(root.components) && isJsonObject(root.components.securitySchemes) ? root.components.securitySchemes : {};
  const requirements: Array<Set<string>> = [];
  const names = new Set<string>();
  const described: string[] = [];
  for (const requirement of security) {
    if (!isJsonObject(requirement)) continue;
    const needed = new Set<string>();
    for (const schemeName of Object.keys(requirement)) {
      const { node: scheme } = follow(components[schemeName]);
      if (!isJsonObject(scheme)) continue;
      if (scheme.type === "apiKey" && typeof scheme.name === "string") {
        const name = scheme.in === "query" ? `?${scheme.name}` : scheme.name.toLowerCase();
        if (scheme.in === "cookie") needed.add("cookie");
        else needed.add(name);
        described.push(`${scheme.name} in ${String(scheme.in)}`);
      } else {
        needed.add("authorization");
        described.push(`${schemeName}: Authorization header`);
      }
    }
    // An empty requirement ({}) makes credentials optional.
    if (needed.size === 0) return { requirements: [], names, describe: "" };
    for (const name of needed) names.add(name);
    requirements.push(needed);
  }
  return { requirements, names, describe: [...new Set(described)].join(" or ") };
}
