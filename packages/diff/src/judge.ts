// Which consumers a set of schema changes breaks, and why: a pact breaks when it reads a place
// whose field went away or whose values changed under it; an exhaustive matcher breaks when its
// enum gains or loses a value. An added optional field breaks nobody.
import { sameJson, type EnumChange, type SchemaChange, type ChangeKind } from "./changes.js";
import type { MatcherConsumer, PactConsumer, PactReader } from "./consumers.js";

/** One reason a consumer breaks. */
export interface BreakReason {
  /** The change kind (`field-removed`), or `enum-value-added`/`enum-value-removed`/`enum-value-renamed`/`enum-removed` of a matcher. */
  kind: ChangeKind | "enum-removed" | "enum-value-renamed";
  /** The profiles it breaks in (a matcher's enum is the same in both). */
  profiles: string[];
  /** An event or REST resource (pacts), or the enum (matchers). */
  subject: string;
  path: string;
  /** One line saying what changed and why that breaks this consumer. */
  message: string;
  /** Pacts: the interactions that read the place (all of them; reports show the first few). */
  interactions?: string[];
  /** Matchers: where the consumer's source uses the matcher. */
  uses?: Array<{ file: string; line: number }>;
}

/** A consumer and what the changes do to it. */
export interface ConsumerVerdict {
  /** `pact` for a pact file's consumer, `matcher` for source that uses an exhaustive matcher. */
  type: "pact" | "matcher";
  /** The pact's consumer name, or the package name of a source folder. */
  name: string;
  /** The pact file or the source folder. */
  where: string;
  broken: boolean;
  reasons: BreakReason[];
}

/** The change kinds that break whoever reads the place: the value may be gone, missing, or of a type it never saw. */
export const BREAKS_READERS: ReadonlySet<ChangeKind> = new Set<ChangeKind>([
  "field-removed",
  "field-made-optional",
  "type-narrowed",
  "type-widened",
  "type-changed",
  "nullability-added",
  "nullability-removed",
  "event-removed",
  "resource-removed",
]);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether a reader's path is at or under a change's path (`.*` in the change's path stands for any key). */
function pathMatcher(changePath: string): (path: string) => boolean {
  const pattern = new RegExp(`^${changePath.split(".*").map(escape).join("(?:\\.[^.[]+|\\['[^']*'\\])")}(?:$|[.[])`);
  return (path) => pattern.test(path);
}

/** The reader's values at the paths a change covers. */
function valuesAt(reader: PactReader, covers: (path: string) => boolean): unknown[] {
  return [...reader.values].filter(([path]) => covers(path)).flatMap(([, values]) => values);
}

/** Why a change breaks a reader of its place, or undefined when it does not. */
function pactReason(change: SchemaChange, reader: PactReader): string | undefined {
  if (BREAKS_READERS.has(change.kind)) {
    return `${change.message}, and the pact reads it`;
  }
  if (change.kind === "enum-value-removed") {
    const pinned = valuesAt(reader, (p) => p === change.path).filter((v) => change.values?.some((r) => sameJson(r, v)));
    if (pinned.length > 0) return `${change.message}, and the pact expects ${[...new Set(pinned.map((v) => JSON.stringify(v)))].join(", ")} there`;
  }
  if (change.kind === "enum-closed") {
    const outside = valuesAt(reader, (p) => p === change.path).filter((v) => v !== null && !change.values?.some((a) => sameJson(a, v)));
    if (outside.length > 0) return `${change.message}, and the pact expects ${[...new Set(outside.map((v) => JSON.stringify(v)))].join(", ")} there`;
  }
  return undefined;
}

/** What the changes do to one pact file's consumer. */
function judgePact(pact: PactConsumer, changes: readonly SchemaChange[]): ConsumerVerdict {
  const reasons = new Map<string, BreakReason>();
  for (const change of changes) {
    const covers = pathMatcher(change.path);
    for (const reader of pact.readers) {
      if (reader.subject !== change.subject) continue;
      if (change.envelopes && reader.envelope && !change.envelopes.includes(reader.envelope)) continue;
      if (![...reader.paths].some(covers)) continue;
      const message = pactReason(change, reader);
      if (!message) continue;
      const key = `${change.kind}\u0000${change.subject}\u0000${change.path}\u0000${message}`;
      const reason = reasons.get(key) ?? { kind: change.kind, profiles: [], subject: change.subject, path: change.path, message, interactions: [] };
      if (!reason.profiles.includes(change.profile)) reason.profiles.push(change.profile);
      if (!reason.interactions!.includes(reader.interaction)) reason.interactions!.push(reader.interaction);
      reasons.set(key, reason);
    }
  }
  const list = [...reasons.values()];
  return { type: "pact", name: pact.consumer, where: pact.file, broken: list.length > 0, reasons: list };
}

/** What the enum changes do to source that uses their exhaustive matchers. */
function judgeMatchers(consumer: MatcherConsumer, enums: readonly EnumChange[]): ConsumerVerdict {
  const reasons: BreakReason[] = [];
  for (const change of enums) {
    const uses = consumer.uses.get(change.matcher);
    if (!uses || change.existence === "added") continue;
    const used = `uses ${change.matcher}`;
    // A matcher is generated for both profiles' enum alike, so every reason names both.
    const broken = (kind: BreakReason["kind"], message: string) =>
      reasons.push({ kind, profiles: ["lenient", "strict"], subject: change.enum, path: change.file, message, uses });
    if (change.existence === "removed") {
      broken("enum-removed", `${used}, and ${change.enum} (${change.file}) is gone: @fwcall/types no longer has ${change.matcher}`);
      continue;
    }
    if (change.added.length > 0) {
      broken(
        "enum-value-added",
        `${used}, and ${change.enum} gains ${change.added.map((v) => JSON.stringify(v)).join(", ")}: an exhaustive matcher has no branch for it (TypeScript stops compiling until it is handled; JavaScript sends the documented value to \`unknown\`)`,
      );
    }
    if (change.removed.length > 0) {
      broken(
        "enum-value-removed",
        `${used}, and ${change.enum} loses ${change.removed.map((v) => JSON.stringify(v)).join(", ")}: its handler for it names no branch any more (TypeScript rejects the extra key; JavaScript never calls it)`,
      );
    }
    if (change.renamed !== undefined && change.renamed.length > 0) {
      broken(
        "enum-value-renamed",
        `${used}, and ${change.enum} ${change.renamed.map((r) => `renames ${JSON.stringify(r.value)} from ${r.from} to ${r.to}`).join(", ")}: the handler key written for the old name names no branch any more (TypeScript stops compiling; JavaScript sends the value to \`unknown\`)`,
      );
    }
  }
  return { type: "matcher", name: consumer.name, where: consumer.dir, broken: reasons.length > 0, reasons };
}

/**
 * Each consumer's verdict: pact files by what they read, source folders by the matchers they use.
 * @example judgeConsumers(changes, enumChanges, { pacts: readPactConsumers(["contracts"]), matchers: [] }).filter((v) => v.broken)
 */
export function judgeConsumers(changes: readonly SchemaChange[], enums: readonly EnumChange[], consumers: { pacts: readonly PactConsumer[]; matchers: readonly MatcherConsumer[] }): ConsumerVerdict[] {
  return [...consumers.pacts.map((pact) => judgePact(pact, changes)), ...consumers.matchers.map((consumer) => judgeMatchers(consumer, enums))];
}
