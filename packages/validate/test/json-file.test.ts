import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { looksLikeUtf16, parseJsonText, problemText, readJsonFile, readTextFile, tooLarge } from "../src/json-file.js";

const dir = mkdtempSync(join(tmpdir(), "fwcall-json-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe("@fwcall/validate/json-file", () => {
  it("locates a syntax error by line and column, with an excerpt", () => {
    const read = parseJsonText('{\n  "a" 1\n}');
    expect(read).toEqual({
      ok: false,
      problem: { message: "invalid JSON: expected ':' after the property name, found '1'", line: 2, column: 7, excerpt: ['  2 |   "a" 1', "    |       ^"] },
    });
  });

  it("counts lines from firstLine, in the message, the location and the excerpt (a line of JSON Lines)", () => {
    const read = parseJsonText('{"a": [1, {"b": 2}', { firstLine: 40 });
    expect(read).toEqual({
      ok: false,
      problem: {
        message: "invalid JSON: the input ends too early: expected ',' or ']' after an array element (the '[' at line 40, column 7 is not closed)",
        line: 40,
        column: 19,
        excerpt: ['  40 | {"a": [1, {"b": 2}', "     |                   ^"],
      },
    });
  });

  it("says a problem in one line, with where it is", () => {
    const read = parseJsonText('{\n  "a" 1\n}');
    expect(!read.ok && problemText(read.problem)).toBe("invalid JSON: expected ':' after the property name, found '1' (line 2, column 7)");
    expect(problemText({ message: "empty", line: null, column: null, excerpt: [] })).toBe("empty");
  });

  it("finds the keys JSON.parse dropped", () => {
    const read = parseJsonText('{"a": 1, "a": 2}');
    expect(read.ok && read.duplicateKeys.map((k) => [k.pointer, k.key])).toEqual([["", "a"]]);
  });

  it("words its problems for what the input is meant to be, and neutrally by default", () => {
    expect(parseJsonText(" ").ok || parseJsonText(" ")).toMatchObject({ problem: { message: "empty input: expected one JSON document, found only whitespace" } });
    const words = { expected: "a pact file", nesting: "a pact file nests only a few levels", tooLarge: "a pact file this large is not read" };
    expect(parseJsonText("", { words })).toMatchObject({ problem: { message: "empty input: expected a pact file, found nothing" } });
    const deep = parseJsonText("[]", { words, parse: () => { throw new RangeError("Maximum call stack size exceeded"); } });
    expect(deep).toMatchObject({ problem: { message: "nested too deeply to parse: JSON.parse ran out of stack (a pact file nests only a few levels)" } });
    expect(tooLarge(1024, 2048, words).problem.message).toBe("too large: 2,048 bytes, over the limit of 1 KB (1,024 bytes); a pact file this large is not read");
    expect(tooLarge(1024).problem.message).toBe("too large: more than the limit of 1 KB (1,024 bytes)");
  });

  it("reads a file with a size cap, refusing a directory and naming UTF-16", async () => {
    expect(await readJsonFile(file("ok.json", '\uFEFF{"a": [1]}'))).toEqual({ ok: true, value: { a: [1] }, duplicateKeys: [] });
    expect(await readTextFile(file("big.json", "x".repeat(2000)), { maxBytes: 1024 })).toMatchObject({ ok: false, problem: { message: /^too large: 2,000 bytes/ } });
    expect(await readTextFile(dir)).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/^cannot read: /) } });
    const utf16 = file("utf16.json", Buffer.from('{"a": 1}', "utf16le"));
    expect(looksLikeUtf16(Buffer.from('{"a": 1}', "utf16le"))).toBe("little-endian");
    expect(await readJsonFile(utf16)).toMatchObject({ ok: false, problem: { message: expect.stringContaining("looks like UTF-16 (little-endian") } });
    expect(await readJsonFile(join(dir, "missing.json"))).toMatchObject({ ok: false, problem: { message: "cannot read: no such file or directory" } });
    // A regular file whose size says 0 but that has content (Linux /proc): read to its end, not cut at its stat size.
    const proc = await readTextFile("/proc/self/status");
    expect(proc.ok && proc.text.includes("\nPid:\t")).toBe(true);
  });
});
