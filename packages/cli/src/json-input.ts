// Reads one call-event payload from a file or a stream: @fwcall/validate/json-file's located
// reader, with the problems worded for a payload and the command line's way out of each.
import {
  parseJsonText as parseJson,
  openRegularFile as openRegular,
  readJsonFile as readJson,
  readJsonStream as readStream,
  tooLarge as overLimit,
  type InputProblem,
  type JsonInput,
  type JsonWords,
} from "@fwcall/validate/json-file";

export { DEFAULT_MAX_BYTES, decodeUtf8, type InputProblem, type JsonInput } from "@fwcall/validate/json-file";

/** How to read an input. */
export interface ReadOptions {
  /** Stop and refuse beyond this many bytes (default 64 MB): /dev/zero or an endless pipe must not fill the memory. */
  maxBytes?: number;
}

/** A call-event payload, and what to do when one cannot be read. */
const PAYLOAD: JsonWords = {
  expected: "one JSON call-event payload",
  nesting: "a call-event payload nests only a few levels",
  tooLarge: "a call-event payload is a few KB (raise the limit with --max-bytes if this really is one payload)",
  notRegular: "to read from it, use - and redirect it to standard input",
};

/**
 * Parses one JSON payload. `parse` is JSON.parse; tests pass another to reach the branches that today's JSON.parse never takes. `firstLine`: where the text starts in its file (a line of JSON Lines).
 * @example parseJsonText('{\n  "a" 1\n}') // { ok: false, problem: { line: 2, column: 7, … } }
 */
export const parseJsonText = (text: string, parse: (text: string) => unknown = JSON.parse, firstLine = 1): JsonInput => parseJson(text, { words: PAYLOAD, parse, firstLine });

/** Why an input (or one line of JSON Lines) over the limit is refused. */
export const tooLarge = (maxBytes: number, size?: number): { ok: false; problem: InputProblem } => overLimit(maxBytes, size, PAYLOAD);

/**
 * Opens a regular file for reading; a FIFO or device is refused, never waited on. The caller closes it.
 * @example const opened = await openRegularFile("events.jsonl"); if (opened.ok) await opened.file.close();
 */
export const openRegularFile = (path: string) => openRegular(path, PAYLOAD);

/**
 * Reads and parses a JSON payload file.
 * @example await readJsonFile("server/test_data/onCallCreate.json")
 */
export const readJsonFile = (path: string, options: ReadOptions = {}): Promise<JsonInput> => readJson(path, { ...options, words: PAYLOAD });

/**
 * Reads a stream (standard input) to its end, at most `maxBytes` of it, and parses it as one JSON payload.
 * @example await readJsonStream(process.stdin)
 */
export const readJsonStream = (stream: AsyncIterable<string | Uint8Array>, options: ReadOptions = {}): Promise<JsonInput> =>
  readStream(stream, { ...options, words: PAYLOAD });

const UNITS: Record<string, number> = { "": 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/**
 * A size limit as typed on the command line: bytes, or a number with K, M or G (binary, as in "64M").
 * @example parseByteSize("64M") // 67108864
 */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?b?)\s*$/i.exec(text);
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) return undefined;
  const bytes = Math.floor(Number(match[1]) * unit);
  return bytes >= 1 && Number.isSafeInteger(bytes) ? bytes : undefined;
}
