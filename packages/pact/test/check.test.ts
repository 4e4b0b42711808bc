// The pact-to-schema check on pacts fwcall writes (clean), on hand-made V2, V3 and V4 pacts with
// each kind of problem (each finding names the interaction, the body, the path and the rule), and
// on JSON that is no pact file.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applicableCases } from "@fwcall/cases";
import { isKnownCallStatus } from "@fwcall/types";
import { MatchersV3 } from "@pact-foundation/pact";
import { addCaseMessage, caseMessage, checkPact, formatFinding, isCaseId, messagePact, mergePacts, NotAPactError, type CaseId, type Override, type PactFinding } from "../src/index.js";
import { hostileRegexPact, v2Pact, v3MessagePact, v4MixedPact } from "./check-fixtures.js";
import { CONSUMER, PROVIDER, tempFolder } from "./helpers.js";

const brief = (findings: readonly PactFinding[]) => findings.map((f) => `${f.severity} ${f.interaction} | ${f.part} | ${f.path} | ${f.rule}`);

/** A message pact of every case that can happen, pinned as a consumer would pin what it branches on. */
async function wholeMatrixPact(): Promise<unknown> {
  const root = tempFolder();
  const files: string[] = [];
  for (const [i, cell] of applicableCases().entries()) {
    if (!isCaseId(cell.id)) throw new Error(cell.id);
    const overrides: Record<string, Override> = { "$.data.call.direction": "exact", "$.data.call.participants[0].call_status": "exact" };
    if (!isKnownCallStatus(cell.status.code)) overrides["$.data.call.participants[*].call_status"] = (example) => MatchersV3.integer(example as number);
    const dir = join(root, String(i));
    await addCaseMessage(messagePact({ consumer: CONSUMER, provider: PROVIDER, dir }), caseMessage(cell.id as CaseId, { overrides })).executeTest(async () => undefined);
    files.push(join(dir, `${CONSUMER}-${PROVIDER}.json`));
  }
  return mergePacts(files.map((file) => JSON.parse(readFileSync(file, "utf8"))));
}

describe("checkPact on the pacts fwcall writes", () => {
  it("finds no error in a message pact of the whole matrix; only the undocumented-status cases warn, as drift", async () => {
    const result = checkPact(await wholeMatrixPact());
    expect(result.interactions).toBe(applicableCases().length);
    expect(result.checkedBodies).toBe(result.interactions);
    expect(result.errors).toBe(0);
    expect(result.ok).toBe(true);
    const unknownCases = applicableCases().filter((cell) => cell.status.slug === "unknown").map((cell) => cell.id);
    expect(result.findings.map((f) => [f.interaction, f.path, f.rule, f.severity, f.message]).sort()).toEqual(
      unknownCases.sort().map((id) => [id, "$.data.call.participants[0].call_status", "example:schema:enum", "warning", "7 is not a documented call status"]),
    );
  });
});

