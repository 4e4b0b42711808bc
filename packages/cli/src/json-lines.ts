// Reads JSON Lines (one JSON value per line, as logs hold events) from a file or a stream through
// @fwcall/validate's validateJsonLineBatches: in constant memory (a line over the size limit is
// dropped as it arrives), on every core for a large log. A line the library cannot use is read
// again here, so that its problem has the words, column and excerpt of a JSON document's.
import { isUtf8 } from "node:buffer";
import { validateJsonLineBatches, type JsonLineChecked, type JsonLineResult, type Profile } from "@fwcall/validate";
import { decodeUtf8, openRegularFile, parseJsonText, tooLarge, type InputProblem, type JsonInput } from "./json-input.js";

/** One non-blank line: its 1-based number and the parsed value, or why it cannot be used (located on that line). */
type JsonLine = { line: number } & JsonInput;

/** One non-blank line, judged by the library; or parsed here, to be judged by the caller; or why it cannot be used. */
export type JsonLineItem = { line: number; judged: JsonLineChecked } | JsonLine;

/** What a JSON Lines source yields: batches of its lines in order, or why the source as a whole cannot be read. */
export type JsonLines = { ok: true; lines: AsyncGenerator<JsonLineItem[]> } | { ok: false; problem: InputProblem };

// Large reads: each one is a round trip to the thread pool, and a line spans few of them.
const CHUNK_BYTES = 1 << 20;
const BLANK = /^[ \t]*$/;

/** A line's bytes (without its `\n`) as a parsed value; `\r` before the `\n` is dropped. Line 1 may start with a byte order mark. */
function parseLine(bytes: Uint8Array, line: number): JsonLine | undefined {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
  const body = Buffer.from(bytes.buffer, bytes.byteOffset, end);
  let text: string;
  if (line > 1 && isUtf8(body)) text = body.toString("utf8");
  else {
    // decodeUtf8 names UTF-16 and drops a byte order mark; on line 1 that is the file's start.
    const decoded = decodeUtf8(body);
    if (!decoded.ok) return { line, ok: false, problem: { ...decoded.problem, line } };
    text = decoded.text;
  }
  if (BLANK.test(text)) return undefined;
  // The line's number is where its text starts: every line a problem names, and the excerpt's gutter, are the file's.
  const parsed = parseJsonText(text, JSON.parse, line);
  if (parsed.ok) {
    const duplicateKeys = parsed.duplicateKeys.map((d) => ({ ...d, line, first: { ...d.first, line } }));
    return { line, ok: true, value: parsed.value, duplicateKeys };
  }
  return { line, ok: false, problem: parsed.problem.line === null ? { ...parsed.problem, line } : parsed.problem };
}

/** A library result as this command reports it: a line it could not use gets this command's own reading of its bytes. */
function itemOf(result: JsonLineResult, maxBytes: number): JsonLineItem | undefined {
  if (result.ok) return { line: result.line, judged: result };
  if (result.reason === "too-large" || result.bytes === undefined) {
    return { line: result.line, ok: false, problem: { ...tooLarge(maxBytes, result.size).problem, line: result.line } };
  }
  return parseLine(result.bytes, result.line);
}

/**
 * The non-blank lines of a stream of bytes, validated with the profile, in batches; a line longer
 * than `maxBytes` is refused on its own and the lines after it are read. UTF-16 on line 1 ends the
 * reading: every line would be garbage.
 * @example for await (const batch of judgeJsonLines(process.stdin, 64 * 1024 * 1024, "lenient")) console.log(batch.length);
 */
export async function* judgeJsonLines(chunks: AsyncIterable<string | Uint8Array>, maxBytes: number, profile: Profile, totalBytes?: number): AsyncGenerator<JsonLineItem[]> {
  for await (const batch of validateJsonLineBatches(chunks, { profile, maxLineBytes: maxBytes, ...(totalBytes !== undefined && { totalBytes }) })) {
    const items: JsonLineItem[] = [];
    for (const result of batch) {
      const item = itemOf(result, maxBytes);
      if (item) items.push(item);
    }
    yield items;
  }
}

/** The chunks of an open file, read one at a time into one buffer (validateJsonLineBatches copies what it keeps before asking for more). */
async function* chunksOf(file: Awaited<ReturnType<typeof openRegularFile>> & { ok: true }): AsyncGenerator<Uint8Array> {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  try {
    for (;;) {
      const { bytesRead } = await file.file.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.file.close();
  }
}

/**
 * Opens a JSON Lines file (a regular file only, as for one JSON document) and validates it line by line.
 * @example const opened = await judgeJsonLinesFile("calls.jsonl", 1 << 20, "lenient"); if (opened.ok) for await (const batch of opened.lines) …
 */
export async function judgeJsonLinesFile(path: string, maxBytes: number, profile: Profile): Promise<JsonLines> {
  const opened = await openRegularFile(path);
  if (!opened.ok) return opened;
  return { ok: true, lines: judgeJsonLines(chunksOf(opened), maxBytes, profile, opened.size) };
}
