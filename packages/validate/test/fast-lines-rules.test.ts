// The fast path states the rules of src/rules.ts a second time, as proofs (assembly/rules.ts, decision
// 0022): a rule added to one and not the other would let the scanner call clean a line the exact path
// flags. Every rule id the exact path can report must be named where the scanner proves it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");

describe("the fast path's rules", () => {
  const exact = read("../src/rules.ts");
  const proofs = read("../assembly/rules.ts");
  // A rule id is a quoted `family:name` passed to report() (or listed beside its field, as the create nulls are).
  const ruleIds = [...new Set([...exact.matchAll(/"((?:create|changes|participant|time):[a-z-]+)"/g)].map((m) => m[1]!))];

  it("finds the rules of rules.ts", () => {
    expect(ruleIds).toEqual(expect.arrayContaining(["create:recording-null", "changes:order", "participant:call-id", "time:utc"]));
    expect(ruleIds.length).toBeGreaterThanOrEqual(15);
  });

  it.each(ruleIds)("names %s where it is proven", (rule) => {
    expect(proofs).toMatch(new RegExp(`[\\s,(]${rule.replace(/[-:]/g, "\\$&")}[\\s,):]`));
  });
});