describe("checkPact on a V3 message pact that relies on what the schemas do not promise", () => {
  const result = checkPact(v3MessagePact());

  it("reads the file and checks both messages", () => {
    expect(result).toMatchObject({ consumer: "ticketing", provider: "freshworks-call-events", specification: "3.0.0", interactions: 2, checkedBodies: 2, ok: false });
    expect(result.errors).toBe(result.findings.filter((f) => f.severity === "error").length);
    expect(result.warnings).toBe(result.findings.length - result.errors);
  });

  it("reports each problem once, at its interaction and path", () => {
    const at = "an answered call gets notes | contents";
    expect(brief(result.findings).sort()).toEqual(
      [
        `error ${at} | $.data.call.direction | example:schema:enum`,
        `error ${at} | $.data.call.customer_name | field:undeclared`,
        `error ${at} | $.data.call.agent_email | field:undeclared`,
        `error ${at} | $.data.call.phone_number | matcher:type`,
        `error ${at} | $.data.call.id | matcher:type`,
        `error ${at} | $.data.call.direction | regex:no-value`,
        `error ${at} | $.data.call.direction | regex:example`,
        `warning ${at} | $.data.call.participants[*].call_status | regex:narrower`,
        `warning ${at} | $.data.call.participants[*].cost | matcher:type`,
        `error ${at} | $.data.call.participants[*].id | matcher:type`,
        `warning ${at} | $.data.call.created_time | matcher:narrower`,
        `error ${at} | $.data.call.updated_time | matcher:format`,
        `error ${at} | $.data.call.phone_number_id | regex:invalid`,
        `warning ${at} | $.data.call.call_notes | matcher:unknown`,
        `error ${at} | $.data.call.root_call_id | matcher:type`,
        `error ${at} | $.data.call.root_call_id | matcher:type`,
        `error ${at} | $.data.call.direction.code | field:undeclared`,
        `error ${at} | $.data.call[ | rule:path`,
      ].sort(),
    );
  });

  it("says why, in words", () => {
    const message = (path: string, rule: string) => result.findings.find((f) => f.path === path && f.rule === rule)?.message;
    expect(message("$.data.call.phone_number", "matcher:type")).toBe("an integer matcher expects an integer, but the schema allows a string here");
    expect(message("$.data.call.id", "matcher:type")).toBe("a null matcher expects null, but the schema allows an integer here");
    expect(message("$.data.call.direction", "regex:no-value")).toBe('the regex ^(inbound|outbound)$ matches none of the values the schema allows ("incoming", "outgoing")');
    expect(message("$.data.call.participants[*].call_status", "regex:narrower")).toBe(
      "the regex ^(1|3)$ admits only 1, 3 of the values the schema allows; the provider may also send 0, 2, 4, 5, 6, 8, 9, 10, 11, 12, 13, 15, 16",
    );
    expect(message("$.data.call.agent_email", "field:undeclared")).toMatch(/^the consumer expects a field "agent_email", which the OnCallUpdatePayload schema does not have here \(Call declares assigned_agent_id, /);
    expect(message("$.data.call.participants[*].cost", "matcher:type")).toBe(
      "a decimal matcher: Freshworks sends numbers with a fraction here, but the documented contract allows only an integer or null",
    );
    expect(formatFinding(result.findings.find((f) => f.rule === "regex:example")!)).toBe(
      'error "an answered call gets notes" contents $.data.call.direction: the example "sideways" does not match the interaction\'s own regex ^(inbound|outbound)$ [regex:example]',
    );
  });

  it("lets an OR rule pass when one alternative fits, and accepts an example that shows only the fields the consumer reads", () => {
    expect(result.findings.filter((f) => f.path === "$.data.call.parent_call_id")).toEqual([]);
    expect(result.findings.filter((f) => f.index === 1)).toEqual([]);
  });
});

describe("checkPact on V4 and V2 pacts", () => {
  it("finds the schema of each body by event or by REST path and status, and says what it could not check", () => {
    const result = checkPact(v4MixedPact());
    expect(result).toMatchObject({ specification: "4.0", interactions: 10, checkedBodies: 6 });
    expect(brief(result.findings)).toEqual([
      "error the list | response body | $.meta.page_size | field:undeclared",
      "error not found | response body | $.error_type | example:schema:type",
      "warning health | response body | $ | body:unidentified",
      "warning a csv export | response body | $ | body:unreadable",
      "warning encoded | contents | $.data.call.direction | example:normalize:direction",
      "error ask for an update | response contents | $.data.call.region | field:undeclared",
      "warning a chat message | contents | $ | body:unidentified",
    ]);
    expect(result.findings.map((f) => f.schema)).toEqual(["CallListResponse", "ApiError", undefined, undefined, "OnCallCreatePayload", "OnCallUpdatePayload", undefined]);
  });

  it("reads V2's flat matching rules", () => {
    const result = checkPact(v2Pact());
    expect(brief(result.findings)).toEqual([
      "error the list, V2 | response body | $.meta.current | example:schema:type",
      "warning the list, V2 | response body | $.calls[*].direction | regex:narrower",
      "error the list, V2 | response body | $.meta.pages | field:undeclared",
      "error the list, V2 | response body | $.meta.current | matcher:type",
    ]);
  });
});

describe("checkPact on regexes a backtracking engine or RE2 cannot run", () => {
  it("runs a catastrophic-backtracking regex on its example in linear time, with the right verdict", () => {
    const started = performance.now();
    const result = checkPact(hostileRegexPact());
    // Generous: JavaScript's RegExp takes about a minute on this example, doubling with each "a".
    expect(performance.now() - started).toBeLessThan(5_000);
    const notes = result.findings.filter((f) => f.path === "$.data.call.call_notes");
    expect(notes.map((f) => [f.severity, f.rule, f.message])).toEqual([
      ["error", "regex:example", `the example "${"a".repeat(30)}!" does not match the interaction's own regex ^(a+)+$`],
    ]);
  });

  it("reports lookaround and backreferences as not checked (warnings: the Pact verifier runs them), a regex that is not a string as an error; never a crash", () => {
    const found = checkPact(hostileRegexPact()).findings.filter((f) => f.path !== "$.data.call.call_notes");
    expect(found.map((f) => `${formatFinding(f)}`)).toEqual([
      'warning "notes of a\'s" contents $.data.call.direction: the regex ^(?=in)incoming$ cannot be checked: RE2 does not support lookahead (?=…); fwcall runs regexes with RE2 only, in linear time [regex:unsupported]',
      'warning "notes of a\'s" contents $.data.call.bill_duration_unit: the regex ^(s)econd\\1$ cannot be checked: RE2 does not support backreferences (\\1); fwcall runs regexes with RE2 only, in linear time [regex:unsupported]',
      'error "notes of a\'s" contents $.data.call.phone_number: a regex matcher whose regex is 42, not a string [regex:invalid]',
      'error "notes of a\'s" contents $.data.call.recording: a regex matcher whose regex is missing [regex:invalid]',
    ]);
  });
});

describe("checkPact on matching rules it cannot read", () => {
  const message = (matchingRules: unknown) => ({
    description: "a rule of each broken kind",
    metadata: { event: "onCallUpdate" },
    contents: { event: "onCallUpdate", data: { call: { direction: "incoming" } } },
    matchingRules,
  });

  it("reports each as an error at its path instead of dropping it silently", () => {
    const result = checkPact({
      messages: [
        message({
          body: {
            "$.data.call.direction": "regex",
            "$.data.call.id": { matchers: "type" },
            "$.data.call.phone_number": { matchers: [7, { match: { x: 1 } }, { match: "type" }] },
            "$.data.call.call_notes": { combine: "XOR", matchers: [{ match: "type" }] },
          },
        }),
        message([{ match: "type" }]),
        message({ body: ["$.data"] }),
      ],
    });
    expect(result.ok).toBe(false);
    expect(result.findings.map((f) => `${f.index} ${f.path}: ${f.message} [${f.rule}]`)).toEqual([
      `0 $.data.call.direction: the rule is a string, not an object with "matchers"; the consumer's expectation there is not checked [rule:malformed]`,
      `0 $.data.call.id: the rule's "matchers" is a string, not an array; the consumer's expectation there is not checked [rule:malformed]`,
      `0 $.data.call.phone_number: matcher 1 is a number, not an object such as { "match": "type" }; the consumer's expectation there is not checked [rule:malformed]`,
      `0 $.data.call.phone_number: matcher 2 has "match": {"x":1}, not a matcher name such as "type"; the consumer's expectation there is not checked [rule:malformed]`,
      `0 $.data.call.call_notes: the rule combines its matchers with "XOR"; Pact knows "AND" and "OR"; the consumer's expectation there is not checked [rule:malformed]`,
      `1 $: its matchingRules is an array, not an object: none of its rules is read; the consumer's expectation there is not checked [rule:malformed]`,
      `2 $: its matchingRules.body is an array, not an object: none of its rules is read; the consumer's expectation there is not checked [rule:malformed]`,
    ]);
  });
});

describe("checkPact on many wildcard rules over one large object", () => {
  it("stops walking at its budget, says so once, and finishes (20,000 rules × 20,000 keys took minutes)", () => {
    const iparams = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, { v: i }]));
    const rules = Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`$.iparams.*.x${i}`, { matchers: [{ match: "type" }] }]));
    const started = performance.now();
    const result = checkPact({ messages: [{ description: "update/incoming/missed/status-change", contents: { event: "onCallUpdate", iparams }, matchingRules: { body: rules } }] });
    // Generous: the budget bounds it at about a million values reached.
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(result.findings.map((f) => `${f.severity} ${f.path} ${f.rule}: ${f.message}`)).toEqual([
      "warning $ rule:unchecked: rules not checked from here on: the rules of this file reach more values than fwcall walks for one file (1,000,000)",
    ]);
  });

  it("counts each matcher of a rule against the budget: one rule with thousands of matchers over thousands of values", () => {
    const iparams = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i]));
    const matchers = Array.from({ length: 1_000 }, () => ({ match: "type" }));
    const result = checkPact({ messages: [{ description: "update/incoming/missed/status-change", contents: { event: "onCallUpdate", iparams }, matchingRules: { body: { "$.iparams.*": { matchers } } } }] });
    expect(result.findings.map((f) => f.rule)).toEqual(["rule:unchecked"]);
  });
});

