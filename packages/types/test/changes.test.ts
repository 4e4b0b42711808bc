import { describe, expect, it } from "vitest";
import { CHANGE_TUPLE_ORDER, readChange, readChangeTuple, writeChangeTuple, type CallChanges } from "@fwcall/types";

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
