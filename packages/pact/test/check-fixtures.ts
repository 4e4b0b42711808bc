// Hand-made pact files for the pact-to-schema check: V2, V3 and V4, each kind of problem once.
import { buildCase } from "@fwcall/cases";
import type { OnCallUpdatePayload } from "@fwcall/types";

const update = () => structuredClone(buildCase("update/incoming/answered/notes")) as OnCallUpdatePayload & Record<string, any>;

/** A V3 message pact (messages[], V3 matching rules) whose one message breaks a promise per path. */
export function v3MessagePact() {
  const body = update();
  body.data.call.direction = "sideways" as never; // an example the schema does not allow
  (body.data.call as unknown as Record<string, unknown>).customer_name = "Ada"; // a field the schema does not have
  const rule = (...matchers: Array<Record<string, unknown>>) => ({ matchers });
  return {
    consumer: { name: "ticketing" },
    provider: { name: "freshworks-call-events" },
    messages: [
      {
        description: "an answered call gets notes",
        providerStates: [{ name: "a call was answered" }],
        metadata: { event: "onCallUpdate" },
        contents: body,
        matchingRules: {
          body: {
            "$.data.call.agent_email": rule({ match: "type" }),
            "$.data.call.phone_number": rule({ match: "integer" }),
            "$.data.call.id": rule({ match: "null" }),
            "$.data.call.direction": rule({ match: "regex", regex: "^(inbound|outbound)$" }),
            "$.data.call.participants[*].call_status": rule({ match: "regex", regex: "^(1|3)$" }),
            "$.data.call.participants[*].cost": rule({ match: "decimal" }),
            "$.data.call.participants[*].id": rule({ match: "decimal" }),
            "$.data.call.created_time": rule({ match: "datetime", format: "yyyy-MM-dd'T'HH:mm:ss.SSSX" }),
            "$.data.call.updated_time": rule({ match: "date", format: "yyyy-MM-dd" }),
            "$.data.call.phone_number_id": rule({ match: "regex", regex: "^(" }),
            "$.data.call.call_notes": rule({ match: "fuzzy" }),
            "$.data.call.parent_call_id": { combine: "OR", matchers: [{ match: "integer" }, { match: "null" }] },
            "$.data.call.root_call_id": { combine: "OR", matchers: [{ match: "boolean" }, { match: "decimal" }] },
            "$.data.call.direction.code": rule({ match: "type" }),
            "$.data.call.bill_duration": rule({ match: "integer" }),
            "$.data.call[": rule({ match: "type" }),
          },
        },
      },
      {
        description: "onCallCreate: only what the consumer reads",
        contents: { data: { call: { direction: "incoming", participants: [{ connection_type: 0, call_status: 13 }] } } },
        matchingRules: { body: { "$.data.call.participants": { matchers: [{ match: "type", min: 1 }] } } },
      },
    ],
    metadata: { pactSpecification: { version: "3.0.0" } },
  };
}

/** A V4 pact with one body of each kind: async and sync messages, HTTP responses of each REST resource, a base64 body, a text body. */
export function v4MixedPact() {
  const call = { ...update().data.call, assigned_agent_name: "Ada" };
  const response = (status: number, content: unknown, rules: Record<string, unknown> = {}, contentType = "application/json") => ({
    status,
    headers: { "Content-Type": [contentType] },
    body: { content, contentType, encoded: false },
    matchingRules: { body: rules },
  });
  const http = (description: string, path: string, res: Record<string, unknown>) => ({ type: "Synchronous/HTTP", description, request: { method: "GET", path }, response: res });
  return {
    consumer: { name: "call-board" },
    provider: { name: "freshcaller" },
    interactions: [
      http("the list", "/api/v1/calls", response(200, { calls: [call], meta: { current: 1, total_pages: 1, total_count: 1, page_size: 10 } }, { "$.meta.total_count": { matchers: [{ match: "type" }] } })),
      http("one call", `/api/v1/calls/${call.id}`, response(200, { call })),
      http("one bare call", `/api/v1/calls/${call.id}`, response(200, call, { "$.assigned_agent_name": { matchers: [{ match: "type" }] } })),
      http("not found", "/api/v1/calls/42", response(404, { error_type: 404, message: "no", errors: [] })),
      http("a recording", "/api/v1/calls/1/recording", { status: 302, headers: { Location: ["https://x.test/r.mp3"] } }),
      http("health", "/health", response(200, { ok: true })),
      http("a csv export", "/api/v1/calls", response(200, "id,direction\n1,incoming\n", {}, "text/csv")),
      {
        type: "Asynchronous/Messages",
        description: "encoded",
        contents: { content: Buffer.from(JSON.stringify({ event: "onCallCreate", data: { call: { direction: "Incoming" } } })).toString("base64"), contentType: "application/json", encoded: "base64" },
      },
      {
        type: "Synchronous/Messages",
        description: "ask for an update",
        request: { contents: { content: { please: true }, contentType: "application/json", encoded: false } },
        response: [{ contents: { content: { event: "onCallUpdate", data: { call: { region: "EU" } } }, contentType: "application/json", encoded: false } }],
      },
      { type: "Asynchronous/Messages", description: "a chat message", contents: { content: { text: "hi" }, contentType: "application/json", encoded: false } },
    ],
    metadata: { pactSpecification: { version: "4.0" } },
  };
}

/** A V2 HTTP pact with flat matching rules. */
export function v2Pact() {
  return {
    consumer: { name: "old-board" },
    provider: { name: "freshcaller" },
    interactions: [
      {
        description: "the list, V2",
        providerState: "calls exist",
        request: { method: "GET", path: "/api/v1/calls" },
        response: {
          status: 200,
          headers: { "Content-Type": "application/json" },
          body: { calls: [{ direction: "incoming" }], meta: { current: "1", total_pages: 1, total_count: 1 } },
          matchingRules: {
            "$.body.calls": { min: 1, match: "type" },
            "$.body.calls[*].direction": { match: "regex", regex: "^incoming$" },
            "$.body.meta.pages": { match: "type" },
            "$.body.meta.current": { match: "type" },
          },
        },
      },
    ],
    metadata: { "pact-specification": { version: "2.0.0" } },
  };
}

/**
 * A V3 message pact whose regexes are hostile or beyond RE2: one that backtracks catastrophically
 * on its own example, lookaround and a backreference, and a regex that is not a string.
 */
export function hostileRegexPact() {
  // A status change: its `changes` do not mention the notes set here.
  const body = structuredClone(buildCase("update/incoming/answered/status-change")) as OnCallUpdatePayload;
  body.data.call.call_notes = `${"a".repeat(30)}!`;
  const rule = (regex: unknown) => ({ matchers: [{ match: "regex", regex }] });
  return {
    consumer: { name: "ticketing" },
    provider: { name: "freshworks-call-events" },
    messages: [
      {
        description: "notes of a's",
        metadata: { event: "onCallUpdate" },
        contents: body,
        matchingRules: {
          body: {
            "$.data.call.call_notes": rule("^(a+)+$"),
            "$.data.call.direction": rule("^(?=in)incoming$"),
            "$.data.call.bill_duration_unit": rule("^(s)econd\\1$"),
            "$.data.call.phone_number": rule(42),
            "$.data.call.recording": { matchers: [{ match: "regex" }] },
          },
        },
      },
    ],
    metadata: { pactSpecification: { version: "3.0.0" } },
  };
}
