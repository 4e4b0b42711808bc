// A consumer's message pact that holds what the consumer reads (Postel's law: every unread field a
// pact holds is a promise the provider never made to this consumer, and a rule the verifier runs).
// Each case's fixture payload is cut down to the paths its handler read (as @fwcall/coverage records
// them with `usage`) plus the paths that identify the case, and the schema-derived matchers are
// derived for what is left: matchersFor walks only the values the cut payload holds.
import { buildCase, type CaseOptions } from "@fwcall/cases";
import { EVENT_SCHEMAS } from "./body-schemas.js";
import { applicableCell, type CaseId } from "./case-ids.js";
import type { CaseMessage } from "./case-messages.js";
import { isJsonObject, type Json } from "./json.js";
import { matchersFor, type MatcherOptions, type Override } from "./matchers.js";

/**
 * What identifies a case in every message, read or not: its event, the call's direction, and the
 * status and connection type of every leg (a consumer branches on the leg it finds by them).
 */
export const IDENTIFYING_PATHS: readonly string[] = ["event", "data.call.direction", "data.call.participants[].call_status", "data.call.participants[].connection_type"];

/** One case and the payload paths its handler read: a coverage report's cell (`cells[i]` of `runCoverage(…, { usage: true })`) fits. */
export interface CaseReads {
  /** The case id (`update/incoming/missed/status-change`). */
  id: CaseId | string;
  /** Paths in coverage's notation: `data.call.participants[].call_status`; undefined when the run did not record reads. */
  reads?: readonly string[] | undefined;
  /** Set when the record stopped at its cap: the case then keeps its whole payload. */
  readsTruncated?: true | undefined;
}

/** Options of usageMessages: the matchers' (profile, overrides), the payloads' (seed, platform), and the identifying paths. */
export interface UsageMessageOptions extends CaseOptions {
  profile?: MatcherOptions["profile"];
  /** Overrides by Pact JSON path (as matchersFor takes them), the same for every case or per case. */
  overrides?: Readonly<Record<string, Override>> | ((id: CaseId) => Readonly<Record<string, Override>>);
  /** Paths every message keeps whether read or not; default IDENTIFYING_PATHS. */
  identifying?: readonly string[];
  /** What an object's own path keeps (see TestedObjects); default "object". */
  tested?: TestedObjects;
}

/** What a consumer expects for one case, cut to what it reads. */
export interface UsageMessage extends Omit<CaseMessage, "payload"> {
  /** The fixture payload cut to the kept paths: the message the pact holds and the consumer gets. */
  payload: Json;
  /** The paths kept (the reads and the identifying paths), sorted. */
  kept: readonly string[];
}

/** A read path that cannot be read, or a case without reads. */
export class ReadPathError extends Error {
  override name = "ReadPathError";
}

/** One step of a read path: a key, or `[]` for every item of an array. */
export type ReadStep = { key: string } | { items: true };

const IDENTIFIER_START = /[A-Za-z_$]/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A top-level key as a path in the notation. */
const topLevelPath = (key: string) => (IDENTIFIER.test(key) ? key : `[${JSON.stringify(key)}]`);
const IDENTIFIER_PART = /[\w$]/;

/**
 * The steps of a path in coverage's notation: keys joined by `.`, `["odd key"]` (a JSON string), `[]` for array items.
 * @example parseReadPath('data.changes["call notes"][]') // key data, key changes, key "call notes", items
 */
