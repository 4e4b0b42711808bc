// The committed message pact, verified by the official Pact verifier with fwcall's fixture
// catalog as the provider (each interaction's message is its case's payload). A provider that
// breaks the contract (a field gone, a wrong type, a status no schema value matches, a pinned
// value changed) must fail, for that reason. No msw server runs in this file: it would take over
// the verifier's traffic.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildCase } from "@fwcall/cases";
import { PactVerificationError, verifyMessagePact, type CaseId, type VerificationFailure } from "@fwcall/pact";
import type { CallEventPayload } from "@fwcall/types";
import { CONTRACT } from "./pact-contract.js";

const committed = JSON.parse(readFileSync(CONTRACT, "utf8")) as { interactions: Array<{ description: string }> };
const dir = mkdtempSync(join(tmpdir(), "fwcall-provider-pact-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the committed message pact against the fixture catalog", () => {
  it("passes for every interaction", async () => {
    const report = await verifyMessagePact({ pactFiles: [CONTRACT] });
    expect(report.interactions.map((r) => r.description).sort()).toEqual(committed.interactions.map((i) => i.description).sort());
    expect(report.interactions.filter((r) => !r.ok)).toEqual([]);
    console.info(`verified ${report.interactions.length} interactions in ${Math.round(report.durationMs)} ms`);
  });
});

/** A pact file with only these interactions of the committed contract. */
function contractOf(ids: readonly CaseId[]): string {
  const file = join(dir, `${ids.join("+").replace(/\//g, "_")}.json`);
  const interactions = committed.interactions.filter((i) => (ids as readonly string[]).includes(i.description));
  expect(interactions.map((i) => i.description).sort()).toEqual([...ids].sort());
  writeFileSync(file, JSON.stringify({ ...committed, interactions }));
  return file;
}

/** The failures of verifying those interactions against a provider whose payloads went through `breakIt`. */
async function failuresWith(ids: readonly CaseId[], breakIt: (payload: CallEventPayload, id: CaseId) => void): Promise<readonly VerificationFailure[]> {
  const pactFile = contractOf(ids);
  const verifying = verifyMessagePact({
    pactFiles: [pactFile],
    messageFor: (id) => {
      const payload = buildCase(id);
      breakIt(payload, id);
      return payload;
    },
  });
  const error = await verifying.then(
    () => expect.fail("the verification of a broken provider passed"),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(PactVerificationError);
  expect((error as Error).message).toMatch(/interactions failed verification against provider "freshworks-call-events"/);
  return (error as PactVerificationError).failures;
}

describe("a broken provider fails verification, for that reason", () => {
  it("a field removed: the recording a voicemail update attaches", async () => {
    const failures = await failuresWith(["update/incoming/voicemail/recording"], (payload) => {
      delete (payload.data.call as Partial<typeof payload.data.call>).recording;
    });
    expect(failures).toEqual([{ interaction: "update/incoming/voicemail/recording", problems: ["$.data.call: Actual map is missing the following keys: recording"] }]);
  });

  it("a wrong type: the call id as a string", async () => {
    const failures = await failuresWith(["create/incoming/connecting"], (payload) => {
      (payload.data.call as { id: unknown }).id = String(payload.data.call.id);
    });
    expect(failures).toHaveLength(1);
    expect(failures[0]!.problems).toEqual([expect.stringMatching(/^\$\.data\.call\.id: Expected '\d+' \(String\) to be an integer$/)]);
  });

  it("a status outside the schema's values: an agent leg at the undocumented 14", async () => {
    const failures = await failuresWith(["update/incoming/answered/notes"], (payload) => {
      payload.data.call.participants[1]!.call_status = 14;
    });
    expect(failures).toEqual([
      { interaction: "update/incoming/answered/notes", problems: ["$.data.call.participants[1].call_status: Expected '14' to match '^(0|1|2|3|4|5|6|8|9|10|11|12|13|15|16)$'"] },
    ]);
  });

  it("a pinned value changed: a missed call's customer leg sent as answered, and an incoming call as outgoing", async () => {
    const failures = await failuresWith(["update/incoming/missed/status-change", "update/incoming/busy/status-change", "create/incoming/connecting"], (payload, id) => {
      if (id === "update/incoming/missed/status-change") payload.data.call.participants[0]!.call_status = 1;
      if (id === "update/incoming/busy/status-change") payload.data.call.direction = "outgoing";
    });
    expect([...failures].sort((a, b) => a.interaction.localeCompare(b.interaction))).toEqual([
      { interaction: "update/incoming/busy/status-change", problems: ["$.data.call.direction: Expected 'outgoing' (String) to be equal to 'incoming' (String)"] },
      { interaction: "update/incoming/missed/status-change", problems: ["$.data.call.participants[0].call_status: Expected 1 (Integer) to be equal to 3 (Integer)"] },
    ]);
  });

  it("a provider that throws: the reason is in the report", async () => {
    const failures = await failuresWith(["create/outgoing/connecting"], () => {
      throw new Error("the catalog is down");
    });
    expect(failures).toHaveLength(1);
    expect(failures[0]!.problems[0]).toBe("the provider threw: the catalog is down");
  });
});
