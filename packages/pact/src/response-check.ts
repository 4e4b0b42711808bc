// Holds a response fwcall got itself (a replayed redirect) to the interaction's expectations:
// status, headers with their matching rules, and a JSON body. Problems are worded as the Pact
// verifier words its mismatches, so one report reads the same whichever of the two checked.
import { jsonBodyMismatches } from "./body-match.js";
import type { ExpectedHeader, ExpectedResponse } from "./http-interaction.js";
import { PactRegexes, RegexBudgetError } from "./pact-regex.js";

/** A response as the check needs it. */
export interface ActualResponse {
  status: number;
  /** Case-insensitive, as fetch gives them. */
  headers: Headers;
  /** The body's text ("" for none). */
  body: string;
}

/** One matcher on a header's value: "" when met, the problem when not, undefined for a matcher this check does not apply. */
function matcherProblem(header: ExpectedHeader, matcher: Record<string, unknown>, actual: string, regexes: PactRegexes): string | undefined {
  const name = header.name;
  const match = String(matcher.match ?? "");
  if (match === "type") return ""; // a header is a string, whatever its example: present is enough
  if (match === "equality") {
    const expected = header.values.join(", ");
    return actual === expected ? "" : `Mismatch with header '${name}': Expected '${actual}' to be equal to '${expected}'`;
  }
  if (match === "regex") {
    if (typeof matcher.regex !== "string") return `Mismatch with header '${name}': its regex matcher has no regex (a string)`;
    const regex = regexes.compile(matcher.regex);
    if (!regex.ok) return `Mismatch with header '${name}': its regex '${matcher.regex}' cannot be checked: ${regex.reason}`;
    try {
      return regex.test(actual) ? "" : `Mismatch with header '${name}': Expected '${actual}' to match '${matcher.regex}'`;
    } catch (error) {
      if (!(error instanceof RegexBudgetError)) throw error;
      return `Mismatch with header '${name}': its regex '${matcher.regex}' was not run: ${error.message}`;
    }
  }
  return undefined;
}

/** The problems of one expected header against the actual headers. */
function headerProblems(header: ExpectedHeader, headers: Headers, regexes: PactRegexes): string[] {
  const actual = headers.get(header.name);
  if (actual === null) return [`Expected a header '${header.name}' but was missing`];
  if (header.rule === undefined || header.rule.matchers.length === 0) {
    // Without a rule the example's values are expected, in order (the verifier splits on commas too).
    const got = actual.split(",").map((v) => v.trim());
    const want = header.values.map((v) => v.trim());
    const equal = got.length === want.length && got.every((v, i) => v === want[i]);
    return equal ? [] : [`Mismatch with header '${header.name}': Expected '${actual}' to be equal to '${header.values.join(", ")}'`];
  }
  const outcomes = header.rule.matchers.map((matcher) => ({ matcher, problem: matcherProblem(header, matcher, actual, regexes) }));
  const unsupported = outcomes.filter((o) => o.problem === undefined);
  // A matcher fwcall cannot apply fails the check, whatever the others say: it must never pass silently.
  if (unsupported.length > 0) {
    return unsupported.map(({ matcher }) => `Mismatch with header '${header.name}': its '${String(matcher.match ?? JSON.stringify(matcher))}' matcher is not one fwcall's redirect replay applies (it applies regex, type and equality)`);
  }
  const failed = outcomes.map((o) => o.problem!).filter((p) => p !== "");
  if (header.rule.combine === "OR") return failed.length < outcomes.length ? [] : failed;
  return failed;
}

/** The problems of a body the pact expects: JSON compared by example and rules; any other kind is unsupported. */
function bodyProblems(expected: NonNullable<ExpectedResponse["body"]>, actual: string): string[] {
  if (expected.unreadable !== undefined) return [`the pact expects ${expected.unreadable}; fwcall's redirect replay checks JSON bodies only`];
  // A rule that cannot be read must not let the body pass as if it were not there.
  if (expected.ruleProblems.length > 0) return expected.ruleProblems.map((p) => `${p.path}: the pact's rule cannot be read: ${p.message}`);
  if (actual.trim() === "") return [`$: Expected a JSON body but the response had none`];
  let json: unknown;
  try {
    json = JSON.parse(actual);
  } catch {
    return [`$: Expected a JSON body but was '${actual.length > 80 ? `${actual.slice(0, 80)}…` : actual}'`];
  }
  return jsonBodyMismatches(expected.example, json, expected.rules);
}

/**
 * Every way a response misses what the interaction expects, one line each; empty when it meets it.
 * @example responseProblems({ status: 302, headers: [{ name: "Location", values: ["https://x"], rule: undefined }], body: undefined }, { status: 200, headers: new Headers(), body: "" }) // ["expected 302 but was 200", "Expected a header 'Location' but was missing"]
 */
export function responseProblems(expected: ExpectedResponse, actual: ActualResponse): string[] {
  const problems: string[] = [];
  if (actual.status !== expected.status) problems.push(`expected ${expected.status} but was ${actual.status}`);
  const regexes = new PactRegexes();
  for (const header of expected.headers) problems.push(...headerProblems(header, actual.headers, regexes));
  if (expected.body !== undefined) problems.push(...bodyProblems(expected.body, actual.body));
  return problems;
}
