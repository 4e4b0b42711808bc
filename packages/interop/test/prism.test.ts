// A second, independent provider proves the OpenAPI document complete: Prism mocks it on 127.0.0.1
// and the call board's HTTP pact (contracts/) is verified against Prism as against fwcall's mock,
// with @fwcall/pact's verifyHttpPact (the official Pact verifier; the 302 replayed by fwcall).
//
// Prism knows only the document: no data set and no provider states. Where it answers otherwise
// than fwcall's mock, DIFFERENCES below names the interaction and why; the test shows that the
// plain verification fails exactly there, and that with Prism's own `Prefer: code=…` header the
// document's declared answers for those cases satisfy the pact too.
//
// No msw server runs in this file: setupServer would take over the verifier's traffic.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { IncomingMessage } from "node:http";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PactVerificationError, providerStateHeader, verifyHttpPact, type RequestFilter, type VerificationFailure } from "@fwcall/pact";
import { callStore, DEFAULT_SCENARIO, DEFAULT_SEED, SCENARIO_HEADER } from "@fwcall/msw/core";
import { startMockServer, type MockServer } from "@fwcall/msw/server";
import { openApiPath } from "@fwcall/interop";

const CONTRACT = fileURLToPath(new URL("../../../contracts/fwcall-call-board-freshcaller-rest-api.json", import.meta.url));

/** A request as the verifier's request filter sees it. */
type FilteredRequest = Pick<IncomingMessage, "headers"> & { url?: string | undefined };

/**
 * Where Prism, mocking the document, and fwcall's mock answer the board's pact differently: the
 * interaction, why, and the status the document declares for that case (asked of Prism with
 * `Prefer: code=…`).
 */
const DIFFERENCES = [
  {
    interaction: "a call that does not exist",
    why: "Prism has no data set: it answers every call id with the document's example call (200), so it cannot say that call 1 does not exist",
    status: 404,
    applies: (request: FilteredRequest) => /^\/api\/v1\/calls\/1(\?|$)/.test(request.url ?? ""),
  },
  {
    interaction: "a page of calls in a time range that ends before it starts",
    why: "by_time[from] after by_time[to] breaks a rule between two parameters, which OpenAPI cannot state: Prism checks each parameter alone and answers 200",
    status: 422,
    applies: (request: FilteredRequest) => (request.url ?? "").includes("by_time"),
  },
  {
    interaction: "a page of calls while rate limited",
    why: "the provider state rate-limited is a scenario of fwcall's mock; Prism has no provider states and answers 200",
    status: 429,
    applies: (request: FilteredRequest) => request.headers[SCENARIO_HEADER.toLowerCase()] === "rate-limited",
  },
] as const;

/** A free port on 127.0.0.1 (Prism takes a port number, not 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Prism's CLI script, from its package. */
function prismScript(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve("@stoplight/prism-cli/package.json");
  const bin = (JSON.parse(readFileSync(manifest, "utf8")) as { bin: Record<string, string> }).bin.prism!;
  return join(dirname(manifest), bin);
}

let prism: ChildProcess | undefined;
let prismUrl: string;
let mock: MockServer;

/** Starts `prism mock` on the generated document; resolves once it listens (its own log line says so). */
async function startPrism(): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, [prismScript(), "mock", "-h", "127.0.0.1", "-p", String(port), openApiPath], { stdio: ["ignore", "pipe", "pipe"] });
  prism = child;
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start within 90 s:\n${output}`)), 90_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with ${code} before it listened:\n${output}`));
    });
  });
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  [prismUrl, mock] = await Promise.all([startPrism(), startMockServer({ port: 0, host: "127.0.0.1" })]);
}, 120_000);
afterAll(async () => {
  if (prism && prism.exitCode === null) {
    const exited = new Promise((resolve) => prism!.once("exit", resolve));
    prism.kill("SIGTERM");
    await exited;
  }
  await mock?.close();
});

/** verifyHttpPact over the board's pact, each provider state sent as X-Fwcall-Scenario, then `extra`. */
function verify(providerBaseUrl: string, extra?: RequestFilter) {
  const hooks = providerStateHeader([CONTRACT], { header: SCENARIO_HEADER });
  const requestFilter: RequestFilter = extra ? (request, response, next) => hooks.requestFilter(request, response, () => extra(request, response, next)) : hooks.requestFilter;
  return verifyHttpPact({ pactFiles: [CONTRACT], providerBaseUrl, ...hooks, requestFilter });
}

/** The unmet interactions of a verification, [] when it passes. */
async function failuresOf(verification: ReturnType<typeof verify>): Promise<VerificationFailure[]> {
  try {
    await verification;
    return [];
  } catch (error) {
    if (error instanceof PactVerificationError && error.failures.length > 0) return [...error.failures];
    throw error;
  }
}

const interactions = (JSON.parse(readFileSync(CONTRACT, "utf8")) as { interactions: Array<{ description: string }> }).interactions.map((i) => i.description);

