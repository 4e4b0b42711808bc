// The app's expectations of onCallCreate and onCallUpdate as a Pact V4 asynchronous-message pact:
// one interaction per case the app decides on (the cells the coverage runner finds handled or
// ignored on purpose), described and stated by its case id. Its body holds what server.js reads:
// the coverage run records, per case, the payload paths the handler read (`usage`), and
// usageMessages cuts the fixture payload to them (plus what identifies the case), with the
// schema-derived matchers of what is left and the fields server.js branches on pinned. Each cut
// message goes to the real server.js in the coverage runner's FDK sandbox, which must react to it
// exactly as it does to the whole fixture: so the reads are all it needs. This file is the pact's only writer: each interaction is written by its own pact
// into its own fresh folder (pact-js rewrites its whole file after every interaction, which grows
// quadratically), and the merged result must be byte for byte the committed contracts/ file
// (FWCALL_UPDATE_CONTRACTS=1 rewrites it).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { classify, loadFdkApp, runCoverage, type CellResult } from "@fwcall/coverage";
import { addCaseMessage, isCaseId, messagePact, requireCurrentContract, usageMessage, type CaseId, type Override } from "@fwcall/pact";
import { MatchersV3 } from "@pact-foundation/pact";
import * as types from "@fwcall/types";
import { APP_DIR, MODULES } from "./app.js";
import { CONSUMER, CONTRACT, PROVIDER, REWRITE_COMMAND } from "./pact-contract.js";

const load = { modules: MODULES, responses: { createTicket: { id: 4242 }, addNote: { id: 1, private: true } } };

const dir = mkdtempSync(join(tmpdir(), "fwcall-consumer-pact-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The cells the app decides on: it handles them, or ignores them on purpose, depending on what the
// payload says. Cells it cannot get (N/A) have no interaction.
const report = await runCoverage(APP_DIR, { ...load, allowlist: false, usage: true });
const relied: CellResult[] = report.cells.filter((cell) => cell.outcome.kind === "handled" || cell.outcome.kind === "ignored");
const app = await loadFdkApp(APP_DIR, load);
const written: string[] = [];

/**
 * What server.js branches on: the call's direction, and the status of the customer's leg (the
 * first), pinned. Of the other legs it reads nothing but the connection type it looks for, and it
 * hands the status it finds to matchCallStatus, whose exhaustive switch has a branch for codes it
 * does not know: any integer may come in either field (an undocumented status is what the unknown
 * cases are about), not only the documented ones.
 */
const OVERRIDES: Readonly<Record<string, Override>> = {
  "$.data.call.direction": "exact",
  "$.data.call.participants[0].connection_type": "exact",
  "$.data.call.participants[0].call_status": "exact",
  "$.data.call.participants[*].call_status": (example) => MatchersV3.integer(example as number),
  "$.data.call.participants[*].connection_type": (example) => MatchersV3.integer(example as number),
};

/** Reactions spelt out for a few cases (the rest must match the coverage run); a misspelt id does not compile. */
const REACTIONS = {
  "create/incoming/connecting": { kind: "handled", detail: "stored call" },
  "update/incoming/missed/status-change": { kind: "handled", detail: "opened follow-up ticket" },
  "update/incoming/voicemail/recording": { kind: "handled", detail: "opened follow-up ticket; noted recording" },
  "update/outgoing/answered/notes": { kind: "handled", detail: "opened call-log ticket; noted notes" },
  "update/incoming/answered/transfer": { kind: "handled", detail: "started transfer chain" },
  "update/incoming/queued/status-change": { kind: "ignored", reason: "the caller is waiting in a queue; an agent may still answer" },
} satisfies Partial<Record<CaseId, CellResult["outcome"]>>;

describe(`message pact ${CONSUMER} → ${PROVIDER}`, () => {
  it("covers every cell the app decides on, and the reactions spelt out above", () => {
    expect(relied.length).toBe(report.summary.handled + report.summary.ignored);
    for (const [id, outcome] of Object.entries(REACTIONS)) expect(relied.find((cell) => cell.id === id)?.outcome, id).toEqual(outcome);
  });

  for (const cell of relied) {
    it(`${cell.id}: the app reacts to the contract's message as to the fixture (${cell.outcome.kind})`, async () => {
      if (!isCaseId(cell.id)) throw new Error(`the coverage report names ${cell.id}, which is no case id`);
      expect(cell.reads, "the coverage run recorded what the handler read").toBeDefined();
      const message = usageMessage(cell.id, cell.reads!, { overrides: OVERRIDES, seed: report.seed, platform: report.platform });
      const payload = message.payload as unknown as { data: { call: { participants: Array<{ connection_type?: number }> } } };
      expect(payload.data.call.participants[0]?.connection_type, "the first leg is the customer's, which the pins assume").toBe(types.ConnectionType.Customer);
      const folder = join(dir, String(written.length));
      const pact = messagePact({ consumer: CONSUMER, provider: PROVIDER, dir: folder });
      await addCaseMessage(pact, message).executeTest(async (received) => {
        expect(received.contents.content).toEqual(message.payload);
        app.reset();
        const invocation = await app.invoke(cell.event, received.contents.content);
        expect(classify(invocation, cell.status, app.redact, app.timeoutMs)).toEqual(cell.outcome);
      });
      written.push(join(folder, `${CONSUMER}-${PROVIDER}.json`));
    });
  }

  it(`is the committed ${relative(join(APP_DIR, "..", ".."), CONTRACT)}, byte for byte`, () => {
    expect(written, "every interaction was written").toHaveLength(relied.length);
    requireCurrentContract(written, CONTRACT, { rewriteCommand: REWRITE_COMMAND });
  });
});
