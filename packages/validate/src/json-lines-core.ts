// One batch of JSON Lines (whole lines, as the reader cut them at newlines), decoded, parsed and
// validated line by line: the work of a worker thread, and of the calling thread for small inputs.
// Each line is read as `fwcall validate` has always read one: a `\r` before the `\n` is dropped,
// line 1 may start with a byte order mark, UTF-16 on line 1 ends the reading, a blank line is skipped.
import * as nodeBuffer from "node:buffer";
import type { CallEventName, ChangesOrder } from "@fwcall/types";
import { capProblems } from "./cap-problems.js";
import { duplicateKeyProblems, findDuplicateKeys, type DuplicateKey } from "./duplicate-keys.js";
import { FAST_CREATE, FAST_UNSURE, FAST_UPDATE, FAST_UPDATE_DRIFT, fastLineScanner } from "./fast-lines.js";
import { surelyNoDuplicateKeys } from "./key-count.js";
import { hasUtf16Mark, looksLikeUtf16 } from "./utf16.js";
import { parseCallEvent } from "./parse.js";
import type { Problem } from "./problem.js";
import type { Profile } from "./profile.js";

/** A line that was parsed and validated. */
export interface JsonLineChecked {
  /** 1-based line number in the input. */
  line: number;
  ok: true;
  /** The call event the line names, or null when it names none. */
  event: CallEventName | null;
  /** No problem is an error. */
  valid: boolean;
  /** Duplicate keys first (see duplicateKeyProblems), then the validator's problems; capped per rule. */
  problems: Problem[];
}

/** Why a line could not be validated. */
export type JsonLineFailure = "too-large" | "utf-16" | "not-utf8" | "empty" | "invalid-json" | "too-deep";

/** A line that could not be validated, and why. */
export interface JsonLineUnusable {
  /** 1-based line number in the input. */
  line: number;
  ok: false;
  reason: JsonLineFailure;
  /** One sentence for a person, e.g. `invalid JSON: Unexpected token } in JSON at position 12`. */
  message: string;
  /** 1-based column (UTF-16 code units) of the spot in the line, or null. */
  column: number | null;
  /** The line's size in bytes, without its `\n`. */
  size: number;
  /** The line's bytes (without its `\n`), except for a line over the size limit, which is never held. */
  bytes?: Uint8Array;
}

/** What one line of JSON Lines became. */
export type JsonLineResult = JsonLineChecked | JsonLineUnusable;

/** The settings every batch is judged with (plain data: they travel to the workers). */
export interface LineSettings {
  profile: Profile;
  changesOrder: ChangesOrder;
  maxLineBytes: number;
}

/**
 * What a batch became. Valid lines without a problem (most of a real log) travel as numbers:
 * `clean` holds each one's line (relative to the batch's first, from 0) times 2, plus 1 for onCallUpdate.
 */
export interface BatchOutcome {
  /** The line in the input the batch starts at. */
  firstLine: number;
  clean: Int32Array;
  /** Every other line's result, in line order. */
  others: JsonLineResult[];
  /** Line 1 is UTF-16: nothing after it can be read as text. */
  stop: boolean;
}

// isUtf8 came with Node 18.14; the package runs on every Node 18 (a named import would fail to link before it).
const isUtf8: (bytes: Uint8Array) => boolean =
  (nodeBuffer as Partial<typeof nodeBuffer>).isUtf8 ??
  ((bytes) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      return true;
    } catch {
      return false;
    }
  });

const BLANK = /^[ \t]*$/;
const WHITESPACE = /^[ \t\r\n]*$/;

const TOO_DEEP_TO_VALIDATE = "nested too deeply to validate: the validator ran out of stack (a call-event payload nests only a few levels)";

