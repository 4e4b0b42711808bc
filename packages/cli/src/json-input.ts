// Reads one JSON document from a file or a stream and parses it, turning every way this can fail
// (unreadable, not UTF-8, empty, invalid JSON, nested too deeply) into a problem with a location.
import { readFile } from "node:fs/promises";
import { findDuplicateKeys, type DuplicateKey } from "@fwcall/validate";
import { describeFsError } from "./fs-error.js";
import { findJsonSyntaxError } from "./json-syntax.js";
import { excerpt, lineColumn } from "./text-location.js";

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

/** Either the parsed JSON value (and the keys JSON.parse silently dropped) or why there is none. */
export type JsonInput = { ok: true; value: unknown; duplicateKeys: DuplicateKey[] } | { ok: false; problem: InputProblem };

type Decoded = { ok: true; text: string } | { ok: false; problem: InputProblem };

const unusable = (message: string): { ok: false; problem: InputProblem } => ({
  ok: false,
  problem: { message, line: null, column: null, excerpt: [] },
});

const unusableAt = (message: string, text: string, offset: number): { ok: false; problem: InputProblem } => ({
  ok: false,
  problem: { message, ...lineColumn(text, offset), excerpt: excerpt(text, offset) },
});

/**
 * Bytes as UTF-8 text, without a leading byte order mark.
 * @example decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d])) // { ok: true, text: "{}" }
 */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return unusable("not UTF-8 text: it starts with a UTF-16 byte order mark; save it as UTF-8");
  }
  try {
    // ignoreBOM: false (the default) drops a leading UTF-8 byte order mark.
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch (error) {
    if (error instanceof TypeError) return unusable("not UTF-8 text: it holds bytes that are not valid UTF-8; save it as UTF-8");
    return unusable(`cannot read it as text (${bytes.length} bytes): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Parses one JSON document. A leading byte order mark is ignored. `parse` is JSON.parse; tests
 * pass another to reach the branches that today's JSON.parse never takes.
 * @example parseJsonText('{\n  "a" 1\n}') // { ok: false, problem: { line: 2, column: 7, … } }
 */
export function parseJsonText(text: string, parse: (text: string) => unknown = JSON.parse): JsonInput {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (/^[ \t\r\n]*$/.test(body)) {
    return unusable(`empty input: expected one JSON call-event payload, found ${body.length === 0 ? "nothing" : "only whitespace"}`);
  }
  try {
    const value = parse(body);
    return { ok: true, value, duplicateKeys: findDuplicateKeys(body) };
  } catch (error) {
    if (error instanceof RangeError) {
      return unusable("nested too deeply to parse: JSON.parse ran out of stack (a call-event payload nests only a few levels)");
    }
    if (!(error instanceof SyntaxError)) throw error;
    const found = findJsonSyntaxError(body);
    if (found) return unusableAt(`invalid JSON: ${found.reason}`, body, found.offset);
    // The scanner accepted what JSON.parse rejected: fall back on JSON.parse's own words.
    const position = /at position (\d+)/.exec(error.message)?.[1];
    const reason = `invalid JSON: ${error.message}`;
    return position === undefined ? unusable(reason) : unusableAt(reason, body, Number(position));
  }
}

/**
 * Reads and parses a JSON file.
 * @example await readJsonFile("server/test_data/onCallCreate.json")
 */
export async function readJsonFile(path: string): Promise<JsonInput> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return unusable(`cannot read: ${describeFsError(error)}`);
  }
  const decoded = decodeUtf8(bytes);
  return decoded.ok ? parseJsonText(decoded.text) : decoded;
}

/**
 * Reads a stream (standard input) to its end and parses it as one JSON document.
 * @example await readJsonStream(process.stdin)
 */
export async function readJsonStream(stream: AsyncIterable<string | Uint8Array>): Promise<JsonInput> {
  const chunks: Uint8Array[] = [];
  try {
    for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk);
  } catch (error) {
    return unusable(`cannot read: ${describeFsError(error)}`);
  }
  const decoded = decodeUtf8(Buffer.concat(chunks));
  return decoded.ok ? parseJsonText(decoded.text) : decoded;
}
