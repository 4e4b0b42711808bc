// HTTP verification against a running provider with the official verifier: a REST pact written
// by pact-js (bodies from the REST schemas' matchers) passes against a server that keeps it, fails
// against one that breaks it, and the hooks reach the provider: state handlers get each state's
// parameters, and providerStateHeader sends the state as the header a mock picks its scenario by.
// Then redirects: a 302 interaction is replayed by fwcall without following its Location (an
// external-looking host no test may reach), in one report with what the verifier checked.
// No msw server runs in this file: it would take over the verifier's traffic.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { buildCase } from "@fwcall/cases";
import { PactV4 } from "@pact-foundation/pact";
import { checkPact, ensurePactDoesNotTrack, matchersFor, PactVerificationError, providerStateHeader, verifyHttpPact } from "../src/index.js";
import { tempFolder, writeTemp } from "./helpers.js";

// Other test processes (the CLI's, the call board's) split pacts into the same kind of temp folder
// at the same time: this file's verifications get a temp dir of their own, so it counts only its own.
process.env.TMPDIR = mkdtempSync(join(tmpdir(), "fwcall-pact-verify-http-test-"));

const call = { ...buildCase("update/incoming/answered/notes").data.call, assigned_agent_name: "Ada Lovelace" };
const BODIES = {
  call: { call },
  list: { calls: [call], meta: { current: 1, total_pages: 1, total_count: 1 } },
  missing: { error_type: "record_not_found", message: "Call with id 42 not found", errors: [] },
};

/** Writes the REST pact with pact-js, as the call board's consumer test would. */
async function writeRestPact(): Promise<string> {
  ensurePactDoesNotTrack();
  const dir = tempFolder();
  const interactions = [
    { state: "a call exists", params: { id: call.id }, path: `/api/v1/calls/${call.id}`, status: 200, body: matchersFor("CallResponse", BODIES.call, { profile: "lenient" }).template },
    { state: "no call 42", params: undefined, path: "/api/v1/calls/42", status: 404, body: matchersFor("ApiError", BODIES.missing).template },
    { state: "every case", params: undefined, path: "/api/v1/calls", status: 200, body: matchersFor("CallListResponse", BODIES.list, { profile: "lenient" }).template },
  ];
  for (const interaction of interactions) {
    const pact = new PactV4({ consumer: "test-call-board", provider: "freshcaller-api", dir, logLevel: "warn" });
    await pact
      .addInteraction()
      .given(interaction.state, interaction.params)
      .uponReceiving(`GET ${interaction.path}`)
      .withRequest("GET", interaction.path, (builder) => builder.headers({ "X-Api-Auth": "test-key" }))
      .willRespondWith(interaction.status, (builder) => builder.headers({ "Content-Type": "application/json" }).jsonBody(interaction.body))
      .executeTest(async (mock) => {
        const response = await fetch(`${mock.url}${interaction.path}`, { headers: { "X-Api-Auth": "test-key" } });
        expect(response.status).toBe(interaction.status);
      });
  }
  return join(dir, "test-call-board-freshcaller-api.json");
}

/** The provider: answers by the X-Fwcall-Scenario header, as the mock server does; `breakIt` edits a body. */
function startProvider(breakIt: (body: Record<string, unknown>) => void = () => undefined): Promise<{ url: string; server: Server; scenarios: string[] }> {
  const scenarios: string[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const scenario = String(request.headers["x-fwcall-scenario"] ?? "");
    scenarios.push(`${request.url} ${scenario}`);
    const send = (status: number, body: unknown) => {
      const copy = structuredClone(body) as Record<string, unknown>;
      breakIt(copy);
      response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(copy));
    };
    if (scenario === "one-call" && request.url === `/api/v1/calls/${call.id}`) send(200, BODIES.call);
    else if (scenario === "empty" && request.url === "/api/v1/calls/42") send(404, BODIES.missing);
    else if (scenario === "every-case" && request.url === "/api/v1/calls") send(200, BODIES.list);
    else send(500, { error_type: "no_scenario", message: `no scenario ${scenario} for ${request.url}`, errors: [] });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, scenarios })));
}

const SCENARIO_OF: Record<string, string> = { "a call exists": "one-call", "no call 42": "empty", "every case": "every-case" };
let pactFile: string;
const servers: Server[] = [];
beforeAll(async () => {
  pactFile = await writeRestPact();
});
afterAll(() => servers.forEach((server) => server.close()));

