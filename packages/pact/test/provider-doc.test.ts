// A consumer pact against a provider document (bi-directional contract testing): the committed
// contracts pass against the generated OpenAPI and AsyncAPI documents; a pact that expects what the
// document does not promise (a wrong path, an undocumented status or query parameter, a field the
// schema lacks, a value of another type) is an error naming the interaction and the place; a
// document that cannot be used is a ProviderDocumentError.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { checkPactAgainstProvider, MAX_DOCUMENT_BYTES, prepareProvider, ProviderDocumentError, readProviderDocument, type PactFinding, type PreparedProvider } from "../src/check.js";

const read = (relative: string) => readFileSync(fileURLToPath(new URL(relative, import.meta.url)), "utf8");
const OPENAPI = read("../../interop/src/generated/openapi.json");
const ASYNCAPI = read("../../interop/src/generated/asyncapi.json");
const BOARD_PACT = JSON.parse(read("../../../contracts/fwcall-call-board-freshcaller-rest-api.json")) as Pact;
const APP_PACT = JSON.parse(read("../../../contracts/fwcall-example-fdk-app-freshworks-call-events.json")) as Pact;

type Pact = { interactions: Array<Record<string, any>> };

const provider = async (text: string, name: string): Promise<PreparedProvider> => prepareProvider(await readProviderDocument(text, name));
const errors = (findings: readonly PactFinding[]) => findings.filter((f) => f.severity === "error").map((f) => `${f.interaction} | ${f.part} | ${f.path} | ${f.rule}`);
/** A copy of a pact with one interaction changed. */
function mutated(pact: Pact, description: string, change: (interaction: Record<string, any>) => void): Pact {
  const copy = structuredClone(pact);
  const interaction = copy.interactions.find((i) => i.description === description);
  if (!interaction) throw new Error(`no interaction "${description}"`);
  change(interaction);
  return copy;
}

const LONG = 60_000;

describe("the committed contracts against the generated documents", () => {
  it("the call board's HTTP pact is promised by the OpenAPI document: no error, every response body checked", async () => {
    const result = checkPactAgainstProvider(BOARD_PACT, await provider(OPENAPI, "openapi.json"));
    expect(errors(result.findings)).toEqual([]);
    expect(result.ok).toBe(true);
    const bodies = BOARD_PACT.interactions.filter((i) => i.response?.body !== undefined).length;
    expect(result.checkedBodies).toBe(bodies);
    expect(bodies).toBeGreaterThan(4);
    // The bodies are held against the document's own schemas.
    expect(new Set(result.findings.map((f) => f.schema))).not.toContain("CallResponse");
  }, LONG);

  it("the example app's message pact is promised by the AsyncAPI document: no error; only undocumented status codes warn (the lenient payload takes them)", async () => {
    const result = checkPactAgainstProvider(APP_PACT, await provider(ASYNCAPI, "asyncapi.json"));
    expect(errors(result.findings)).toEqual([]);
    expect(result.checkedBodies).toBe(APP_PACT.interactions.length);
    for (const warning of result.findings) {
      expect(warning.interaction).toMatch(/\/unknown(\/|$)/);
      expect(warning.rule).toBe("example:schema:enum");
    }
  }, LONG);

  it("the same document as YAML gives the same findings", async () => {
    const json = checkPactAgainstProvider(BOARD_PACT, await provider(OPENAPI, "openapi.json"));
    const yaml = checkPactAgainstProvider(BOARD_PACT, await provider(stringify(JSON.parse(OPENAPI)), "openapi.yaml"));
    expect(yaml.findings).toEqual(json.findings);
  }, LONG);
});

