// The cross-field rules, the problem format, the type guards and parseCallEvent.
import { loadExampleFiles } from "@fwcall/schemas";
import { writeChangeTuple, type OnCallCreatePayload, type OnCallUpdatePayload } from "@fwcall/types";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  formatProblem,
  isOnCallCreate,
  isOnCallUpdate,
  parseCallEvent,
  validateOnCallCreate,
  validateOnCallUpdate,
  type Problem,
} from "@fwcall/validate";

const example = <T>(file: string): T => structuredClone(loadExampleFiles().find((e) => e.file === file)!.example) as T;
const update = () => example<OnCallUpdatePayload>("examples/on-call-update/fdk-default.json");
const create = () => example<OnCallCreatePayload>("examples/on-call-create/fdk-default.json");
const summary = (problems: Problem[]) => problems.map((p) => [p.severity, p.rule, p.pointer]);

describe("changes", () => {
  it("accepts tuples whose new value is the call's current value, in the one tuple order", () => {
    const payload = update();
    payload.data.changes = {
      bill_duration: writeChangeTuple({ from: null, to: payload.data.call.bill_duration }),
      recording: writeChangeTuple({ from: null, to: structuredClone(payload.data.call.recording) }),
    };
    for (const profile of ["lenient", "strict"] as const) expect(validateOnCallUpdate(payload, { profile }).problems).toEqual([]);
  });

  it("rejects a tuple neither side of which is the call's value, in both profiles", () => {
    const payload = update();
    payload.data.changes = { bill_duration: writeChangeTuple({ from: 80, to: 90 }) };
    for (const profile of ["lenient", "strict"] as const) {
      const result = validateOnCallUpdate(payload, { profile });
      expect(summary(result.problems)).toEqual([["error", "changes:new-value-matches-call", "/data/changes/bill_duration"]]);
      expect(formatProblem(result.problems[0]!)).toBe("/data/changes/bill_duration: new value 90 differs from call.bill_duration (85)");
    }
  });

  it("reads a payload whose tuples all match the call as [old, new]: one warning under lenient, an error under strict", () => {
    const payload = update();
    payload.data.changes = {
      bill_duration: writeChangeTuple({ from: null, to: payload.data.call.bill_duration }, "old-new"),
      recording: writeChangeTuple({ from: null, to: structuredClone(payload.data.call.recording) }, "old-new"),
      call_notes: ["same", "same"],
    };
    payload.data.call.call_notes = "same";
    const lenient = validateOnCallUpdate(payload);
    expect(lenient.valid).toBe(true);
    expect(summary(lenient.problems)).toEqual([["warning", "changes:order", "/data/changes"]]);
    expect(formatProblem(lenient.problems[0]!)).toBe("/data/changes: changes are [old, new]; the docs say [new, old]");
    expect(lenient.valid && lenient.changesOrder).toBe("old-new");
    const strict = validateOnCallUpdate(payload, { profile: "strict" });
    expect(strict.valid).toBe(false);
    expect(summary(strict.problems)).toEqual([["error", "changes:order", "/data/changes"]]);
  });

  it("reads a new value that disagrees with the call in the payload's own order", () => {
    const payload = update();
    payload.data.changes = { bill_duration: [null, payload.data.call.bill_duration], call_notes: ["old", "not the call's"] };
    const result = validateOnCallUpdate(payload);
    expect(summary(result.problems)).toEqual([
      ["warning", "changes:order", "/data/changes"],
      ["error", "changes:new-value-matches-call", "/data/changes/call_notes"],
    ]);
    expect(formatProblem(result.problems[1]!)).toContain('new value "not the call\'s" differs from call.call_notes');
  });

  it("rejects tuples that disagree on their order, in both profiles, at the fewer (on a tie, those not in the default order)", () => {
    const payload = update();
    payload.data.call.call_notes = "Called back";
    payload.data.changes = {
      bill_duration: [null, payload.data.call.bill_duration],
      recording: [structuredClone(payload.data.call.recording), null],
      call_notes: ["Called back", null],
    };
    for (const profile of ["lenient", "strict"] as const) {
      const result = validateOnCallUpdate(payload, { profile });
      expect(result.valid).toBe(false);
      expect(summary(result.problems)).toEqual([["error", "changes:order-consistent", "/data/changes/bill_duration"]]);
      expect(formatProblem(result.problems[0]!)).toBe("/data/changes/bill_duration: tuple reads as [old, new] against call.bill_duration, while recording, call_notes read as [new, old]");
    }
    delete payload.data.changes.call_notes;
    expect(summary(validateOnCallUpdate(payload).problems)).toEqual([["error", "changes:order-consistent", "/data/changes/bill_duration"]]);
    expect(summary(validateOnCallUpdate(payload, { changesOrder: "old-new" }).problems)).toEqual([["error", "changes:order-consistent", "/data/changes/recording"]]);
  });

  it("reads a payload no tuple of which decides the order in the configured default, documented [new, old] unless asked", () => {
    for (const changes of [{}, { call_notes: [null, null] }]) {
      const payload = update();
      payload.data.call.call_notes = null;
      payload.data.changes = changes as OnCallUpdatePayload["data"]["changes"];
      for (const profile of ["lenient", "strict"] as const) {
        const byDefault = validateOnCallUpdate(payload, { profile });
        expect(byDefault).toMatchObject({ valid: true, problems: [], changesOrder: "new-old" });
        expect(validateOnCallUpdate(payload, { profile, changesOrder: "old-new" })).toMatchObject({ valid: true, problems: [], changesOrder: "old-new" });
      }
    }
    const parsed = parseCallEvent(update(), { changesOrder: "old-new" });
    expect(parsed).toMatchObject({ ok: true, changesOrder: "old-new" });
    expect(validateOnCallUpdate(update(), { changesOrder: "newest-first" as never }).problems).toEqual([expect.objectContaining({ rule: "options:changesOrder", severity: "error" })]);
    expect("changesOrder" in validateOnCallCreate(create())).toBe(false);
  });

  it("rejects a key that is not a call attribute, escaping it in the pointer", () => {
    const payload = update();
    payload.data.changes = { "ticket/id": [1, 2] as [number, number], constructor: [1, 2] as [number, number] };
    const result = validateOnCallUpdate(payload);
    expect(summary(result.problems)).toEqual([
      ["error", "changes:call-attribute", "/data/changes/ticket~1id"],
      ["error", "changes:call-attribute", "/data/changes/constructor"],
    ]);
  });

  it("requires two-element tuples", () => {
    const payload = update();
    payload.data.changes = { bill_duration: [85] as unknown as [unknown, unknown], call_notes: "x" as unknown as [unknown, unknown] };
    expect(summary(validateOnCallUpdate(payload).problems)).toEqual([
      ["error", "schema:minItems", "/data/changes/bill_duration"],
      ["error", "schema:type", "/data/changes/call_notes"],
    ]);
  });
});

