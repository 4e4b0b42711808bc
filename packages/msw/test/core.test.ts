import { describe, expect, it } from "vitest";
import { validateRestResource, type RestResourceName } from "@fwcall/validate";
import { applicableCases } from "@fwcall/cases";
import { callStore, handleApiRequest, SCENARIOS, type MockOptions, type MockResponse, type ScenarioName } from "../src/index.js";

const AUTH = { "X-Api-Auth": "test-key" };
const get = (path: string, options: MockOptions = {}, headers: Record<string, string> = AUTH, method = "GET"): MockResponse =>
  handleApiRequest({ method, url: new URL(path, "https://acme.freshcaller.com"), headers }, options);

const schemaOf = (status: number, path: string): RestResourceName | undefined =>
  status === 302 ? undefined : status >= 400 ? "ApiError" : /\/calls\/[^/]+$/.test(path.split("?")[0]!) ? "CallResponse" : "CallListResponse";

function expectValid(response: MockResponse, path: string) {
  const name = schemaOf(response.status, path);
  if (name === undefined) {
    expect(response.body).toBeNull();
    return;
  }
  const result = validateRestResource(name, response.body);
  expect(result.problems, `${path} → ${response.status} as ${name}`).toEqual([]);
}

/** Ids of one call with a recording and one without, for a scenario. */
function sampleIds(scenario: ScenarioName) {
  const calls = callStore(1, scenario).calls;
  return { recorded: calls.find((c) => c.recording)?.id, unrecorded: calls.find((c) => !c.recording)?.id };
}

describe("every route × scenario", () => {
  for (const { name: scenario } of SCENARIOS) {
    it(`answers schema-valid bodies in ${scenario}`, () => {
      const { recorded, unrecorded } = sampleIds(scenario);
      const paths = [
        "/api/v1/calls",
        "/api/v1/calls?page=2&per_page=100",
        "/api/v1/calls?page=999",
        "/api/v1/calls?direction=outgoing&status=missed",
        "/api/v1/calls?status=unknown",
        "/api/v1/calls?status=3",
        "/api/v1/calls?by_time[from]=2024-03-05T00:00:00Z&by_time[to]=2024-03-06T00:00:00Z",
        "/api/v1/calls?page=0",
        "/api/v1/calls?per_page=500",
        "/api/v1/calls?by_time[from]=yesterday",
        "/api/v1/calls?direction=sideways",
        "/api/v1/calls/1",
        "/api/v1/calls/abc",
        "/api/v1/calls/1/recording",
        "/api/v1/nope",
        ...(recorded ? [`/api/v1/calls/${recorded}`, `/api/v1/calls/${recorded}/recording`] : []),
        ...(unrecorded ? [`/api/v1/calls/${unrecorded}`, `/api/v1/calls/${unrecorded}/recording`] : []),
      ];
      for (const path of paths) {
        const response = get(path, { scenario });
        expectValid(response, path);
        if (scenario === "rate-limited" && path !== "/api/v1/nope") expect(response.status, path).toBe(429);
      }
      for (const response of [get("/api/v1/calls", { scenario }, {}), get("/api/v1/calls", { scenario }, AUTH, "POST")]) expectValid(response, "/api/v1/calls");
    });
  }

  it("every call of every data scenario is a valid RestCall", () => {
    for (const scenario of ["every-case", "busy-week"] as const) {
      for (const call of callStore(1, scenario).calls) expect(validateRestResource("RestCall", call).problems).toEqual([]);
    }
  });
});