describe("a pact expecting what the document does not promise", () => {
  it("a wrong path, a method, an undocumented status, query parameter or response header: errors naming the interaction and the place", async () => {
    const openapi = await provider(OPENAPI, "openapi.json");
    const cases: Array<[Pact, string]> = [
      [mutated(BOARD_PACT, "a call that does not exist", (i) => (i.request.path = "/api/v1/callz/1")), "a call that does not exist | request | $.path | provider:path"],
      [mutated(BOARD_PACT, "a call that does not exist", (i) => (i.request.path = "/api/v1/calls/abc")), "a call that does not exist | request | $.path | provider:path"],
      [mutated(BOARD_PACT, "a call that does not exist", (i) => (i.request.method = "DELETE")), "a call that does not exist | request | $.method | provider:method"],
      [mutated(BOARD_PACT, "one call, with its recording", (i) => (i.response.status = 418)), "one call, with its recording | response | $.status | provider:status"],
      [mutated(BOARD_PACT, "the first page of calls", (i) => (i.request.query.sort = ["newest"])), "the first page of calls | request | $.query.sort | provider:query"],
      [mutated(BOARD_PACT, "the first page of calls", (i) => (i.request.query.per_page = ["1000"])), "the first page of calls | request | $.query.per_page | provider:query"],
      [mutated(BOARD_PACT, "one call, with its recording", (i) => (i.response.headers["X-Request-Cost"] = ["3"])), "one call, with its recording | response | $.headers.X-Request-Cost | provider:header"],
      [mutated(BOARD_PACT, "one call, with its recording", (i) => delete i.request.headers["X-Api-Auth"]), "one call, with its recording | request | $.headers | provider:security"],
    ];
    for (const [pact, expected] of cases) {
      const result = checkPactAgainstProvider(pact, openapi);
      expect(result.ok).toBe(false);
      expect(errors(result.findings)).toEqual([expected]);
    }
  }, LONG);

  it("an extra field, a value of another type, a matcher of another type in a response body: errors at their JSON paths", async () => {
    const openapi = await provider(OPENAPI, "openapi.json");
    const extra = checkPactAgainstProvider(mutated(BOARD_PACT, "one call, with its recording", (i) => (i.response.body.content.call.field_no_document_declares = 4)), openapi);
    expect(errors(extra.findings)).toEqual(["one call, with its recording | response body | $.call.field_no_document_declares | field:undeclared"]);
    expect(extra.findings[0]!.message).toContain("#/components/schemas/");

    const wrongType = checkPactAgainstProvider(mutated(BOARD_PACT, "one call, with its recording", (i) => (i.response.body.content.call.id = "136011")), openapi);
    expect(errors(wrongType.findings)).toEqual(["one call, with its recording | response body | $.call.id | example:schema:type"]);

    const matcher = checkPactAgainstProvider(
      mutated(BOARD_PACT, "a call that does not exist", (i) => (i.response.matchingRules.body["$.error_type"] = { combine: "AND", matchers: [{ match: "integer" }] })),
      openapi,
    );
    expect(errors(matcher.findings)).toEqual(["a call that does not exist | response body | $.error_type | matcher:type"]);
  }, LONG);

  it("a message no AsyncAPI message is, and contents the payload refuses: errors; an HTTP pact against an AsyncAPI document is one too", async () => {
    const asyncapi = await provider(ASYNCAPI, "asyncapi.json");
    const first = APP_PACT.interactions[0]!.description as string;
    const unmapped = mutated(APP_PACT, first, (i) => {
      i.description = "a ticket was closed";
      i.providerStates = [{ name: "a ticket" }];
      i.contents.content = { ticket: { id: 1 } };
      i.matchingRules = {};
    });
    expect(errors(checkPactAgainstProvider(unmapped, asyncapi).findings)).toEqual(["a ticket was closed | contents | $ | provider:message"]);

    const wrongType = mutated(APP_PACT, first, (i) => (i.contents.content.data.call.direction = 1));
    expect(errors(checkPactAgainstProvider(wrongType, asyncapi).findings)).toEqual([`${first} | contents | $.data.call.direction | example:schema:type`, `${first} | contents | $.data.call.direction | example:schema:enum`]);

    const extra = mutated(APP_PACT, first, (i) => (i.contents.content.data.call.field_no_document_declares = 4));
    expect(errors(checkPactAgainstProvider(extra, asyncapi).findings)).toEqual([`${first} | contents | $.data.call.field_no_document_declares | field:undeclared`]);

    expect(errors(checkPactAgainstProvider(BOARD_PACT, asyncapi).findings)[0]).toMatch(/\| request \| \$ \| provider:message$/);
  }, LONG);
});

