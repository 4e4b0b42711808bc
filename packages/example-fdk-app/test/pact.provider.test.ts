// The committed message pact, verified by the official Pact verifier with fwcall's fixture
// catalog as the provider (each interaction's message is its case's payload). A provider that
// breaks the contract (a field gone, a wrong type, a value no schema value matches, a pinned
// value changed) must fail, for that reason. The pact holds what server.js reads: a provider
// change to a field it reads fails, and a change to a field it does not read passes (where the
// every-field expectation of the same case, which the pact held before, fails). No msw server runs in this file: it would take over
// the verifier's traffic.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildCase } from "@fwcall/cases";
import { addCaseMessage, caseMessage, messagePact, PactVerificationError, verifyMessagePact, type CaseId, type VerificationFailure } from "@fwcall/pact";
import type { CallEventPayload } from "@fwcall/types";
import { CONSUMER, CONTRACT, PROVIDER } from "./pact-contract.js";

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

type BreakIt = (payload: CallEventPayload, id: CaseId) => void;

/** Verifying a pact file against a provider whose payloads went through `breakIt`. */
function verifyBroken(pactFile: string, breakIt: BreakIt) {
  return verifyMessagePact({
    pactFiles: [pactFile],
    messageFor: (id) => {
      const payload = buildCase(id);
      breakIt(payload, id);
      return payload;
    },
  });
}

/** The failures of verifying a pact file against a provider whose payloads went through `breakIt`: none when it passed. */
async function verifiedWith(pactFile: string, breakIt: BreakIt): Promise<readonly VerificationFailure[]> {
  return verifyBroken(pactFile, breakIt).then(
    (report) => {
      expect(report.interactions.length).toBeGreaterThan(0);
      expect(report.interactions.filter((r) => !r.ok)).toEqual([]);
      return [];
    },
    (thrown: unknown) => {
      expect(thrown).toBeInstanceOf(PactVerificationError);
      expect((thrown as PactVerificationError).failures.length, (thrown as Error).message).toBeGreaterThan(0);
      return (thrown as PactVerificationError).failures;
    },
  );
}

/** The failures of verifying those interactions against a provider whose payloads went through `breakIt`. */
async function failuresWith(ids: readonly CaseId[], breakIt: BreakIt): Promise<readonly VerificationFailure[]> {
  const error = await verifyBroken(contractOf(ids), breakIt).then(
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

  it("a value outside the schema's values: a recording's duration in minutes", async () => {
    const failures = await failuresWith(["update/incoming/voicemail/recording"], (payload) => {
      (payload.data.call.recording as { duration_unit: string }).duration_unit = "minutes";
    });
    expect(failures).toEqual([
      { interaction: "update/incoming/voicemail/recording", problems: ["$.data.call.recording.duration_unit: Expected 'minutes' (String) to be equal to 'seconds' (String)"] },
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

/** The pact of one case as it was before the pact held only what the app reads: caseMessage's matchers over every field of the payload. */
async function everyFieldPact(id: CaseId): Promise<string> {
  const folder = join(dir, `every-field-${id.replace(/\//g, "_")}`);
  const pact = messagePact({ consumer: CONSUMER, provider: PROVIDER, dir: folder });
  await addCaseMessage(pact, caseMessage(id, { overrides: { "$.data.call.direction": "exact", "$.data.call.participants[0].call_status": "exact" } })).executeTest(async () => undefined);
  return join(folder, `${CONSUMER}-${PROVIDER}.json`);
}

describe("the pact holds what server.js reads, and nothing else", () => {
  const id = "update/incoming/missed/status-change";
  const interaction = committed.interactions.find((i) => i.description === id) as { contents: { content: { data: { call: Record<string, unknown> } } } } | undefined;

  it("holds the fields the handler reads for the case, not the others", () => {
    const call = interaction!.contents.content.data.call;
    expect(Object.keys(call).sort()).toEqual(["direction", "id", "parent_call_id", "participants", "phone_number", "root_call_id", "updated_time"]);
    expect(Object.keys((call.participants as object[])[0]!).sort()).toEqual(["call_status", "caller_number", "connection_type"]);
  });

  it("a provider change to a field the app reads fails verification: the number called as a number, the caller's number gone", async () => {
    const failures = await verifiedWith(contractOf([id]), (payload) => {
      (payload.data.call as { phone_number: unknown }).phone_number = 12025550100;
      delete (payload.data.call.participants[0] as { caller_number?: unknown }).caller_number;
    });
    expect(failures.map((f) => ({ ...f, problems: [...f.problems].sort() }))).toEqual([
      {
        interaction: id,
        problems: [
          "$.data.call.participants[0]: Actual map is missing the following keys: caller_number",
          "$.data.call.phone_number: Expected 12025550100 (Integer) to be the same type as '+12025550100' (String)",
        ],
      },
    ]);
  });

  /** Changes to fields server.js never reads in a missed call's update: types changed, fields gone, an agent leg at an undocumented status. */
  const unread = (payload: CallEventPayload) => {
    const call = payload.data.call as unknown as Record<string, unknown>;
    call.bill_duration_unit = 60;
    call.assigned_call_queue_id = "queue 305";
    delete call.phone_number_id;
    delete (payload.data as { actor?: unknown }).actor;
    (payload.data.call.participants[0] as unknown as Record<string, unknown>).cost = "free";
    payload.data.call.participants.push({ ...payload.data.call.participants[0]!, connection_type: 1, call_status: 14 });
    (payload.data as { changes?: unknown }).changes = { participants: "no longer a list" };
  };

  it("a provider change to fields the app does not read passes verification", async () => {
    expect(await verifiedWith(contractOf([id]), unread)).toEqual([]);
  });

  it("while the every-field expectation of the same case, as the pact held it before, fails on the same change", async () => {
    const failures = await verifiedWith(await everyFieldPact(id), unread);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\$\.data: Actual map is missing the following keys: actor/),
        expect.stringMatching(/^\$\.data\.call\.bill_duration_unit: /),
        expect.stringMatching(/^\$\.data\.call\.participants\[0\]\.cost: /),
      ]),
    );
  });
});