/** Decodes, parses and validates one line (`bytes` without its `\n`); undefined for a blank line. */
function judgeLine(batch: Buffer, start: number, end: number, line: number, batchIsUtf8: boolean, settings: LineSettings): JsonLineResult | undefined {
  const size = end - start;
  const unusable = (reason: JsonLineFailure, message: string, column: number | null = null): JsonLineUnusable => ({
    line,
    ok: false,
    reason,
    message,
    column,
    size,
    bytes: Uint8Array.prototype.slice.call(batch, start, end),
  });
  if (size > settings.maxLineBytes) {
    return { line, ok: false, reason: "too-large", message: `too large: ${size} bytes, over the limit of ${settings.maxLineBytes} bytes per line`, column: null, size };
  }
  const bodyEnd = size > 0 && batch[end - 1] === 0x0d ? end - 1 : end;
  let text: string;
  if (line > 1 && batchIsUtf8) {
    // The common case: decoded straight from the batch, without a view of the line to check first.
    text = batch.toString("utf8", start, bodyEnd);
  } else {
    const body = batch.subarray(start, bodyEnd);
    if (line === 1 && (hasUtf16Mark(body) || looksLikeUtf16(body) !== undefined)) return unusable("utf-16", "not UTF-8 text: it is UTF-16; save it as UTF-8");
    if (!isUtf8(body)) return unusable("not-utf8", "not UTF-8 text: the line holds bytes that are not valid UTF-8");
    // TextDecoder drops a leading byte order mark, as the start of a file may carry one.
    text = line === 1 ? new TextDecoder().decode(body) : body.toString("utf8");
  }
  if (BLANK.test(text)) return undefined;
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (WHITESPACE.test(json)) return unusable("empty", "no JSON value on the line, only whitespace");
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    if (error instanceof RangeError) return unusable("too-deep", "nested too deeply to parse: JSON.parse ran out of stack (a call-event payload nests only a few levels)");
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message)?.[1];
    return unusable("invalid-json", `invalid JSON: ${message}`, position === undefined ? null : Number(position) + 1);
  }
  try {
    const duplicates: DuplicateKey[] = surelyNoDuplicateKeys(json, value)
      ? []
      : findDuplicateKeys(json).map((d) => ({ ...d, line, first: { ...d.first, line } }));
    const parsed = parseCallEvent(value, { profile: settings.profile, changesOrder: settings.changesOrder });
    const problems = duplicates.length > 0 ? capProblems([...duplicateKeyProblems(duplicates, settings.profile), ...parsed.problems]) : parsed.problems;
    let valid = parsed.ok;
    for (const problem of problems) if (problem.severity === "error") valid = false;
    return { line, ok: true, event: parsed.event ?? null, valid, problems };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return unusable("too-deep", TOO_DEEP_TO_VALIDATE);
  }
}

/**
 * Judges every line of a batch: whole lines, each ending in `\n` but perhaps the input's last;
 * the first is line `firstLine` of the input.
 */
export function judgeBatch(batch: Uint8Array, firstLine: number, settings: LineSettings): BatchOutcome {
  const bytes = Buffer.from(batch.buffer, batch.byteOffset, batch.byteLength);
  // Newlines are ASCII: when the whole batch is UTF-8, so is each of its lines.
  const batchIsUtf8 = isUtf8(bytes);
  // The fast path reads UTF-8 only, and never line 1 (a byte order mark, UTF-16 detection).
  let fast = batchIsUtf8 ? fastLineScanner() : null;
  if (fast !== null && !fast.load(bytes)) fast = null;
  const clean: number[] = [];
  const others: JsonLineResult[] = [];
  let line = firstLine - 1;
  let start = 0;
  while (start < bytes.length) {
    let end = -1;
    let verdict: number = FAST_UNSURE;
    line++;
    if (fast !== null && line > 1) {
      try {
        const found = fast.lineVerdict(start, settings.maxLineBytes);
        end = start + (found >>> 3);
        verdict = found & 7;
      } catch {
        // A trap in the scanner (a bug; the fast-lines test looks for them) costs time, never the answer.
      }
    }
    if (end === -1) {
      end = bytes.indexOf(0x0a, start);
      if (end === -1) end = bytes.length;
    }
    if (fast !== null && verdict !== FAST_UNSURE) {
      const update = verdict === FAST_UPDATE || verdict === FAST_UPDATE_DRIFT;
      if (verdict === FAST_CREATE || verdict === FAST_UPDATE) clean.push((line - firstLine) * 2 + (update ? 1 : 0));
      else {
        const strict = settings.profile === "strict";
        others.push({ line, ok: true, event: update ? "onCallUpdate" : "onCallCreate", valid: !strict, problems: [fast.driftProblem(strict ? "error" : "warning")] });
      }
      start = end + 1;
      continue;
    }
    const result = judgeLine(bytes, start, end, line, batchIsUtf8, settings);
    start = end + 1;
    if (result === undefined) continue;
    if (result.ok && result.valid && result.problems.length === 0 && result.event !== null) clean.push((line - firstLine) * 2 + (result.event === "onCallUpdate" ? 1 : 0));
    else others.push(result);
    if (!result.ok && result.reason === "utf-16") return { firstLine, clean: Int32Array.from(clean), others, stop: true };
  }
  return { firstLine, clean: Int32Array.from(clean), others, stop: false };
}

/** A line over the size limit, cut out by the reader, which counted its bytes without holding them. */
export function oversizedLine(line: number, size: number, settings: LineSettings): BatchOutcome {
  const result: JsonLineUnusable = {
    line,
    ok: false,
    reason: "too-large",
    message: `too large: ${size} bytes, over the limit of ${settings.maxLineBytes} bytes per line`,
    column: null,
    size,
  };
  return { firstLine: line, clean: new Int32Array(0), others: [result], stop: false };
}
