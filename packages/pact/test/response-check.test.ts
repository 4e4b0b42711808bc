// The checks fwcall applies to a replayed redirect's response, worded as the Pact verifier words
// them: status, headers and their rules (an unsupported matcher fails, naming it), a JSON body.
import { describe, expect, it } from "vitest";
import { jsonBodyMismatches } from "../src/body-match.js";
import type { ExpectedResponse, HeaderRule } from "../src/http-interaction.js";
import { responseProblems } from "../src/response-check.js";

const LOCATION = "https://recordings.fwcall.invalid/r/7";

/** A 302 expectation with a Location header under `rule`. */
const expecting = (rule?: HeaderRule, body?: ExpectedResponse["body"]): ExpectedResponse => ({ status: 302, headers: [{ name: "Location", values: [LOCATION], rule }], body });
const answer = (status: number, headers: Record<string, string>, body = "") => ({ status, headers: new Headers(headers), body });
const regex = (pattern: string): HeaderRule => ({ combine: "AND", matchers: [{ match: "regex", regex: pattern }] });

describe("responseProblems", () => {
  it("passes a redirect that meets the pact; header names are case-insensitive", () => {
    expect(responseProblems(expecting(regex("^https://\\S+$")), answer(302, { location: LOCATION }))).toEqual([]);
  });

  it("words a status and a missing header as the verifier does", () => {
    expect(responseProblems(expecting(regex("^https://\\S+$")), answer(200, {}))).toEqual(["expected 302 but was 200", "Expected a header 'Location' but was missing"]);
  });

  it("holds a header to its regex, to its example without a rule, and to an equality rule", () => {
    expect(responseProblems(expecting(regex("^https://\\S+$")), answer(302, { Location: "/r/7" }))).toEqual(["Mismatch with header 'Location': Expected '/r/7' to match '^https://\\S+$'"]);
    expect(responseProblems(expecting(), answer(302, { Location: "/r/7" }))).toEqual([`Mismatch with header 'Location': Expected '/r/7' to be equal to '${LOCATION}'`]);
    expect(responseProblems(expecting({ combine: "AND", matchers: [{ match: "equality" }] }), answer(302, { Location: LOCATION }))).toEqual([]);
  });

  it("takes any value under a type rule, and one passing matcher under OR", () => {
    expect(responseProblems(expecting({ combine: "AND", matchers: [{ match: "type" }] }), answer(302, { Location: "anything" }))).toEqual([]);
    expect(responseProblems(expecting({ combine: "OR", matchers: [{ match: "regex", regex: "^/" }, { match: "regex", regex: "^https:" }] }), answer(302, { Location: "/r/7" }))).toEqual([]);
  });

  it("fails on a matcher it does not apply, on a regex that does not compile, and on one RE2 cannot run", () => {
    expect(responseProblems(expecting({ combine: "AND", matchers: [{ match: "type" }, { match: "include", value: "r/" }] }), answer(302, { Location: LOCATION }))).toEqual([
      "Mismatch with header 'Location': its 'include' matcher is not one fwcall's redirect replay applies (it applies regex, type and equality)",
    ]);
    expect(responseProblems(expecting(regex("(")), answer(302, { Location: LOCATION }))).toEqual(["Mismatch with header 'Location': its regex '(' cannot be checked: RE2 cannot compile it: missing closing ) at `(`"]);
    expect(responseProblems(expecting(regex("^(?!/)")), answer(302, { Location: LOCATION }))).toEqual([
      "Mismatch with header 'Location': its regex '^(?!/)' cannot be checked: RE2 does not support negative lookahead (?!…); fwcall runs regexes with RE2 only, in linear time",
    ]);
    expect(responseProblems(expecting({ combine: "AND", matchers: [{ match: "regex", regex: 7 }] }), answer(302, { Location: LOCATION }))).toEqual(["Mismatch with header 'Location': its regex matcher has no regex (a string)"]);
  });

  it("checks a JSON body the pact expects, and refuses a body that is not JSON or a rule that cannot be read", () => {
    const body = { part: "response body", producer: "provider" as const, example: { url: LOCATION }, unreadable: undefined, duplicateKeys: [], rules: [], ruleProblems: [] };
    expect(responseProblems(expecting(undefined, body), answer(302, { Location: LOCATION }, JSON.stringify({ url: LOCATION })))).toEqual([]);
    expect(responseProblems(expecting(undefined, body), answer(302, { Location: LOCATION }))).toEqual(["$: Expected a JSON body but the response had none"]);
    expect(responseProblems(expecting(undefined, body), answer(302, { Location: LOCATION }, "<a>moved</a>"))).toEqual(["$: Expected a JSON body but was '<a>moved</a>'"]);
    const broken = { ...body, ruleProblems: [{ path: "$.url", message: "the rule is a string, not an object with \"matchers\"" }] };
    expect(responseProblems(expecting(undefined, broken), answer(302, { Location: LOCATION }, JSON.stringify({ url: LOCATION })))).toEqual([
      '$.url: the pact\'s rule cannot be read: the rule is a string, not an object with "matchers"',
    ]);
    const html = { ...body, example: undefined, unreadable: "a text/html body, not JSON" };
    expect(responseProblems(expecting(undefined, html), answer(302, { Location: LOCATION }, "<a>moved</a>"))).toEqual(["the pact expects a text/html body, not JSON; fwcall's redirect replay checks JSON bodies only"]);
  });
});

describe("jsonBodyMismatches", () => {
  it("compares values, lets objects carry extra keys, and wants arrays of the same length", () => {
    expect(jsonBodyMismatches({ a: 1, b: { c: 2 }, d: [1, 2] }, { a: "1", b: {}, d: [1], extra: true }, [])).toEqual([
      "$.a: Expected '1' (String) to be equal to 1 (Integer)",
      "$.b: Actual map is missing the following keys: c",
      "$.d: Expected 2 but was missing",
      "$.d: Expected a List with 2 elements but received 1 elements",
    ]);
  });

  it("compares JSON types under a type rule, which cascades to the values below its path", () => {
    const rules = [{ path: "$", combine: "AND" as const, matchers: [{ match: "type" }] }];
    expect(jsonBodyMismatches({ url: "x", size: 1, meta: { n: 1 } }, { url: "y", size: 2.5, meta: { n: 3 } }, rules)).toEqual([]);
    expect(jsonBodyMismatches({ url: "x" }, { url: 1 }, rules)).toEqual(["$.url: Expected 1 (Integer) to be the same type as 'x' (String)"]);
  });

  it("reports what it does not apply instead of passing it: other matchers, a type rule over a list", () => {
    expect(jsonBodyMismatches({ id: 7 }, { id: 7 }, [{ path: "$.id", combine: "AND", matchers: [{ match: "integer" }] }])).toEqual([
      "$.id: the rule at $.id uses the 'integer' matcher, which fwcall's redirect replay does not apply (it applies type and equality)",
    ]);
    expect(jsonBodyMismatches({ ids: [7] }, { ids: [7, 8] }, [{ path: "$.ids", combine: "AND", matchers: [{ match: "type", min: 1 }] }])).toEqual([
      "$.ids: a 'type' rule over a list (eachLike), which fwcall's redirect replay does not apply",
    ]);
  });
});
