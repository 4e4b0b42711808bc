// The validator's fast paths must answer exactly as the full paths they stand in for.
import fc from "fast-check";
import { matchChangeTuple } from "@fwcall/types";
import { describe, expect, it } from "vitest";
import { findDuplicateKeys, surelyNoDuplicateKeys } from "@fwcall/validate";
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

describe("surelyNoDuplicateKeys (the quick proof before the exact duplicate-key scan)", () => {
  // Keys and strings that stress the counts: colons, quotes, backslashes, spaces before colons.
  const key = fc.constantFrom("a", "b", ":", ":a", "", 'q"', "a\\", "a :", "__proto__");
  // Each member with its own spacing before the colon, so that one key's `":` may be missing and another's not.
  const member = fc.tuple(key, fc.oneof(fc.constantFrom(":", ":x", '"', "1", " : "), fc.integer()), fc.boolean(), fc.constantFrom("", "", " ", "\n"));
  const text = fc.array(member, { maxLength: 6 }).map((members) => {
    const body = members.map(([k, v, nested, before]) => `${JSON.stringify(k)}${before}:${nested ? `{${JSON.stringify(k)}:${JSON.stringify(v)}}` : JSON.stringify(v)}`).join(",");
    return `[{${body}},${JSON.stringify(members.map(([k]) => k))}]`;
  });

  it("says true exactly for the texts without a duplicate key", () => {
    fc.assert(
      fc.property(text, (json) => {
        const sure = surelyNoDuplicateKeys(json, JSON.parse(json));
        const duplicates = findDuplicateKeys(json);
        if (sure) expect(duplicates).toEqual([]);
        // Without a duplicate the counts agree, whatever the spacing and escapes: the exact scan is never needed.
        if (duplicates.length === 0) expect(sure).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
