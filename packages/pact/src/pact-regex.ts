// The one way fwcall compiles and runs a regex a pact file supplies. JavaScript's RegExp
// backtracks: `^(a+)+$` on thirty a's and a "!" takes a minute, and every character doubles it.
// re2js, a pure JavaScript port of RE2, matches in linear time; the price is RE2's syntax, which
// has no lookaround and no backreferences. The Pact verifier (pact-core 19.2) does run lookahead,
// backreferences, atomic groups and possessive quantifiers (measured), so such a regex is not wrong
// in a pact: fwcall only cannot check it.
// Linear is not free (time grows with the regex's program times the text), so a pattern, a text and
// one run's work each have a budget; past it a regex is not run, and the caller says so.
import { RE2JS, RE2JSSyntaxException } from "re2js";
import { errorMessage } from "./error-message.js";

/** How much regex work fwcall does: per pattern, per text, per match and per run (one file checked, one replay). */
export const REGEX_BUDGET = {
  /** The longest pattern compiled, in characters. */
  patternChars: 10_000,
  /** The longest text a regex is run on, in characters. */
  textChars: 100_000,
  /** Program instructions × text characters: a bound on one match's time (about half a second at worst here). */
  workPerMatch: 50_000_000,
  /** The same over a whole run: a file with many rules over one large value cannot multiply it. */
  workPerRun: 500_000_000,
} as const;

/** A regex that could not be run within the budget: not a verdict on the text. */
export class RegexBudgetError extends Error {
  override name = "RegexBudgetError";
}

/** A compiled pact regex; `test` finds a match anywhere in the text, as the Pact verifier does. */
export interface CompiledRegex {
  ok: true;
  pattern: string;
  /** Whether the regex matches somewhere in the text; throws RegexBudgetError when running it would exceed the budget. */
  test(text: string): boolean;
}

/** A pattern that cannot be compiled: why, in words (`RE2 does not support lookahead (?=…)`). */
export interface UncompiledRegex {
  ok: false;
  pattern: string;
  /** unsupported: valid JavaScript but not RE2 (lookaround, backreferences); invalid: no regex at all; too-long: over the budget. */
  kind: "unsupported" | "invalid" | "too-long";
  reason: string;
}

/** What RE2 leaves out on purpose (it would cost linear time), by how the rejected pattern starts. */
const UNSUPPORTED: ReadonlyArray<[RegExp, string]> = [
  [/^\(\?=/, "lookahead (?=…)"],
  [/^\(\?!/, "negative lookahead (?!…)"],
  [/^\(\?<=/, "lookbehind (?<=…)"],
  [/^\(\?<!/, "negative lookbehind (?<!…)"],
  [/^\(\?>/, "atomic groups (?>…)"],
  [/^\\[1-9]/, "backreferences (\\1)"],
  [/^\\k</, "named backreferences (\\k<name>)"],
  [/^[*+?}]\+/, "possessive quantifiers (*+, ++)"],
];

/** Why RE2 refused a pattern, worded for the user. */
function refusal(pattern: string, error: unknown): UncompiledRegex {
  if (error instanceof RE2JSSyntaxException) {
    // RE2 names the rejected part: `(?=`, `\1`, or the rest of the pattern from there.
    const rejected = error.input ?? "";
    const at = rejected === "" ? -1 : pattern.indexOf(rejected);
    const from = at === -1 ? rejected : pattern.slice(at);
    const feature = UNSUPPORTED.find(([starts]) => starts.test(from) || starts.test(rejected))?.[1];
    if (feature !== undefined) return { ok: false, pattern, kind: "unsupported", reason: `RE2 does not support ${feature}; fwcall runs regexes with RE2 only, in linear time` };
    return { ok: false, pattern, kind: "invalid", reason: `RE2 cannot compile it: ${error.error}${rejected === "" ? "" : ` at \`${rejected}\``}` };
  }
  return { ok: false, pattern, kind: "invalid", reason: `RE2 cannot compile it: ${errorMessage(error)}` };
}

/**
 * Compiles and runs pact regexes with RE2's semantics in linear time, within one run's budget
 * (make one per file checked or interaction replayed). Compiled patterns are kept, and so are
 * verdicts: many rules of a pact share a regex and the values it is run on.
 * @example new PactRegexes().compile("^(a+)+$") // { ok: true, test: (text) => … }, fast on "aaaa…a!"
 */
export class PactRegexes {
  #spent = 0;
  readonly #compiled = new Map<string, CompiledRegex | UncompiledRegex>();

  /**
   * A pattern compiled, or why it cannot be (RE2 syntax; the length budget).
   * @example new PactRegexes().compile("(?=x)") // { ok: false, kind: "unsupported", reason: "RE2 does not support lookahead (?=…), …" }
   */
  compile(pattern: string): CompiledRegex | UncompiledRegex {
    let compiled = this.#compiled.get(pattern);
    if (compiled === undefined) {
      compiled = this.#compileNew(pattern);
      this.#compiled.set(pattern, compiled);
    }
    return compiled;
  }

  #compileNew(pattern: string): CompiledRegex | UncompiledRegex {
    if (pattern.length > REGEX_BUDGET.patternChars) {
      return { ok: false, pattern, kind: "too-long", reason: `it is ${pattern.length} characters long; fwcall runs regexes of up to ${REGEX_BUDGET.patternChars}` };
    }
    let regex: RE2JS;
    try {
      regex = RE2JS.compile(pattern);
    } catch (error) {
      return refusal(pattern, error);
    }
    const size = regex.programSize();
    const verdicts = new Map<string, boolean>();
    const test = (text: string): boolean => {
      const known = verdicts.get(text);
      if (known !== undefined) return known;
      if (text.length > REGEX_BUDGET.textChars) throw new RegexBudgetError(`the text is ${text.length} characters long; fwcall runs a regex on up to ${REGEX_BUDGET.textChars}`);
      const work = size * (text.length + 1);
      if (work > REGEX_BUDGET.workPerMatch) throw new RegexBudgetError(`this regex (${size} instructions) on this text (${text.length} characters) is more work than fwcall does for one match`);
      if (this.#spent + work > REGEX_BUDGET.workPerRun) throw new RegexBudgetError("the regexes of this file have used up fwcall's regex budget for one file");
      this.#spent += work;
      const verdict = regex.test(text);
      verdicts.set(text, verdict);
      return verdict;
    };
    return { ok: true, pattern, test };
  }
}
