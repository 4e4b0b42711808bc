// A real server listens here: no msw setupServer in this process. msw's getResponse runs the
// handlers without intercepting anything, so both adapters can be compared side by side.
import { connect } from "node:net";
import { getResponse } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateRestResource } from "@fwcall/validate";
import { callStore, createHandlers, SCENARIOS } from "../src/index.js";
import { startMockServer, type MockServer } from "../src/server.js";

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, seed: 3 });
});
afterAll(() => mock.close());

const auth = { "X-Api-Auth": "test-key" };

function raw(request: string): Promise<string> {
  const { hostname, port } = new URL(mock.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(request));
    let data = "";
    socket.on("data", (chunk) => (data += chunk.toString()));
    socket.on("end", () => resolve(data));
    socket.on("error", reject);
  });
}

describe("startMockServer", () => {
  it("binds 127.0.0.1 and serves schema-valid calls", async () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${mock.url}/api/v1/calls`, { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(validateRestResource("CallListResponse", await response.json()).valid).toBe(true);
  });

  it("answers CORS preflights", async () => {
    const response = await fetch(`${mock.url}/api/v1/calls`, {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "x-api-auth, x-fwcall-scenario" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toMatch(/X-Api-Auth.*X-Fwcall-Scenario/);
    expect(response.headers.get("access-control-allow-methods")).toContain("GET");
  });

  it("answers 413 past the body limit, 400 for malformed or over-long URLs, 404 off the API", async () => {
    const big = await fetch(`${mock.url}/api/v1/calls`, { method: "POST", headers: auth, body: "x".repeat(70_000) });
    expect(big.status).toBe(413);
    expect(validateRestResource("ApiError", await big.json()).valid).toBe(true);
    const long = await fetch(`${mock.url}/api/v1/calls?q=${"a".repeat(9_000)}`, { headers: auth });
    expect(long.status).toBe(400);
    expect(validateRestResource("ApiError", await long.json()).valid).toBe(true);
    const bad = await fetch(`${mock.url}/api/v1/calls/%E0%A4%A`, { headers: auth });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error_type: string }).error_type).toBe("bad_request");
    expect((await fetch(`${mock.url}/favicon.ico`)).status).toBe(404);
    const garbage = await raw("NOT A REQUEST\r\n\r\n");
    expect(garbage).toMatch(/^HTTP\/1\.1 400/);
    expect(garbage).toContain('"error_type":"bad_request"');
    // Still serving after all of that.
    expect((await fetch(`${mock.url}/api/v1/calls`, { headers: auth })).status).toBe(200);
  });

  it("answers a missing Host (400), an unsupported Expect (417), oversized headers (431) and a malformed scenario header with the API's JSON error", async () => {
    const cases: Array<[string, number, string]> = [
      ["GET /api/v1/calls HTTP/1.1\r\nX-Api-Auth: k\r\n\r\n", 400, "bad_request"],
      ["GET /api/v1/stream HTTP/1.1\r\n\r\n", 400, "bad_request"],
      ["GET /api/v1/calls HTTP/1.1\r\nHost: mock\r\nExpect: bogus\r\nX-Api-Auth: k\r\n\r\n", 417, "expectation_failed"],
      ["POST /api/v1/calls HTTP/1.1\r\nHost: mock\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\n{}", 417, "expectation_failed"],
      [`GET /api/v1/calls HTTP/1.1\r\nHost: mock\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`, 431, "bad_request"],
      // Provider states as a Pact verifier may pass them on in X-Fwcall-Scenario: a bare CR or LF
      // inside the header breaks the request (400); an encoded or non-ASCII one names no scenario (422).
      ["GET /api/v1/calls HTTP/1.1\r\nHost: mock\r\nX-Api-Auth: k\r\nX-Fwcall-Scenario: every-case\rX-Evil: 1\r\n\r\n", 400, "bad_request"],
      ["GET /api/v1/calls HTTP/1.1\r\nHost: mock\r\nX-Api-Auth: k\r\nX-Fwcall-Scenario: every-case\r\n X-Folded: 1\r\n\r\n", 400, "bad_request"],
      ["GET /api/v1/calls HTTP/1.1\r\nHost: mock\r\nX-Api-Auth: k\r\nX-Fwcall-Scenario: a call%0D%0AX-Evil: 1\r\nConnection: close\r\n\r\n", 422, "invalid_value"],
      ["GET /api/v1/calls HTTP/1.1\r\nHost: mock\r\nX-Api-Auth: k\r\nX-Fwcall-Scenario: caf\u00e9\r\nConnection: close\r\n\r\n", 422, "invalid_value"],
    ];
    for (const [request, status, errorType] of cases) {
      const answer = await raw(request);
      const label = request.slice(0, 60);
      expect(answer, label).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(answer, label).toMatch(/\r\nContent-Type: application\/json/i);
      const body = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)) as unknown;
      expect(validateRestResource("ApiError", body).valid, label).toBe(true);
      expect(body, label).toMatchObject({ error_type: errorType, message: expect.any(String), errors: expect.any(Array) });
    }
    // HTTP/1.0 needs no Host, and Expect: 100-continue is honoured.
    expect(await raw("GET /api/v1/calls HTTP/1.0\r\nX-Api-Auth: k\r\n\r\n")).toMatch(/^HTTP\/1\.1 200 /);
    expect(await raw("GET /api/v1/calls HTTP/1.1\r\nHost: mock\r\nExpect: 100-continue\r\nX-Api-Auth: k\r\nConnection: close\r\n\r\n")).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
  });

  it("closes gracefully, and twice is harmless", async () => {
    const other = await startMockServer({ port: 0, scenario: "empty" });
    const body = (await (await fetch(`${other.url}/api/v1/calls`, { headers: auth })).json()) as { meta: { total_count: number } };
    expect(body.meta.total_count).toBe(0);
    await Promise.all([other.close(), other.close()]);
    await expect(fetch(`${other.url}/api/v1/calls`, { headers: auth })).rejects.toThrow();
  });

  it("rejects when the port is taken", async () => {
    const port = Number(new URL(mock.url).port);
    await expect(startMockServer({ port })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe("msw handlers and the real server answer alike", () => {
  const handlers = createHandlers({ seed: 3 });
  const compared = ["content-type", "location", "retry-after", "allow", "x-fwcall-scenario"];

  const requests = (): Array<[string, RequestInit]> => {
    const list: Array<[string, RequestInit]> = [];
    for (const { name: scenario } of SCENARIOS) {
      const headers = { ...auth, "X-Fwcall-Scenario": scenario };
      const calls = callStore(3, scenario).calls;
      const recorded = calls.find((c) => c.recording)?.id ?? 1;
      const unrecorded = calls.find((c) => !c.recording)?.id ?? 2;
      for (const path of [
        "/api/v1/calls",
        "/api/v1/calls?page=3&per_page=7",
        "/api/v1/calls?direction=incoming&status=voicemail",
        "/api/v1/calls?by_time[from]=2024-03-05T00:00:00Z&by_time[to]=2024-03-06T12:00:00%2B02:00",
        "/api/v1/calls?page=0",
        "/api/v1/calls?per_page=500",
        "/api/v1/calls?by_time[from]=yesterday",
        "/api/v1/calls?direction=sideways",
        `/api/v1/calls/${recorded}`,
        `/api/v1/calls/${recorded}/recording`,
        `/api/v1/calls/${unrecorded}/recording`,
        "/api/v1/calls/999",
        "/api/v1/calls/not-a-number",
        "/api/v1/agents",
      ]) list.push([path, { headers }]);
      list.push(["/api/v1/calls", { headers: { "X-Fwcall-Scenario": scenario } }]);
      list.push([`/api/v1/calls/${recorded}`, { method: "DELETE", headers }]);
      list.push([`/api/v1/calls?scenario=${scenario}`, { headers: auth }]);
    }
    list.push(["/api/v1/calls?scenario=nope", { headers: auth }]);
    return list;
  };

  it("for every route, success and error paths, in each scenario", async () => {
    const list = requests();
    expect(list.length).toBeGreaterThan(60);
    for (const [path, init] of list) {
      const label = `${init.method ?? "GET"} ${path} ${JSON.stringify(init.headers)}`;
      const viaMsw = await getResponse(handlers, new Request(`https://acme.freshcaller.com${path}`, init));
      expect(viaMsw, label).toBeDefined();
      const viaServer = await fetch(`${mock.url}${path}`, { ...init, redirect: "manual" });
      expect(viaServer.status, label).toBe(viaMsw!.status);
      for (const name of compared) expect(viaServer.headers.get(name), `${label} ${name}`).toBe(viaMsw!.headers.get(name));
      expect(await viaServer.text(), label).toBe(await viaMsw!.text());
    }
  });
});
