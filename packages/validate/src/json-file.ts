// Reads one JSON document from a file, a stream or a text, turning every way this can fail
// (unreadable, not a regular file, too large, not UTF-8, empty, invalid JSON, nested too deeply)
// into a problem a person can act on, with the line and column when it is at one spot, and
// finding the keys JSON.parse silently drops when an object writes one twice.
import { constants } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { findDuplicateKeys, type DuplicateKey } from "./duplicate-keys.js";
import { describeFileType, describeFsError } from "./fs-error.js";
import { findJsonSyntaxError } from "./json-syntax.js";
import { surelyNoDuplicateKeys } from "./key-count.js";
import { excerpt, lineColumn } from "./text-location.js";
import { hasUtf16Mark, looksLikeUtf16 } from "./utf16.js";

export { describeFileType, describeFsError } from "./fs-error.js";
export { findJsonSyntaxError, type JsonSyntaxError } from "./json-syntax.js";
export { describeLocation, excerpt, lineColumn, type TextLocation } from "./text-location.js";
export { hasUtf16Mark, looksLikeUtf16 } from "./utf16.js";
export type { DuplicateKey } from "./duplicate-keys.js";

/** Why an input cannot be used, and where in its text when that is known. */
export interface InputProblem {
  /** What and why, e.g. `invalid JSON: expected ':' after the property name, found '1'`. */
  message: string;
  /** 1-based line of the spot, or null when the problem is not at one spot. */
  line: number | null;
  /** 1-based column of the spot, or null. */
  column: number | null;
  /** The source line and a caret under the spot; empty when there is no spot. */
  excerpt: string[];
}

/**
 * Why a file could not be used, for a person: `file:line:column: message`, then the source line with a caret.
 * @example inputProblemLines("bad.json", problem) // ["bad.json:3:14: invalid JSON: …", "  3 |   …", "    |   ^"]
 */
export function inputProblemLines(file: string, problem: InputProblem): string[] {
  const at = problem.line === null ? "" : problem.column === null ? `:${problem.line}` : `:${problem.line}:${problem.column}`;
  return [`${file}${at}: ${problem.message}`, ...problem.excerpt];
}

/**
 * A problem as one line: its message, then where it is when it is at one spot.
 * @example problemText(problem) // "invalid JSON: expected ':' after the property name, found '1' (line 2, column 7)"
 */
export function problemText(problem: InputProblem): string {
  const { message, line, column } = problem;
  return line === null ? message : `${message} (line ${line}${column === null ? "" : `, column ${column}`})`;
}

/** Either the parsed JSON value (and the keys JSON.parse silently dropped) or why there is none. */
export type JsonInput = { ok: true; value: unknown; duplicateKeys: DuplicateKey[] } | { ok: false; problem: InputProblem };

/** Either a file's text or why there is none. */
export type TextInput = { ok: true; text: string } | { ok: false; problem: InputProblem };

/**
 * What the input is meant to be, in the words of the problems; each is optional.
 * @example { expected: "a pact file", nesting: "a pact file nests only a few levels" }
 */
export interface JsonWords {
  /** Follows "empty input: expected" (default "one JSON document"). */
  expected?: string;
  /** Said in parentheses after "nested too deeply to parse: JSON.parse ran out of stack". */
  nesting?: string;
  /** Said after "too large: …, over the limit of 64 MB (…);": what to do about it. */
  tooLarge?: string;
  /** Said in parentheses after "cannot read: a named pipe (FIFO), not a regular file". */
  notRegular?: string;
}

/** How to read an input. */
export interface ReadOptions {
  /** Stop and refuse beyond this many bytes (default 64 MB): /dev/zero or an endless pipe must not fill the memory. */
  maxBytes?: number;
  /** What the input is meant to be, for the problems' words. */
  words?: JsonWords;
}

/** The most an input may weigh by default: 64 MB (MiB). */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

