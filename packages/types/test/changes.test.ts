import { describe, expect, it } from "vitest";
import { CHANGE_TUPLE_ORDER, CHANGES_ORDERS, detectChangesOrder, matchChangeTuple, readChange, readChangeTuple, writeChangeTuple, type Call, type CallChanges } from "@fwcall/types";

describe("changes tuple accessor", () => {
  it("reads the spec's [new, old] order", () => {
    expect(CHANGE_TUPLE_ORDER).toBe("new-old");
    expect(readChangeTuple([3, 0])).toEqual({ from: 0, to: 3 });
  });

  it("writes what it reads", () => {
    const change = { from: null, to: 73 };
    expect(writeChangeTuple(change)).toEqual([73, null]);
    expect(readChangeTuple(writeChangeTuple(change))).toEqual(change);
  });

  it("reads one call attribute of an update's changes", () => {
    const changes: CallChanges = { bill_duration: [73, null] };
    expect(readChange(changes, "bill_duration")).toEqual({ from: null, to: 73 });
    expect(readChange(changes, "call_notes")).toBeUndefined();
  });

  it("ignores inherited keys", () => {
    const changes = JSON.parse('{"__proto__": [1, 2]}') as CallChanges;
    expect(readChange(changes, "id")).toBeUndefined();
    expect(readChange({}, "constructor" as "id")).toBeUndefined();
  });
});

describe("changes tuple order decided per payload", () => {
  const call = { call_notes: "Called back", bill_duration: 73, recording: null } as unknown as Call;

  it("writes and reads both orders", () => {
    expect(writeChangeTuple({ from: null, to: 73 }, "old-new")).toEqual([null, 73]);
    expect(readChangeTuple([null, 73], "old-new")).toEqual({ from: null, to: 73 });
    expect(CHANGES_ORDERS).toEqual(["new-old", "old-new"]);
  });

  it("matches one tuple against the call: one side decides, both or neither do not", () => {
    expect(matchChangeTuple([73, null], 73)).toBe("new-old");
    expect(matchChangeTuple([null, 73], 73)).toBe("old-new");
    expect(matchChangeTuple([73, 73], 73)).toBe("both");
    expect(matchChangeTuple([1, 2], 73)).toBe("neither");
    expect(matchChangeTuple([{ a: [1] }, null], { a: [1] })).toBe("new-old");
  });

  it("detects a payload's order, and none when nothing decides it or its tuples disagree", () => {
    expect(detectChangesOrder({ call, changes: { bill_duration: [null, 73], call_notes: ["x", "Called back"] } })).toBe("old-new");
    expect(detectChangesOrder({ call, changes: { bill_duration: [73, null] } })).toBe("new-old");
    expect(detectChangesOrder({ call, changes: {} })).toBeUndefined();
    expect(detectChangesOrder({ call })).toBeUndefined();
    expect(detectChangesOrder({ call, changes: { recording: [null, null] } })).toBeUndefined();
    expect(detectChangesOrder({ call, changes: { bill_duration: [null, 73], call_notes: ["Called back", "x"] } })).toBeUndefined();
  });

  it("readChange given the whole data reads the payload's order; given changes, the order passed", () => {
    const oldNew = { call, changes: { bill_duration: [null, 73] } as CallChanges };
    expect(readChange(oldNew, "bill_duration")).toEqual({ from: null, to: 73 });
    expect(readChange({ call, changes: { bill_duration: [73, null] } as CallChanges }, "bill_duration")).toEqual({ from: null, to: 73 });
    expect(readChange(oldNew.changes, "bill_duration")).toEqual({ from: 73, to: null });
    expect(readChange(oldNew.changes, "bill_duration", "old-new")).toEqual({ from: null, to: 73 });
    // Undecided: the default order, unless one is passed.
    const undecided = { call, changes: { call_notes: ["a", "b"] } as CallChanges };
    expect(readChange(undecided, "call_notes")).toEqual({ from: "b", to: "a" });
    expect(readChange(undecided, "call_notes", "old-new")).toEqual({ from: "a", to: "b" });
    expect(readChange(oldNew, "call_notes")).toBeUndefined();
  });
});