describe("the call board's HTTP pact against two providers", () => {
  it("passes against fwcall's mock server", async () => {
    const report = await verify(mock.url);
    expect(report.interactions.map((r) => r.description).sort()).toEqual([...interactions].sort());
    expect(report.interactions.filter((r) => !r.ok)).toEqual([]);
  });

  it("against Prism mocking the generated document, fails exactly where the two differ, each for the named reason", async () => {
    const failures = await failuresOf(verify(prismUrl));
    expect(failures.map((f) => f.interaction).sort()).toEqual(DIFFERENCES.map((d) => d.interaction).sort());
    for (const difference of DIFFERENCES) {
      const failure = failures.find((f) => f.interaction === difference.interaction)!;
      // The status Prism gave instead: its default success, as `why` says.
      expect(failure.problems.join("\n"), `${difference.interaction}: ${difference.why}`).toContain(`expected ${difference.status} but was 200`);
    }
    // Every other interaction, the 302 included, Prism answers as the pact expects.
    expect(interactions.length - failures.length).toBeGreaterThanOrEqual(4);
  });

  it("passes against Prism when each difference asks Prism for the status the document declares for that case", async () => {
    const prefer: RequestFilter = (request, _response, next) => {
      const difference = DIFFERENCES.find((d) => d.applies(request));
      if (difference) request.headers.prefer = `code=${difference.status}`;
      next();
    };
    const report = await verify(prismUrl, prefer);
    expect(report.interactions.filter((r) => !r.ok)).toEqual([]);
    expect(report.interactions.filter((r) => r.replayed).map((r) => r.description)).toEqual(["the redirect to a call's recording"]);
  });
});

/** One request to both providers, with what each answers and, where they differ, why. */
interface Probe {
  method?: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  mock: number;
  prism: number;
  why?: string;
}

const AUTH = { "X-Api-Auth": "test-key" };
/** A call with a recording: the document's example is the first such call of the default data. */
const recorded = callStore(DEFAULT_SEED, DEFAULT_SCENARIO).calls.find((c) => c.recording)!.id;
const PROBES: Probe[] = [
  { path: "/api/v1/calls", mock: 200, prism: 200 },
  { path: "/api/v1/calls?status=missed&direction=incoming", mock: 200, prism: 200 },
  { path: `/api/v1/calls/${recorded}`, mock: 200, prism: 200 },
  { path: `/api/v1/calls/${recorded}/recording`, mock: 302, prism: 302 },
  { path: "/api/v1/calls", headers: {}, mock: 401, prism: 401 },
  { path: "/api/v1/calls?page=0", mock: 422, prism: 422 },
  { path: "/api/v1/calls?per_page=500", mock: 422, prism: 422 },
  { path: "/api/v1/calls?direction=sideways", mock: 422, prism: 422 },
  { path: "/api/v1/calls?status=bogus", mock: 422, prism: 422 },
  { path: "/api/v1/calls?page=1&page=2", mock: 422, prism: 422 },
  { path: "/api/v1/calls?scenario=nope", mock: 422, prism: 422 },
  { path: "/api/v1/calls", headers: { ...AUTH, [SCENARIO_HEADER]: "nope" }, mock: 422, prism: 422 },
  { path: "/api/v1/nothing", mock: 404, prism: 404 },
  { method: "POST", path: "/api/v1/calls", mock: 405, prism: 405 },
  { path: "/api/v1/calls/1", mock: 404, prism: 200, why: "no data set: Prism answers every id with the example call" },
  { path: "/api/v1/calls/1/recording", mock: 404, prism: 302, why: "no data set: Prism redirects every id to the example's Location" },
  { path: "/api/v1/calls/not-a-number", mock: 404, prism: 422, why: "the mock answers any id no call has with 404; Prism refuses a non-integer id against the path parameter's schema" },
  {
    path: "/api/v1/calls?by_time[from]=2024-03-06T00:00:00Z&by_time[to]=2024-03-05T00:00:00Z",
    mock: 422,
    prism: 200,
    why: "from after to is a rule between two parameters, which OpenAPI cannot state",
  },
  { path: "/api/v1/calls?by_time[from]=yesterday", mock: 422, prism: 200, why: "Prism does not check the format (date-time) of a query parameter whose name has brackets" },
  { path: "/api/v1/calls?scenario=rate-limited", mock: 429, prism: 200, why: "rate-limited is a data scenario of the mock; Prism has none" },
];

describe("the same requests to Prism and to fwcall's mock", () => {
  it("get the same status except where a difference is named", async () => {
    const found: string[] = [];
    const expected: string[] = [];
    for (const probe of PROBES) {
      const init = { method: probe.method ?? "GET", headers: probe.headers ?? AUTH, redirect: "manual" as const };
      const [mockAnswer, prismAnswer] = await Promise.all([fetch(mock.url + probe.path, init), fetch(prismUrl + probe.path, init)]);
      await Promise.all([mockAnswer.arrayBuffer(), prismAnswer.arrayBuffer()]);
      const line = (mockStatus: number, prismStatus: number) => `${init.method} ${probe.path}: mock ${mockStatus}, Prism ${prismStatus}`;
      found.push(line(mockAnswer.status, prismAnswer.status));
      expected.push(line(probe.mock, probe.prism));
      expect(probe.mock === probe.prism || probe.why !== undefined, `${probe.path}: a difference without a reason`).toBe(true);
    }
    expect(found).toEqual(expected);
  });

  it("differ in the bodies of errors the document does not describe: Prism answers them as RFC 7807 problems", async () => {
    const init = { headers: AUTH };
    const [mockAnswer, prismAnswer] = await Promise.all([fetch(`${mock.url}/api/v1/nothing`, init), fetch(`${prismUrl}/api/v1/nothing`, init)]);
    expect(((await mockAnswer.json()) as { error_type: string }).error_type).toBe("route_not_found");
    expect(prismAnswer.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    // A 422 Prism makes from its own request validation carries the document's example body, not the offending parameters.
    const [mock422, prism422] = await Promise.all([fetch(`${mock.url}/api/v1/calls?page=0`, init), fetch(`${prismUrl}/api/v1/calls?page=0`, init)]);
    expect(((await mock422.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(["page"]);
    expect(((await prism422.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).not.toEqual(["page"]);
    expect(prism422.headers.get("sl-violations")).toContain("page");
  });
});
