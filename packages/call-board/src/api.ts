// The board's only REST client: every request it makes to the Freshcaller API is here, built from
// one base URL, so a contract test can point the same code at a Pact mock server.
import type { ApiError, ApiErrorDetail, CallListResponse, RestCall } from "@fwcall/types";

/** Where the API lives and how to authenticate. */
export interface ApiClientOptions {
  /** Absolute origin (and optional path prefix) under which `/api/v1` lives, e.g. "https://acme.freshcaller.com". */
  baseUrl: string;
  /** Sent in the X-Api-Auth header of every request. */
  apiKey: string;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

/** A page query of GET /api/v1/calls (the parameters the real API documents). */
interface CallPageQuery {
  /** 1-based page number (default 1). */
  page?: number;
  /** Calls per page, 1–100 (the API's default is 10). */
  perPage?: number;
  /** Only calls created at or after this ISO 8601 date-time. */
  from?: string;
  /** Only calls created at or before this ISO 8601 date-time. */
  to?: string;
}

/** The Freshcaller REST calls the board makes. */
export interface ApiClient {
  /** One page of GET /api/v1/calls. */
  listCalls(query?: CallPageQuery): Promise<CallListResponse>;
  /** Every page of GET /api/v1/calls in turn, `perPage` calls at a time (default 100, the API's maximum), until meta.total_pages. */
  listCallPages(query?: Omit<CallPageQuery, "page">): AsyncGenerator<CallListResponse, void, undefined>;
  /** GET /api/v1/calls/{id}; accepts `{ call }` and the bare call, both seen in the wild. */
  getCall(id: number): Promise<RestCall>;
  /**
   * The recording's file URL: the `Location` of GET /api/v1/calls/{id}/recording's redirect. A browser
   * hides that header from scripts (an "opaque redirect"), so there this rejects; use `call.recording.url`.
   */
  recordingLocation(id: number): Promise<string>;
}

/** The largest page the API serves. */
export const MAX_PER_PAGE = 100;
const AUTH_HEADER = "X-Api-Auth";

/** The API answered with an error status; carries the status, the API's error body and Retry-After. */
export class ApiRequestError extends Error {
  override readonly name = "ApiRequestError";
  /** HTTP status, e.g. 401, 404, 422, 429. */
  readonly status: number;
  /** What was asked, e.g. "GET /api/v1/calls?page=2&per_page=100". */
  readonly request: string;
  /** The API's error object, when the body was one. */
  readonly body: ApiError | undefined;
  /** Seconds to wait before retrying, from Retry-After (429, 503), if the API sent it. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: { status: number; request: string; body: ApiError | undefined; retryAfterSeconds: number | undefined; text: string }) {
    super(describeError(init));
    this.status = init.status;
    this.request = init.request;
    this.body = init.body;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/** The API could not be reached, or answered something that is not the documented shape. */
export class ApiResponseError extends Error {
  override readonly name = "ApiResponseError";
}

function describeError(init: { status: number; request: string; body: ApiError | undefined; retryAfterSeconds: number | undefined; text: string }): string {
  const what = init.body ? `${init.body.error_type}: ${init.body.message}` : init.text ? `body: ${init.text.slice(0, 200)}` : "no body";
  const details = (init.body?.errors ?? []).map((d: ApiErrorDetail) => (d.field ? `${d.field}: ${d.message ?? d.code ?? "invalid"}` : (d.message ?? d.code ?? "invalid"))).join("; ");
  const retry = init.retryAfterSeconds === undefined ? "" : `; retry after ${init.retryAfterSeconds} s`;
  return `${init.request} answered ${init.status} (${what})${details ? ` [${details}]` : ""}${retry}`;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function asApiError(value: unknown): ApiError | undefined {
  if (!isObject(value) || typeof value["error_type"] !== "string" || typeof value["message"] !== "string") return undefined;
  return { error_type: value["error_type"], message: value["message"], errors: Array.isArray(value["errors"]) ? (value["errors"] as ApiErrorDetail[]) : [] };
}

/** Retry-After as seconds: delta-seconds, or an HTTP date counted from `now`; undefined when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1_000));
}

function checkId(id: number): void {
  if (!Number.isSafeInteger(id) || id < 1) throw new RangeError(`A call id is a positive integer; got ${String(id)}`);
}

/**
 * A client of the Freshcaller REST API for the board.
 * @example
 * const api = createApiClient({ baseUrl: "https://acme.freshcaller.com", apiKey: "…" });
 * for await (const page of api.listCallPages()) console.log(page.meta.current, page.calls.length);
 * const call = await api.getCall(42);
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  let base: URL;
  try {
    base = new URL(`${options.baseUrl.replace(/\/+$/, "")}/api/v1/`);
  } catch {
    throw new TypeError(`baseUrl must be an absolute URL such as https://acme.freshcaller.com; got "${options.baseUrl}"`);
  }
  if (!options.apiKey.trim()) throw new TypeError(`apiKey is empty: the API needs a key in ${AUTH_HEADER}`);
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  /** Sends one GET; returns the response when `accept` says its status is expected, else throws ApiRequestError. */
  async function get(path: string, accept: (status: number) => boolean, redirect: RequestRedirect = "follow"): Promise<{ response: Response; label: string }> {
    const url = new URL(path, base);
    const label = `GET ${url.pathname}${url.search}`;
    let response: Response;
    try {
      response = await fetchImpl(url, { method: "GET", headers: { [AUTH_HEADER]: options.apiKey, Accept: "application/json" }, redirect });
    } catch (cause) {
      throw new ApiResponseError(`${label} failed: could not reach ${url.origin} (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
    }
    if (accept(response.status)) return { response, label };
    const text = await response.text().catch(() => "");
    let body: ApiError | undefined;
    try {
      body = asApiError(JSON.parse(text));
    } catch {
      body = undefined; // not JSON: the message quotes the text instead
    }
    throw new ApiRequestError({ status: response.status, request: label, body, retryAfterSeconds: retryAfterSeconds(response.headers.get("Retry-After")), text });
  }

  async function json(response: Response, label: string): Promise<unknown> {
    try {
      return await response.json();
    } catch {
      throw new ApiResponseError(`${label} answered ${response.status} with a body that is not JSON`);
    }
  }

  const ok = (status: number) => status >= 200 && status < 300;

  async function listCalls(query: CallPageQuery = {}): Promise<CallListResponse> {
    const params = new URLSearchParams();
    if (query.page !== undefined) params.set("page", String(query.page));
    if (query.perPage !== undefined) params.set("per_page", String(query.perPage));
    if (query.from !== undefined) params.set("by_time[from]", query.from);
    if (query.to !== undefined) params.set("by_time[to]", query.to);
    const search = params.toString() ? `?${params}` : "";
    const { response, label } = await get(`calls${search}`, ok);
    const body = await json(response, label);
    if (!isObject(body) || !Array.isArray(body["calls"]) || !isObject(body["meta"]) || typeof body["meta"]["total_pages"] !== "number") {
      throw new ApiResponseError(`${label} answered ${response.status} without { calls: [...], meta: { total_pages } }`);
    }
    return body as unknown as CallListResponse;
  }

  async function* listCallPages(query: Omit<CallPageQuery, "page"> = {}): AsyncGenerator<CallListResponse, void, undefined> {
    const perPage = query.perPage ?? MAX_PER_PAGE;
    for (let page = 1; ; page++) {
      const answer = await listCalls({ ...query, page, perPage });
      yield answer;
      // An empty page also stops: a total_pages that keeps growing must not page forever.
      if (page >= answer.meta.total_pages || answer.calls.length === 0) return;
    }
  }

  async function getCall(id: number): Promise<RestCall> {
    checkId(id);
    const { response, label } = await get(`calls/${id}`, ok);
    const body = await json(response, label);
    const call = isObject(body) && isObject(body["call"]) ? body["call"] : body;
    if (!isObject(call) || typeof call["id"] !== "number") throw new ApiResponseError(`${label} answered ${response.status} without a call`);
    return call as unknown as RestCall;
  }

  async function recordingLocation(id: number): Promise<string> {
    checkId(id);
    const isRedirect = (status: number) => status >= 300 && status < 400;
    // Status 0 is how a browser reports a redirect under redirect: "manual" (an opaque redirect).
    const { response, label } = await get(`calls/${id}/recording`, (status) => isRedirect(status) || status === 0, "manual");
    if (response.type === "opaqueredirect") {
      throw new ApiResponseError(`${label} redirected, but this runtime hides the Location header from scripts (a browser does); read call.recording.url instead`);
    }
    const location = response.headers.get("Location");
    if (!isRedirect(response.status) || !location) throw new ApiResponseError(`${label} answered ${response.status} without a redirect to the recording`);
    return new URL(location, new URL(`calls/${id}/recording`, base)).href;
  }

  return { listCalls, listCallPages, getCall, recordingLocation };
}
