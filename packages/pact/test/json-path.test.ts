// Pact JSON paths: one reader and one printer for overrides, item rules and the check.
import { describe, expect, it } from "vitest";
import { formatPath, parsePath } from "../src/index.js";
import { pointerToPath, valuesAt, WalkBudgetError } from "../src/json-path.js";

describe("parsePath and formatPath", () => {
  it("read every spelling pact files use and print the canonical one", () => {
    for (const [path, canonical] of [
      ["$", "$"],
      ["$.data.call.participants[*].call_status", "$.data.call.participants[*].call_status"],
      ["$['data'][\"call\"].participants[0]", "$.data.call.participants[0]"],
      ["$.changes.*", "$.changes.*"],
      ["$['odd key'].x", "$['odd key'].x"],
      ["$['it\\'s']", "$['it\\'s']"],
      ["$.a-b", "$['a-b']"],
    ]) {
      expect(formatPath(parsePath(path!)), path).toBe(canonical);
      expect(parsePath(canonical!)).toEqual(parsePath(path!));
    }
  });

  it("say where a path breaks", () => {
    expect(() => parsePath("data.call")).toThrow('"data.call" is not a JSON path: it must start with $');
    expect(() => parsePath("$.")).toThrow("a '.' must be followed by a name at character 3");
    expect(() => parsePath("$[x]")).toThrow("expected a number, * or a quoted name inside [], found 'x'");
    expect(() => parsePath("$['open")).toThrow("a quoted name is not closed");
    expect(() => parsePath("$[0")).toThrow("a '[' is not closed");
    expect(() => parsePath("$a")).toThrow("unexpected 'a' at character 2");
  });
});

describe("valuesAt and pointerToPath", () => {
  const doc = { a: [{ b: 1 }, { b: 2 }], "x/y": { "0": "zero" } };
  it("reach every value a path names, wildcards expanded", () => {
    expect(valuesAt(doc, parsePath("$.a[*].b")).map((found) => [formatPath(found.path), found.value])).toEqual([
      ["$.a[0].b", 1],
      ["$.a[1].b", 2],
    ]);
    expect(valuesAt(doc, parsePath("$.*")).length).toBe(2);
    expect(valuesAt(doc, parsePath("$.a[5]"))).toEqual([]);
  });

  it("spend a shared budget, one per value reached, and throw when it runs out", () => {
    const budget = { left: 5 };
    expect(valuesAt(doc, parsePath("$.a[*].b"), budget)).toHaveLength(2);
    expect(budget.left).toBe(0); // a, its two items, their two b's
    expect(() => valuesAt(doc, parsePath("$.a"), budget)).toThrow(new WalkBudgetError("its rules reach more values than fwcall walks for one file"));
  });

  it("turn JSON pointers into paths, telling indexes from keys by the document", () => {
    expect(pointerToPath("/a/1/b", doc)).toBe("$.a[1].b");
    expect(pointerToPath("/x~1y/0", doc)).toBe("$['x/y']['0']");
    expect(pointerToPath("", doc)).toBe("$");
  });
});