async function provider(breakIt?: (body: Record<string, unknown>) => void) {
  const started = await startProvider(breakIt);
  servers.push(started.server);
  return started;
}

describe("verifyHttpPact", () => {
  it("passes against a provider that keeps the pact, with each state sent as X-Fwcall-Scenario", async () => {
    const { url, scenarios } = await provider();
    const hooks = providerStateHeader([pactFile], { header: "X-Fwcall-Scenario", valueFor: (state) => SCENARIO_OF[state]! });
    const report = await verifyHttpPact({ pactFiles: [pactFile], providerBaseUrl: url, ...hooks });
    expect(report.interactions.map((r) => r.ok)).toEqual([true, true, true]);
    expect(scenarios.sort()).toEqual(["/api/v1/calls every-case", "/api/v1/calls/42 empty", `/api/v1/calls/${call.id} one-call`].sort());
  });

  it("hands each state's parameters to its state handler, and runs the request filter on every request", async () => {
    const { url } = await provider();
    const seen: unknown[] = [];
    let current = "";
    const report = await verifyHttpPact({
      pactFiles: [pactFile],
      providerBaseUrl: url,
      stateHandlers: Object.fromEntries(Object.entries(SCENARIO_OF).map(([state, scenario]) => [state, async (params?: unknown) => {
        seen.push([state, params]);
        current = scenario;
      }])),
      requestFilter: (request, _response, next) => {
        request.headers["x-fwcall-scenario"] = current;
        next();
      },
    });
    expect(report.interactions).toHaveLength(3);
    expect(seen).toContainEqual(["a call exists", { id: call.id }]);
  });

  it("fails against a provider that breaks the pact, naming the interaction and the reason", async () => {
    const { url } = await provider((body) => {
      if (body.meta) (body.meta as Record<string, unknown>).total_count = "1";
    });
    const hooks = providerStateHeader([pactFile], { header: "X-Fwcall-Scenario", valueFor: (state) => SCENARIO_OF[state]! });
    const error = await verifyHttpPact({ pactFiles: [pactFile], providerBaseUrl: url, ...hooks }).then(
      () => expect.fail("verification passed"),
      (thrown: unknown) => thrown as PactVerificationError,
    );
    expect(error).toBeInstanceOf(PactVerificationError);
    expect(error.failures).toHaveLength(1);
    expect(error.failures[0]!.interaction).toBe("GET /api/v1/calls");
    expect(error.failures[0]!.problems.join("\n")).toContain("$.meta.total_count");
  });

  it("fails without the hooks: the provider gets no scenario", async () => {
    const { url } = await provider();
    const error = await verifyHttpPact({ pactFiles: [pactFile], providerBaseUrl: url }).then(
      () => expect.fail("verification passed"),
      (thrown: unknown) => thrown as PactVerificationError,
    );
    expect(error.failures.map((f) => f.interaction).sort()).toEqual(["GET /api/v1/calls", "GET /api/v1/calls/42", `GET /api/v1/calls/${call.id}`]);
  });

  it("fails an interaction whose provider state cannot travel as a header, with the reason, without sending it; the others are verified", async () => {
    const { url, scenarios } = await provider();
    const json = JSON.parse(readFileSync(pactFile, "utf8")) as { interactions: Array<{ providerStates: Array<{ name: string }> }> };
    // The states as the scenario names themselves (providerStateHeader's default), one smuggling a header.
    for (const interaction of json.interactions) for (const state of interaction.providerStates) state.name = SCENARIO_OF[state.name]!;
    const smuggled = json.interactions.find((i) => i.providerStates[0]!.name === "empty")!;
    smuggled.providerStates[0]!.name = "empty\r\nX-Evil: 1";
    const file = writeTemp("crlf-state.json", json);
    const hooks = providerStateHeader([file], { header: "X-Fwcall-Scenario" });
    const error = await verifyHttpPact({ pactFiles: [file], providerBaseUrl: url, ...hooks }).then(
      () => expect.fail("verification passed"),
      (thrown: unknown) => thrown as PactVerificationError,
    );
    expect(error.failures).toEqual([
      {
        interaction: "GET /api/v1/calls/42",
        problems: [
          'the provider state "empty\\r\\nX-Evil: 1" cannot be sent in the X-Fwcall-Scenario header: it holds a carriage return (U+000D) at character 6, and a header value holds only visible characters, spaces and tabs',
        ],
      },
    ]);
    expect(error.results.map((r) => `${r.description} ${r.ok}`).sort()).toEqual(["GET /api/v1/calls true", "GET /api/v1/calls/42 false", `GET /api/v1/calls/${call.id} true`]);
    expect(scenarios.sort()).toEqual(["/api/v1/calls every-case", `/api/v1/calls/${call.id} one-call`]);
  });

  it("names a control character or one beyond Latin-1 in a state; a state named __proto__ is a state like any other", () => {
    const file = writeTemp("states.json", {
      consumer: { name: "c" },
      provider: { name: "p" },
      interactions: ["nul\u0000", "bell\u0007", "通话", "__proto__", "état"].map((name, i) => ({ description: `i${i}`, providerStates: [{ name }], request: { method: "GET", path: "/" }, response: { status: 200 } })),
    });
    const { refuseState, stateHandlers } = providerStateHeader([file], { header: "X-Fwcall-Scenario" });
    const refusal = (name: string) => refuseState({ name, params: {} });
    expect(refusal("nul\u0000")).toMatch(/: it holds a NUL character \(U\+0000\) at character 4,/);
    expect(refusal("bell\u0007")).toMatch(/: it holds a control character \(U\+0007\) at character 5,/);
    expect(refusal("通话")).toMatch(/: it holds the character "通" \(U\+901A\) at character 1,/);
    expect(refusal("état")).toBeUndefined();
    expect(refusal("x".repeat(10_000))).toBe(
      `the provider state "${"x".repeat(59)}…" cannot be sent in the X-Fwcall-Scenario header: it is 10,000 characters long, over the 8,192 fwcall sends in a header (a server refuses a request whose headers pass 16 KB)`,
    );
    expect(refusal("__proto__")).toBeUndefined();
    expect(Object.keys(stateHandlers).sort()).toEqual(["__proto__", "bell\u0007", "nul\u0000", "état", "通话"].sort());
  });

  it("writes a V4 HTTP pact the schema check passes", () => {
    const result = checkPact(JSON.parse(readFileSync(pactFile, "utf8")));
    expect(result.findings).toEqual([]);
    expect(result.checkedBodies).toBe(3);
  });
});

