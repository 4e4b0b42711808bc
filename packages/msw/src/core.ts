// The one framework-free core of the mock Freshcaller REST API. The msw handlers and the
// node:http server only translate their request into a MockRequest and a MockResponse back.
import { isDateTime } from "@fwcall/validate";
import { STATUS_CASES } from "@fwcall/cases";
import { isKnownCallStatus, type ApiError, type ApiErrorDetail, type RestCall } from "@fwcall/types";
import { callStore, DEFAULT_SCENARIO, DEFAULT_SEED, isScenarioName, SCENARIOS, type ScenarioName } from "./data.js";

export { SCENARIOS, DEFAULT_SCENARIO, DEFAULT_SEED, LIVE_START, isScenarioName, callStore, toRestCall, type ScenarioName, type CallStore } from "./data.js";

/** A request as the core sees it. */
export interface MockRequest {
  method: string;
  url: URL;
  /** A Headers object, or a plain record (node:http's `req.headers`: lower-case names, repeated ones as arrays). */
  headers: Headers | Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** The path and query of a request as the core reads them; a URL is one (the node:http server passes a lighter one). */
export interface ApiTarget {
  readonly pathname: string;
  /** "" or "?" followed by the query, as URL.search has it. */
  readonly search: string;
  readonly searchParams: URLSearchParams;
}

/** A response as the core produces it: `body` is JSON-serialisable, or null for no body. */
export interface MockResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown | null;
}

/** Options of the core (and of both adapters). */
export interface MockOptions {
  /** Seed of the data (default 1). */
  seed?: number;
  /** Default scenario; a request may choose another by header or query (default "every-case"). */
  scenario?: ScenarioName;
}

export const BASE_PATH = "/api/v1";
/** Request header (and `?scenario=` query parameter) that picks the scenario of one request. */
export const SCENARIO_HEADER = "X-Fwcall-Scenario";
export const AUTH_HEADER = "X-Api-Auth";
export const RETRY_AFTER_SECONDS = 30;
export const DEFAULT_PER_PAGE = 10;
export const MAX_PER_PAGE = 100;

/** The routes, as msw path patterns under the base path. */
export const ROUTES = {
  calls: `${BASE_PATH}/calls`,
  call: `${BASE_PATH}/calls/:id`,
  recording: `${BASE_PATH}/calls/:id/recording`,
} as const;
export type RouteName = keyof typeof ROUTES;

const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8" } as const;

/** An error response whose body is an ApiError. */
export function errorResponse(status: number, error_type: string, message: string, errors: ApiErrorDetail[] = [], headers: Record<string, string> = {}): MockResponse {
  const body: ApiError = { error_type, message, errors };
  return { status, headers: { ...JSON_HEADERS, ...headers }, body };
}

const json = (body: unknown, headers: Record<string, string> = {}): MockResponse => ({ status: 200, headers: { ...JSON_HEADERS, ...headers }, body });

const plain = (value: string | readonly string[] | undefined) => (typeof value === "string" ? value : value?.join(", "));

/** A header's value by its lower-case name; `lowerCaseNames`: the record has no other names, so an absent header needs no scan. */
function header(headers: MockRequest["headers"], lower: string, lowerCaseNames: boolean): string | undefined {
  if (headers instanceof Headers) return headers.get(lower) ?? undefined;
  if (Object.hasOwn(headers, lower)) return plain(headers[lower]);
  if (lowerCaseNames) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === lower) return plain(value);
  return undefined;
}
const AUTH_KEY = AUTH_HEADER.toLowerCase();
const SCENARIO_KEY = SCENARIO_HEADER.toLowerCase();

/** Which route a path names, with its call id; undefined for any other path. */
export function matchRoute(pathname: string): { route: RouteName; id?: string } | undefined {
  const path = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  if (path === ROUTES.calls) return { route: "calls" };
  const match = /^\/api\/v1\/calls\/([^/]+)(\/recording)?$/.exec(path);
  if (!match) return undefined;
  return { route: match[2] ? "recording" : "call", id: match[1]! };
}

/** The one query value of `name`; a second occurrence is an error. */
function single(url: ApiTarget, name: string, errors: ApiErrorDetail[]): string | undefined {
  const values = url.searchParams.getAll(name);
  if (values.length > 1) errors.push({ field: name, message: `${name} is given ${values.length} times; give it once`, code: "duplicate" });
  return values[0];
}

