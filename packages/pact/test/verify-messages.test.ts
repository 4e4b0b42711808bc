// Message verification with the fixture catalog as the provider: a pact written by pact-js passes;
// a provider that breaks it fails with the interaction and the verifier's reason; a pact the
// catalog cannot provide is refused before the verifier runs, saying why.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCase } from "@fwcall/cases";
import { fixtureMessageProviders, PactVerificationError, verifyMessagePact, type CaseId } from "../src/index.js";
import { jsonDepth } from "../src/json.js";
import { writeMessagePact, writeTemp } from "./helpers.js";

const IDS: CaseId[] = ["create/outgoing/connecting", "update/incoming/voicemail/recording", "update/outgoing/answered/extra-leg"];
const pinned = () => ({ overrides: { "$.data.call.direction": "exact", "$.data.call.participants[0].call_status": "exact" } as const });
const pactFile = await writeMessagePact(IDS, pinned);
const pact = JSON.parse(readFileSync(pactFile, "utf8")) as { interactions: Array<Record<string, unknown>> };

async function rejection(promise: Promise<unknown>): Promise<PactVerificationError> {
  const error = await promise.then(
    () => expect.fail("the verification passed"),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(PactVerificationError);
  return error as PactVerificationError;
}

describe("verifyMessagePact", () => {
  it("passes a pact written by pact-js, one result per interaction", async () => {
    const report = await verifyMessagePact({ pactFiles: [pactFile] });
    expect(report.provider).toBe("freshworks-call-events");
    expect(report.interactions.map((r) => [r.description, r.ok])).toEqual(IDS.map((id) => [id, true]).sort());
    expect(report.durationMs).toBeGreaterThan(0);
  });

  it("fails when the provider breaks the contract, naming the interaction and the verifier's reason", async () => {
    const error = await rejection(
      verifyMessagePact({
        pactFiles: [pactFile],
        messageFor: (id) => {
          const payload = buildCase(id);
          if (id === "update/incoming/voicemail/recording") payload.data.call.participants[0]!.call_status = 3;
          return payload;
        },
      }),
    );
    expect(error.failures).toEqual([
      { interaction: "update/incoming/voicemail/recording", problems: ["$.data.call.participants[0].call_status: Expected 3 (Integer) to be equal to 10 (Integer)"] },
    ]);
    expect(error.message).toBe(
      '1 of 3 interactions failed verification against provider "freshworks-call-events":\n  update/incoming/voicemail/recording\n    $.data.call.participants[0].call_status: Expected 3 (Integer) to be equal to 10 (Integer)',
    );
    expect(error.results.filter((r) => !r.ok).map((r) => r.description)).toEqual(["update/incoming/voicemail/recording"]);
  });

  it("names a failing interaction by its description when it has no provider state", async () => {
    const stateless = structuredClone(pact);
    for (const interaction of stateless.interactions) delete interaction.providerStates;
    const file = writeTemp("stateless.json", stateless);
    const error = await rejection(verifyMessagePact({ pactFiles: [file], messageFor: (id) => ({ ...buildCase(id), event: "onCallSomething" }) }));
    expect(error.failures.map((f) => f.interaction).sort()).toEqual([...IDS].sort());
    for (const failure of error.failures) expect(failure.problems).toEqual([expect.stringMatching(/^\$\.event: Expected 'onCallSomething' \(String\) to be equal to 'onCall(Create|Update)' \(String\)$/)]);
  });

  it("offers the catalog's providers for pact-js's own Verifier", async () => {
    const providers = fixtureMessageProviders(["create/outgoing/connecting"], { platform: "2.x" });
    expect(await providers["create/outgoing/connecting"]!({ description: "create/outgoing/connecting" })).toEqual(buildCase("create/outgoing/connecting", { platform: "2.x" }));
    expect(() => fixtureMessageProviders(["create/outgoing/missed"])).toThrow("case create/outgoing/missed cannot happen");
  });
});

describe("verifyMessagePact refuses what the catalog cannot provide, before verifying", () => {
  const withInteraction = (change: (interaction: Record<string, unknown>) => void) => {
    const copy = structuredClone(pact);
    change(copy.interactions[0]!);
    return writeTemp("pact.json", copy);
  };

  it("a description that is no case id, a case that cannot happen, a state naming another case, an HTTP interaction", async () => {
    const files = [
      withInteraction((i) => (i.description = "a missed call")),
      withInteraction((i) => {
        i.description = "create/incoming/missed";
        i.providerStates = [{ name: "create/incoming/missed" }];
      }),
      withInteraction((i) => (i.providerStates = [{ name: "update/incoming/missed/recording" }])),
      withInteraction((i) => {
        for (const key of Object.keys(i)) delete i[key];
        Object.assign(i, { type: "Synchronous/HTTP", description: "a request", request: { method: "GET", path: "/" }, response: { status: 200 } });
      }),
    ];
    const messages = await Promise.all(files.map(async (file) => (await rejection(verifyMessagePact({ pactFiles: [file] }))).message));
    expect(messages[0]).toBe(`the fixture catalog cannot provide these interactions:\n  ${files[0]}: "a missed call" is not a case id of the fixture catalog (ids look like update/incoming/missed/recording)`);
    expect(messages[1]).toContain('"create/incoming/missed": case create/incoming/missed cannot happen, so it cannot be a Pact interaction: onCallCreate fires when the call starts');
    expect(messages[2]).toContain(`"${IDS[0]}" has the provider state "update/incoming/missed/recording"; a case's state must be its own id`);
    expect(messages[3]).toContain('"a request" is a Synchronous/HTTP interaction, not an asynchronous message');
  });

  it("no file, a missing file, a file that is not a pact, files of two providers", async () => {
    expect((await rejection(verifyMessagePact({ pactFiles: [] }))).message).toBe("nothing to verify: no pact file was given");
    expect((await rejection(verifyMessagePact({ pactFiles: ["/nonexistent/pact.json"] }))).message).toMatch(/^\/nonexistent\/pact\.json: cannot read the pact file: ENOENT/);
    const fifo = join(dirname(writeTemp("beside-the-fifo.json", {})), "fifo.json");
    execFileSync("mkfifo", [fifo]);
    expect((await rejection(verifyMessagePact({ pactFiles: [fifo] }))).message).toBe(`${fifo}: cannot read the pact file: not a regular file`);
    const notAPact = writeTemp("not-a-pact.json", { consumer: { name: "x" } });
    expect((await rejection(verifyMessagePact({ pactFiles: [notAPact] }))).message).toBe(`${notAPact}: not a pact file: it has neither an "interactions" nor a "messages" array`);
    const broken = writeTemp("broken.json", "{ nope");
    expect((await rejection(verifyMessagePact({ pactFiles: [broken] }))).message).toBe(`${broken}:1:3: invalid JSON: expected a property name in double quotes or '}', found 'nope' (property names need double quotes: "nope")`);
    const other = writeTemp("other.json", { ...pact, provider: { name: "someone-else" } });
    expect((await rejection(verifyMessagePact({ pactFiles: [pactFile, other] }))).message).toBe('the pact files must name one provider; they name "freshworks-call-events", "someone-else"');
  });

  it("a pact nested deeper than the verifier's core parses: refused before it runs (it would report a made-up interaction, \"Failed to load pact\")", async () => {
    /** The pact with its first message's iparams nested so that the whole file is `depth` levels deep. */
    const nested = (depth: number) => {
      const copy = structuredClone(pact) as { interactions: Array<Record<string, any>> };
      const content = copy.interactions[0]!.contents.content;
      content.iparams = 1;
      while (jsonDepth(copy) < depth) content.iparams = { a: content.iparams };
      expect(jsonDepth(copy)).toBe(depth);
      return writeTemp(`nested-${depth}.json`, copy);
    };
    const tooDeep = nested(128);
    expect((await rejection(verifyMessagePact({ pactFiles: [tooDeep] }))).message).toBe(`${tooDeep}: it nests 128 levels deep; the Pact verifier reads pact files nested at most 127 levels`);
    // One level less is read: the verifier judges it (the catalog sends no such iparams).
    const failures = (await rejection(verifyMessagePact({ pactFiles: [nested(127)] }))).failures;
    expect(failures.map((f) => f.interaction)).toEqual([pact.interactions[0]!.description]);
  });

  it("a pact the verifier's core cannot load (a rule path it cannot parse): refused, not reported as an interaction \"Failed to load pact\"", async () => {
    const copy = structuredClone(pact) as { interactions: Array<Record<string, any>> };
    copy.interactions[0]!.matchingRules = { body: { "$[": { combine: "AND", matchers: [{ match: "type" }] } } };
    const file = writeTemp("bad-path.json", copy);
    const error = await rejection(verifyMessagePact({ pactFiles: [file] }));
    expect(error.failures).toEqual([]);
    expect(error.message).toMatch(/^the Pact verifier cannot load the pact: .*path expression "\$\["/);
  });

  it("the verifier runs lookahead and backreferences, which RE2 lacks: why contracts check only warns about them", async () => {
    const withRegex = (regex: string) => {
      const copy = structuredClone(pact) as { interactions: Array<Record<string, any>> };
      const first = copy.interactions.find((i) => i.description === "create/outgoing/connecting")!;
      first.matchingRules = { body: { "$.data.call.direction": { combine: "AND", matchers: [{ match: "regex", regex }] } } };
      copy.interactions = [first];
      return writeTemp("regex.json", copy);
    };
    for (const regex of ["^(?=out)outgoing$", "^(?>out)going$", "^(o)utg\\1ing$"]) expect((await verifyMessagePact({ pactFiles: [withRegex(regex)] })).interactions[0]!.ok).toBe(true);
    const failed = await rejection(verifyMessagePact({ pactFiles: [withRegex("^(?=in)outgoing$")] }));
    expect(failed.failures[0]!.problems).toEqual(["$.data.call.direction: Expected 'outgoing' to match '^(?=in)outgoing$'"]);
  });

  it("a pact without interactions", async () => {
    const empty = writeTemp("empty.json", { ...pact, interactions: [] });
    expect((await rejection(verifyMessagePact({ pactFiles: [empty] }))).message).toBe("the pact files hold no interactions to verify");
  });
});
