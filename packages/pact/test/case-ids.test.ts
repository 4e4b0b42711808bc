// The typed registry of interaction names: the CaseId type lists exactly the matrix's ids (checked
// through exhaustive records the compiler holds to the type), a misspelt id does not compile (each
// expected-error directive below fails `pnpm typecheck` the day its line compiles), and a case
// that cannot happen is refused at run time with the matrix's reason.
import { describe, expect, it } from "vitest";
import { caseMatrix, DIRECTIONS, STATUS_CASES, UnknownCaseError, UPDATE_KINDS, type UpdateKind } from "@fwcall/fixtures";
import type { Direction } from "@fwcall/types";
import { applicableCell, caseMessage, eventOfCase, isCaseId, NotApplicableCaseError, type CaseId, type StatusSlug } from "../src/index.js";

// Each record must name every member of its type, and nothing else: the compiler checks both.
const EVERY_STATUS_SLUG: Record<StatusSlug, true> = {
  default: true,
  answered: true,
  busy: true,
  missed: true,
  failed: true,
  disconnected: true,
  queued: true,
  "in-progress": true,
  blocked: true,
  voicemail: true,
  restricted: true,
  "on-hold": true,
  connecting: true,
  "completed-recently": true,
  "voicemail-recording": true,
  unknown: true,
};
const EVERY_DIRECTION: Record<Direction, true> = { incoming: true, outgoing: true };
const EVERY_UPDATE_KIND: Record<UpdateKind, true> = { "status-change": true, recording: true, billing: true, notes: true, transfer: true, "extra-leg": true };

describe("CaseId", () => {
  it("is built from the same parts as the matrix, so it names exactly the matrix's ids", () => {
    expect(Object.keys(EVERY_STATUS_SLUG).sort()).toEqual(STATUS_CASES.map((s) => s.slug).sort());
    expect(Object.keys(EVERY_DIRECTION).sort()).toEqual([...DIRECTIONS].sort());
    expect(Object.keys(EVERY_UPDATE_KIND).sort()).toEqual(UPDATE_KINDS.map((k) => k.kind).sort());
    const typed: CaseId[] = [];
    for (const direction of Object.keys(EVERY_DIRECTION) as Direction[]) {
      for (const status of Object.keys(EVERY_STATUS_SLUG) as StatusSlug[]) {
        typed.push(`create/${direction}/${status}`);
        for (const kind of Object.keys(EVERY_UPDATE_KIND) as UpdateKind[]) typed.push(`update/${direction}/${status}/${kind}`);
      }
    }
    expect(typed.sort()).toEqual(caseMatrix().map((cell) => cell.id).sort());
  });

  it("rejects a misspelt id at compile time", () => {
    const good: CaseId[] = ["create/incoming/connecting", "update/outgoing/completed-recently/notes", "update/incoming/unknown/extra-leg"];
    // @ts-expect-error: "mised" is no status
    const misspeltStatus: CaseId = "update/incoming/mised/recording";
    // @ts-expect-error: statuses are kebab-case in ids
    const camelCase: CaseId = "update/incoming/inProgress/status-change";
    // @ts-expect-error: onCallCreate cases have no update kind
    const createWithKind: CaseId = "create/incoming/connecting/recording";
    // @ts-expect-error: "inbound" is no direction
    const wrongDirection: CaseId = "create/inbound/connecting";
    // @ts-expect-error: an update needs its kind
    const updateWithoutKind: CaseId = "update/incoming/missed";
    const misspelt: string[] = [misspeltStatus, camelCase, createWithKind, wrongDirection, updateWithoutKind];
    expect(good.every(isCaseId)).toBe(true);
    expect(misspelt.some(isCaseId)).toBe(false);
  });

  it("types the event of a case by its id", () => {
    const create: "onCallCreate" = eventOfCase("create/outgoing/connecting");
    const update: "onCallUpdate" = eventOfCase("update/incoming/busy/notes");
    expect([create, update]).toEqual(["onCallCreate", "onCallUpdate"]);
  });
});

describe("cases that cannot happen", () => {
  it("are ids, but no interaction: the matrix's reason is the error", () => {
    expect(isCaseId("create/incoming/missed")).toBe(true);
    expect(() => applicableCell("create/incoming/missed")).toThrow(NotApplicableCaseError);
    expect(() => caseMessage("create/incoming/missed")).toThrow(
      "case create/incoming/missed cannot happen, so it cannot be a Pact interaction: onCallCreate fires when the call starts, before any leg can reach this status",
    );
    expect(() => caseMessage("update/outgoing/queued/status-change")).toThrow("only incoming calls are routed to a call queue");
  });

  it("and a string that is no id at all names the ids that start alike", () => {
    expect(() => applicableCell("update/incoming/mised/recording")).toThrow(UnknownCaseError);
    expect(() => applicableCell("update/incoming/mised/recording")).toThrow(/cases that start alike: update\/incoming\/default\/status-change/);
  });
});
