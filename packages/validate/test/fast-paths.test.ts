// The validator's fast paths must answer exactly as the full paths they stand in for.
import fc from "fast-check";
import { matchChangeTuple } from "@fwcall/types";
import { describe, expect, it } from "vitest";
import { matchTuple } from "../src/rules.js";

/** Nests a value `depth` levels deep, alternating objects and arrays. */
const nest = (value: unknown, depth: number): unknown => {
  let out = value;
  for (let i = 0; i < depth; i++) out = i % 2 === 0 ? { k: out } : [out];
  return out;
};

describe("matchTuple (the changes rule's comparison)", () => {
  it("answers as matchChangeTuple of @fwcall/types on random JSON values, equal, near-equal and different", () => {
    const value = fc.jsonValue({ maxDepth: 4 });
    // Tuples built from the current value (copies and small edits) make "both", one order and "neither" all likely.
    const arb = value.chain((current) => {
      const copy = fc.constant(structuredClone(current));
      const side = fc.oneof(copy, value, fc.constant(JSON.parse(JSON.stringify({ wrap: current })).wrap), fc.constant([current]), fc.constant(null));
      return fc.tuple(fc.tuple(side, side), fc.constant(current));
    });
    fc.assert(
      fc.property(arb, ([tuple, current]) => {
        expect(matchTuple(tuple as [unknown, unknown], current)).toBe(matchChangeTuple(tuple as [unknown, unknown], current));
      }),
      { numRuns: 2000 },
    );
  });

  it("tells arrays from objects with the same keys, and keys missing on one side, as jsonEqual does", () => {
    const cases: Array<[[unknown, unknown], unknown]> = [
      [[["a"], { 0: "a" }], ["a"]],
      [[{ a: 1, b: undefined }, { a: 1 }], { a: 1, c: undefined }],
      [[{ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }], { a: [1, { b: 3 }] }],
      [[[], {}], {}],
      [[1, 1], 1],
      [[null, 0], 0],
    ];
    for (const [tuple, current] of cases) expect(matchTuple(tuple, current)).toBe(matchChangeTuple(tuple, current));
  });

  it("hands values nested past its recursion limit to matchChangeTuple: same answer, no stack overflow", () => {
    for (const depth of [63, 64, 65, 5000]) {
      const current = nest(7, depth);
      expect(matchTuple([nest(7, depth), nest(8, depth)], current)).toBe("new-old");
      expect(matchTuple([nest(8, depth), nest(7, depth)], current)).toBe(matchChangeTuple([nest(8, depth), nest(7, depth)], current));
    }
  });
});
