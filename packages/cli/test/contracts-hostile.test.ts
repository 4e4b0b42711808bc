// `fwcall contracts check|verify` on pact files made to break them (issue 11): each ends in a
// clear outcome naming the file (exit 2, or a problem of the interaction), never a stack trace, a
// panic of the verifier's core, a silent pass or a runaway regex.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lines, run, withFiles } from "./helpers.js";

const MESSAGE_PACT = fileURLToPath(new URL("../../../contracts/fwcall-example-fdk-app-freshworks-call-events.json", import.meta.url));
const parties = { consumer: { name: "my-app" }, provider: { name: "freshcaller-rest-api" } };

/** A V3 HTTP pact of one interaction, with `edit` applied to it. */
function httpPact(edit: (interaction: Record<string, any>) => void = () => undefined) {
  const interaction: Record<string, any> = { description: "one call", providerState: "every-case", request: { method: "GET", path: "/api/v1/calls/1" }, response: { status: 404 } };
  edit(interaction);
  return { ...parties, interactions: [interaction], metadata: { pactSpecification: { version: "3.0.0" } } };
}

/** A V3 message pact of one onCallUpdate message. */
function messagePact(contents: unknown, matchingRules?: unknown) {
  return { ...parties, provider: { name: "freshworks-call-events" }, messages: [{ description: "update/incoming/missed/status-change", contents, ...(matchingRules === undefined ? {} : { matchingRules }) }], metadata: { pactSpecification: { version: "3.0.0" } } };
}

/** Runs `fwcall contracts <sub> <file>` on a pact written to a temp file. */
async function runOn(sub: "check" | "verify", pact: unknown) {
  const file = join(withFiles({ "pact.json": pact }), "pact.json");
  return { file, ...(await run(["contracts", sub, file])) };
}

const noStackTrace = (output: string) => expect(output).not.toMatch(/\n\s+at |panicked|TypeError|RangeError/);

describe("fwcall contracts check|verify on a file that is no pact they can read: exit 2 naming the file", () => {
  it.each([
    ["not JSON", "hello", ":1:1: invalid JSON: expected a value, found 'hello'"],
    ["an unknown specification version", { ...httpPact(), metadata: { pactSpecification: { version: "5.0.0" } } }, ': it declares pact specification version "5.0.0", which fwcall does not read (it reads versions 1 to 4)'],
    ["interactions that are no array", { ...parties, interactions: { "one call": {} } }, ': not a pact file: its "interactions" is an object, not an array'],
    ["a status the verifier's core panics on", httpPact((i) => (i.response.status = "404")), ': interaction 1 ("one call") has the response status "404", not a whole number from 100 to 599'],
    ["a request path that is no string", httpPact((i) => (i.request.path = ["api"])), ': interaction 1 ("one call") has the request path ["api"], not a string such as "/api/v1/calls"'],
  ])("%s", async (_kind, pact, reason) => {
    for (const sub of ["check", "verify"] as const) {
      const result = await runOn(sub, pact);
      expect(result.code).toBe(2);
      expect(lines(result.stderr)[0]!.startsWith(`${result.file}${reason}`)).toBe(true);
      noStackTrace(result.stderr + result.stdout);
    }
  });

  it("a body nested too deeply to check (in an open object, iparams)", async () => {
    const deep = `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`;
    const text = `{"consumer":{"name":"c"},"provider":{"name":"p"},"messages":[{"description":"update/incoming/missed/status-change","contents":{"event":"onCallUpdate","iparams":${deep}}}]}`;
    const result = await runOn("check", text);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([`${result.file}: nested too deeply to check: the checker ran out of stack`]);
  });
});