export function parseReadPath(path: string): ReadStep[] {
  const steps: ReadStep[] = [];
  const fail = (why: string): never => {
    throw new ReadPathError(`the read path ${JSON.stringify(path)} cannot be read: ${why} (paths look like data.call.participants[].call_status)`);
  };
  if (path === "") fail("it is empty");
  let i = 0;
  while (i < path.length) {
    const c = path[i]!;
    if (c === "[") {
      if (path[i + 1] === "]") {
        steps.push({ items: true });
        i += 2;
        continue;
      }
      if (path[i + 1] !== '"') fail(`at ${i}, [ must be followed by ] or a quoted key`);
      // The longest JSON string from here that is followed by "]".
      let end = i + 2;
      let key: string | undefined;
      while (end < path.length) {
        if (path[end] === "\\") end += 2;
        else if (path[end] === '"') {
          key = JSON.parse(path.slice(i + 1, end + 1)) as string;
          break;
        } else end++;
      }
      if (key === undefined || path[end + 1] !== "]") fail(`the quoted key at ${i} is not closed by "]`);
      steps.push({ key: key! });
      i = end + 2;
      continue;
    }
    if (c === ".") {
      if (steps.length === 0) fail("it starts with a dot");
      i++;
    } else if (steps.length > 0) fail(`at ${i}, a key must follow a dot`);
    const start = i;
    if (!IDENTIFIER_START.test(path[i] ?? "")) fail(`at ${i}, a key must start with a letter, _ or $ (odd keys are written ["odd key"])`);
    while (i < path.length && IDENTIFIER_PART.test(path[i]!)) i++;
    steps.push({ key: path.slice(start, i) });
  }
  return steps;
}

/** The kept paths as a tree: `whole` where a path ends (its value is kept with everything under it). */
interface KeepNode {
  whole: boolean;
  keys: Map<string, KeepNode>;
  items: KeepNode | undefined;
}

const keepNode = (): KeepNode => ({ whole: false, keys: new Map(), items: undefined });

function keepTree(paths: Iterable<string>): KeepNode {
  const root = keepNode();
  for (const path of paths) {
    let node = root;
    for (const step of parseReadPath(path)) {
      if ("items" in step) node = node.items ??= keepNode();
      else {
        let next = node.keys.get(step.key);
        if (!next) node.keys.set(step.key, (next = keepNode()));
        node = next;
      }
    }
    node.whole = true;
  }
  return root;
}

const NOTHING = Symbol("nothing kept");

/** An item with nothing kept under it keeps its place: an empty object or array, or its own value. */
const placeholder = (item: unknown): unknown => (Array.isArray(item) ? [] : isJsonObject(item) ? {} : item);

/**
 * The value cut to the tree: a path that ends keeps its whole subtree, but for an object with fields
 * whose path ends ("tested") with `tested: "object"`, which keeps it as an object with nothing
 * promised inside; a key the value does not have keeps nothing.
 */
function cut(value: unknown, node: KeepNode, tested: TestedObjects): unknown {
  if (node.whole) {
    const testedOnly = tested === "object" && isJsonObject(value) && Object.keys(value).length > 0;
    if (!testedOnly) return value;
    if (node.keys.size === 0 && node.items === undefined) return {};
  }
  if (Array.isArray(value)) {
    if (!node.items) return NOTHING;
    // Every item keeps its place (positions count, and a tuple such as changes' [new, old] may hold null).
    return value.map((item) => {
      const kept = cut(item, node.items!, tested);
      return kept === NOTHING ? placeholder(item) : kept;
    });
  }
  if (isJsonObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of node.keys) {
      if (!Object.hasOwn(value, key)) continue;
      const kept = cut(value[key], child, tested);
      if (kept !== NOTHING) out[key] = kept;
    }
    return Object.keys(out).length === 0 ? (node.whole ? {} : NOTHING) : out;
  }
  // A path that goes on under a string, a number or null (the same path is an object in other
  // cases): what the consumer found there is this value.
  return value;
}

/**
 * What an object path that ends means (coverage lists every leaf of a subtree the handler read
 * whole: enumerated, serialised, logged, sent; so an object's own path means it reached the object
 * and read nothing that is in it, such as `data.changes || {}`). "object" (default): the message
 * keeps an empty object there, which matches any object; "subtree": everything under it.
 */
export type TestedObjects = "object" | "subtree";

/**
 * A payload cut to the given paths (coverage's notation) and what lies under them; paths the
 * payload does not have keep nothing, and an object with nothing kept is dropped.
 * @example prunePayload({ event: "onCallCreate", data: { call: { id: 1, direction: "incoming" } } }, ["data.call.id"]) // { data: { call: { id: 1 } } }
 */