function integerParam(url: ApiTarget, name: string, min: number, max: number, fallback: number, errors: ApiErrorDetail[]): number {
  const raw = single(url, name, errors);
  if (raw === undefined) return fallback;
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (Number.isNaN(value) || value < min || value > max) {
    errors.push({ field: name, message: `${name} must be an integer from ${min} to ${max}; got "${raw.slice(0, 64)}"`, code: "invalid_value" });
    return fallback;
  }
  return value;
}

interface ListQuery {
  page: number;
  perPage: number;
  from: number | undefined;
  to: number | undefined;
  direction: string | undefined;
  status: ((code: number) => boolean) | undefined;
}

function statusMatcher(raw: string): ((code: number) => boolean) | undefined {
  if (/^\d{1,3}$/.test(raw)) {
    const code = Number(raw);
    return (c) => c === code;
  }
  if (raw === "unknown") return (c) => !isKnownCallStatus(c);
  const known = STATUS_CASES.find((s) => s.slug === raw);
  return known ? (c) => c === known.code : undefined;
}

function parseListQuery(url: ApiTarget): ListQuery | ApiErrorDetail[] {
  const errors: ApiErrorDetail[] = [];
  const page = integerParam(url, "page", 1, 1_000_000, 1, errors);
  const perPage = integerParam(url, "per_page", 1, MAX_PER_PAGE, DEFAULT_PER_PAGE, errors);
  const time = (field: string): number | undefined => {
    const raw = single(url, field, errors);
    if (raw === undefined) return undefined;
    if (!isDateTime(raw)) {
      errors.push({ field, message: `${field} must be an ISO 8601 date-time such as 2024-03-05T10:15:30Z; got "${raw.slice(0, 64)}"`, code: "invalid_date_time" });
      return undefined;
    }
    return Date.parse(raw);
  };
  const from = time("by_time[from]");
  const to = time("by_time[to]");
  if (from !== undefined && to !== undefined && from > to) errors.push({ field: "by_time[from]", message: "by_time[from] is after by_time[to]", code: "invalid_range" });
  const direction = single(url, "direction", errors);
  if (direction !== undefined && direction !== "incoming" && direction !== "outgoing") {
    errors.push({ field: "direction", message: `direction must be incoming or outgoing; got "${direction.slice(0, 64)}"`, code: "invalid_value" });
  }
  const rawStatus = single(url, "status", errors);
  const status = rawStatus === undefined ? undefined : statusMatcher(rawStatus);
  if (rawStatus !== undefined && !status) {
    errors.push({ field: "status", message: `status must be a call_status code or one of ${STATUS_CASES.map((s) => s.slug).join(", ")}; got "${rawStatus.slice(0, 64)}"`, code: "invalid_value" });
  }
  return errors.length > 0 ? errors : { page, perPage, from, to, direction, status };
}

/** List answers kept per store; beyond this many distinct queries, answers are built afresh. */
const MAX_CACHED_LISTS = 1_000;

/** The customer leg's status: the outcome of the call as the caller saw it. */
const customerStatus = (call: RestCall) => (call.participants.find((p) => p.connection_type === 0) ?? call.participants[0])?.call_status;

function listCalls(calls: readonly RestCall[], query: ListQuery): MockResponse {
  const bounded = query.from !== undefined || query.to !== undefined;
  const matching = calls.filter((call) => {
    if (bounded) {
      const created = Date.parse(call.created_time);
      if (query.from !== undefined && created < query.from) return false;
      if (query.to !== undefined && created > query.to) return false;
    }
    if (query.direction !== undefined && call.direction !== query.direction) return false;
    if (query.status) {
      const status = customerStatus(call);
      if (status === undefined || !query.status(status)) return false;
    }
    return true;
  });
  const start = (query.page - 1) * query.perPage;
  return json({
    calls: matching.slice(start, start + query.perPage),
    meta: { current: query.page, total_pages: Math.ceil(matching.length / query.perPage), total_count: matching.length },
  });
}

/** The `scenario` query parameter; a query that holds neither "scenario" nor a %-escape cannot name one, so it is not parsed. */
function scenarioParam(target: ApiTarget): string | null {
  const { search } = target;
  if (search === "" || (!search.includes("scenario") && !search.includes("%"))) return null;
  return target.searchParams.get("scenario");
}