describe("documents written by hand", () => {
  it("an AsyncAPI 2.6 YAML document: a V3 message pact maps by its description to a message name, and its contents are held to the payload", async () => {
    const doc = [
      "asyncapi: 2.6.0",
      "info: { title: orders, version: '1' }",
      "channels:",
      "  orders/created:",
      "    subscribe:",
      "      operationId: orderCreated",
      "      message:",
      "        $ref: '#/components/messages/OrderCreated'",
      "components:",
      "  messages:",
      "    OrderCreated:",
      "      name: OrderCreated",
      "      payload:",
      "        type: object",
      "        required: [id, total]",
      "        properties:",
      "          id: { type: integer }",
      "          total: { type: number, minimum: 0 }",
      "          currency: { type: string, enum: [EUR, USD] }",
    ].join("\n");
    const pactOf = (description: string, contents: unknown, rules: Record<string, unknown> = {}) => ({
      consumer: { name: "billing" },
      provider: { name: "orders" },
      messages: [{ description, providerStates: [{ name: "an order" }], contents, matchingRules: { body: rules }, metadata: { contentType: "application/json" } }],
      metadata: { pactSpecification: { version: "3.0.0" } },
    });
    const orders = await provider(doc, "orders.yaml");
    expect(orders.doc.kind).toBe("asyncapi");
    const good = checkPactAgainstProvider(pactOf("an OrderCreated message", { id: 1, total: 9.5 }, { "$.id": { matchers: [{ match: "integer" }] } }), orders);
    expect(good.findings).toEqual([]);
    expect(good.checkedBodies).toBe(1);
    const bad = checkPactAgainstProvider(pactOf("an OrderCreated message", { id: 1, total: -1, currency: "GBP", note: "x" }, { "$.total": { matchers: [{ match: "boolean" }] } }), orders);
    expect(errors(bad.findings).sort()).toEqual([
      "an OrderCreated message | contents | $.currency | example:schema:enum",
      "an OrderCreated message | contents | $.note | field:undeclared",
      "an OrderCreated message | contents | $.total | example:schema:minimum",
      "an OrderCreated message | contents | $.total | matcher:type",
    ]);
    expect(bad.findings.every((f) => f.schema === "#/channels/orders~1created/subscribe/message/payload" || f.schema === "#/components/messages/OrderCreated/payload")).toBe(true);
    expect(errors(checkPactAgainstProvider(pactOf("an order was shipped", { id: 1 }), orders).findings)).toEqual(["an order was shipped | contents | $ | provider:message"]);
  }, LONG);

  it("an OpenAPI 3.0 document behind a server base path, with a V2 pact's query string and a required query parameter", async () => {
    const doc = JSON.stringify({
      openapi: "3.0.3",
      servers: [{ url: "https://api.example.com/v2" }],
      paths: {
        "/items": {
          get: {
            parameters: [{ name: "limit", in: "query", required: true, schema: { type: "integer", maximum: 50 } }],
            responses: { "2XX": { description: "ok", content: { "application/json": { schema: { type: "array", items: { type: "object", properties: { id: { type: "string" } } } } } } } },
          },
        },
      },
    });
    const items = await provider(doc, "items.json");
    const pactOf = (query: string, body: unknown) => ({
      consumer: { name: "c" },
      provider: { name: "items" },
      interactions: [{ description: "items", request: { method: "GET", path: "/v2/items", query }, response: { status: 200, headers: { "Content-Type": "application/json" }, body } }],
      metadata: { pactSpecification: { version: "2.0.0" } },
    });
    expect(errors(checkPactAgainstProvider(pactOf("limit=10", [{ id: "a" }]), items).findings)).toEqual([]);
    expect(errors(checkPactAgainstProvider(pactOf("limit=99&page=2", [{ id: 1 }]), items).findings).sort()).toEqual([
      "items | request | $.query.limit | provider:query",
      "items | request | $.query.page | provider:query",
      "items | response body | $[0].id | example:schema:type",
    ]);
    expect(errors(checkPactAgainstProvider(pactOf("", []), items).findings)).toEqual(["items | request | $.query.limit | provider:query"]);
  }, LONG);
});

