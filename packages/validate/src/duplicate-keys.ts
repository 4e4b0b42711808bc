// Finds the keys that appear twice in one JSON object. JSON.parse keeps the last one without a
// word, so a payload edited by hand (or an FDK sample) can say two things and mean one. One pass
// over the text with its own stack of open containers instead of recursion, so any depth is fine;
// pointers are built by string concatenation, which V8 keeps as ropes, so deep input stays linear.
import { pointerTo, type Problem, type Severity } from "./problem.js";
import type { Profile } from "./profile.js";

/** A 1-based line and column; columns count UTF-16 code units, as most editors do. */
export interface TextPosition {
  line: number;
  column: number;
}

/** A key written again in the same object: where the later one is and where it was first. */
export interface DuplicateKey extends TextPosition {
  /** JSON Pointer of the object that holds the key twice, "" for the top level. */
  pointer: string;
  /** The key as JSON.parse reads it (escapes decoded). */
  key: string;
  /** 0-based offset of the later occurrence's opening quote. */
  offset: number;
  /** Where the key first appears in the same object. */
  first: TextPosition;
}

/** An open object or array. */
interface Frame {
  pointer: string;
  /** An object's keys so far with where each first appeared; null for an array. */
  keys: Map<string, TextPosition> | null;
  /** An array's current element index. */
  index: number;
  /** An object's key whose value comes next. */
  key: string;
}

/** The offset just after the closing quote of the string that starts at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    i += c === 0x5c ? 2 : 1;
  }
  return text.length;
}

/** A key's text between its quotes, escapes decoded. */
function decodeKey(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  if (!raw.includes("\\")) return raw;
  try {
    return JSON.parse(text.slice(start, end)) as string;
  } catch {
    return raw;
  }
}

/**
 * Every key written twice in one object of a JSON text, in text order. Meant for text JSON.parse
 * accepted; on other text it still ends, in linear time, but what it finds is unspecified.
 * @example findDuplicateKeys('{"a": 1,\n "a": 2}') // [{ pointer: "", key: "a", line: 2, column: 2, offset: 10, first: { line: 1, column: 2 } }]
 */
export function findDuplicateKeys(text: string): DuplicateKey[] {
  if (typeof text !== "string") return [];
  const found: DuplicateKey[] = [];
  const open: Frame[] = [];
  let line = 1;
  let lineStart = 0;
  /** The next string in an object is a key (after '{' or ','), not a value (after ':'). */
  let expectKey = false;
  const childPointer = (frame: Frame | undefined): string =>
    frame === undefined ? "" : pointerTo(frame.pointer, frame.keys ? frame.key : frame.index);
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    const top = open[open.length - 1];
    if (c === 0x22) {
      const end = stringEnd(text, i);
      if (expectKey && top?.keys) {
        const key = decodeKey(text, i, end);
        const here = { line, column: i - lineStart + 1 };
        const first = top.keys.get(key);
        if (first) found.push({ pointer: top.pointer, key, ...here, offset: i, first });
        else top.keys.set(key, here);
        top.key = key;
        expectKey = false;
      }
      i = end;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      open.push({ pointer: childPointer(top), keys: c === 0x7b ? new Map() : null, index: 0, key: "" });
      expectKey = c === 0x7b;
    } else if (c === 0x7d || c === 0x5d) {
      open.pop();
    } else if (c === 0x2c && top) {
      // Element n of an array follows its n-th comma.
      if (top.keys) expectKey = true;
      else top.index++;
    } else if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
    i++;
  }
  return found;
}

const at = (p: TextPosition) => `line ${p.line}, column ${p.column}`;

/**
 * Duplicate keys as problems (rule `json:duplicate-key`): a warning under lenient, where the last
 * value wins as in JSON.parse, and an error under strict.
 * @example duplicateKeyProblems(findDuplicateKeys(text), "strict")[0]?.message // 'key "a" appears twice in this object: at line 2, column 2, first at line 1, column 2 (JSON.parse keeps the last value)'
 */
export function duplicateKeyProblems(duplicates: readonly DuplicateKey[], profile: Profile): Problem[] {
  const severity: Severity = profile === "strict" ? "error" : "warning";
  try {
    if (!Array.isArray(duplicates)) return [];
    return duplicates.map((d) => ({
      pointer: pointerTo(d.pointer, d.key),
      severity,
      rule: "json:duplicate-key",
      expected: "each key once per object",
      found: `"${d.key.slice(0, 60)}" again at ${at(d)}`,
      message: `key ${JSON.stringify(d.key.slice(0, 60))} appears twice in this object: at ${at(d)}, first at ${at(d.first)} (JSON.parse keeps the last value)`,
    }));
  } catch {
    return []; // not what findDuplicateKeys returns
  }
}
