// Pact regexes run in linear time with RE2's semantics: a pattern that makes a backtracking
// engine take minutes is answered at once, what RE2 leaves out is named, and the budgets hold.
import { describe, expect, it } from "vitest";
import { PactRegexes, REGEX_BUDGET, RegexBudgetError, type CompiledRegex } from "../src/pact-regex.js";

function compiled(pattern: string, regexes = new PactRegexes()): CompiledRegex {
  const regex = regexes.compile(pattern);
  if (!regex.ok) throw new Error(`${pattern}: ${regex.reason}`);
  return regex;
}

describe("PactRegexes", () => {
  it("answers a catastrophic-backtracking pattern at once, and rightly (JavaScript's RegExp takes about a minute on 31 characters)", () => {
    const regex = compiled("^(a+)+$");
    const started = performance.now();
    expect(regex.test(`${"a".repeat(30)}!`)).toBe(false);
    expect(regex.test(`${"a".repeat(50_000)}!`)).toBe(false);
    expect(regex.test("a".repeat(50_000))).toBe(true);
    // Generous: a backtracking engine would not finish the first of these in a lifetime.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("finds a match anywhere in the text, as the Pact verifier does", () => {
    expect(compiled("[0-9]+").test("call 42")).toBe(true);
    expect(compiled("^[0-9]+$").test("call 42")).toBe(false);
  });

  it.each([
    ["^(?=in)incoming$", "lookahead (?=…)"],
    ["^(?!out)incoming$", "negative lookahead (?!…)"],
    ["(?<=\\+1)202", "lookbehind (?<=…)"],
    ["(?<!x)202", "negative lookbehind (?<!…)"],
    ["^(s)econd\\1$", "backreferences (\\1)"],
    ["^(?<u>s)econd\\k<u>$", "named backreferences (\\k<name>)"],
    ["^(?>a+)b$", "atomic groups (?>…)"],
    ["^a*+b$", "possessive quantifiers (*+, ++)"],
  ])("names what RE2 does not support: %s", (pattern, feature) => {
    expect(new PactRegexes().compile(pattern)).toEqual({
      ok: false,
      pattern,
      kind: "unsupported",
      reason: `RE2 does not support ${feature}; fwcall runs regexes with RE2 only, in linear time`,
    });
  });

  it("says why a pattern is no regex at all", () => {
    expect(new PactRegexes().compile("^(")).toMatchObject({ ok: false, kind: "invalid", reason: "RE2 cannot compile it: missing closing ) at `^(`" });
    expect(new PactRegexes().compile("[z-a]")).toMatchObject({ ok: false, kind: "invalid", reason: "RE2 cannot compile it: invalid character class range at `z-a`" });
  });

  it("keeps to its budgets: pattern length, text length, work per match and per run", () => {
    const long = "a".repeat(REGEX_BUDGET.patternChars + 1);
    expect(new PactRegexes().compile(long)).toMatchObject({ ok: false, kind: "too-long", reason: `it is ${long.length} characters long; fwcall runs regexes of up to ${REGEX_BUDGET.patternChars}` });

    expect(() => compiled("a").test("b".repeat(REGEX_BUDGET.textChars + 1))).toThrow(new RegexBudgetError(`the text is ${REGEX_BUDGET.textChars + 1} characters long; fwcall runs a regex on up to ${REGEX_BUDGET.textChars}`));
    // About a thousand instructions on a hundred thousand characters: more than one match may cost.
    expect(() => compiled("(a|b)*a[ab]{999}$").test("ab".repeat(50_000))).toThrow(/more work than fwcall does for one match/);

    const regexes = new PactRegexes();
    const text = "ab".repeat(40_000);
    const perMatch = (pattern: string) => compiled(pattern, regexes).test(text);
    // Each distinct pattern spends about 240 instructions × 80 000 characters; the run stops before the sum gets large.
    expect(() => {
      for (let i = 0; i < 100; i++) perMatch(`(a|b)*c[ab]{${200 + i}}$`);
    }).toThrow(/used up fwcall's regex budget for one file/);
  });

  it("runs a pattern on a text once: a verdict already known costs nothing", () => {
    const regexes = new PactRegexes();
    const regex = compiled("(a|b)*c[ab]{400}$", regexes);
    const text = "ab".repeat(40_000);
    // Far more repeats than the run's budget allows as fresh work.
    for (let i = 0; i < 1_000; i++) expect(regex.test(text)).toBe(false);
    expect(regexes.compile("(a|b)*c[ab]{400}$")).toBe(regex);
  });
});