describe("GET /calls", () => {
  it("serves one call per applicable case in every-case, newest first, 10 per page", () => {
    const response = get("/api/v1/calls");
    expect(response.status).toBe(200);
    const body = response.body as { calls: unknown[]; meta: { current: number; total_pages: number; total_count: number } };
    expect(body.calls).toHaveLength(10);
    expect(body.meta).toEqual({ current: 1, total_pages: Math.ceil(applicableCases().length / 10), total_count: applicableCases().length });
  });

  it("serves 500 calls over a week in busy-week, deterministic per seed", () => {
    const a = callStore(1, "busy-week").calls;
    expect(a).toHaveLength(500);
    expect(new Set(a.map((c) => c.id)).size).toBe(500);
    const times = a.map((c) => Date.parse(c.created_time));
    expect(Math.max(...times) - Math.min(...times)).toBeLessThanOrEqual(7 * 86_400_000);
    expect(get("/api/v1/calls?per_page=100&page=3", { scenario: "busy-week", seed: 9 })).toEqual(get("/api/v1/calls?per_page=100&page=3", { scenario: "busy-week", seed: 9 }));
    expect(callStore(2, "busy-week").calls[0]).not.toEqual(a[0]);
    expect(callStore(1, "busy-week")).toBe(callStore(1, "busy-week")); // cached
  });

  it("filters by direction, status (code or name) and time", () => {
    const all = callStore(1, "busy-week").calls;
    const body = (path: string) => get(path, { scenario: "busy-week" }).body as { calls: Array<{ direction: string; created_time: string; participants: Array<{ connection_type: number; call_status: number }> }>; meta: { total_count: number } };
    const outgoing = body("/api/v1/calls?direction=outgoing&per_page=100");
    expect(outgoing.meta.total_count).toBe(all.filter((c) => c.direction === "outgoing").length);
    expect(outgoing.calls.every((c) => c.direction === "outgoing")).toBe(true);
    expect(body("/api/v1/calls?status=missed").meta.total_count).toBe(body("/api/v1/calls?status=3").meta.total_count);
    const day = body("/api/v1/calls?per_page=100&by_time[from]=2024-03-05T00:00:00Z&by_time[to]=2024-03-05T23:59:59.999Z");
    expect(day.meta.total_count).toBeGreaterThan(0);
    expect(day.calls.every((c) => c.created_time.startsWith("2024-03-05"))).toBe(true);
  });

  it("answers 422 with one error per offending parameter", () => {
    const response = get("/api/v1/calls?page=0&per_page=500&by_time[from]=yesterday&direction=sideways&status=weird");
    expect(response.status).toBe(422);
    expect((response.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(["page", "per_page", "by_time[from]", "direction", "status"]);
    expect(get("/api/v1/calls?by_time[from]=2024-03-06T00:00:00Z&by_time[to]=2024-03-05T00:00:00Z").status).toBe(422);
    expect(get("/api/v1/calls?page=1&page=2").status).toBe(422);
  });
});

describe("GET /calls/:id and /recording", () => {
  it("returns the call, 404 for an unknown one, 302 to the recording or 404 without one", () => {
    const { recorded, unrecorded } = sampleIds("every-case");
    const one = get(`/api/v1/calls/${recorded}`);
    expect(one.status).toBe(200);
    expect((one.body as { call: { id: number } }).call.id).toBe(recorded);
    const redirect = get(`/api/v1/calls/${recorded}/recording`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.Location).toMatch(/^https:\/\//);
    expect(get(`/api/v1/calls/${unrecorded}/recording`)).toMatchObject({ status: 404, body: { error_type: "record_not_found" } });
    expect(get("/api/v1/calls/1")).toMatchObject({ status: 404, body: { error_type: "record_not_found", errors: [] } });
  });
});

describe("errors and scenarios", () => {
  it("401 without X-Api-Auth, 405 with Allow, 404 off-route", () => {
    expect(get("/api/v1/calls", {}, {}).status).toBe(401);
    expect(get("/api/v1/calls", {}, { "x-api-auth": "  " }).status).toBe(401);
    expect(get("/api/v1/calls", {}, { "x-api-auth": "k" }).status).toBe(200);
    expect(get("/api/v1/calls", {}, AUTH, "DELETE")).toMatchObject({ status: 405, headers: { Allow: "GET" } });
    expect(get("/api/v2/calls").status).toBe(404);
  });

  it("picks the scenario by query, then header, then option; 429 carries Retry-After", () => {
    const count = (r: MockResponse) => (r.body as { meta: { total_count: number } }).meta.total_count;
    expect(count(get("/api/v1/calls", { scenario: "empty" }))).toBe(0);
    expect(count(get("/api/v1/calls", { scenario: "busy-week" }, { ...AUTH, "X-Fwcall-Scenario": "empty" }))).toBe(0);
    expect(count(get("/api/v1/calls?scenario=busy-week", {}, { ...AUTH, "X-Fwcall-Scenario": "empty" }))).toBe(500);
    expect(get("/api/v1/calls?scenario=rate-limited")).toMatchObject({ status: 429, headers: { "Retry-After": "30" } });
    expect(get("/api/v1/calls?scenario=bogus").status).toBe(422);
  });
});
