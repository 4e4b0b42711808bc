// Payloads with very many undocumented keys (issue 11): validation stays linear and its report
// short. A quadratic path (describing the parent object once per extra key, ajv's errors spread
// into a call's arguments) made 16,000 keys take 80 s and 300,000 keys never finish or throw a
// RangeError; the test timeouts below would catch it coming back.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MAX_PROBLEMS_PER_RULE, capProblems, validateOnCallCreate, type Problem } from "@fwcall/validate";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const createExample = (): Loose =>
  JSON.parse(readFileSync(new URL("../../../schemas/examples/on-call-create/fdk-default.json", import.meta.url), "utf8"));

function withKeysOnCall(n: number): Loose {
  const payload = createExample();
  for (let i = 0; i < n; i++) payload.data.call[`undocumented_${i}`] = i;
  return payload;
}

const problem = (pointer: string, rule: string, severity: Problem["severity"] = "warning"): Problem => ({
  pointer,
  rule,
  severity,
  expected: "no such property",
  found: "1",
  message: "not a documented property of Call",
});

describe("many undocumented keys", () => {
  it.each([
    ["lenient", true, "warning"],
    ["strict", false, "error"],
  ] as const)("under %s, lists the first problems of 100,000 extra call keys one by one and counts the rest", (profile, valid, severity) => {
    const result = validateOnCallCreate(withKeysOnCall(100_000), { profile });
    expect(result.valid).toBe(valid);
    const extra = result.problems.filter((p) => p.rule === "schema:additionalProperties");
    expect(extra).toHaveLength(MAX_PROBLEMS_PER_RULE + 1);
    expect(extra[0]).toMatchObject({ pointer: "/data/call/undocumented_0", severity, message: "not a documented property of Call" });
    expect(extra.at(-1)).toEqual({
      pointer: "/data/call",
      severity,
      rule: "schema:additionalProperties",
      expected: "no such property",
      found: "99,950 more",
      omitted: 99_950,
      message: "99,950 more problems of this kind at or under this pointer, not listed one by one (the first: /data/call/undocumented_50: not a documented property of Call)",
    });
  }, 120_000);

  it("reports 1,000 participants with 300 extra keys each without a RangeError", () => {
    const payload = createExample();
    const [leg] = payload.data.call.participants;
    payload.data.call.participants = Array.from({ length: 1_000 }, () => {
      const copy = { ...leg };
      for (let i = 0; i < 300; i++) copy[`undocumented_${i}`] = i;
      return copy;
    });
    const result = validateOnCallCreate(payload, { profile: "strict" });
    expect(result.valid).toBe(false);
    const summary = result.problems.find((p) => p.found === "299,950 more");
    expect(summary).toMatchObject({ pointer: "/data/call/participants", rule: "schema:additionalProperties", severity: "error" });
  }, 120_000);
});

describe("capProblems", () => {
  it("keeps short lists as they are", () => {
    const problems = [problem("/a", "r1"), problem("/b", "r2")];
    expect(capProblems(problems)).toEqual(problems);
  });

  it("caps each rule on its own, at the pointer all the omitted share, an error if any omitted one is", () => {
    const problems = [
      problem("/data/call/x1", "r"),
      problem("/data/other", "s"),
      problem("/data/call/x2", "r"),
      problem("/data/call/participants/0/y", "r", "error"),
      problem("/data/call/x3", "r"),
    ];
    const capped = capProblems(problems, 1);
    expect(capped.map((p) => [p.pointer, p.rule, p.severity, p.found])).toEqual([
      ["/data/call/x1", "r", "warning", "1"],
      ["/data/other", "s", "warning", "1"],
      ["/data/call", "r", "error", "3 more"],
    ]);
  });

  it("finds the shared pointer by whole steps, and the root when nothing is shared", () => {
    expect(capProblems([problem("/a/bc", "r"), problem("/a/bc", "r"), problem("/a/b", "r")], 1).at(-1)!.pointer).toBe("/a");
    expect(capProblems([problem("/a", "r"), problem("/a/x", "r"), problem("/a/x/y", "r")], 1).at(-1)!.pointer).toBe("/a/x");
    expect(capProblems([problem("/a", "r"), problem("/b", "r"), problem("/c", "r")], 1).at(-1)!.pointer).toBe("");
  });
});
