// The typed registry of interaction names: CaseId and isCaseId are @fwcall/cases' (its
// test/case-ids.test.ts proves the type lists exactly the matrix's ids and refuses misspellings);
// here, that pact hands on that very grammar, and that a case that cannot happen is refused as an
// interaction at run time with the matrix's reason.
import { describe, expect, it } from "vitest";
import { findCase, isCaseId as fixturesIsCaseId, UnknownCaseError, type CaseId as FixturesCaseId } from "@fwcall/cases";
import { applicableCell, caseMessage, eventOfCase, isCaseId, NotApplicableCaseError, type CaseId } from "../src/index.js";

describe("CaseId", () => {
  it("is @fwcall/cases' id grammar, re-exported", () => {
    expect(isCaseId).toBe(fixturesIsCaseId);
    const ids: FixturesCaseId[] = ["create/incoming/connecting", "update/incoming/unknown/extra-leg"] satisfies CaseId[];
    expect(ids.map((id) => findCase(id).id)).toEqual(ids);
    // @ts-expect-error: "mised" is no status, in pact's name for the type too
    const misspelt: CaseId = "update/incoming/mised/recording";
    expect(isCaseId(misspelt)).toBe(false);
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
