// applyProfile is the schema half of docs/decisions/0007-two-validation-profiles.md, shared by codegen (the validators) and @fwcall/pact
// (the matchers): strict merges each `x-strict` overlay in, lenient drops it, both leave plain JSON Schema.
import { describe, expect, it } from "vitest";
import { applyProfile, loadSchemas } from "../index.js";

const schema = (title: string) => loadSchemas().find((s) => s.schema.title === title)!.schema;

/** Every key anywhere in a document. */
const keysOf = (node: unknown): string[] =>
  node !== null && typeof node === "object" ? Object.entries(node).flatMap(([key, value]) => [...(Array.isArray(node) ? [] : [key]), ...keysOf(value)]) : [];

describe("applyProfile", () => {
  it("merges x-strict in under strict and drops it under lenient", () => {
    const status = schema("CallStatus");
    expect(applyProfile(status, "strict").enum).toEqual((status["x-strict"] as { enum: unknown[] }).enum);
    expect(applyProfile(status, "lenient").enum).toBeUndefined();
    expect(applyProfile(schema("Call"), "strict").additionalProperties).toBe(false);
    expect(applyProfile(schema("Call"), "lenient").additionalProperties).toBeUndefined();
  });

  it.each(["lenient", "strict"] as const)("leaves no examples or x- keywords under %s, and keeps the $id", (profile) => {
    for (const { schema: raw } of loadSchemas()) {
      const profiled = applyProfile(raw, profile);
      expect(profiled.$id).toBe(raw.$id);
      expect(keysOf(profiled).filter((key) => key === "examples" || key.startsWith("x-"))).toEqual([]);
    }
  });

  it("does not change the schema it is given", () => {
    const raw = schema("Participant");
    const before = JSON.stringify(raw);
    applyProfile(raw, "strict");
    expect(JSON.stringify(raw)).toBe(before);
  });
});
