// validateJsonLines: every non-blank line judged as parseCallEvent judges its parsed value, in
// input order, whatever the chunks the input arrives in and whichever threads do the work.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import fc from "fast-check";
import { loadExampleFiles } from "@fwcall/schemas";
import { afterAll, describe, expect, it } from "vitest";
import {
  capProblems,
  duplicateKeyProblems,
  findDuplicateKeys,
  parseCallEvent,
  validateJsonLineBatches,
  validateJsonLines,
  type JsonLineResult,
  type JsonLinesOptions,
} from "@fwcall/validate";

const examples = loadExampleFiles().map((e) => JSON.stringify(e.example));
const update = JSON.parse(examples.find((e) => e.includes('"onCallUpdate"'))!) as Record<string, any>;

/** Cuts a text into chunks at the given byte offsets. */
function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...at, bytes.length]) {
    if (cut > from) chunks.push(bytes.slice(from, cut));
    from = Math.max(from, cut);
  }
  return chunks;
}

async function collect(source: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>, options?: JsonLinesOptions): Promise<JsonLineResult[]> {
  const out: JsonLineResult[] = [];
  for await (const result of validateJsonLines(source, options)) out.push(result);
  return out;
}

/** What each line must become, judged one by one on the whole text: the reference. */
function expected(text: string, profile: "lenient" | "strict" = "lenient"): Array<Pick<JsonLineResult, "line" | "ok"> & Record<string, unknown>> {
  const out: Array<Pick<JsonLineResult, "line" | "ok"> & Record<string, unknown>> = [];
  text.split("\n").forEach((raw, i) => {
    const line = i + 1;
    const body = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (/^[ \t]*$/.test(body)) return;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      out.push({ line, ok: false, reason: "invalid-json" });
      return;
    }
    const duplicates = findDuplicateKeys(body).map((d) => ({ ...d, line, first: { ...d.first, line } }));
    const parsed = parseCallEvent(value, { profile });
    const problems = duplicates.length > 0 ? capProblems([...duplicateKeyProblems(duplicates, profile), ...parsed.problems]) : parsed.problems;
    out.push({ line, ok: true, event: parsed.event ?? null, valid: parsed.ok && !problems.some((p) => p.severity === "error"), problems });
  });
  return out;
}

/** Results as the reference states them (an unusable line by its reason only). */
const comparable = (results: JsonLineResult[]) =>
  results.map((r) => (r.ok ? { line: r.line, ok: true, event: r.event, valid: r.valid, problems: r.problems } : { line: r.line, ok: false, reason: r.reason }));

/** Lines of a log: valid events, broken ones, duplicate keys, other JSON, invalid JSON, blank lines, CRLF. */
const lineArb = fc.oneof(
  fc.constantFrom(...examples),
  fc.constant(JSON.stringify({ ...update, data: { ...update.data, call: { ...update.data.call, id: 1 } } })),
  fc.constantFrom(...examples).map((e) => e.replace('"event":', '"event":"x","event":')),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? "null"),
  fc.constantFrom("", "  ", "\t", "{", '{"event": "onCallUpdate", "data" {}}', "nul", "[1,]"),
);
const logArb = fc.record({
  lines: fc.array(lineArb, { minLength: 0, maxLength: 30 }),
  crlf: fc.boolean(),
  trailingNewline: fc.boolean(),
  cuts: fc.array(fc.nat(), { maxLength: 12 }),
});