// A call's recording: the provider answers with a 302 to a host off loopback (the .invalid TLD never
// resolves), which the replay must read and never request.
const LOCATION = "https://recordings.fwcall.invalid/r/7";
const RECORDING_PATH = "/api/v1/calls/7/recording";
const STATE = { name: "a call with a recording", params: { callId: 7 } };
const REDIRECT = "the redirect to a call's recording";

/** A V4 redirect interaction, as pact-js writes one; `locationRule` is the Location header's matcher. */
function redirectInteraction(locationRule: Record<string, unknown> = { match: "regex", regex: "^https://recordings\\.fwcall\\.invalid/r/\\d+$" }) {
  return {
    type: "Synchronous/HTTP",
    description: REDIRECT,
    providerStates: [STATE],
    request: { method: "GET", path: RECORDING_PATH, query: { download: ["true"] }, headers: { "X-Api-Auth": ["test-key"] } },
    response: { status: 302, headers: { Location: [LOCATION] }, matchingRules: { header: { Location: { combine: "AND", matchers: [locationRule] } } } },
  };
}

/** A V4 pact of one call (for the official verifier) and its recording's redirect (for the replay). */
function redirectPact(redirect = redirectInteraction()): string {
  return writeTemp("test-call-board-recordings-api.json", {
    consumer: { name: "test-call-board" },
    provider: { name: "recordings-api" },
    metadata: { pactSpecification: { version: "4.0" } },
    interactions: [
      {
        type: "Synchronous/HTTP",
        description: "GET a call",
        providerStates: [STATE],
        request: { method: "GET", path: "/api/v1/calls/7", headers: { "X-Api-Auth": ["test-key"] } },
        response: {
          status: 200,
          headers: { "Content-Type": ["application/json"] },
          body: { content: { id: 7, direction: "incoming" }, contentType: "application/json", encoded: false },
          matchingRules: { body: { "$.id": { combine: "AND", matchers: [{ match: "integer" }] } } },
        },
      },
      redirect,
    ],
  });
}

