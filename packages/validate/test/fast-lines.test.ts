// The JSON Lines fast path (src/fast-lines.ts) may answer "unsure" for any line, but whatever else
// it answers must be what the exact path (decode, JSON.parse, the duplicate-key scan,
// parseCallEvent) finds, under both profiles and both default tuple orders: "clean" (1, 2) only for
// a line valid with no problem at all and the same event; "clean but for one drift" (3, 4) only
// for a line whose one problem is the very one driftProblem words, a warning under lenient and an
// error under strict. This holds it to that over the fixture catalog, tens of thousands of hostile
// variants of catalog lines (fast-lines-mutants.ts) and random edits, checks json-lines-core's
// results against the exact path line by line, and checks that every clean catalog line is in
// fact accepted, so the fast path is used at all.
import { isUtf8 } from "node:buffer";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { capProblems, duplicateKeyProblems, findDuplicateKeys, parseCallEvent, type Problem } from "@fwcall/validate";
import { judgeBatch, type JsonLineResult } from "../src/json-lines-core.js";
import { FAST_CREATE, FAST_CREATE_DRIFT, FAST_UNSURE, FAST_UPDATE, FAST_UPDATE_DRIFT, fastLineScanner } from "../src/fast-lines.js";
import { byteEditedLine, lineMutants, valueSwappedLine, type LineMutant } from "./fast-lines-mutants.js";

// @fwcall/cases depends on @fwcall/validate, so this package cannot depend on it (turbo refuses
// the cycle): its source is loaded by path, and only the part of its API used here is typed.
interface FixturesApi {
  applicableCases(): ReadonlyArray<{ id: string }>;
  PLATFORMS: readonly ("2.x" | "3.0")[];
  buildCase(id: string, options?: { seed?: number; platform?: "2.x" | "3.0"; changesOrder?: "new-old" | "old-new" }): unknown;
}
const fixtures = (await import(/* @vite-ignore */ fileURLToPath(new URL("../../cases/src/index.ts", import.meta.url)))) as FixturesApi;

const SETTINGS = [
  { profile: "lenient", changesOrder: "new-old" },
  { profile: "lenient", changesOrder: "old-new" },
  { profile: "strict", changesOrder: "new-old" },
  { profile: "strict", changesOrder: "old-new" },
] as const;
type Settings = (typeof SETTINGS)[number];
const VERDICTS = [FAST_UNSURE, FAST_CREATE, FAST_UPDATE, FAST_CREATE_DRIFT, FAST_UPDATE_DRIFT] as const;
type Verdict = (typeof VERDICTS)[number];
const EVENT_OF: Record<Exclude<Verdict, 0>, "onCallCreate" | "onCallUpdate"> = {
  [FAST_CREATE]: "onCallCreate",
  [FAST_UPDATE]: "onCallUpdate",
  [FAST_CREATE_DRIFT]: "onCallCreate",
  [FAST_UPDATE_DRIFT]: "onCallUpdate",
};

/** What the exact path makes of one line: as JsonLineResult has it, without the line number and the unusable line's words. */
type Exact = { ok: true; event: string | null; valid: boolean; problems: Problem[] } | { ok: false; reason: string } | undefined;

/**
 * The exact path on one line's bytes (without its `\n`) under one setting, read as json-lines-core
 * reads a line past the first (`line`): a `\r` at the end dropped, UTF-8 only, a blank line
 * skipped (undefined), one byte order mark dropped, duplicate keys first, then parseCallEvent's problems.
 */
