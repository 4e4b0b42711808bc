// msw's setupServer intercepts fetch in this process: no real server may run in this file.
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateRestResource } from "@fwcall/validate";
import { callStore, createHandlers, createStreamHandlers, ROUTES, SCENARIOS } from "../src/index.js";

const BASE = "https://acme.freshcaller.com";
const server = setupServer(...createHandlers({ seed: 1 }));
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

const auth = { "X-Api-Auth": "test-key" };

describe("createHandlers", () => {
  it("has one handler per route, the stream's two and one catch-all, not one per case", () => {
    const perRoute = Object.keys(ROUTES).length + createStreamHandlers().handlers.length + 1;
    expect(perRoute).toBe(6);
    // The scenarios serve from 0 to 500 calls: the number of handlers must not follow them.
    for (const { name } of SCENARIOS) expect(createHandlers({ scenario: name }), name).toHaveLength(perRoute);
    expect(createHandlers({ stream: false })).toHaveLength(perRoute - createStreamHandlers().handlers.length);
  });

  it("serves the call list on any origin by default", async () => {
    for (const origin of [BASE, "http://localhost:4010"]) {
      const response = await fetch(`${origin}/api/v1/calls?per_page=5`, { headers: auth });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/application\/json/);
      const body = (await response.json()) as { calls: unknown[] };
      expect(validateRestResource("CallListResponse", body).valid).toBe(true);
      expect(body.calls).toHaveLength(5);
    }
  });

  it("serves one call, and the recording as a 302", async () => {
    const recorded = callStore(1, "every-case").calls.find((c) => c.recording)!;
    const one = await fetch(`${BASE}/api/v1/calls/${recorded.id}`, { headers: auth });
    expect(validateRestResource("CallResponse", await one.json()).valid).toBe(true);
    const redirect = await fetch(`${BASE}/api/v1/calls/${recorded.id}/recording`, { headers: auth, redirect: "manual" });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe(recorded.recording!.url);
  });

  it("answers errors as ApiError bodies", async () => {
    const cases: Array<[string, RequestInit, number]> = [
      ["/api/v1/calls", {}, 401],
      ["/api/v1/calls/1", { headers: auth }, 404],
      ["/api/v1/calls?page=0", { headers: auth }, 422],
      ["/api/v1/calls", { headers: auth, method: "POST", body: "{}" }, 405],
      ["/api/v1/unknown/path", { headers: auth }, 404],
      ["/api/v1/calls", { headers: { ...auth, "X-Fwcall-Scenario": "rate-limited" } }, 429],
    ];
    for (const [path, init, status] of cases) {
      const response = await fetch(`${BASE}${path}`, init);
      expect(response.status, path).toBe(status);
      expect(validateRestResource("ApiError", await response.json()).valid, path).toBe(true);
      if (status === 405) expect(response.headers.get("allow")).toBe("GET");
      if (status === 429) expect(response.headers.get("retry-after")).toBe("30");
    }
  });

  it("matches only the given base URL when one is set", async () => {
    server.use(...createHandlers({ baseUrl: "https://other.freshcaller.com/", scenario: "empty" }));
    const body = (await (await fetch("https://other.freshcaller.com/api/v1/calls", { headers: auth })).json()) as { meta: { total_count: number } };
    expect(body.meta.total_count).toBe(0);
    const still = (await (await fetch(`${BASE}/api/v1/calls`, { headers: auth })).json()) as { meta: { total_count: number } };
    expect(still.meta.total_count).toBeGreaterThan(0);
    server.resetHandlers();
  });
});