describe("validateJsonLines in the calling thread", () => {
  it("judges each line as parseCallEvent judges its value (duplicate keys first), with its line, whatever the chunks", async () => {
    await fc.assert(
      fc.asyncProperty(logArb, fc.constantFrom("lenient" as const, "strict" as const), async ({ lines, crlf, trailingNewline, cuts }, profile) => {
        const text = lines.join(crlf ? "\r\n" : "\n") + (trailingNewline ? "\n" : "");
        const results = await collect(chunked(Buffer.from(text), cuts), { threads: 0, profile });
        expect(comparable(results)).toEqual(expected(text, profile));
      }),
      { numRuns: 150 },
    );
  });

  it("reads a source that fills one buffer again and again (it copies what it keeps of a chunk before asking for the next)", async () => {
    const lines = Array.from({ length: 60 }, (_, i) => (i % 7 === 3 ? "" : examples[i % examples.length]!));
    const text = `${lines.join("\n")}\n`;
    const bytes = Buffer.from(text);
    async function* oneBuffer(size: number): AsyncGenerator<Uint8Array> {
      const buffer = Buffer.alloc(size);
      for (let at = 0; at < bytes.length; at += size) {
        const n = bytes.copy(buffer, 0, at, at + size);
        yield buffer.subarray(0, n);
        buffer.fill(0x21);
      }
    }
    for (const size of [7, 1000, 4096, 65_536]) {
      expect(comparable(await collect(oneBuffer(size), { threads: 0 })), `chunks of ${size}`).toEqual(expected(text));
    }
  });

  it("takes strings and a synchronous iterable as the source, and yields batches in input order", async () => {
    const text = `${examples[0]}\n\n${examples[1]}\n`;
    expect(comparable(await collect([text.slice(0, 10), text.slice(10)], { threads: 0 }))).toEqual(expected(text));
    const batches: number[][] = [];
    for await (const batch of validateJsonLineBatches([`${examples[0]}\n`, `${examples[1]}\n${examples[2]}\n`], { threads: 0 })) batches.push(batch.map((r) => r.line));
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it("reports a line over maxLineBytes by its size, held in one chunk or spread over many, and reads on", async () => {
    const big = JSON.stringify({ ...update, padding: "x".repeat(5000) });
    const text = `${examples[0]}\n${big}\n${examples[0]}\n${big}`;
    const bytes = Buffer.from(text);
    for (const cuts of [[], [100, 200, 3000, 5000, 6000, 9000], Array.from({ length: 80 }, (_, i) => i * 97)]) {
      const results = await collect(chunked(bytes, cuts), { threads: 0, maxLineBytes: 4000 });
      expect(results.map((r) => [r.line, r.ok, r.ok ? r.valid : r.reason, r.ok ? undefined : r.size])).toEqual([
        [1, true, true, undefined],
        [2, false, "too-large", Buffer.byteLength(big)],
        [3, true, true, undefined],
        [4, false, "too-large", Buffer.byteLength(big)],
      ]);
      expect(results[1]).not.toHaveProperty("bytes");
    }
  });

  it("says where a line is not JSON, keeps its bytes for the caller, and checks the lines after it", async () => {
    const bad = '{"event": "onCallUpdate", "data" {}}';
    const [first, second] = await collect([`${bad}\n${examples[0]}\n`], { threads: 0 });
    expect(first).toMatchObject({ line: 1, ok: false, reason: "invalid-json" });
    // The column comes from JSON.parse's message, which names a position in some Node versions only.
    expect([null, bad.indexOf("{}") + 1]).toContain(first!.ok ? undefined : first!.column);
    expect(first!.ok ? "" : first!.message).toMatch(/^invalid JSON: /);
    expect(Buffer.from((first as { bytes: Uint8Array }).bytes).toString()).toBe(bad);
    expect(second).toMatchObject({ line: 2, ok: true, valid: true });
  });

  it("stops after line 1 when it is UTF-16, and reads a UTF-8 byte order mark on line 1", async () => {
    const utf16 = Buffer.from(`${examples[0]}\n${examples[0]}\n`, "utf16le");
    expect((await collect([utf16], { threads: 0 })).map((r) => [r.line, r.ok ? "ok" : r.reason])).toEqual([[1, "utf-16"]]);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${examples[0]}\n`)]);
    expect(await collect([bom], { threads: 0 })).toMatchObject([{ line: 1, ok: true, valid: true }]);
    expect(await collect([Buffer.from([0x7b, 0xff, 0x7d, 0x0a])], { threads: 0 })).toMatchObject([{ line: 1, ok: false, reason: "not-utf8" }]);
  });

  it("reads no further ahead than a few batches while the results are not taken (backpressure)", async () => {
    let pulled = 0;
    function* endless(): Generator<string> {
      for (;;) {
        pulled++;
        yield `${examples[0]}\n`.repeat(20);
      }
    }
    let taken = 0;
    for await (const batch of validateJsonLineBatches(endless(), { threads: 0 })) {
      taken++;
      if (taken === 50) break;
      expect(batch).toHaveLength(20);
    }
    expect(pulled).toBeLessThanOrEqual(50 + 8);
  });

  it("refuses bad options and sources with a TypeError that names them", async () => {
    const first = (source: unknown, options?: unknown) => validateJsonLines(source as never, options as never).next();
    await expect(first([], { profile: "sloppy" })).rejects.toThrow(/profile option must be "lenient" or "strict"/);
    await expect(first([], { threads: -1 })).rejects.toThrow(/threads option must be an integer of at least 0, found -1/);
    await expect(first([], { maxLineBytes: "1M" })).rejects.toThrow(/maxLineBytes option must be an integer of at least 1, found string/);
    await expect(first([], { totalBytes: -5 })).rejects.toThrow(/totalBytes option must be an integer of at least 0, found -5/);
    await expect(first("a line")).rejects.toThrow(/source must be an iterable of Uint8Array or string chunks/);
    await expect(first([42])).rejects.toThrow(/must yield Uint8Array or string chunks, found number/);
  });
});

describe("validateJsonLines on worker threads (the package as built: a bundle beside its worker)", () => {
  // The worker must be JavaScript: the source is bundled as the package's build does, into a
  // folder of its own, so that the entry finds json-lines-worker.js beside it.
  const dir = mkdtempSync(join(tmpdir(), "fwcall-json-lines-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { buildSync } = createRequire(new URL("../../../package.json", import.meta.url))("esbuild") as typeof import("esbuild");
  const src = (file: string) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
  buildSync({ entryPoints: [src("index.ts"), src("json-lines-worker.ts")], bundle: true, platform: "node", format: "esm", outdir: dir, logLevel: "warning", conditions: ["@fwcall/source"] });
  const built = import(/* @vite-ignore */ pathToFileURL(join(dir, "index.js")).href) as Promise<typeof import("@fwcall/validate")>;

  it("gives the same results, in the same order, as the calling thread alone, on a log of many batches", async () => {
    const { validateJsonLines: onWorkers } = await built;
    const lines = Array.from({ length: 3000 }, (_, i) => (i % 97 === 5 ? "{not json" : i % 31 === 0 ? "" : examples[i % examples.length]!));
    const text = `${lines.join("\n")}\n`;
    const chunks = chunked(Buffer.from(text), Array.from({ length: 60 }, (_, i) => i * 65_537));
    const results: JsonLineResult[] = [];
    for await (const r of onWorkers(chunks, { threads: 2, inThreadBytes: 0 })) results.push(r);
    expect(comparable(results)).toEqual(expected(text));
    expect(results.length).toBeGreaterThan(2800);
    // the size known up front: the workers start before the first chunk is read
    const started: JsonLineResult[] = [];
    for await (const r of onWorkers(chunks, { threads: 1, totalBytes: text.length })) started.push(r);
    expect(comparable(started)).toEqual(expected(text));
  }, 120_000);

  it("ends its workers when the reader stops early", async () => {
    const { validateJsonLineBatches: onWorkers } = await built;
    function* endless(): Generator<string> {
      for (;;) yield `${examples[0]}\n`.repeat(200);
    }
    let taken = 0;
    for await (const batch of onWorkers(endless(), { threads: 2, inThreadBytes: 0 })) {
      expect(batch).toHaveLength(200);
      if (++taken === 40) break;
    }
    expect(taken).toBe(40);
  }, 120_000);
});