function exactResult(bytes: Uint8Array, settings: Settings, line = 2): Exact {
  const body = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, bytes.length - 1) : bytes;
  if (!isUtf8(body)) return { ok: false, reason: "not-utf8" };
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  if (/^[ \t]*$/.test(text)) return undefined;
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (/^[ \t\r\n]*$/.test(json)) return { ok: false, reason: "empty" };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, reason: error instanceof RangeError ? "too-deep" : "invalid-json" };
  }
  try {
    const duplicates = findDuplicateKeys(json).map((d) => ({ ...d, line, first: { ...d.first, line } }));
    const parsed = parseCallEvent(value, settings);
    const problems = duplicates.length > 0 ? capProblems([...duplicateKeyProblems(duplicates, settings.profile), ...parsed.problems]) : parsed.problems;
    return { ok: true, event: parsed.event ?? null, valid: parsed.ok && !problems.some((p) => p.severity === "error"), problems };
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, reason: "too-deep" };
    throw error;
  }
}

/** Why the exact path disagrees with a verdict on a line (undefined when it agrees); `drift` words verdicts 3 and 4. */
function disagreement(bytes: Uint8Array, verdict: Exclude<Verdict, 0>, drift: { warning: Problem; error: Problem } | undefined): string | undefined {
  for (const settings of SETTINGS) {
    const exact = exactResult(bytes, settings);
    const at = `${settings.profile}/${settings.changesOrder}`;
    if (exact === undefined) return `${at}: a blank line`;
    if (!exact.ok) return `${at}: unusable (${exact.reason})`;
    if (exact.event !== EVENT_OF[verdict]) return `${at}: event ${String(exact.event)}`;
    const expected = drift === undefined ? [] : [settings.profile === "strict" ? drift.error : drift.warning];
    const valid = drift === undefined || settings.profile === "lenient";
    if (exact.valid !== valid || JSON.stringify(exact.problems) !== JSON.stringify(expected)) {
      const first = exact.problems[0];
      return `${at}: ${exact.valid ? "valid" : "invalid"}, ${exact.problems.length} problem(s)${first ? `, first ${first.severity} ${first.rule} at ${first.pointer || "(root)"}: ${first.message.slice(0, 80)}` : ""}${drift ? `; driftProblem: ${drift.warning.rule} at ${drift.warning.pointer}` : ""}`;
    }
  }
  return undefined;
}

/** Whether the exact path finds a line clean (valid, no problem, one event) in all four settings. */
function exactlyClean(bytes: Uint8Array): boolean {
  let event: string | null | undefined;
  for (const settings of SETTINGS) {
    const exact = exactResult(bytes, settings);
    if (!exact?.ok || !exact.valid || exact.problems.length > 0 || exact.event === null || (event !== undefined && exact.event !== event)) return false;
    event = exact.event;
  }
  return true;
}

/** A line for a failure message: shortened, with bytes that are not UTF-8 shown as U+FFFD. */
function show(bytes: Uint8Array): string {
  const text = JSON.stringify(Buffer.from(bytes).toString("utf8"));
  return text.length > 300 ? `${text.slice(0, 200)} … ${text.slice(-80)} (${bytes.length} bytes)` : text;
}

const scanner = fastLineScanner();
/** Loads a batch into the scanner; false when it cannot hold it (json-lines-core then asks it nothing). */
const load = (batch: Uint8Array): boolean => scanner!.load(batch);

/** What the scanner said and what it should not have: counts for the summary, failures for the assert. */
class Tally {
  clean = 0;
  drift = 0;
  unsure = 0;
  /** Lines the exact path finds clean that the scanner left unsure (allowed, counted). */
  missed = 0;
  /** Lines that are not UTF-8: json-lines-core never asks the scanner about them (it loads UTF-8 batches only). */
  notUtf8 = 0;
  failures: string[] = [];

  get accepted(): number {
    return this.clean + this.drift;
  }

