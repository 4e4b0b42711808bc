// The allowlist: cases an app may leave unhandled (or that may throw or time out), each with the
// reason a reviewer can read. A file `fwcall-coverage.allow.json` in the app directory:
//   { "allow": [ { "case": "update/outgoing/unknown/extra-leg", "reason": "…" } ] }
// `*` in a case matches within one id segment: "update/*/unknown/*".
import { closeSync, constants, existsSync, lstatSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { readJsonConfig } from "./read-file.js";
import { isFailing, type AllowEntry, type Allowlist, type CoverageReport } from "./types.js";

/** The allowlist's file name in an app directory. */
export const ALLOWLIST_FILE = "fwcall-coverage.allow.json";

/** An allowlist that cannot be used: not JSON, not the expected shape, an entry without a reason. */
export class AllowlistError extends Error {
  override name = "AllowlistError";
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Checks an allowlist's shape; every entry needs a case and a reason.
 * @example parseAllowlist({ allow: [{ case: "create/incoming/unknown", reason: "we never see 7" }] })
 */
export function parseAllowlist(value: unknown, source = "the allowlist"): Allowlist {
  if (!isRecord(value) || !Array.isArray(value.allow)) throw new AllowlistError(`${source}: expected { "allow": [ { "case": "<id>", "reason": "<why>" } ] }`);
  const allow: AllowEntry[] = value.allow.map((entry, i) => {
    if (!isRecord(entry)) throw new AllowlistError(`${source}: allow[${i}] is not an object`);
    const id = entry.case;
    if (typeof id !== "string" || id.trim() === "") throw new AllowlistError(`${source}: allow[${i}] has no "case" (a case id such as "update/incoming/missed/recording")`);
    const reason = entry.reason;
    if (typeof reason !== "string" || reason.trim() === "") throw new AllowlistError(`${source}: allow[${i}] (${id}) has no "reason": every allowed case needs one`);
    return { case: id.trim(), reason: reason.trim() };
  });
  return { allow, source };
}

/**
 * Reads an allowlist file.
 * @example readAllowlist("packages/example-fdk-app/fwcall-coverage.allow.json").allow.length
 */
export function readAllowlist(path: string): Allowlist {
  const { value } = readJsonConfig(path, "the allowlist", (message) => new AllowlistError(message), (reason) => `${path} is not valid JSON: ${reason}`);
  return parseAllowlist(value, path);
}

/** The app directory's allowlist, or undefined when it has none. */
export function findAllowlist(appDir: string): string | undefined {
  const path = join(appDir, ALLOWLIST_FILE);
  return existsSync(path) ? path : undefined;
}

/** A matcher of case ids for one entry's pattern. */
function patternOf(pattern: string): (id: string) => boolean {
  if (!pattern.includes("*")) return (id) => id === pattern;
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^/]*");
  const regex = new RegExp(`^${source}$`);
  return (id) => regex.test(id);
}

/** Looks cases up in an allowlist and remembers which entries excused a failing case. */
export class AllowlistIndex {
  private readonly entries: Array<AllowEntry & { matches: (id: string) => boolean; used: boolean }>;

  constructor(readonly allowlist: Allowlist | undefined) {
    this.entries = (allowlist?.allow ?? []).map((entry) => ({ ...entry, matches: patternOf(entry.case), used: false }));
  }

  /** The reason the allowlist gives for a case, or null. `failing`: the case needs it (marks the entry used). */
  reasonFor(id: string, failing: boolean): string | null {
    const entry = this.entries.find((e) => e.matches(id));
    if (!entry) return null;
    if (failing) entry.used = true;
    return entry.reason;
  }

  /** Entries that excused no failing case: stale, or a typo. */
  unused(): string[] {
    return this.entries.filter((e) => !e.used).map((e) => e.case);
  }
}

/** The reason a starting allowlist gives every entry: a placeholder a reviewer must replace. */
export const PLACEHOLDER_REASON = "TODO: say why this case may fail";

/**
 * A starting allowlist from a run: every failing cell and sequence, each with a placeholder reason and what it did.
 * @example writeAllowlist("my-app/fwcall-coverage.allow.json", startingAllowlist(report))
 */
export function startingAllowlist(report: CoverageReport): Allowlist {
  const failing = [...report.cells, ...(report.sequences ?? [])].filter((r) => isFailing(r.outcome));
  return { allow: failing.map((r) => ({ case: r.id, reason: `${PLACEHOLDER_REASON} (${r.outcome.kind})` })) };
}

/**
 * Writes an allowlist file. Refuses to replace an existing file unless `force`, and never writes
 * through a symbolic link (the link itself is refused, forced or not): the file is written under
 * a fresh name beside it and renamed into place.
 * @example writeAllowlist(join(appDir, ALLOWLIST_FILE), startingAllowlist(report), { force: false })
 */
export function writeAllowlist(path: string, allowlist: Allowlist, options: { force?: boolean } = {}): void {
  let existing: ReturnType<typeof lstatSync> | undefined;
  try {
    existing = lstatSync(path);
  } catch (error) {
    if ((error as { code?: string }).code !== "ENOENT") throw new AllowlistError(`cannot check ${path}: ${(error as Error).message}`);
  }
  if (existing?.isSymbolicLink()) throw new AllowlistError(`${path} is a symbolic link: fwcall does not write through links; remove it first`);
  if (existing && !existing.isFile()) throw new AllowlistError(`${path} exists and is not a file`);
  if (existing && !options.force) throw new AllowlistError(`${path} exists: give --force to replace it (its entries are not kept)`);
  const text = `${JSON.stringify({ allow: allowlist.allow }, null, 2)}\n`;
  const temp = join(dirname(path), `.${ALLOWLIST_FILE}.${process.pid}.${Date.now()}.tmp`);
  try {
    // O_EXCL | O_NOFOLLOW: a name planted in the meantime (a link, a file) is refused, not followed.
    const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new AllowlistError(`cannot write ${path}: ${(error as Error).message}`);
  }
}