describe("checkPact on a body held as JSON text", () => {
  it("reports a key written twice in the text with its line and column, as a warning: the last one counts, for JSON.parse and the verifier alike", () => {
    const content = '{"event": "onCallUpdate",\n "data": {"call": {"direction": "outgoing", "direction": "incoming"}}}';
    const pact = {
      consumer: { name: "c" },
      provider: { name: "freshworks-call-events" },
      interactions: [{ type: "Asynchronous/Messages", description: "twice", contents: { content, contentType: "application/json", encoded: "json" } }],
      metadata: { pactSpecification: { version: "4.0" } },
    };
    const result = checkPact(pact);
    expect(result.ok).toBe(true);
    expect(result.findings.filter((f) => f.rule === "json:duplicate-key").map(formatFinding)).toEqual([
      'warning "twice" contents $.data.call.direction: in the body\'s encoded JSON text, key "direction" appears twice in this object: at line 2, column 45, first at line 2, column 20 (JSON.parse keeps the last value) [json:duplicate-key]',
    ]);
  });
});

describe("checkPact on what is no pact file", () => {
  it.each([
    [[], "not a pact file: expected a JSON object with \"interactions\" or \"messages\", found an array"],
    [null, "not a pact file: expected a JSON object with \"interactions\" or \"messages\", found null"],
    [{ consumer: { name: "x" } }, 'not a pact file: it has neither an "interactions" nor a "messages" array'],
    [{ interactions: [42] }, "interaction 1 is not a JSON object"],
    [{ interactions: [{ description: "x", type: "Asynchronous/Gossip" }] }, 'interaction 1 ("x") has the unknown type "Asynchronous/Gossip"'],
    [{ interactions: [{ description: "x" }] }, 'interaction 1 ("x") is neither a message nor an HTTP interaction: it has no request or response'],
    [{ interactions: { a: 1 } }, 'not a pact file: its "interactions" is an object, not an array'],
    [{ interactions: [], messages: "x" }, 'not a pact file: its "messages" is a string, not an array'],
    [{ interactions: [], metadata: { pactSpecification: { version: "99.1" } } }, 'it declares pact specification version "99.1", which fwcall does not read (it reads versions 1 to 4)'],
    [{ interactions: [], metadata: { pactSpecification: { version: { major: 4 } } } }, 'its metadata.pactSpecification declares the pact specification version {"major":4}, not a version such as "4.0"'],
    // The Pact verifier's core panics on these (Option::unwrap on a None value).
    [{ interactions: [{ description: "h", request: { method: "GET", path: "/" }, response: { status: "404" } }] }, 'interaction 1 ("h") has the response status "404", not a whole number from 100 to 599'],
    [{ interactions: [{ description: "h", request: { method: "GET", path: "/" }, response: { status: -1 } }] }, 'interaction 1 ("h") has the response status -1, not a whole number from 100 to 599'],
    [{ interactions: [{ description: "h", request: { method: 42, path: "/" }, response: {} }] }, 'interaction 1 ("h") has the request method 42, not a string such as "GET"'],
    [{ interactions: [{ description: "h", request: { path: ["x"] }, response: {} }] }, 'interaction 1 ("h") has the request path ["x"], not a string such as "/api/v1/calls"'],
  ])("%j", (json, message) => {
    expect(() => checkPact(json)).toThrow(NotAPactError);
    expect(() => checkPact(json)).toThrow(message);
  });
});