export function prunePayload(payload: unknown, paths: Iterable<string>, tested: TestedObjects = "object"): Json {
  const kept = cut(payload, keepTree(paths), tested);
  return (kept === NOTHING ? {} : kept) as Json;
}

const MATCHER_TYPE = "pact:matcher:type";

/**
 * The template without the rules that say what Pact does where no rule applies: compare by
 * equality. An `equality` or `null` matcher of a string, number, boolean or null outside every
 * other matcher (inside one, such as an eachLike, a value without its own rule is compared by its
 * ancestor's rule) is its value. Each is a rule the pact file would spell out and the verifier
 * would look up, for nothing.
 */
function withoutDefaultRules(template: Json): Json {
  if (Array.isArray(template)) return template.map(withoutDefaultRules);
  if (!isJsonObject(template)) return template;
  const type = template[MATCHER_TYPE];
  // Only for a value that is no object or array: without a rule, an object lets in fields the
  // expectation does not name, which `equality` does not.
  if ((type === "equality" || type === "null") && (template.value === null || typeof template.value !== "object")) return template.value as Json;
  // Any other matcher governs what lies under it: leave it whole.
  if (type !== undefined) return template;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(template)) out[key] = withoutDefaultRules(value as Json);
  return out;
}

/**
 * The expectation of one case cut to what its handler reads: the case's fixture payload pruned to
 * `reads` plus the identifying paths, with the schema-derived matchers of exactly what is left
 * ("whole": the whole payload, for a case whose reads are not all known).
 * @example usageMessage("update/incoming/missed/status-change", ["data.call.id"], { overrides: { "$.data.call.direction": "exact" } })
 */
export function usageMessage(id: CaseId | string, reads: readonly string[] | "whole", options: UsageMessageOptions = {}): UsageMessage {
  const cell = applicableCell(id);
  const { profile, overrides, identifying = IDENTIFYING_PATHS, tested = "object", ...caseOptions } = options;
  const full = buildCase(cell, caseOptions);
  const kept = [...new Set([...(reads === "whole" ? Object.keys(full).map(topLevelPath) : reads), ...identifying])].sort();
  // A case whose reads are not all known keeps its whole payload.
  const payload = prunePayload(full, kept, reads === "whole" ? "subtree" : tested);
  const matcherOptions: MatcherOptions = {};
  if (profile !== undefined) matcherOptions.profile = profile;
  const caseOverrides = typeof overrides === "function" ? overrides(cell.id as CaseId) : overrides;
  if (caseOverrides !== undefined) matcherOptions.overrides = caseOverrides;
  const body = matchersFor(EVENT_SCHEMAS[cell.event], payload, matcherOptions);
  return { id: cell.id as CaseId, payload, kept, body: { ...body, template: withoutDefaultRules(body.template) } };
}

/**
 * The expectations of a consumer's cases, each cut to the paths its handler read: hand each to
 * addCaseMessage. A case whose reads stopped at coverage's cap keeps its whole payload; a case
 * without reads (a run without `usage`) is an error.
 * @example
 * const report = await runCoverage(appDir, { usage: true });
 * const messages = usageMessages(report.cells.filter((cell) => cell.outcome.kind === "handled"), { seed: report.seed, platform: report.platform });
 * for (const message of messages) await addCaseMessage(messagePact(names), message).executeTest(handle);
 */
export function usageMessages(cases: Iterable<CaseReads>, options: UsageMessageOptions = {}): UsageMessage[] {
  const messages: UsageMessage[] = [];
  for (const { id, reads, readsTruncated } of cases) {
    if (readsTruncated) {
      messages.push(usageMessage(id, "whole", options));
      continue;
    }
    if (reads === undefined) throw new ReadPathError(`case ${id} has no reads: run the coverage with usage (runCoverage(…, { usage: true }), fwcall coverage --usage)`);
    messages.push(usageMessage(id, reads, options));
  }
  return messages;
}