function scenarioFor(target: ApiTarget, headers: MockRequest["headers"], options: MockOptions, lowerCaseNames = false): string {
  return scenarioParam(target) ?? header(headers, SCENARIO_KEY, lowerCaseNames) ?? options.scenario ?? DEFAULT_SCENARIO;
}

/** The scenario of a request: `?scenario=`, else the X-Fwcall-Scenario header, else the option. */
export function scenarioOf(request: MockRequest, options: MockOptions): string {
  return scenarioFor(request.url, request.headers, options);
}

const withScenario = (response: MockResponse, scenario: string): MockResponse => ({ ...response, headers: { ...response.headers, [SCENARIO_HEADER]: scenario } });

/**
 * Answers one request to the mock Freshcaller REST API. Checks run in this order: route (404),
 * method (405), X-Api-Auth (401), scenario name (422), rate limit (429), query (422), resource.
 * @example handleApiRequest({ method: "GET", url: new URL("http://x/api/v1/calls"), headers: { "X-Api-Auth": "k" } }, { seed: 7 })
 */
export function handleApiRequest(request: MockRequest, options: MockOptions = {}): MockResponse {
  return answerApiRequest(request.method, request.url, request.headers, options);
}

/**
 * handleApiRequest for a request already taken apart: the same answer, without a MockRequest or a
 * URL. `lowerCaseNames`: every header name is in lower case (node:http's `req.headers`).
 * @example answerApiRequest("GET", new URL("http://x/api/v1/calls/1"), { "x-api-auth": "k" }, { scenario: "busy-week" }, true)
 */
export function answerApiRequest(method: string, target: ApiTarget, headers: MockRequest["headers"], options: MockOptions = {}, lowerCaseNames = false): MockResponse {
  const { pathname } = target;
  const matched = matchRoute(pathname);
  if (!matched) return errorResponse(404, "route_not_found", `No route for ${pathname.slice(0, 256)}; routes live under ${BASE_PATH}: /calls, /calls/{id}, /calls/{id}/recording`);
  if (method !== "GET" && method.toUpperCase() !== "GET") {
    return errorResponse(405, "method_not_allowed", `${method.slice(0, 16)} is not allowed here; use GET`, [], { Allow: "GET" });
  }
  if (!header(headers, AUTH_KEY, lowerCaseNames)?.trim()) return errorResponse(401, "invalid_credentials", `Missing or empty ${AUTH_HEADER} header; send your API key in it`);
  const scenario = scenarioFor(target, headers, options, lowerCaseNames);
  if (!isScenarioName(scenario)) {
    return errorResponse(422, "invalid_value", `Unknown scenario "${scenario.slice(0, 64)}"`, [
      { field: "scenario", message: `scenario must be one of ${SCENARIOS.map((s) => s.name).join(", ")}`, code: "invalid_value" },
    ]);
  }
  if (scenario === "rate-limited") {
    return errorResponse(429, "rate_limit_exceeded", `Too many requests; retry after ${RETRY_AFTER_SECONDS} seconds`, [], { "Retry-After": String(RETRY_AFTER_SECONDS), [SCENARIO_HEADER]: scenario });
  }
  const store = callStore(options.seed ?? DEFAULT_SEED, scenario);
  if (matched.route === "calls") {
    // The data never change once built, so the same query of the same store gets the same answer,
    // the very same object: adapters may then cache what they make of it (server.ts its bytes).
    const key = target.search;
    const cached = store.lists.get(key);
    if (cached) return cached;
    const query = parseListQuery(target);
    const response = withScenario(Array.isArray(query) ? errorResponse(422, "invalid_value", "Invalid query parameters", query) : listCalls(store.calls, query), scenario);
    if (store.lists.size < MAX_CACHED_LISTS) store.lists.set(key, response);
    return response;
  }
  const id = /^\d{1,15}$/.test(matched.id ?? "") ? Number(matched.id) : undefined;
  const call = id === undefined ? undefined : store.byId.get(id);
  if (!call) return withScenario(errorResponse(404, "record_not_found", `Call with id ${(matched.id ?? "").slice(0, 64)} not found`), scenario);
  if (matched.route === "call") {
    let response = store.callResponses.get(call);
    if (!response) store.callResponses.set(call, (response = withScenario(json({ call }), scenario)));
    return response;
  }
  if (!call.recording) return withScenario(errorResponse(404, "record_not_found", `Call with id ${call.id} has no recording`), scenario);
  return { status: 302, headers: { Location: call.recording.url, [SCENARIO_HEADER]: scenario }, body: null };
}