/** How the provider answers the recording: as the pact says, or broken one way. */
type RecordingAnswer = "redirect" | "200 with the URL" | "302 without Location" | "302 to a relative Location";

interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** The provider of the redirect pact on 127.0.0.1; records every request it gets. */
async function startRecordingProvider(answer: RecordingAnswer, callBody: unknown = { id: 7, direction: "incoming" }): Promise<{ url: string; seen: SeenRequest[] }> {
  const seen: SeenRequest[] = [];
  const server = createServer((request, response) => {
    seen.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers });
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    if (path === "/api/v1/calls/7") return void response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(callBody));
    if (path !== RECORDING_PATH) return void response.writeHead(404).end();
    if (answer === "redirect") response.writeHead(302, { Location: LOCATION }).end();
    else if (answer === "200 with the URL") response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ url: LOCATION }));
    else if (answer === "302 without Location") response.writeHead(302).end();
    else response.writeHead(302, { Location: "/recordings/7" }).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** The temp folders verifyHttpPact copies pact files into that exist now, but for those in `before`. */
const splitFolders = (before: readonly string[] = []) =>
  readdirSync(tmpdir())
    .filter((name) => name.startsWith("fwcall-pact-verify-"))
    .map((name) => join(tmpdir(), name))
    .filter((folder) => !before.includes(folder));

