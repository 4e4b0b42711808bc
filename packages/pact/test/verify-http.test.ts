// HTTP verification against a running provider with the official verifier: a REST pact written
// by pact-js (bodies from the REST schemas' matchers) passes against a server that keeps it, fails
// against one that breaks it, and the hooks reach the provider: state handlers get each state's
// parameters, and providerStateHeader sends the state as the header a mock picks its scenario by.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCase } from "@fwcall/fixtures";
import { PactV4 } from "@pact-foundation/pact";
import { checkPact, ensurePactDoesNotTrack, matchersFor, PactVerificationError, providerStateHeader, verifyHttpPact } from "../src/index.js";
import { tempFolder } from "./helpers.js";

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

  it("writes a V4 HTTP pact the schema check passes", () => {
    const result = checkPact(JSON.parse(readFileSync(pactFile, "utf8")));
    expect(result.findings).toEqual([]);
    expect(result.checkedBodies).toBe(3);
  });
});