describe("hostile documents that can be used", () => {
  /** An HTTP pact of one GET /x answering 200 with this body. */
  const pactOf = (content: unknown) => ({
    consumer: { name: "c" },
    provider: { name: "p" },
    interactions: [{ type: "Synchronous/HTTP", description: "get x", request: { method: "GET", path: "/x" }, response: { status: 200, headers: { "Content-Type": ["application/json"] }, body: { content, contentType: "application/json", encoded: false } } }],
    metadata: { pactSpecification: { version: "4.0" } },
  });
  const documentOf = (schemas: Record<string, unknown>) =>
    JSON.stringify({ openapi: "3.1.0", paths: { "/x": { get: { responses: { "200": { description: "x", content: { "application/json": { schema: { $ref: "#/components/schemas/S0" } } } } } } } }, components: { schemas } });

  it("references that would expand exponentially are followed once each", async () => {
    // S0 refers to S1 twice, S1 to S2 twice, …: 2^40 places if expanded.
    const schemas: Record<string, unknown> = { S40: { type: "object", properties: { leaf: { type: "integer" } } } };
    for (let i = 0; i < 40; i++) schemas[`S${i}`] = { type: "object", properties: { a: { $ref: `#/components/schemas/S${i + 1}` }, b: { $ref: `#/components/schemas/S${i + 1}` } } };
    let body: Record<string, unknown> = { leaf: "x" };
    for (let i = 0; i < 40; i++) body = { a: body };
    const result = checkPactAgainstProvider(pactOf(body), await provider(documentOf(schemas), "o.json"));
    expect(errors(result.findings)).toEqual([`get x | response body | $${".a".repeat(40)}.leaf | example:schema:type`]);
  }, LONG);

  it("a pattern with catastrophic backtracking runs in linear time; one RE2 cannot run leaves the example unchecked, with a warning", async () => {
    const redos = documentOf({ S0: { type: "object", properties: { name: { type: "string", pattern: "^(a+)+$" } } } });
    const slow = checkPactAgainstProvider(pactOf({ name: `${"a".repeat(50_000)}!` }), await provider(redos, "o.json"));
    expect(errors(slow.findings)).toEqual(["get x | response body | $.name | example:schema:pattern"]);
    const lookahead = documentOf({ S0: { type: "object", properties: { name: { type: "string", pattern: "^(?=a)a$" } } } });
    const unchecked = checkPactAgainstProvider(pactOf({ name: "a" }), await provider(lookahead, "o.json"));
    expect(unchecked.ok).toBe(true);
    expect(unchecked.findings.map((f) => [f.rule, f.severity])).toEqual([["example:unchecked", "warning"]]);
    expect(unchecked.findings[0]!.message).toMatch(/RE2 does not support lookahead/);
  }, LONG);
});

describe("documents that cannot be used", () => {
  const refused = async (text: string, name: string, message: RegExp) => {
    await expect(readProviderDocument(text, name)).rejects.toThrow(ProviderDocumentError);
    await expect(readProviderDocument(text, name)).rejects.toThrow(message);
  };
  const minimal = (components: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {}, components, ...extra });

  it("a cycle of references, an external reference, one that names nothing, a non-string one", async () => {
    await refused(minimal({ schemas: { A: { $ref: "#/components/schemas/B" }, B: { properties: { a: { $ref: "#/components/schemas/A" } } } } }), "o.json", /cycle: #\/components\/schemas\/(A|B) → .* → #\/components\/schemas\/(A|B)/);
    await refused(minimal({ schemas: { A: { $ref: "#/components/schemas/A" } } }), "o.json", /cycle/);
    await refused(minimal({ schemas: { A: { $ref: "https://example.com/a.json#/A" } } }), "o.json", /outside the document.*bundle/);
    await refused(minimal({ schemas: { A: { $ref: "other.yaml#/A" } } }), "o.json", /outside the document/);
    await refused(minimal({ schemas: { A: { $ref: "#/components/schemas/Missing" } } }), "o.json", /#\/components\/schemas\/A names #\/components\/schemas\/Missing, which the document does not have/);
    await refused(minimal({ schemas: { A: { $ref: 5 } } }), "o.json", /not a string/);
  });

  it("text that is neither JSON nor YAML, JSON that is no API description, Swagger 2, an empty file", async () => {
    await refused("{ not json", "o.json", /not valid JSON: expected a property name in double quotes or '}', found 'not' .*\(line 1, column 3\)$/);
    await refused("a: [unclosed\n  b: {", "o.yaml", /neither JSON nor valid YAML \(line \d+, column \d+\)/);
    await refused("[1, 2]", "o.json", /an array, not an OpenAPI or AsyncAPI document/);
    await refused('{"swagger": "2.0"}', "o.json", /Swagger 2\.0 document; fwcall reads OpenAPI 3\.x/);
    await refused('{"openapi": "4.0.0", "paths": {}}', "o.json", /declares openapi "4\.0\.0"/);
    await refused('{"info": {}}', "o.json", /neither an OpenAPI nor an AsyncAPI document/);
    await refused("  \n", "o.yaml", /empty/);
  });

  it("huge, deeply nested and alias-bomb documents are refused quickly, not expanded", async () => {
    const started = Date.now();
    await refused(`{"openapi":"3.1.0","paths":{},"x":"${"a".repeat(MAX_DOCUMENT_BYTES)}"}`, "o.json", /larger than 16 MB/);
    await refused(`{"openapi":"3.1.0","paths":{},"x":${"[".repeat(5000)}${"]".repeat(5000)}}`, "o.json", /nests more than 256 levels/);
    const bomb = ["openapi: 3.1.0", "paths: {}", "a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`)].join("\n");
    await refused(bomb, "o.yaml", /YAML/);
    // Generous: the point is that nothing is expanded or walked without bound.
    expect(Date.now() - started).toBeLessThan(30_000);
  }, LONG);
});