describe("participants", () => {
  it("must belong to the call", () => {
    const payload = update();
    payload.data.call.participants[0]!.call_id = 1;
    const [problem] = validateOnCallUpdate(payload).problems;
    expect(problem).toEqual({
      pointer: "/data/call/participants/0/call_id",
      severity: "error",
      rule: "participant:call-id",
      expected: "91001",
      found: "1",
      message: "must equal call.id (91001), found 1",
    });
  });

  it("warn when the primary agent leg is not the assigned agent", () => {
    const payload = update();
    payload.data.call.participants[1]!.participant_id = 694;
    for (const profile of ["lenient", "strict"] as const) {
      const result = validateOnCallUpdate(payload, { profile });
      expect(result.valid).toBe(true);
      expect(summary(result.problems)).toEqual([["warning", "participant:primary-agent", "/data/call/participants/1/participant_id"]]);
    }
  });
});

describe("problems", () => {
  it("say where, what was expected and what was found", () => {
    const payload = update() as unknown as { data: { call: Record<string, unknown> } };
    payload.data.call.id = "91001";
    delete payload.data.call.phone_number;
    const problems = validateOnCallUpdate(payload).problems;
    expect(problems).toContainEqual(expect.objectContaining({ pointer: "/data/call/id", expected: "an integer", found: '"91001"' }));
    expect(problems.map(formatProblem)).toContain("/data/call/phone_number: required by Call but missing");
  });

  it("merge the branches of a nullable value into one", () => {
    const payload = update() as unknown as { data: { call: Record<string, unknown> } };
    payload.data.call.recording = "https://x";
    expect(validateOnCallUpdate(payload).problems.map(formatProblem)).toEqual(['/data/call/recording: expected a recording or null, found "https://x"']);
    payload.data.call.recording = { id: 1 };
    expect(validateOnCallUpdate(payload).problems.map((p) => p.pointer)).toEqual([
      "/data/call/recording/url",
      "/data/call/recording/duration",
      "/data/call/recording/duration_unit",
    ]);
  });
});

describe("type guards", () => {
  it("narrow a valid payload", () => {
    const value: unknown = create();
    expect(isOnCallCreate(value)).toBe(true);
    if (isOnCallCreate(value)) expectTypeOf(value.data.call.id).toEqualTypeOf<number>();
    expect(isOnCallUpdate(value)).toBe(false);
  });

  it("do not narrow what only the normaliser makes valid", () => {
    const value = create();
    (value.data.call as { direction: string }).direction = "Outgoing";
    expect(isOnCallCreate(value)).toBe(false);
    expect(isOnCallCreate(update(), { profile: "strict" })).toBe(false);
  });
});

describe("parseCallEvent", () => {
  it("tells the event and returns the typed payload", () => {
    const parsed = parseCallEvent(update());
    expect(parsed.ok && parsed.event).toBe("onCallUpdate");
    if (parsed.ok && parsed.event === "onCallUpdate") expect(parsed.payload.data.call.id).toBe(91001);
  });

  it("returns the problems of a recognised but invalid event", () => {
    const payload = create() as unknown as { data: Record<string, unknown> };
    delete payload.data.call;
    const parsed = parseCallEvent(payload, { profile: "strict" });
    expect(parsed).toMatchObject({ ok: false, event: "onCallCreate" });
    expect(parsed.problems.map(formatProblem)).toEqual(["/data/call: required by OnCallCreateData but missing"]);
  });

  it("names the expected events when the event is unknown", () => {
    const parsed = parseCallEvent({ ...create(), event: "onPhoneCallCreate" });
    expect(parsed).toMatchObject({ ok: false, event: undefined });
    expect(parsed.problems.map(formatProblem)).toEqual(['/event: expected "onCallCreate" or "onCallUpdate", found "onPhoneCallCreate"']);
  });

  it("rejects what is not an object", () => {
    for (const value of [null, [], "onCallCreate", 3]) {
      const parsed = parseCallEvent(value);
      expect(parsed.ok).toBe(false);
      expect(parsed.problems[0]!.pointer).toBe("");
    }
  });
});
