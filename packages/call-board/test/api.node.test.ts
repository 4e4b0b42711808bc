// The REST client against the @fwcall/msw handlers through msw's setupServer. setupServer intercepts
// fetch in this process, so no real server may run in this file.
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { callStore, createHandlers, RETRY_AFTER_SECONDS } from "@fwcall/msw";
import { ApiRequestError, ApiResponseError, createApiClient, MAX_PER_PAGE, retryAfterSeconds } from "../src/api.js";
import { rejectionOf } from "./rejection.js";

const BASE = "https://acme.freshcaller.com";
const LIMITED = "https://limited.freshcaller.com";
const SEED = 4;
const server = setupServer(...createHandlers({ baseUrl: BASE, seed: SEED, stream: false }), ...createHandlers({ baseUrl: LIMITED, scenario: "rate-limited", stream: false }));
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const api = createApiClient({ baseUrl: BASE, apiKey: "test-key" });
const store = callStore(SEED, "every-case");

describe("createApiClient", () => {
  it("lists one page of calls", async () => {
    const page = await api.listCalls({ page: 2, perPage: 5 });
    expect(page.meta).toEqual({ current: 2, total_pages: Math.ceil(store.calls.length / 5), total_count: store.calls.length });
    expect(page.calls.map((c) => c.id)).toEqual(store.calls.slice(5, 10).map((c) => c.id));
  });

  it("pages through every call, 100 at a time", async () => {
    const pages = [];
    for await (const page of api.listCallPages()) pages.push(page);
    expect(pages.map((p) => p.meta.current)).toEqual(Array.from({ length: Math.ceil(store.calls.length / MAX_PER_PAGE) }, (_, i) => i + 1));
    expect(pages.flatMap((p) => p.calls)).toEqual(store.calls);
  });

  it("passes by_time through to the API", async () => {
    const page = await api.listCalls({ from: "2030-01-01T00:00:00Z", to: "2030-01-02T00:00:00Z" });
    expect(page.meta.total_count).toBe(0);
  });

  it("reads one call, wrapped as documented or bare as some clients see it", async () => {
    const call = store.calls[3]!;
    expect(await api.getCall(call.id)).toEqual(call);
    server.use(http.get(`${BASE}/api/v1/calls/:id`, () => HttpResponse.json(call)));
    expect(await api.getCall(call.id)).toEqual(call);
  });

  it("reads a recording's location from the 302", async () => {
    const recorded = store.calls.find((c) => c.recording)!;
    expect(await api.recordingLocation(recorded.id)).toBe(recorded.recording!.url);
    const silent = store.calls.find((c) => !c.recording)!;
    const error = await rejectionOf(api.recordingLocation(silent.id));
    expect(error).toBeInstanceOf(ApiRequestError);
    expect((error as ApiRequestError).status).toBe(404);
  });

  it("401 without the key: status, the API's error body, a message that says so", async () => {
    const keyless = createApiClient({
      baseUrl: BASE,
      apiKey: "test-key",
      // Drops the header on the way out, to see the API's answer to a request without it.
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        headers.delete("X-Api-Auth");
        return fetch(input, { ...init, headers });
      },
    });
    const error = (await rejectionOf(keyless.listCalls())) as ApiRequestError;
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error.status).toBe(401);
    expect(error.body?.error_type).toBe("invalid_credentials");
    expect(error.request).toBe("GET /api/v1/calls");
    expect(error.message).toMatch(/^GET \/api\/v1\/calls answered 401 \(invalid_credentials: Missing or empty X-Api-Auth/);
    expect(error.retryAfterSeconds).toBeUndefined();
  });

  it("404 for an unknown call", async () => {
    const missing = Math.max(...store.calls.map((c) => c.id)) + 1;
    const error = (await rejectionOf(api.getCall(missing))) as ApiRequestError;
    expect(error.status).toBe(404);
    expect(error.body?.error_type).toBe("record_not_found");
    expect(error.message).toContain(`GET /api/v1/calls/${missing} answered 404`);
  });

  it("422 for an invalid query, naming each offending parameter", async () => {
    const error = (await rejectionOf(api.listCalls({ perPage: 500, from: "yesterday" }))) as ApiRequestError;
    expect(error.status).toBe(422);
    expect(error.body?.errors.map((e) => e.field).sort()).toEqual(["by_time[from]", "per_page"]);
    expect(error.message).toContain("per_page: per_page must be an integer from 1 to 100");
    expect(error.message).toContain("by_time[from]: by_time[from] must be an ISO 8601 date-time");
  });

  it("429 surfaces Retry-After", async () => {
    const limited = createApiClient({ baseUrl: LIMITED, apiKey: "test-key" });
    const error = (await rejectionOf(limited.listCalls())) as ApiRequestError;
    expect(error.status).toBe(429);
    expect(error.body?.error_type).toBe("rate_limit_exceeded");
    expect(error.retryAfterSeconds).toBe(RETRY_AFTER_SECONDS);
    expect(error.message).toMatch(new RegExp(`retry after ${RETRY_AFTER_SECONDS} s$`));
    // The pager stops at the first failing page instead of skipping it.
    await expect(limited.listCallPages().next()).rejects.toBeInstanceOf(ApiRequestError);
  });

  it("an error body that is not the API's: the status and the text", async () => {
    server.use(http.get(`${BASE}/api/v1/calls`, () => new HttpResponse("<html>502 Bad Gateway</html>", { status: 502, headers: { "Content-Type": "text/html" } })));
    const error = (await rejectionOf(api.listCalls())) as ApiRequestError;
    expect(error.status).toBe(502);
    expect(error.body).toBeUndefined();
    expect(error.message).toContain("answered 502 (body: <html>502 Bad Gateway</html>)");
  });

  it("a success that is not the documented shape, and an unreachable API", async () => {
    server.use(http.get(`${BASE}/api/v1/calls`, () => HttpResponse.json({ data: [] })));
    await expect(api.listCalls()).rejects.toThrow(/without \{ calls: \[\.\.\.\], meta: \{ total_pages \} \}/);
    server.use(http.get(`${BASE}/api/v1/calls/:id`, () => new HttpResponse("not json", { status: 200 })));
    await expect(api.getCall(1)).rejects.toThrow(/with a body that is not JSON/);
    server.use(http.get(`${BASE}/api/v1/calls`, () => HttpResponse.error()));
    const error = await rejectionOf(api.listCalls());
    expect(error).toBeInstanceOf(ApiResponseError);
    expect((error as Error).message).toMatch(/^GET \/api\/v1\/calls failed: could not reach https:\/\/acme\.freshcaller\.com/);
  });

  it("refuses what cannot be a request before sending it", async () => {
    expect(() => createApiClient({ baseUrl: "acme.freshcaller.com", apiKey: "k" })).toThrow(/baseUrl must be an absolute URL/);
    expect(() => createApiClient({ baseUrl: BASE, apiKey: " " })).toThrow(/apiKey is empty/);
    await expect(api.getCall(0)).rejects.toThrow(RangeError);
    await expect(api.recordingLocation(1.5)).rejects.toThrow(/positive integer/);
  });

  it("keeps a path prefix of the base URL", async () => {
    const seen: string[] = [];
    const prefixed = createApiClient({
      baseUrl: "https://proxy.example.test/freshcaller/",
      apiKey: "k",
      fetch: async (input) => {
        seen.push(String(input));
        return HttpResponse.json({ calls: [], meta: { current: 1, total_pages: 0, total_count: 0 } });
      },
    });
    await prefixed.listCalls({ page: 1, perPage: 100 });
    expect(seen).toEqual(["https://proxy.example.test/freshcaller/api/v1/calls?page=1&per_page=100"]);
  });
});

describe("retryAfterSeconds", () => {
  it("reads delta-seconds and HTTP dates; undefined for none or garbage", () => {
    const now = Date.parse("2024-03-05T10:00:00Z");
    expect(retryAfterSeconds("30", now)).toBe(30);
    expect(retryAfterSeconds("Tue, 05 Mar 2024 10:01:30 GMT", now)).toBe(90);
    expect(retryAfterSeconds("Tue, 05 Mar 2024 09:00:00 GMT", now)).toBe(0);
    expect(retryAfterSeconds(null, now)).toBeUndefined();
    expect(retryAfterSeconds("soon", now)).toBeUndefined();
  });
});
