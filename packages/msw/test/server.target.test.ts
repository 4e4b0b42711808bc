// The server reads request targets without `new URL` when it can (src/target.ts). Sent raw over a
// socket (fetch would normalise them first), hostile targets must get exactly the answer the core
// gives for `new URL(target)`: the same status, body and scenario header, or the same 400.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callStore, handleApiRequest } from "../src/index.js";
import { startMockServer, type MockServer } from "../src/server.js";

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, seed: 3, scenario: "busy-week" });
});
afterAll(() => mock.close());

/** One request on its own connection; the answer's status, headers (lower-case names) and body. */
function rawGet(target: string, headers: Record<string, string>): Promise<{ status: number; headers: Map<string, string>; body: string }> {
  const { hostname, port } = new URL(mock.url);
  const head = [`GET ${target} HTTP/1.1`, "Host: mock", "Connection: close", ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join("\r\n");
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(`${head}\r\n\r\n`));
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      const [statusLine, ...lines] = text.slice(0, split).split("\r\n");
      const map = new Map(lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
      resolve({ status: Number(statusLine!.split(" ")[1]), headers: map, body: text.slice(split + 4) });
    });
  });
}

/** What the server answered before it skipped URL: decodeURIComponent as a check, then the core on `new URL`. */
function expected(target: string, headers: Record<string, string>) {
  let url: URL;
  try {
    decodeURIComponent(target);
    url = new URL(target, "http://mock.invalid");
  } catch {
    return { status: 400, body: undefined, scenario: undefined };
  }
  const response = handleApiRequest({ method: "GET", url, headers }, { seed: 3, scenario: "busy-week" });
  return { status: response.status, body: response.body === null ? "" : JSON.stringify(response.body), scenario: response.headers["X-Fwcall-Scenario"] };
}

describe("the server reads hostile request targets as new URL does", () => {
  const id = callStore(3, "busy-week").calls[0]!.id;
  const recorded = callStore(3, "busy-week").calls.find((c) => c.recording)!.id;
  const targets = [
    `/api/v1/calls/${id}`,
    `/api/v1/calls/${id}/`,
    `/api/v1/calls/${recorded}/recording`,
    `/api/v1/calls/../calls/${id}`,
    `/api/v1/calls/./${id}`,
    `/api/v1/calls/%2e%2e/calls/${id}`,
    `/api/v1/nope/%2E%2E/calls/${id}`,
    `/api/v1/calls/${id}/..`,
    `/api/v1/calls/%3${String(id)[0]}${String(id).slice(1)}`,
    `/api/v1/calls\\${id}`,
    `//evil.example/api/v1/calls/${id}`,
    `/api//v1/calls/${id}`,
    `/api/v1/calls/${id}#fragment`,
    `/api/v1/calls#/${id}`,
    `/api/v1/calls/${id}?scenario=empty`,
    `/api/v1/calls/${id}?sc%65nario=empty`,
    `/api/v1/calls/${id}?scenario=busy-week&scenario=empty`,
    `/api/v1/calls/${id}?scenario=nope`,
    `/api/v1/calls/${id}?`,
    `/api/v1/calls/${id}?q=%`,
    `/api/v1/calls/${id}/%E0%A4%A`,
    `/api/v1/calls/${id}?q=%E0%A4%A`,
    "/api/v1/calls?page=1&page=2",
    "/api/v1/calls?page=2&per_page=3",
    "/api/v1/calls?page=2&per_page=3#x",
    "/api/v1/calls?per_page=%33",
    "/api/v1/calls?per_page=3&%70age=2",
    "/api/v1/calls?by_time[from]=2024-03-05T00:00:00Z&by_time[to]=2024-03-06T12:00:00%2B02:00",
    "/api/v1/calls?direction=\"in\"&x=<y>{z}",
    "/api/v1/calls?status='missed'",
    "/api/v1/calls?scenario=rate-limited",
    "/api/v1/calls?scenario=%72ate-limited",
    `/api/v1/calls/${"1".repeat(4_000)}`,
    `/${"../".repeat(1_000)}api/v1/calls/${id}`,
    `http://other.example/api/v1/calls/${id}`,
    "*",
    "/favicon.ico",
  ];

  it("same status, body and scenario header, with and without X-Api-Auth", async () => {
    for (const headers of [{ "X-Api-Auth": "k" }, {}, { "X-Api-Auth": "k", "X-Fwcall-Scenario": "empty" }]) {
      for (const target of targets) {
        const label = `${target.slice(0, 80)} ${JSON.stringify(headers)}`;
        const want = expected(target, headers);
        const got = await rawGet(target, headers);
        expect(got.status, label).toBe(want.status);
        if (want.body !== undefined) expect(got.body, label).toBe(want.body);
        else expect(JSON.parse(got.body), label).toMatchObject({ error_type: "bad_request" });
        expect(got.headers.get("x-fwcall-scenario"), label).toBe(want.scenario);
        expect(got.headers.get("access-control-allow-origin"), label).toBe("*");
        expect(Number(got.headers.get("content-length")), label).toBe(Buffer.byteLength(got.body));
      }
    }
  });

  it("answers a request with a small body once the body is read (405 for a POST), and one past the limit 413", async () => {
    const small = await fetch(`${mock.url}/api/v1/calls/${id}`, { method: "POST", headers: { "X-Api-Auth": "k" }, body: "{}" });
    expect(small.status).toBe(405);
    expect(small.headers.get("allow")).toBe("GET");
    expect(await small.json()).toMatchObject({ error_type: "method_not_allowed" });
    const preflight = await fetch(`${mock.url}/api/v1/calls`, { method: "OPTIONS", headers: { "Content-Length": "0" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toBe("GET, OPTIONS");
    const big = await fetch(`${mock.url}/api/v1/calls/${id}`, { method: "POST", headers: { "X-Api-Auth": "k" }, body: "x".repeat(70_000) });
    expect(big.status).toBe(413);
  });

  it("answers a cached call again and again with the same bytes, and still checks X-Api-Auth each time", async () => {
    const first = await rawGet(`/api/v1/calls/${id}`, { "X-Api-Auth": "k" });
    expect(first.status).toBe(200);
    for (let i = 0; i < 3; i++) {
      expect((await rawGet(`/api/v1/calls/${id}`, { "X-Api-Auth": "k" })).body).toBe(first.body);
      expect((await rawGet(`/api/v1/calls/${id}`, {})).status).toBe(401);
      expect((await rawGet(`/api/v1/calls/${id}`, { "X-Api-Auth": "  " })).status).toBe(401);
      expect((await rawGet(`/api/v1/calls/${id}`, { "X-Api-Auth": "k", "X-Fwcall-Scenario": "rate-limited" })).headers.get("retry-after")).toBe("30");
    }
  });
});
