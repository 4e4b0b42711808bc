// The board's expectations of the Freshcaller REST API as a Pact V4 HTTP pact: one interaction per
// request and answer the board relies on, each run through the board's real client (src/api.ts)
// against Pact's mock server. Every example body is the fwcall mock's own answer to the same
// request (handleApiRequest), cut down to the fields the board reads, so it is real schema-valid
// data; the matchers are derived from the REST schemas. Provider states are the mock's scenario
// names. This file is the pact's only writer: each interaction is written by its own pact into its
// own fresh folder, and the merged result must be byte for byte the committed contracts/ file
// (FWCALL_UPDATE_CONTRACTS=1 rewrites it). No msw server runs here: it would take over Pact's
// mock-server traffic.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MatchersV3, PactV4 } from "@pact-foundation/pact";
import { ensurePactDoesNotTrack, matchersFor, requireCurrentContract, type Json, type Override } from "@fwcall/pact";
import { AUTH_HEADER, callStore, DEFAULT_SEED, handleApiRequest, RETRY_AFTER_SECONDS, SCENARIO_HEADER, type MockResponse } from "@fwcall/msw/core";
import type { ApiError, CallListResponse, CallResponse, RestCall } from "@fwcall/types";
import { ApiRequestError, createApiClient, MAX_PER_PAGE } from "../src/api.js";
import { applyPage, customerLeg, emptyBoard } from "../src/board.js";
import { errorMessage } from "../src/render.js";
import { CONSUMER, CONTRACT, INTERACTIONS, PROVIDER, REWRITE_COMMAND, type InteractionName } from "./pact-contract.js";
import { rejectionOf } from "./rejection.js";

/** The key in the contract's example requests (what the verifier sends); the board may send any non-blank key. */
const API_KEY = "fwcall-contract-key";