  /** The scanner's verdict on bytes [start, end) of the loaded batch, held to the exact path on those bytes. */
  judge(label: string, line: Uint8Array, start = 0, end = line.length): Verdict {
    if (!isUtf8(line)) {
      this.notUtf8++;
      return FAST_UNSURE;
    }
    let verdict: Verdict;
    try {
      verdict = scanner!.verdict(start, end) as Verdict;
    } catch (error) {
      // A trap would end json-lines-core's whole batch with it.
      this.failures.push(`${label}: the scanner threw ${String(error)} on ${show(line)}`);
      return FAST_UNSURE;
    }
    if (!(VERDICTS as readonly number[]).includes(verdict)) {
      this.failures.push(`${label}: verdict ${String(verdict)} is none of ${VERDICTS.join(", ")} on ${show(line)}`);
      return FAST_UNSURE;
    }
    if (verdict === FAST_UNSURE) {
      this.unsure++;
      if (exactlyClean(line)) this.missed++;
      return verdict;
    }
    const drifted = verdict === FAST_CREATE_DRIFT || verdict === FAST_UPDATE_DRIFT;
    // Asked at once: driftProblem words the last verdict.
    const drift = drifted ? { warning: scanner!.driftProblem("warning"), error: scanner!.driftProblem("error") } : undefined;
    if (drifted) this.drift++;
    else this.clean++;
    const why = disagreement(line, verdict, drift);
    if (why !== undefined) this.failures.push(`${label}: scanner ${verdict}, exact path ${why}, on ${show(line)}`);
    return verdict;
  }

  /** Loads one line alone as the batch, and judges it. */
  judgeAlone(mutant: LineMutant): Verdict {
    if (!load(mutant.bytes)) {
      this.failures.push(`${mutant.label}: a line of ${mutant.bytes.length} bytes could not be loaded`);
      return FAST_UNSURE;
    }
    return this.judge(mutant.label, mutant.bytes);
  }

  /** A property's predicate: true unless the scanner's verdict is not the exact path's. */
  holds(mutant: LineMutant): boolean {
    const before = this.failures.length;
    this.judgeAlone(mutant);
    return this.failures.length === before;
  }
}

const summary: string[] = [];
afterAll(() => {
  if (summary.length > 0) console.info(`fast-lines scanner: ${summary.join("; ")}`);
});

// The fixture catalog: every applicable case on both platforms, several seeds, both tuple orders.
const SEEDS = [1, 2, 7, 2024];
const catalog: Array<{ label: string; text: string }> = [];
for (const { id } of fixtures.applicableCases()) {
  for (const platform of fixtures.PLATFORMS) {
    for (const seed of SEEDS) {
      catalog.push({ label: `${id} (${platform}, seed ${seed})`, text: JSON.stringify(fixtures.buildCase(id, { platform, seed })) });
      if (id.startsWith("update/") && seed === SEEDS[0]) {
        catalog.push({ label: `${id} (${platform}, seed ${seed}, old-new)`, text: JSON.stringify(fixtures.buildCase(id, { platform, seed, changesOrder: "old-new" })) });
      }
    }
  }
}
const encoder = new TextEncoder();

/** Catalog lines whose variants the mutant test makes: both events, both platforms, every update kind; the first few get the costly families too. */
const MUTATED = [
  "create/incoming/connecting (3.0, seed 1)",
  "update/incoming/answered/transfer (2.x, seed 1)",
  "update/outgoing/answered/recording (3.0, seed 2)",
  "create/outgoing/connecting (2.x, seed 2)",
  "update/incoming/missed/billing (2.x, seed 7)",
  "update/incoming/answered/notes (3.0, seed 7)",
  "update/outgoing/answered/extra-leg (2.x, seed 2024)",
  "update/incoming/voicemail/status-change (3.0, seed 2024)",
  "update/incoming/answered/transfer (3.0, seed 1, old-new)",
  "update/incoming/unknown/recording (2.x, seed 1)",
];
const HEAVY = 2;