/** The error a verification that must fail rejects with. */
async function rejection(verifying: Promise<unknown>): Promise<PactVerificationError> {
  const error = await verifying.then(
    () => expect.fail("verification passed"),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(PactVerificationError);
  return error as PactVerificationError;
}

describe("verifyHttpPact with a redirect interaction", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("passes against a provider answering the 302, replayed without following the Location", async () => {
    const pactFile = redirectPact();
    const { url, seen } = await startRecordingProvider("redirect");
    const fetching = vi.spyOn(globalThis, "fetch");
    const calls: unknown[] = [];
    const before = splitFolders();
    const copies = new Set<string>();
    const report = await verifyHttpPact({
      pactFiles: [pactFile],
      providerBaseUrl: url,
      customProviderHeaders: { "X-Custom": "yes" },
      stateHandlers: {
        [STATE.name]: {
          setup: async (params) => {
            calls.push(["setup", params]);
            for (const folder of splitFolders(before)) copies.add(folder);
          },
          teardown: async (params) => calls.push(["teardown", params]),
        },
      },
      requestFilter: (request, _response, next) => {
        request.headers["x-filtered"] = "by the filter";
        next();
      },
    });

    expect(report.provider).toBe("recordings-api");
    expect(report.interactions.map(({ description, ok, replayed }) => ({ description, ok, replayed }))).toEqual([
      { description: "GET a call", ok: true, replayed: undefined },
      { description: REDIRECT, ok: true, replayed: true },
    ]);
    // The provider saw the redirect's request once, as the pact and the hooks make it, and nothing else asked for the Location.
    const recordings = seen.filter((r) => r.url.startsWith(RECORDING_PATH));
    expect(recordings.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${RECORDING_PATH}?download=true`]);
    expect(recordings[0]!.headers).toMatchObject({ "x-api-auth": "test-key", "x-custom": "yes", "x-filtered": "by the filter" });
    expect(seen.map((r) => new URL(r.url, url).pathname).sort()).toEqual(["/api/v1/calls/7", RECORDING_PATH]);
    // The only fetch was the replay's, to the provider, not following redirects.
    expect(fetching.mock.calls.map(([input, init]) => [new URL(String(input)).origin, init?.redirect])).toEqual([[url, "manual"]]);
    // Each state set up (with its parameters) and torn down around each interaction: the verifier's, then the replay's.
    expect(calls).toEqual([["setup", STATE.params], ["teardown", STATE.params], ["setup", STATE.params], ["teardown", STATE.params]]);
    // The pact went to the verifier as a temp copy without the redirect, removed afterwards.
    expect(copies.size).toBe(1);
    for (const copy of copies) expect(existsSync(copy)).toBe(false);
  });

  it("fails when the provider answers 200 instead, as the verifier words it, and removes its temp copy", async () => {
    const { url, seen } = await startRecordingProvider("200 with the URL");
    const before = splitFolders();
    const copies = new Set<string>();
    const error = await rejection(
      verifyHttpPact({ pactFiles: [redirectPact()], providerBaseUrl: url, beforeEach: async () => splitFolders(before).forEach((folder) => copies.add(folder)) }),
    );
    expect(error.failures).toEqual([{ interaction: REDIRECT, problems: ["expected 302 but was 200", "Expected a header 'Location' but was missing"], replayed: true }]);
    expect(error.results.map((r) => [r.description, r.ok])).toEqual([["GET a call", true], [REDIRECT, false]]);
    expect(error.message).toMatch(/^1 of 2 interactions failed verification against provider "recordings-api":\n {2}the redirect to a call's recording \(replayed by fwcall/);
    expect(seen.filter((r) => r.url.startsWith(RECORDING_PATH))).toHaveLength(1);
    expect(copies.size).toBe(1);
    for (const copy of copies) expect(existsSync(copy)).toBe(false);
  });

  it("fails when the provider drops the Location", async () => {
    const { url } = await startRecordingProvider("302 without Location");
    const error = await rejection(verifyHttpPact({ pactFiles: [redirectPact()], providerBaseUrl: url }));
    expect(error.failures).toEqual([{ interaction: REDIRECT, problems: ["Expected a header 'Location' but was missing"], replayed: true }]);
  });

  it("fails when the Location does not match the pact's regex", async () => {
    const { url } = await startRecordingProvider("302 to a relative Location");
    const error = await rejection(verifyHttpPact({ pactFiles: [redirectPact()], providerBaseUrl: url }));
    expect(error.failures).toEqual([
      { interaction: REDIRECT, problems: ["Mismatch with header 'Location': Expected '/recordings/7' to match '^https://recordings\\.fwcall\\.invalid/r/\\d+$'"], replayed: true },
    ]);
  });

  it("lists the failures of both halves in one error", async () => {
    const { url } = await startRecordingProvider("200 with the URL", { id: "7", direction: "incoming" });
    const error = await rejection(verifyHttpPact({ pactFiles: [redirectPact()], providerBaseUrl: url }));
    expect(error.failures.map((f) => [f.interaction, f.replayed ?? false])).toEqual([["GET a call", false], [REDIRECT, true]]);
    expect(error.failures[0]!.problems.join("\n")).toContain("$.id");
    expect(error.message).toMatch(/^2 of 2 interactions failed verification/);
  });

  it("fails, naming it, on a header matcher the replay does not apply", async () => {
    const { url } = await startRecordingProvider("redirect");
    const error = await rejection(verifyHttpPact({ pactFiles: [redirectPact(redirectInteraction({ match: "include", value: "recordings" }))], providerBaseUrl: url }));
    expect(error.failures).toEqual([{ interaction: REDIRECT, problems: [expect.stringMatching(/^Mismatch with header 'Location': its 'include' matcher is not one fwcall's redirect replay applies/)], replayed: true }]);
  });

  it("replays a V3 pact holding only redirects without starting the verifier", async () => {
    const pactFile = writeTemp("v3-redirects.json", {
      consumer: { name: "test-call-board" },
      provider: { name: "recordings-api" },
      metadata: { pactSpecification: { version: "3.0.0" } },
      interactions: [
        {
          description: REDIRECT,
          providerStates: [STATE],
          request: { method: "GET", path: RECORDING_PATH, query: { download: ["true"] }, headers: { "X-Api-Auth": "test-key" } },
          response: { status: 302, headers: { location: LOCATION }, matchingRules: { header: { Location: { matchers: [{ match: "regex", regex: "^https://\\S+$" }] } } } },
        },
      ],
    });
    const { url, seen } = await startRecordingProvider("redirect");
    const hooks: string[] = [];
    const report = await verifyHttpPact({
      pactFiles: [pactFile],
      providerBaseUrl: url,
      stateHandlers: { [STATE.name]: async (params) => void hooks.push(`setup ${JSON.stringify(params)}`) },
      beforeEach: async () => void hooks.push("beforeEach"),
      afterEach: async () => void hooks.push("afterEach"),
    });
    expect(report.interactions).toEqual([{ description: REDIRECT, ok: true, durationMs: expect.any(Number), replayed: true }]);
    // The verifier would have asked the provider too (and set the state up once more): one request, one setup, the replay's.
    expect(seen.map((r) => r.url)).toEqual([`${RECORDING_PATH}?download=true`]);
    expect(hooks).toEqual(["beforeEach", `setup ${JSON.stringify(STATE.params)}`, "afterEach"]);
  });
});