describe("fwcall contracts verify on a pact nested deeper than the Pact verifier's core parses", () => {
  it("exits 2 saying so, before the verifier runs (it would report a made-up interaction, \"Failed to load pact\")", async () => {
    const pact = JSON.parse(readFileSync(MESSAGE_PACT, "utf8")) as { interactions: Array<Record<string, any>> };
    let iparams: unknown = 1;
    for (let i = 0; i < 200; i++) iparams = { a: iparams };
    pact.interactions = [{ ...pact.interactions[0], contents: { ...pact.interactions[0]!.contents, content: { ...pact.interactions[0]!.contents.content, iparams } } }];
    const result = await runOn("verify", pact);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/: it nests 20\d levels deep; the Pact verifier reads pact files nested at most 127 levels\n/);
    expect(lines(result.stdout).at(-1)).toBe("1 file (1 interaction): 0 passed, 0 failed, 1 not verified");
  });
});

describe("fwcall contracts verify on a pact whose rule path the Pact verifier's core cannot parse", () => {
  it("exits 2 with the core's reason, not a made-up interaction \"Failed to load pact\"", async () => {
    const pact = JSON.parse(readFileSync(MESSAGE_PACT, "utf8")) as { interactions: Array<Record<string, any>> };
    pact.interactions = [{ ...pact.interactions[0], matchingRules: { body: { "$[": { combine: "AND", matchers: [{ match: "type" }] } } } }];
    const result = await runOn("verify", pact);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)[0]).toMatch(/^fwcall contracts verify: .*pact\.json: the Pact verifier cannot load the pact: .*path expression "\$\["/);
    expect(result.stdout).not.toContain("Failed to load pact");
  });
});

describe("fwcall contracts check on broken rules: a problem of the interaction, at its path", () => {
  const contents = { event: "onCallUpdate", data: { call: { direction: "incoming", call_notes: `${"a".repeat(40)}!` } } };

  it("a regex that is no string, one RE2 cannot run, rules that are no rules; a catastrophic regex answered at once", async () => {
    const started = performance.now();
    const result = await runOn(
      "check",
      messagePact(contents, {
        body: {
          "$.data.call.direction": { matchers: [{ match: "regex", regex: 1 }, { match: "regex", regex: "^(?=in)" }] },
          "$.data.call.call_notes": { matchers: [{ match: "regex", regex: "^(a+)+$" }] },
          "$.data.call.id": "type",
        },
      }),
    );
    // Generous: JavaScript's RegExp would take days on these 41 characters.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.code).toBe(1);
    const at = `${result.file}: error "update/incoming/missed/status-change" contents`;
    expect(lines(result.stdout)).toEqual([
      `${at} $.data.call.id: the rule is a string, not an object with "matchers"; the consumer's expectation there is not checked [rule:malformed]`,
      `${at} $.data.call.direction: a regex matcher whose regex is 1, not a string [regex:invalid]`,
      `${at.replace(": error ", ": warning ")} $.data.call.direction: the regex ^(?=in) cannot be checked: RE2 does not support lookahead (?=…); fwcall runs regexes with RE2 only, in linear time [regex:unsupported]`,
      `${at} $.data.call.call_notes: the example "${"a".repeat(40)}!" does not match the interaction's own regex ^(a+)+$ [regex:example]`,
      "1 file (1 interaction): 0 passed, 1 failed, 3 errors, 1 warning",
    ]);
  });

  it("prints what the file says on one line: control characters escaped", async () => {
    const result = await runOn("check", messagePact({ ...contents, "x\u001b[2J\r\n": 1 }));
    const out = lines(result.stdout);
    expect(out[0]).toContain(`$['x\\u001b[2J\\r\\n']: the consumer expects a field "x\\u001b[2J\\r\\n"`);
    expect(out).toHaveLength(2);
  });
});

describe("fwcall contracts verify on a file with a key written twice", () => {
  it("warns with the line and column of both, whatever the run then says", async () => {
    const text = JSON.stringify(httpPact(), null, 2).replace('"providerState": "every-case",', '"providerState": "every-case",\n      "providerState": "busy-week",');
    const file = join(withFiles({ "pact.json": text }), "pact.json");
    const result = await run(["contracts", "verify", "--provider-url", "http://127.0.0.1:9", file]);
    expect(result.stderr).toMatch(/pact\.json: warning \/interactions\/0\/providerState: .* at line 12, column 7, first at line 11, column 7 .*\[json:duplicate-key\]/);
    expect(result.code).toBe(2);
    noStackTrace(result.stderr);
  });
});