const unusable = (message: string): { ok: false; problem: InputProblem } => ({
  ok: false,
  problem: { message, line: null, column: null, excerpt: [] },
});

const unusableAt = (message: string, text: string, offset: number, firstLine = 1): { ok: false; problem: InputProblem } => ({
  ok: false,
  problem: { message, ...lineColumn(text, offset, firstLine), excerpt: excerpt(text, offset, firstLine) },
});

const SAVE_AS_UTF8 = "save it as UTF-8";

/**
 * Bytes as UTF-8 text, without a leading byte order mark. UTF-16, with or without its byte order
 * mark, is named as such: JSON travels as UTF-8, and read as UTF-8 UTF-16 shows up as U+0000s.
 * @example decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d])) // { ok: true, text: "{}" }
 */
export function decodeUtf8(bytes: Uint8Array): TextInput {
  if (hasUtf16Mark(bytes)) return unusable(`not UTF-8 text: it starts with a UTF-16 byte order mark; ${SAVE_AS_UTF8}`);
  const utf16 = looksLikeUtf16(bytes);
  if (utf16) return unusable(`not UTF-8 text: it looks like UTF-16 (${utf16}, no byte order mark: every other byte is zero); ${SAVE_AS_UTF8}`);
  try {
    // ignoreBOM: false (the default) drops a leading UTF-8 byte order mark.
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch (error) {
    if (error instanceof TypeError) return unusable(`not UTF-8 text: it holds bytes that are not valid UTF-8; ${SAVE_AS_UTF8}`);
    return unusable(`cannot read it as text (${bytes.length} bytes): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** How to parse a text. */
export interface ParseOptions {
  /** What the text is meant to be, for the problems' words. */
  words?: JsonWords;
  /** JSON.parse by default; tests pass another to reach the branches that today's JSON.parse never takes. */
  parse?: (text: string) => unknown;
  /** The line the text starts at in its file (a line of JSON Lines: its number), for every line a problem names. Default 1. */
  firstLine?: number;
}

/**
 * Parses one JSON document. A leading byte order mark is ignored.
 * @example parseJsonText('{\n  "a" 1\n}') // { ok: false, problem: { line: 2, column: 7, … } }
 */
export function parseJsonText(text: string, options: ParseOptions = {}): JsonInput {
  const { words = {}, parse = JSON.parse, firstLine = 1 } = options;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (/^[ \t\r\n]*$/.test(body)) {
    return unusable(`empty input: expected ${words.expected ?? "one JSON document"}, found ${body.length === 0 ? "nothing" : "only whitespace"}`);
  }
  try {
    const value = parse(body);
    return { ok: true, value, duplicateKeys: surelyNoDuplicateKeys(body, value) ? [] : findDuplicateKeys(body) };
  } catch (error) {
    if (error instanceof RangeError) {
      return unusable(`nested too deeply to parse: JSON.parse ran out of stack${words.nesting ? ` (${words.nesting})` : ""}`);
    }
    if (!(error instanceof SyntaxError)) throw error;
    const found = findJsonSyntaxError(body, firstLine);
    if (found) return unusableAt(`invalid JSON: ${found.reason}`, body, found.offset, firstLine);
    // The scanner accepted what JSON.parse rejected: fall back on JSON.parse's own words.
    const position = /at position (\d+)/.exec(error.message)?.[1];
    const reason = `invalid JSON: ${error.message}`;
    return position === undefined ? unusable(reason) : unusableAt(reason, body, Number(position), firstLine);
  }
}

/** "64 MB (67,108,864 bytes)" */
function describeBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  const short = mb >= 1 ? `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
  return `${short} (${bytes.toLocaleString("en-US")} bytes)`;
}

/**
 * Why an input (or one line of JSON Lines) over the limit is refused; `size` when it is known.
 * @example tooLarge(1024, 2048).problem.message // "too large: 2,048 bytes, over the limit of 1 KB (1,024 bytes)"
 */
export const tooLarge = (maxBytes: number, size?: number, words: JsonWords = {}): { ok: false; problem: InputProblem } =>
  unusable(
    `too large: ${size === undefined ? "more than" : `${size.toLocaleString("en-US")} bytes, over`} the limit of ${describeBytes(maxBytes)}` +
      (words.tooLarge ? `; ${words.tooLarge}` : ""),
  );

/**
 * Opens a regular file for reading; a FIFO or device is refused, never waited on. The caller closes it.
 * @example const opened = await openRegularFile("events.jsonl"); if (opened.ok) await opened.file.close();
 */
export async function openRegularFile(path: string, words: JsonWords = {}): Promise<{ ok: true; file: FileHandle; size: number } | { ok: false; problem: InputProblem }> {
  let file: FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO would otherwise wait for a writer; a regular file ignores it.
    file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return unusable(`cannot read: ${describeFsError(error)}`);
  }
  try {
    const stats = await file.stat();
    if (stats.isFile()) return { ok: true, file, size: stats.size };
    await file.close();
    return unusable(`cannot read: ${describeFileType(stats)}, not a regular file${words.notRegular ? ` (${words.notRegular})` : ""}`);
  } catch (error) {
    await file.close();
    return unusable(`cannot read: ${describeFsError(error)}`);
  }
}

/** Reads a whole regular file, at most `maxBytes` of it. */
async function readBounded(path: string, maxBytes: number, words: JsonWords): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; problem: InputProblem }> {
  const opened = await openRegularFile(path, words);
  if (!opened.ok) return opened;
  const { file } = opened;
  try {
    if (opened.size > maxBytes) return tooLarge(maxBytes, opened.size, words);
    // The file may grow while it is read (or report size 0, as /proc files do): read to its end,
    // growing the buffer, and at most one byte past the limit to know it went over.
    let buffer = Buffer.allocUnsafe(Math.min(opened.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const { bytesRead } = await file.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) return tooLarge(maxBytes, undefined, words);
    }
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (error) {
    return unusable(`cannot read: ${describeFsError(error)}`);
  } finally {
    await file.close();
  }
}

/**
 * Reads a regular file as UTF-8 text, at most `maxBytes` of it (default 64 MB); UTF-16 is named as such.
 * @example const read = await readTextFile("openapi.yaml", { maxBytes: 16 * 1024 * 1024 }); if (read.ok) read.text
 */
export async function readTextFile(path: string, options: ReadOptions = {}): Promise<TextInput> {
  const words = options.words ?? {};
  const read = await readBounded(path, options.maxBytes ?? DEFAULT_MAX_BYTES, words);
  return read.ok ? decodeUtf8(read.bytes) : read;
}

/**
 * Reads and parses a JSON file.
 * @example
 * const input = await readJsonFile("contracts/app-api.json");
 * if (!input.ok) console.error(`${input.problem.line}:${input.problem.column}: ${input.problem.message}`);
 */
export async function readJsonFile(path: string, options: ReadOptions = {}): Promise<JsonInput> {
  const read = await readTextFile(path, options);
  return read.ok ? parseJsonText(read.text, { words: options.words ?? {} }) : read;
}

/**
 * Reads a stream (standard input) to its end, at most `maxBytes` of it, and parses it as one JSON document.
 * @example await readJsonStream(process.stdin)
 */
export async function readJsonStream(stream: AsyncIterable<string | Uint8Array>, options: ReadOptions = {}): Promise<JsonInput> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      length += bytes.length;
      // Leaving the loop ends the iteration, which stops reading the stream.
      if (length > maxBytes) return tooLarge(maxBytes, undefined, options.words);
      chunks.push(bytes);
    }
  } catch (error) {
    return unusable(`cannot read: ${describeFsError(error)}`);
  }
  const decoded = decodeUtf8(Buffer.concat(chunks));
  return decoded.ok ? parseJsonText(decoded.text, { words: options.words ?? {} }) : decoded;
}