const dir = mkdtempSync(join(tmpdir(), "fwcall-call-board-pact-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const written: string[] = [];

/** Any key with a non-blank character: what the API (and the mock, which trims it) accepts. */
const AUTH = { [AUTH_HEADER]: MatchersV3.regex("^.*\\S.*$", API_KEY) };
/** JSON, with or without a charset. */
const JSON_CONTENT = { "Content-Type": MatchersV3.regex("^application/json(;.*)?$", "application/json; charset=utf-8") };
/** Retry-After as the board reads it (retryAfterSeconds in src/api.ts): delta-seconds, or an HTTP date. */
const RETRY_AFTER = "^([0-9]+|[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT)$";

/**
 * The board shows any call_status, an undocumented code as "unknown (7)" (every-case serves 7), so
 * the contract asks for an integer, not the schema's list of documented codes.
 */
const ANY_STATUS: Override = (example) => MatchersV3.integer(example as number);

/** The mock's answer to the request the client makes, so every example is what the mock really serves. */
function mockAnswer(scenario: string, pathAndQuery: string): MockResponse {
  return handleApiRequest({ method: "GET", url: new URL(pathAndQuery, "http://127.0.0.1"), headers: { [AUTH_HEADER]: API_KEY, [SCENARIO_HEADER]: scenario } });
}

/**
 * A call cut down to what the board reads (board.ts, render.ts): id, direction, number, agent,
 * times, and each leg's connection type, status and number. Pact lets the provider send more, and
 * a field the board does not read is no promise it needs. `recording` is read too, but left out
 * of list pages: it is an object on some calls and null on others, and no Pact matcher can say
 * "this object or null" for the items of one array (matchersFor refuses it); the one-call
 * interaction holds a recorded call's recording instead.
 */
function boardView(call: RestCall, withRecording = false): Json {
  const view: Record<string, Json> = {
    id: call.id,
    direction: call.direction,
    phone_number: call.phone_number,
    assigned_agent_id: call.assigned_agent_id,
    assigned_agent_name: call.assigned_agent_name ?? null,
    created_time: call.created_time,
    updated_time: call.updated_time,
    participants: call.participants.map((leg) => ({ connection_type: leg.connection_type, call_status: leg.call_status, caller_number: leg.caller_number })),
  };
  if (withRecording) {
    const recording = call.recording;
    view["recording"] = recording === null ? null : { url: recording.url, duration: recording.duration, duration_unit: recording.duration_unit };
  }
  return view;
}

/**
 * The example of a page: its first call and, if it has one, its first call without an agent. Pact
 * applies the first item's matchers to every call the provider sends, and matchersFor makes a
 * field "a value or null" only where the example's items differ in it: with both calls, an agent
 * id or name may be null, as it is on unanswered calls, and so may a leg's number.
 */
function pageExample(page: CallListResponse): Json {
  const first = page.calls[0];
  if (first === undefined) throw new Error("the page is empty: eachLike needs at least one call");
  const agentless = page.calls.find((call) => call.assigned_agent_id === null);
  const calls = agentless === undefined || agentless === first ? [first] : [first, agentless];
  return { calls: calls.map((call) => boardView(call)), meta: page.meta as unknown as Json };
}

/** Where the pact of one interaction is written: its own folder (one writer per file). */
const pactFile = (name: InteractionName) => join(dir, name, `${CONSUMER}-${PROVIDER}.json`);

/** A fresh pact for one interaction. */
function pactFor(name: InteractionName): PactV4 {
  ensurePactDoesNotTrack();
  return new PactV4({ consumer: CONSUMER, provider: PROVIDER, dir: join(dir, name), logLevel: "warn" });
}

/** The board's client, pointed at Pact's mock server. */
const clientOf = (mock: { url: string }) => createApiClient({ baseUrl: mock.url, apiKey: API_KEY });

const store = callStore(DEFAULT_SEED, "every-case");
const recorded = store.calls.find((call) => call.recording !== null);
if (recorded === undefined) throw new Error("every-case has no call with a recording");
/** An id no call of every-case has (its ids have six digits); the test checks the mock answers 404. */
const UNKNOWN_CALL_ID = 1;
const PAGE_QUERY = { page: "1", per_page: String(MAX_PER_PAGE) };

describe(`HTTP pact ${CONSUMER} → ${PROVIDER}`, () => {
  it(`${INTERACTIONS.firstPage.scenario}: ${INTERACTIONS.firstPage.description}`, async () => {
    const { description, scenario } = INTERACTIONS.firstPage;
    const answer = mockAnswer(scenario, `/api/v1/calls?page=1&per_page=${MAX_PER_PAGE}`);
    expect(answer.status).toBe(200);
    const served = answer.body as CallListResponse;
    expect(served.meta.total_pages, "every-case needs a second page for the later-page interaction").toBeGreaterThan(1);
    const example = pageExample(served);
    const { template } = matchersFor("CallListResponse", example, { overrides: { "$.calls[*].participants[*].call_status": ANY_STATUS } });
    await pactFor("firstPage")
      .addInteraction()
      .given(scenario)
      .uponReceiving(description)
      .withRequest("GET", "/api/v1/calls", (request) => request.query(PAGE_QUERY).headers(AUTH))
      .willRespondWith(200, (response) => response.headers(JSON_CONTENT).jsonBody(template))
      .executeTest(async (mock) => {
        // The board's own loop: the first page it fetches is page 1 of 100.
        const pages = clientOf(mock).listCallPages();
        const first = await pages.next();
        expect(first.done).toBe(false);
        const page = first.value as CallListResponse;
        expect(page).toEqual(example);
        const board = applyPage(emptyBoard(), page);
        expect(board.restTotal).toBe(served.meta.total_count);
        expect([...board.calls.keys()]).toEqual(page.calls.map((call) => call.id));
        expect(customerLeg(board.calls.get(served.calls[0]!.id)!)?.call_status).toBe(served.calls[0]!.participants[0]!.call_status);
        await pages.return();
      });
    written.push(pactFile("firstPage"));
  });

  it(`${INTERACTIONS.laterPage.scenario}: ${INTERACTIONS.laterPage.description}`, async () => {
    const { description, scenario } = INTERACTIONS.laterPage;
    const answer = mockAnswer(scenario, `/api/v1/calls?page=2&per_page=${MAX_PER_PAGE}`);
    expect(answer.status).toBe(200);
    const served = answer.body as CallListResponse;
    const example = pageExample(served);
    const { template } = matchersFor("CallListResponse", example, { overrides: { "$.calls[*].participants[*].call_status": ANY_STATUS } });
    await pactFor("laterPage")
      .addInteraction()
      .given(scenario)
      .uponReceiving(description)
      .withRequest("GET", "/api/v1/calls", (request) => request.query({ page: "2", per_page: String(MAX_PER_PAGE) }).headers(AUTH))
      .willRespondWith(200, (response) => response.headers(JSON_CONTENT).jsonBody(template))
      .executeTest(async (mock) => {
        const page = await clientOf(mock).listCalls({ page: 2, perPage: MAX_PER_PAGE });
        expect(page).toEqual(example);
        // The last page: the board's pager stops here.
        expect(page.meta).toEqual({ current: 2, total_pages: 2, total_count: served.meta.total_count });
      });
    written.push(pactFile("laterPage"));
  });

  it(`${INTERACTIONS.oneCall.scenario}: ${INTERACTIONS.oneCall.description}`, async () => {
    const { description, scenario } = INTERACTIONS.oneCall;
    const answer = mockAnswer(scenario, `/api/v1/calls/${recorded.id}`);
    expect(answer.status).toBe(200);
    const example: Json = { call: boardView((answer.body as CallResponse).call, true) };
    const { template } = matchersFor("CallResponse", example, { overrides: { "$.call.participants[*].call_status": ANY_STATUS } });
    await pactFor("oneCall")
      .addInteraction()
      .given(scenario, { callId: recorded.id })
      .uponReceiving(description)
      .withRequest("GET", `/api/v1/calls/${recorded.id}`, (request) => request.headers(AUTH))
      .willRespondWith(200, (response) => response.headers(JSON_CONTENT).jsonBody(template))
      .executeTest(async (mock) => {
        const call = await clientOf(mock).getCall(recorded.id);
        expect(call).toEqual((example as { call: Json }).call);
        expect(call.recording?.url).toBe(recorded.recording!.url);
      });
    written.push(pactFile("oneCall"));
  });

  it(`${INTERACTIONS.recording.scenario}: ${INTERACTIONS.recording.description}`, async () => {
    const { description, scenario } = INTERACTIONS.recording;
    const answer = mockAnswer(scenario, `/api/v1/calls/${recorded.id}/recording`);
    expect(answer.status).toBe(302);
    const location = answer.headers["Location"];
    expect(location).toBe(recorded.recording!.url);
    await pactFor("recording")
      .addInteraction()
      .given(scenario, { callId: recorded.id })
      .uponReceiving(description)
      .withRequest("GET", `/api/v1/calls/${recorded.id}/recording`, (request) => request.headers(AUTH))
      // Any URL: the client resolves a relative one against the request's.
      .willRespondWith(302, (response) => response.headers({ Location: MatchersV3.regex("^\\S+$", location!) }))
      .executeTest(async (mock) => {
        expect(await clientOf(mock).recordingLocation(recorded.id)).toBe(location);
      });
    written.push(pactFile("recording"));
  });

  it(`${INTERACTIONS.unknownCall.scenario}: ${INTERACTIONS.unknownCall.description}`, async () => {
    const { description, scenario } = INTERACTIONS.unknownCall;
    const answer = mockAnswer(scenario, `/api/v1/calls/${UNKNOWN_CALL_ID}`);
    expect(answer.status).toBe(404);
    const example = answer.body as ApiError;
    const { template } = matchersFor("ApiError", example);
    await pactFor("unknownCall")
      .addInteraction()
      .given(scenario, { callId: UNKNOWN_CALL_ID })
      .uponReceiving(description)
      .withRequest("GET", `/api/v1/calls/${UNKNOWN_CALL_ID}`, (request) => request.headers(AUTH))
      .willRespondWith(404, (response) => response.headers(JSON_CONTENT).jsonBody(template))
      .executeTest(async (mock) => {
        const error = await rejectionOf(clientOf(mock).getCall(UNKNOWN_CALL_ID));
        expect(error).toBeInstanceOf(ApiRequestError);
        expect((error as ApiRequestError).status).toBe(404);
        expect((error as ApiRequestError).body).toEqual(example);
        expect(errorMessage(error)).toMatch(/^The API has no such resource/);
      });
    written.push(pactFile("unknownCall"));
  });

  it(`${INTERACTIONS.invalidRange.scenario}: ${INTERACTIONS.invalidRange.description}`, async () => {
    const { description, scenario } = INTERACTIONS.invalidRange;
    const range = { from: "2024-03-06T00:00:00Z", to: "2024-03-05T00:00:00Z" };
    const query = { ...PAGE_QUERY, "by_time[from]": range.from, "by_time[to]": range.to };
    const answer = mockAnswer(scenario, `/api/v1/calls?${new URLSearchParams(query)}`);
    expect(answer.status).toBe(422);
    const example = answer.body as ApiError;
    expect(example.errors.map((detail) => detail.field)).toEqual(["by_time[from]"]);
    const { template } = matchersFor("ApiError", example);
    await pactFor("invalidRange")
      .addInteraction()
      .given(scenario)
      .uponReceiving(description)
      .withRequest("GET", "/api/v1/calls", (request) => request.query(query).headers(AUTH))
      .willRespondWith(422, (response) => response.headers(JSON_CONTENT).jsonBody(template))
      .executeTest(async (mock) => {
        const error = await rejectionOf(clientOf(mock).listCallPages(range).next());
        expect(error).toBeInstanceOf(ApiRequestError);
        expect((error as ApiRequestError).status).toBe(422);
        expect((error as ApiRequestError).body?.errors).toEqual(example.errors);
        expect((error as Error).message).toContain("[by_time[from]: by_time[from] is after by_time[to]]");
      });
    written.push(pactFile("invalidRange"));
  });

  it(`${INTERACTIONS.rateLimited.scenario}: ${INTERACTIONS.rateLimited.description}`, async () => {
    const { description, scenario } = INTERACTIONS.rateLimited;
    const answer = mockAnswer(scenario, `/api/v1/calls?page=1&per_page=${MAX_PER_PAGE}`);
    expect(answer.status).toBe(429);
    const retryAfter = answer.headers["Retry-After"];
    expect(retryAfter).toBe(String(RETRY_AFTER_SECONDS));
    const example = answer.body as ApiError;
    const { template } = matchersFor("ApiError", example);
    await pactFor("rateLimited")
      .addInteraction()
      .given(scenario)
      .uponReceiving(description)
      .withRequest("GET", "/api/v1/calls", (request) => request.query(PAGE_QUERY).headers(AUTH))
      .willRespondWith(429, (response) => response.headers({ ...JSON_CONTENT, "Retry-After": MatchersV3.regex(RETRY_AFTER, retryAfter!) }).jsonBody(template))
      .executeTest(async (mock) => {
        const error = await rejectionOf(clientOf(mock).listCallPages().next());
        expect(error).toBeInstanceOf(ApiRequestError);
        expect((error as ApiRequestError).status).toBe(429);
        expect((error as ApiRequestError).retryAfterSeconds).toBe(RETRY_AFTER_SECONDS);
        // What the user reads on the board.
        expect(errorMessage(error)).toMatch(new RegExp(`^The API is rate-limiting this board: retry after ${RETRY_AFTER_SECONDS} s\\.`));
      });
    written.push(pactFile("rateLimited"));
  });

  it(`is the committed ${relative(join(CONTRACT, "..", ".."), CONTRACT)}, byte for byte`, () => {
    expect(written, "every interaction was written").toHaveLength(Object.keys(INTERACTIONS).length);
    requireCurrentContract(written, CONTRACT, { rewriteCommand: REWRITE_COMMAND });
  });
});