describe("the JSON Lines fast path (WebAssembly line scanner)", () => {
  it("runs here: Node has WebAssembly", () => {
    expect(scanner).not.toBeNull();
  });

  it("calls no catalog line clean that the exact path does not, and accepts every clean one", () => {
    const tally = new Tally();
    const notAccepted: string[] = [];
    let clean = 0;
    const inBatch: Array<{ label: string; text: string; verdict: Verdict }> = [];
    // Lines in batches of 64, as json-lines-core hands them: each verdict reads its own range of a larger batch.
    for (let from = 0; from < catalog.length; from += 64) {
      const lines = catalog.slice(from, from + 64).map((c) => ({ ...c, bytes: encoder.encode(c.text) }));
      const batch = encoder.encode(lines.map((l) => l.text).join("\n"));
      expect(load(batch)).toBe(true);
      let start = 0;
      for (const line of lines) {
        const verdict = tally.judge(line.label, line.bytes, start, start + line.bytes.length);
        if (inBatch.length < 64 || from % 640 === 0) inBatch.push({ label: line.label, text: line.text, verdict });
        if (exactlyClean(line.bytes)) {
          clean++;
          if (verdict !== FAST_CREATE && verdict !== FAST_UPDATE) notAccepted.push(`${line.label}: verdict ${verdict}`);
        }
        start += line.bytes.length + 1;
      }
    }
    // The same answer for a line alone as inside a batch: the scanner reads only its range.
    for (const { label, text, verdict } of inBatch) {
      const bytes = encoder.encode(text);
      expect(load(bytes)).toBe(true);
      expect(scanner!.verdict(0, bytes.length), label).toBe(verdict);
    }
    summary.push(
      `catalog ${catalog.length} lines, ${clean} clean by the exact path, ${clean - notAccepted.length} of them accepted; ${tally.drift} accepted with one drift; ${tally.unsure} unsure`,
    );
    expect(tally.failures.slice(0, 10)).toEqual([]);
    expect(catalog.length).toBeGreaterThan(1000);
    // Both events, and (the old-new tuples, the undocumented status) lines that are not clean.
    expect(clean).toBeGreaterThan(500);
    expect(catalog.length - clean).toBeGreaterThan(100);
    expect(notAccepted.slice(0, 10)).toEqual([]);
  });

  it("answers for no variant of a catalog line other than the exact path does", () => {
    const tally = new Tally();
    const labels = new Set(catalog.map((c) => c.label));
    for (const label of MUTATED) expect(labels, label).toContain(label);
    const byLabel = new Map(catalog.map((c) => [c.label, c.text]));
    let mutants = 0;
    let cleanMutants = 0;
    MUTATED.forEach((label, i) => {
      const line = byLabel.get(label)!;
      // Load the clean line first: a variant that is cut short must not be read past its end into the old bytes.
      tally.judgeAlone({ label, bytes: encoder.encode(line) });
      for (const mutant of lineMutants(line, { heavy: i < HEAVY })) {
        mutants++;
        tally.judgeAlone({ label: `${label}: ${mutant.label}`, bytes: mutant.bytes });
        if (exactlyClean(mutant.bytes)) cleanMutants++;
      }
    });
    summary.push(
      `${mutants} variants: ${tally.clean} accepted clean, ${tally.drift} accepted with one drift, ${tally.unsure} unsure, ${tally.notUtf8} not UTF-8 (not asked); ${cleanMutants} clean by the exact path, ${tally.missed} of them left unsure`,
    );
    expect(tally.failures.slice(0, 10)).toEqual([]);
    // Both sides exercised: clean spellings accepted, broken variants refused.
    expect(mutants).toBeGreaterThan(10_000);
    expect(tally.clean).toBeGreaterThan(MUTATED.length);
    expect(tally.unsure).toBeGreaterThan(mutants / 2);
  });

  it("never reads past the range it is given: a part of a loaded clean line is not clean", () => {
    const tally = new Tally();
    const text = catalog.find((c) => c.label === MUTATED[1])!.text;
    const line = encoder.encode(text);
    // The line twice in one batch: every range short of a whole line is a cut line, with the rest still in memory.
    expect(load(encoder.encode(`${text}\n${text}`))).toBe(true);
    for (let end = 0; end < line.length; end += 3) tally.judge(`bytes [0, ${end})`, line.subarray(0, end), 0, end);
    for (let start = 1; start < line.length; start += 5) tally.judge(`bytes [${start}, ${line.length})`, line.subarray(start), start, line.length);
    for (let end = line.length + 1; end < 2 * line.length + 1; end += 7) {
      tally.judge(`bytes [${line.length + 1}, ${end})`, line.subarray(0, end - line.length - 1), line.length + 1, end);
    }
    expect(tally.judge("the first line", line, 0, line.length)).not.toBe(FAST_UNSURE);
    expect(tally.judge("the second line", line, line.length + 1, 2 * line.length + 1)).not.toBe(FAST_UNSURE);
    expect(tally.failures.slice(0, 10)).toEqual([]);
  });

  it("reads no further than the batch: an update with a long call value, last in the largest batch yet", () => {
    const tally = new Tally();
    const text = catalog.find((c) => c.label === MUTATED[1])!.text;
    const value = JSON.parse(text) as { data: { call: { participants: Array<Record<string, number>> } } };
    const leg = value.data.call.participants[0]!;
    // A 1,000-leg call (about 350 KB) whose changes tuples follow it: a tuple's first item is near the end of the batch.
    value.data.call.participants = Array.from({ length: 1000 }, (_x, i) => ({ ...leg, id: leg.id! + i }));
    const last = JSON.stringify(value);
    // Larger than any batch loaded before it in this file, so that the scanner's memory ends soon after it.
    const filler = Array.from({ length: Math.ceil((6 << 20) / text.length) }, () => text);
    const lines = [...filler, last].map((l) => encoder.encode(l));
    const batch = encoder.encode([...filler, last].join("\n"));
    expect(load(batch)).toBe(true);
    let start = 0;
    for (const [i, line] of lines.entries()) {
      if (i >= filler.length - 2) tally.judge(i === filler.length ? "the 1,000-leg update, last in the batch" : `line ${i}`, line, start, start + line.length);
      start += line.length + 1;
    }
    expect(tally.failures).toEqual([]);
  });

  it("forgets the line before: changes read before the call are not judged by the previous line's call", () => {
    const tally = new Tally();
    for (const label of [MUTATED[1]!, MUTATED[2]!, MUTATED[7]!]) {
      const text = catalog.find((c) => c.label === label)!.text;
      const value = JSON.parse(text) as { data: Record<string, any> };
      const { actor, associations, call, changes } = value.data;
      // The same changes, now before a call that no longer matches them (and one that still does).
      const changed = { ...call, participants: [...call.participants].reverse(), updated_time: "2030-01-01T00:00:00.000Z", phone_number_id: call.phone_number_id + 1 };
      const lines = [
        text,
        JSON.stringify({ ...value, data: { changes, actor, associations, call: changed } }),
        text,
        JSON.stringify({ ...value, data: { changes, actor, associations, call } }),
      ].map((l) => encoder.encode(l));
      const batch = new Uint8Array(lines.reduce((n, l) => n + l.length + 1, 0));
      let at = 0;
      const starts = lines.map((l) => {
        batch.set(l, at);
        batch[at + l.length] = 0x0a;
        at += l.length + 1;
        return at - l.length - 1;
      });
      expect(load(batch)).toBe(true);
      lines.forEach((l, i) => tally.judge(`${label}, line ${i} of a batch`, l, starts[i]!, starts[i]! + l.length));
    }
    expect(tally.failures).toEqual([]);
    expect(tally.clean).toBeGreaterThanOrEqual(6); // the catalog lines themselves
  });

  it("leaves json-lines-core's results on every line those of the exact path, in every setting", () => {
    const byLabel = new Map(catalog.map((c) => [c.label, c.text]));
    const lines: Uint8Array[] = [];
    for (const label of [...MUTATED.slice(2, 5), MUTATED[9]!]) {
      const text = byLabel.get(label)!;
      for (const mutant of lineMutants(text)) {
        if (mutant.bytes.includes(0x0a) || mutant.bytes.length > 200_000) continue;
        lines.push(encoder.encode(text), mutant.bytes);
      }
    }
    let compared = 0;
    let cleanLines = 0;
    const mismatches: string[] = [];
    const FIRST_LINE = 2;
    // Batches of 200 lines; a batch with a line that is not UTF-8 takes the exact path for every line.
    for (let from = 0; from < lines.length; from += 200) {
      const part = lines.slice(from, from + 200);
      const batch = new Uint8Array(part.reduce((n, l) => n + l.length + 1, 0));
      let at = 0;
      for (const l of part) {
        batch.set(l, at);
        batch[at + l.length] = 0x0a;
        at += l.length + 1;
      }
      for (const settings of SETTINGS) {
        const outcome = judgeBatch(batch, FIRST_LINE, { ...settings, maxLineBytes: 64 * 1024 * 1024 });
        const actual = new Map<number, JsonLineResult>();
        for (const c of outcome.clean) {
          const line = FIRST_LINE + (c >> 1);
          actual.set(line, { line, ok: true, event: c & 1 ? "onCallUpdate" : "onCallCreate", valid: true, problems: [] });
        }
        for (const result of outcome.others) actual.set(result.line, result);
        part.forEach((l, i) => {
          const line = FIRST_LINE + i;
          const expected = exactResult(l, settings, line);
          const got = actual.get(line);
          compared++;
          if (expected?.ok && expected.valid && expected.problems.length === 0) cleanLines++;
          const same =
            expected === undefined
              ? got === undefined
              : got !== undefined &&
                (expected.ok
                  ? got.ok && got.event === expected.event && got.valid === expected.valid && JSON.stringify(got.problems) === JSON.stringify(expected.problems)
                  : !got.ok && got.reason === expected.reason);
          if (!same && mismatches.length < 10) {
            const word = (r: Exact | JsonLineResult) =>
              r === undefined ? "no result" : r.ok ? `${r.event} ${r.valid ? "valid" : "invalid"} [${r.problems.map((p) => `${p.severity} ${p.rule} at ${p.pointer}`).join(", ")}]` : `unusable (${r.reason})`;
            mismatches.push(`${settings.profile}/${settings.changesOrder}: json-lines-core ${word(got)}, exact path ${word(expected)}, on ${show(l)}`);
          }
        });
      }
    }
    summary.push(`json-lines-core: ${compared} line results compared, ${cleanLines} clean`);
    expect(mismatches).toEqual([]);
    expect(cleanLines).toBeGreaterThan(compared / 4);
  });

  // Random edits of clean lines, bounded in runs (and in time by bounded-runs.ts).
  const cleanLines = MUTATED.slice(0, 8).map((label) => catalog.find((c) => c.label === label)!.text);

  it("answers for no line other than the exact path does, past random byte edits (flips, insertions, deletions)", () => {
    const tally = new Tally();
    fc.assert(fc.property(byteEditedLine(cleanLines), (mutant) => tally.holds(mutant)), { numRuns: 4000 });
    summary.push(`byte edits: ${tally.clean} accepted clean, ${tally.drift} with one drift, ${tally.unsure} unsure, ${tally.notUtf8} not UTF-8`);
    expect(tally.failures.slice(0, 5)).toEqual([]);
  });

  it("answers for no line other than the exact path does, past random swaps of its values (an id for another, a leg for a tuple side)", () => {
    const tally = new Tally();
    fc.assert(fc.property(valueSwappedLine(cleanLines), (mutant) => tally.holds(mutant)), { numRuns: 4000 });
    summary.push(`value swaps: ${tally.clean} accepted clean, ${tally.drift} with one drift, ${tally.unsure} unsure`);
    expect(tally.failures.slice(0, 5)).toEqual([]);
  });
});
