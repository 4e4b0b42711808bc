// Reading an HTTP interaction for a replay, in the shapes pact files use: V4 header arrays and
// wrapped (even base64) bodies, V3 plain values, V2's query string, provider state and flat rules.
import { describe, expect, it } from "vitest";
import { readHttpInteraction } from "../src/http-interaction.js";
import { readPact } from "../src/pact-file.js";

/** The first interaction of a pact holding `interaction`, read both ways. */
function read(interaction: Record<string, unknown>, specification = "4.0") {
  const pact = readPact({ consumer: { name: "c" }, provider: { name: "p" }, metadata: { pactSpecification: { version: specification } }, interactions: [interaction] });
  return readHttpInteraction(interaction, pact.interactions[0]!);
}

describe("readHttpInteraction", () => {
  it("reads a V4 interaction: states with parameters, query, header arrays, a JSON body, header rules", () => {
    const interaction = read({
      type: "Synchronous/HTTP",
      description: "post a note, redirected to the call",
      providerStates: [{ name: "a call", params: { id: 7 } }, { name: "no notes" }],
      request: { method: "post", path: "/calls/7/notes", query: { a: ["1", "2"] }, headers: { Accept: ["application/json", "text/plain"] }, body: { content: { note: "hi" }, contentType: "application/json", encoded: false } },
      response: { status: 303, headers: { Location: ["/calls/7"] }, matchingRules: { header: { location: { combine: "AND", matchers: [{ match: "regex", regex: "^/calls/\\d+$" }] } } } },
    });
    expect(interaction).toEqual({
      description: "post a note, redirected to the call",
      providerStates: [{ name: "a call", params: { id: 7 } }, { name: "no notes", params: {} }],
      request: {
        method: "POST",
        path: "/calls/7/notes",
        query: [["a", "1"], ["a", "2"]],
        headers: [["Accept", "application/json, text/plain"], ["Content-Type", "application/json"]],
        body: '{"note":"hi"}',
      },
      response: { status: 303, headers: [{ name: "Location", values: ["/calls/7"], rule: { combine: "AND", matchers: [{ match: "regex", regex: "^/calls/\\d+$" }] } }], body: undefined },
    });
  });

  it("decodes a base64 body to its bytes", () => {
    const interaction = read({
      type: "Synchronous/HTTP",
      description: "upload",
      request: { method: "PUT", path: "/f", body: { content: Buffer.from("bytes").toString("base64"), contentType: "application/octet-stream", encoded: "base64" } },
      response: { status: 302, headers: { Location: ["/f/1"] } },
    });
    expect(Buffer.from(interaction.request.body as ArrayBuffer).toString()).toBe("bytes");
    expect(interaction.request.headers).toEqual([["Content-Type", "application/octet-stream"]]);
  });

  it("reads a V2 interaction: its provider state, query string, plain headers and flat header rules", () => {
    const interaction = read(
      {
        description: "old redirect",
        providerState: "a call",
        request: { method: "GET", path: "/r", query: "a=1&b=two", headers: { "X-Api-Auth": "k" } },
        response: { status: 301, headers: { Location: "https://x.invalid/r" }, matchingRules: { "$.headers.Location": { match: "regex", regex: "^https://" } } },
      },
      "2.0.0",
    );
    expect(interaction.providerStates).toEqual([{ name: "a call", params: {} }]);
    expect(interaction.request).toEqual({ method: "GET", path: "/r", query: [["a", "1"], ["b", "two"]], headers: [["X-Api-Auth", "k"]], body: undefined });
    expect(interaction.response.headers).toEqual([{ name: "Location", values: ["https://x.invalid/r"], rule: { combine: "AND", matchers: [{ match: "regex", regex: "^https://" }] } }]);
  });
});
