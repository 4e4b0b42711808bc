// Reads JSON Lines (one JSON value per line, as logs hold events) from a file or a stream, one line
// at a time, so that a log of any size is read in constant memory: only the line being read is held,
// and a line over the size limit is dropped as it arrives (node:readline would buffer it whole).
import { isUtf8 } from "node:buffer";
import { decodeUtf8, openRegularFile, parseJsonText, tooLarge, type InputProblem, type JsonInput } from "./json-input.js";

/** One non-blank line: its 1-based number and the parsed value, or why it cannot be used (located on that line). */
export type JsonLine = { line: number } & JsonInput;

/** What a JSON Lines source yields: its lines, or why the source as a whole cannot be read. */
export type JsonLines = { ok: true; lines: AsyncGenerator<JsonLine> } | { ok: false; problem: InputProblem };

// Large reads: each one is a round trip to the thread pool, and a line spans few of them.
const CHUNK_BYTES = 1 << 20;
const BLANK = /^[ \t]*$/;

/** Problems found in a line's own text say line 1; the excerpt's gutter too. Both become the line in the file. */
function onLine(problem: InputProblem, line: number): InputProblem {
  if (problem.line === null) return { ...problem, line };
  const gutter = String(line);
  const [source, caret] = problem.excerpt;
  const excerpt = source === undefined || caret === undefined ? [] : [source.replace(/^ {2}\d+ \|/, `  ${gutter} |`), caret.replace(/^ {2} +\|/, `  ${" ".repeat(gutter.length)} |`)];
  return { ...problem, line, excerpt };
}

/** A line's bytes (without its `\n`) as a parsed value; `\r` before the `\n` is dropped. Line 1 may start with a byte order mark. */
function parseLine(bytes: Buffer, line: number): JsonLine | undefined {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
  const body = bytes.subarray(0, end);
  let text: string;
  if (line > 1 && isUtf8(body)) text = body.toString("utf8");
  else {
    // decodeUtf8 names UTF-16 and drops a byte order mark; on line 1 that is the file's start.
    const decoded = decodeUtf8(body);
    if (!decoded.ok) return { line, ok: false, problem: { ...decoded.problem, line } };
    text = decoded.text;
  }
  if (BLANK.test(text)) return undefined;
  const parsed = parseJsonText(text);
  if (parsed.ok) {
    const duplicateKeys = parsed.duplicateKeys.map((d) => ({ ...d, line, first: { ...d.first, line } }));
    return { line, ok: true, value: parsed.value, duplicateKeys };
  }
  return { line, ok: false, problem: onLine(parsed.problem, line) };
}

/**
 * The non-blank lines of a stream of bytes, parsed one by one; a line longer than `maxBytes` is
 * refused on its own and the lines after it are read. UTF-16 on line 1 ends the reading: every line would be garbage.
 * @example for await (const item of parseJsonLines(process.stdin, 64 * 1024 * 1024)) console.log(item.line, item.ok);
 */
export async function* parseJsonLines(chunks: AsyncIterable<string | Uint8Array>, maxBytes: number): AsyncGenerator<JsonLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let line = 1;
  const finish = (tail: Buffer): JsonLine | undefined => {
    const total = size + tail.length;
    const bytes = total > maxBytes ? undefined : parts.length === 0 ? tail : Buffer.concat([...parts, tail]);
    parts = [];
    size = 0;
    if (bytes === undefined) return { line, ok: false, problem: { ...tooLarge(maxBytes, total).problem, line } };
    return parseLine(bytes, line);
  };
  for await (const chunk of chunks) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let newline = buffer.indexOf(0x0a); newline !== -1; newline = buffer.indexOf(0x0a, start)) {
      const item = finish(buffer.subarray(start, newline));
      start = newline + 1;
      if (item) {
        yield item;
        if (!item.ok && item.line === 1 && item.problem.message.includes("UTF-16")) return;
      }
      line++;
    }
    const rest = buffer.subarray(start);
    // Past the limit only the count is kept: the bytes of an oversized line are never held.
    if (size + rest.length > maxBytes) parts = [];
    else if (rest.length > 0) parts.push(Buffer.from(rest));
    size += rest.length;
  }
  if (size > 0) {
    const item = finish(Buffer.alloc(0));
    if (item) yield item;
  }
}

/** The chunks of an open file, read one at a time. */
async function* chunksOf(file: Awaited<ReturnType<typeof openRegularFile>> & { ok: true }): AsyncGenerator<Uint8Array> {
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await file.file.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.file.close();
  }
}

/**
 * Opens a JSON Lines file (a regular file only, as for one JSON document) and reads it line by line.
 * @example const opened = await readJsonLinesFile("calls.jsonl"); if (opened.ok) for await (const item of opened.lines) …
 */
export async function readJsonLinesFile(path: string, maxBytes: number): Promise<JsonLines> {
  const opened = await openRegularFile(path);
  if (!opened.ok) return opened;
  return { ok: true, lines: parseJsonLines(chunksOf(opened), maxBytes) };
}
