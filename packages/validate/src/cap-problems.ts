// Bounds a list of problems: a payload with 300,000 extra keys is one mistake repeated, and a
// report that lists each of them is too long to read and slow to print.
import { type Problem, type Severity } from "./problem.js";

/** How many problems of one rule a result lists one by one before it counts the rest. */
export const MAX_PROBLEMS_PER_RULE = 50;

/** The problems of one rule left out of the list. */
interface Omitted {
  rule: string;
  count: number;
  severity: Severity;
  first: Problem;
  /** The longest pointer every omitted problem is at or under. */
  ancestor: string;
}

/** The longest JSON Pointer that both pointers are at or under. */
function commonAncestor(a: string, b: string): string {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  while (i < limit && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === a.length && (i === b.length || b.charCodeAt(i) === 0x2f)) return a;
  if (i === b.length && a.charCodeAt(i) === 0x2f) return b;
  return a.slice(0, a.lastIndexOf("/", i - 1) === -1 ? 0 : a.lastIndexOf("/", i - 1));
}

const count = (n: number) => n.toLocaleString("en-US");

/**
 * The first `limit` problems of each rule, in their order, then one problem per rule that counts
 * the rest (an error when any of them is), at the pointer they all share.
 * @example capProblems(problems)[50]?.message // "15,950 more problems of this kind at or under this pointer, not listed one by one (the first: /data/call/x50: not a documented property of Call)"
 */
export function capProblems(problems: readonly Problem[], limit = MAX_PROBLEMS_PER_RULE): Problem[] {
  try {
    if (!Array.isArray(problems)) return [];
    return cap(problems, typeof limit === "number" && limit >= 0 ? limit : MAX_PROBLEMS_PER_RULE);
  } catch {
    return []; // a list that throws when read holds nothing to report
  }
}

function cap(problems: readonly Problem[], limit: number): Problem[] {
  // No rule can pass the limit: the common case (a valid payload, a few warnings) skips the counting.
  if (problems.length <= limit) return [...problems];
  const listed = new Map<string, number>();
  const omitted = new Map<string, Omitted>();
  const kept: Problem[] = [];
  for (const problem of problems) {
    const shown = listed.get(problem.rule) ?? 0;
    if (shown < limit) {
      listed.set(problem.rule, shown + 1);
      kept.push(problem);
      continue;
    }
    const rest = omitted.get(problem.rule);
    if (!rest) {
      omitted.set(problem.rule, { rule: problem.rule, count: 1, severity: problem.severity, first: problem, ancestor: problem.pointer });
      continue;
    }
    rest.count++;
    if (problem.severity === "error") rest.severity = "error";
    rest.ancestor = commonAncestor(rest.ancestor, problem.pointer);
  }
  for (const { rule, count: n, severity, first, ancestor } of omitted.values()) {
    kept.push({
      pointer: ancestor,
      severity,
      rule,
      expected: first.expected,
      found: `${count(n)} more`,
      omitted: n,
      message: `${count(n)} more problem${n === 1 ? "" : "s"} of this kind at or under this pointer, not listed one by one (the first: ${first.pointer || "/"}: ${first.message})`,
    });
  }
  return kept;
}
