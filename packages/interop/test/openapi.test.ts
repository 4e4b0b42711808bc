// The OpenAPI document against Redocly's validator, then against fwcall's real mock server
// (startMockServer on 127.0.0.1): every answer of every route is one the document declares, with
// its headers and a body its schema accepts; broken answers are refused.
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callStore, DEFAULT_SCENARIO, DEFAULT_SEED, MAX_PER_PAGE, RETRY_AFTER_SECONDS } from "@fwcall/msw/core";
import { startMockServer, type MockServer } from "@fwcall/msw/server";
import { errorsOf, follow, openApi, openApiValidators, type Json, type Operation } from "./support.js";

const validator = openApiValidators();

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await mock?.close();
});

describe("the OpenAPI document", () => {
  it("passes Redocly's OpenAPI 3.1 validation with every example checked against its schema", async () => {
    const config = await createConfig({
      extends: ["recommended"],
      rules: {
        // The API adds fields beyond the schemas (lenient profile): examples may carry them.
        "no-invalid-media-type-examples": { severity: "error", allowAdditionalProperties: true },
        // The recording route's one success is its 302: the file lives elsewhere.
        "operation-2xx-response": "off",
      },
    });
    const problems = await lintFromString({ source: JSON.stringify(openApi), absoluteRef: "openapi.json", config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
    expect(openApi.openapi).toBe("3.1.0");
  });

  it("declares the X-Api-Auth scheme for every operation, and 401, 422 and 429 with Retry-After", () => {
    expect(follow(openApi, "#/components/securitySchemes/ApiAuth")).toEqual(expect.objectContaining({ type: "apiKey", in: "header", name: "X-Api-Auth" }));
    expect(openApi.security).toEqual([{ ApiAuth: [] }]);
    for (const [path, item] of Object.entries(openApi.paths)) {
      expect(Object.keys(item), path).toEqual(["get"]);
      expect(Object.keys(item.get!.responses).sort(), path).toEqual(expect.arrayContaining(["401", "422", "429"]));
    }
    expect(follow(openApi, "#/components/responses/TooManyRequests/headers/Retry-After")).toEqual(expect.objectContaining({ required: true }));
  });
});

/** The operation a concrete path falls under. */
function operationOf(pathname: string): [string, Operation] {
  const path = pathname;
  for (const [template, item] of Object.entries(openApi.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    if (pattern.test(path)) return [template, item.get!];
  }
  throw new Error(`the OpenAPI document has no path for ${path}`);
}

/** What is wrong with one answer of the mock, by the document; [] when nothing is. */
function checkAnswer(pathname: string, status: number, headers: Headers, body: unknown): string[] {
  const [template, operation] = operationOf(pathname);
  let declared = operation.responses[String(status)];
  if (!declared) return [`${template}: status ${status} is not declared`];
  if (declared.$ref) declared = { ...follow(openApi, declared.$ref), ...declared };
  const problems: string[] = [];
  for (const [name, header] of Object.entries((declared.headers ?? {}) as Record<string, Json & { schema: Json; required?: boolean }>)) {
    const value = headers.get(name);
    if (value === null) {
      if (header.required) problems.push(`${template} ${status}: required header ${name} is missing`);
      continue;
    }
    const type = (header.schema as { type?: string }).type;
    const validate = validator(header.schema);
    if (!validate(type === "integer" ? Number(value) : value)) problems.push(`${template} ${status}: header ${name} ${JSON.stringify(value)}: ${errorsOf(validate)}`);
  }
  const content = declared.content as Record<string, { schema: Json }> | undefined;
  if (!content) {
    if (body !== undefined) problems.push(`${template} ${status}: a body where none is declared`);
    return problems;
  }
  const type = headers.get("content-type") ?? "";
  const media = Object.keys(content).find((m) => type.startsWith(m));
  if (!media) return [...problems, `${template} ${status}: content type ${type} is not declared`];
  const validate = validator(content[media]!.schema);
  if (!validate(body)) problems.push(`${template} ${status}: body: ${errorsOf(validate)}`);
  return problems;
}

async function ask(path: string, headers: Record<string, string> = { "X-Api-Auth": "test-key" }) {
  const response = await fetch(`${mock.url}${path}`, { headers, redirect: "manual" });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

describe("every answer of the mock server, by the document", () => {
  const { calls } = callStore(DEFAULT_SEED, DEFAULT_SCENARIO);
  const withRecording = calls.filter((c) => c.recording);
  const withoutRecording = calls.filter((c) => !c.recording);
  const requests: Array<{ path: string; headers?: Record<string, string>; status: number }> = [
    { path: "/api/v1/calls", status: 200 },
    { path: `/api/v1/calls?page=1&per_page=${MAX_PER_PAGE}`, status: 200 },
    { path: `/api/v1/calls?page=2&per_page=${MAX_PER_PAGE}`, status: 200 },
    { path: "/api/v1/calls?page=999", status: 200 },
    { path: "/api/v1/calls?direction=incoming&status=missed", status: 200 },
    { path: "/api/v1/calls?direction=outgoing&status=1", status: 200 },
    { path: "/api/v1/calls?status=unknown", status: 200 },
    { path: "/api/v1/calls?by_time[from]=2024-03-05T00:00:00Z&by_time[to]=2024-03-06T00:00:00Z", status: 200 },
    { path: "/api/v1/calls?per_page=100&scenario=busy-week", status: 200 },
    { path: "/api/v1/calls", headers: { "X-Api-Auth": "k", "X-Fwcall-Scenario": "empty" }, status: 200 },
    ...calls.map((c) => ({ path: `/api/v1/calls/${c.id}`, status: 200 })),
    ...withRecording.map((c) => ({ path: `/api/v1/calls/${c.id}/recording`, status: 302 })),
    { path: `/api/v1/calls/${withoutRecording[0]!.id}/recording`, status: 404 },
    { path: "/api/v1/calls/1", status: 404 },
    { path: "/api/v1/calls/not-a-number", status: 404 },
    { path: "/api/v1/calls", headers: {}, status: 401 },
    { path: "/api/v1/calls/1", headers: { "X-Api-Auth": " " }, status: 401 },
    { path: `/api/v1/calls/${calls[0]!.id}/recording`, headers: {}, status: 401 },
    { path: "/api/v1/calls?page=0", status: 422 },
    { path: "/api/v1/calls?per_page=500&direction=sideways&status=bogus", status: 422 },
    { path: "/api/v1/calls?by_time[from]=yesterday", status: 422 },
    { path: "/api/v1/calls?by_time[from]=2024-03-06T00:00:00Z&by_time[to]=2024-03-05T00:00:00Z", status: 422 },
    { path: "/api/v1/calls?page=1&page=2", status: 422 },
    { path: "/api/v1/calls?scenario=nope", status: 422 },
    { path: `/api/v1/calls/${calls[0]!.id}`, headers: { "X-Api-Auth": "k", "X-Fwcall-Scenario": "nope" }, status: 422 },
    { path: `/api/v1/calls/${withRecording[0]!.id}/recording?scenario=nope`, status: 422 },
    { path: "/api/v1/calls", headers: { "X-Api-Auth": "k", "X-Fwcall-Scenario": "rate-limited" }, status: 429 },
    { path: `/api/v1/calls/${calls[0]!.id}?scenario=rate-limited`, status: 429 },
    { path: `/api/v1/calls/${withRecording[0]!.id}/recording?scenario=rate-limited`, status: 429 },
  ];

  it("is declared, with its headers, and its body valid, on every route and status", async () => {
    expect(withRecording.length).toBeGreaterThan(0);
    const problems: string[] = [];
    const statuses = new Map<string, Set<number>>();
    for (const request of requests) {
      const answer = await ask(request.path, request.headers);
      if (answer.status !== request.status) problems.push(`${request.path}: expected ${request.status}, the mock said ${answer.status}`);
      problems.push(...checkAnswer(new URL(request.path, "http://x").pathname, answer.status, answer.headers, answer.body).map((p) => `${request.path}: ${p}`));
      const [template] = operationOf(new URL(request.path, "http://x").pathname);
      statuses.set(template, (statuses.get(template) ?? new Set()).add(answer.status));
    }
    expect(problems).toEqual([]);
    // Every response the document declares was seen from the mock.
    for (const [template, item] of Object.entries(openApi.paths)) {
      expect([...(statuses.get(template) ?? [])].sort(), template).toEqual(Object.keys(item.get!.responses).map(Number).sort());
    }
  });

  it("has Retry-After on a 429 and a Location on a 302, as declared", async () => {
    const limited = await ask("/api/v1/calls?scenario=rate-limited");
    expect(limited.headers.get("retry-after")).toBe(String(RETRY_AFTER_SECONDS));
    const redirect = await ask(`/api/v1/calls/${withRecording[0]!.id}/recording`);
    expect(redirect.headers.get("location")).toBe(withRecording[0]!.recording!.url);
  });
});

describe("broken answers, by the document", () => {
  it("are refused: a required field removed, a wrong type, a status or header not declared", async () => {
    const { calls } = callStore(DEFAULT_SEED, DEFAULT_SCENARIO);
    const one = await ask(`/api/v1/calls/${calls[0]!.id}`);
    const body = one.body as { call: Record<string, unknown> & { participants: Array<Record<string, unknown>> } };
    const broken = (change: (call: typeof body.call) => void) => {
      const copy = structuredClone(body);
      change(copy.call);
      return checkAnswer(`/api/v1/calls/${calls[0]!.id}`, 200, one.headers, copy);
    };
    expect(broken(() => {})).toEqual([]);
    expect(broken((c) => delete c.id)).not.toEqual([]);
    expect(broken((c) => (c.id = String(c.id)))).not.toEqual([]);
    expect(broken((c) => (c.direction = "sideways"))).not.toEqual([]);
    expect(broken((c) => delete c.participants[0]!.call_status)).not.toEqual([]);
    expect(broken((c) => (c.created_time = "yesterday"))).not.toEqual([]);
    expect(checkAnswer("/api/v1/calls", 200, one.headers, { calls: "none", meta: {} })).not.toEqual([]);
    expect(checkAnswer("/api/v1/calls", 404, one.headers, undefined)).toEqual(["/api/v1/calls: status 404 is not declared"]);
    const limited = await ask("/api/v1/calls?scenario=rate-limited");
    const noRetryAfter = new Headers(limited.headers);
    noRetryAfter.delete("retry-after");
    expect(checkAnswer("/api/v1/calls", 429, noRetryAfter, limited.body)).toEqual(["/api/v1/calls 429: required header Retry-After is missing"]);
    expect(checkAnswer("/api/v1/calls", 429, limited.headers, { error_type: "rate_limit_exceeded" })).not.toEqual([]);
  });
});
