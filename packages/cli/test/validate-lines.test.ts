// `fwcall validate` on many events in one input: JSON Lines (one event per line, as logs hold them)
// and a top-level JSON array, each item reported under its line or index.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { surelyNoDuplicateKeys } from "../src/key-count.js";
import { fdkUpdate, lines, readExample, run, withFiles } from "./helpers.js";

const compact = (value: unknown) => JSON.stringify(value);
const create = () => readExample("on-call-create/fdk-default.json");
/** An update whose first leg names another call: an error under both profiles. */
function broken(): Record<string, any> {
  const payload = fdkUpdate();
  payload.data.call.participants[0].call_id = 1;
  return payload;
}
const BROKEN = "error /data/call/participants/0/call_id: must equal call.id (91001), found 1 [participant:call-id]";
/** An update with "event" written twice, and the 1-based columns of both. */
function twiceEvent(): { text: string; first: number; again: number } {
  const text = compact(fdkUpdate()).replace('"event":"onCallUpdate"', '"event":"onCallUpdate","event":"onCallUpdate"');
  const first = text.indexOf('"event"') + 1;
  return { text, first, again: text.indexOf('"event"', first) + 1 };
}

describe("fwcall validate: JSON Lines", () => {
  it("validates each line of a .jsonl file and names the bad ones file:line", async () => {
    const dir = withFiles({ "calls.jsonl": [compact(fdkUpdate()), compact(broken()), compact(fdkUpdate())].join("\n") + "\n" });
    const file = join(dir, "calls.jsonl");
    const result = await run(["validate", file]);
    expect(result).toEqual({ code: 1, stdout: `${file}:2: ${BROKEN}\n3 items: 2 valid, 1 invalid, 0 warnings\n`, stderr: "" });
  });

  it("reads a .ndjson file as JSON Lines too, and a last line without a newline", async () => {
    const dir = withFiles({ "calls.ndjson": [compact(fdkUpdate()), compact(broken())].join("\n") });
    const result = await run(["validate", join(dir, "calls.ndjson")]);
    expect(result.code).toBe(1);
    expect(lines(result.stdout)).toEqual([`${join(dir, "calls.ndjson")}:2: ${BROKEN}`, "2 items: 1 valid, 1 invalid, 0 warnings"]);
  });

  it("reports a line that is not JSON with its line and column, and checks the lines after it", async () => {
    const bad = '{"event": "onCallUpdate", "data" {}}';
    const dir = withFiles({ "log.jsonl": [compact(fdkUpdate()), bad, compact(broken())].join("\n") });
    const file = join(dir, "log.jsonl");
    const result = await run(["validate", file]);
    expect(result.code).toBe(2);
    const err = lines(result.stderr);
    expect(err[0]).toBe(`${file}:2:34: invalid JSON: expected ':' after the property name, found '{'`);
    expect(err[1]).toBe(`  2 | ${bad}`);
    expect(err[1]![err[2]!.indexOf("^")]).toBe("{");
    expect(lines(result.stdout)).toEqual([`${file}:3: ${BROKEN}`, "3 items: 1 valid, 1 invalid, 1 unusable, 0 warnings"]);
  });

  it("names the file's lines inside a message too: a line cut short at line 7 says which bracket of line 7 is not closed", async () => {
    const cut = compact(fdkUpdate()).slice(0, -30);
    const dir = withFiles({ "cut.jsonl": [...Array.from({ length: 6 }, () => compact(fdkUpdate())), cut, compact(fdkUpdate())].join("\n") });
    const file = join(dir, "cut.jsonl");
    const result = await run(["validate", file]);
    expect(result.code).toBe(2);
    const [heading, source] = lines(result.stderr);
    expect(heading).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:7:\\d+: invalid JSON: the input ends too early: .*\\(the '\\{' at line 7, column \\d+ is not closed\\)$`));
    expect(source).toMatch(/^ {2}7 \| /);
    expect(lines(result.stdout).at(-1)).toBe("8 items: 7 valid, 0 invalid, 1 unusable, 0 warnings");
  });

  it("skips blank lines and keeps counting them, and reads CRLF line ends", async () => {
    const text = ["", compact(fdkUpdate()), "   ", "", compact(broken()), "\t", ""].join("\r\n");
    const dir = withFiles({ "crlf.jsonl": text });
    const file = join(dir, "crlf.jsonl");
    const result = await run(["validate", "--json", file]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.files.map((f: { file: string; status: string }) => [f.file, f.status])).toEqual([
      [`${file}:2`, "valid"],
      [`${file}:5`, "invalid"],
    ]);
    expect(report.summary).toMatchObject({ files: 2, valid: 1, invalid: 1, unusable: 0 });
    expect(report.exitCode).toBe(1);
  });

  it("reports a duplicate key at its line in the file, not in the line", async () => {
    const { text, first, again } = twiceEvent();
    const dir = withFiles({ "dup.jsonl": `${compact(fdkUpdate())}\n\n${text}\n` });
    const result = await run(["validate", "--profile", "strict", join(dir, "dup.jsonl")]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`dup.jsonl:3: error /event: key "event" appears twice in this object: at line 3, column ${again}, first at line 3, column ${first}`);
  });

  it("refuses one line over --max-bytes on its own and checks the others", async () => {
    const big = compact({ ...fdkUpdate(), padding: "x".repeat(5000) });
    const dir = withFiles({ "big.jsonl": [compact(fdkUpdate()), big, compact(fdkUpdate())].join("\n") });
    const file = join(dir, "big.jsonl");
    const result = await run(["validate", "--max-bytes", "4K", file]);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([
      `${file}:2: too large: ${big.length.toLocaleString("en-US")} bytes, over the limit of 4 KB (4,096 bytes); a call-event payload is a few KB (raise the limit with --max-bytes if this really is one payload)`,
    ]);
    expect(lines(result.stdout)).toEqual(["3 items: 2 valid, 0 invalid, 1 unusable, 0 warnings"]);
  });

  it("refuses an oversized line that arrives in many chunks on standard input", async () => {
    const chunks = [compact(fdkUpdate()), "\n", ...Array.from({ length: 40 }, () => "y".repeat(1000)), "\n", compact(broken()), "\n"];
    const result = await run(["validate", "--format", "jsonl", "--max-bytes", "16K", "-"], { stdin: chunks.join("") });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("<stdin>:2: too large: 40,000 bytes, over the limit of 16 KB");
    expect(lines(result.stdout)).toEqual([`<stdin>:3: ${BROKEN}`, "3 items: 1 valid, 1 invalid, 1 unusable, 0 warnings"]);
  });

  it("reads standard input as JSON Lines with --format jsonl", async () => {
    const stdin = `${compact(create())}\n${compact(fdkUpdate())}\n`;
    const result = await run(["validate", "--format", "jsonl", "-"], { stdin });
    expect(result).toEqual({ code: 0, stdout: "2 items: 2 valid, 0 invalid, 0 warnings\n", stderr: "" });
  });

  it("reads a .jsonl file as one document with --format json", async () => {
    const dir = withFiles({ "one.jsonl": JSON.stringify(fdkUpdate(), null, 2) });
    expect(await run(["validate", "--format", "json", join(dir, "one.jsonl")])).toEqual({ code: 0, stdout: "1 file: 1 valid, 0 invalid, 0 warnings\n", stderr: "" });
  });

  it("exits 2 for JSON Lines without a payload, and for an unknown --format", async () => {
    const dir = withFiles({ "empty.jsonl": "\n  \n" });
    const empty = await run(["validate", join(dir, "empty.jsonl")]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe(`${join(dir, "empty.jsonl")}: empty input: expected JSON Lines, one call-event payload per line, found no line with a payload\n`);
    const format = await run(["validate", "--format", "csv", join(dir, "empty.jsonl")]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("--format must be json or jsonl, found 'csv'");
  });

  it("names UTF-16 JSON Lines once instead of reporting every line", async () => {
    const text = `\uFEFF${compact(fdkUpdate())}\n${compact(fdkUpdate())}\n`;
    const dir = withFiles({ "utf16.jsonl": Buffer.from(text, "utf16le") });
    const result = await run(["validate", join(dir, "utf16.jsonl")]);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([`${join(dir, "utf16.jsonl")}:1: not UTF-8 text: it starts with a UTF-16 byte order mark; save it as UTF-8`]);
  });
});

describe("fwcall validate --json, written as results arrive", () => {
  it.each([
    ["items and a note", () => ({ "calls.jsonl": `${compact(fdkUpdate())}\n${compact(broken())}\n`, ".fwcall-export.json": "{}" })],
    ["no entry at all", () => ({ ".fwcall-export.json": "{}" })],
  ])("prints the text JSON.stringify would, for %s", async (_, files) => {
    const dir = withFiles(files());
    const names = Object.keys(files()).map((name) => join(dir, name));
    const result = await run(["validate", "--json", ...names]);
    expect(result.stdout).toBe(`${JSON.stringify(JSON.parse(result.stdout), null, 2)}\n`);
    expect(Object.keys(JSON.parse(result.stdout))).toEqual(["profile", "files", "notes", "summary", "exitCode"]);
  });
});

describe("fwcall validate: a JSON array of events", () => {
  it("validates each item and names the bad ones file[index]", async () => {
    const dir = withFiles({ "events.json": [fdkUpdate(), create(), broken()] });
    const file = join(dir, "events.json");
    const result = await run(["validate", file]);
    expect(result).toEqual({ code: 1, stdout: `${file}[2]: ${BROKEN}\n3 items: 2 valid, 1 invalid, 0 warnings\n`, stderr: "" });
  });

  it("prints one --json document with an entry per item", async () => {
    const result = await run(["validate", "--json", "-"], { stdin: compact([broken(), fdkUpdate()]) });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.files.map((f: { file: string; status: string }) => [f.file, f.status])).toEqual([
      ["<stdin>[0]", "invalid"],
      ["<stdin>[1]", "valid"],
    ]);
    expect(report).toMatchObject({ profile: "lenient", exitCode: 1, notes: [], summary: { files: 2, valid: 1, invalid: 1, errors: 1 } });
  });

  it("puts a duplicate key on the item that holds it, with its place in the file", async () => {
    const { text, first, again } = twiceEvent();
    const result = await run(["validate", "--profile", "strict", "-"], { stdin: `[\n${compact(fdkUpdate())},\n${text}\n]` });
    expect(result.code).toBe(1);
    expect(lines(result.stdout)).toEqual([
      `<stdin>[1]: error /event: key "event" appears twice in this object: at line 3, column ${again}, first at line 3, column ${first} (JSON.parse keeps the last value) [json:duplicate-key]`,
      "2 items: 1 valid, 1 invalid, 0 warnings",
    ]);
  });
});

describe("surelyNoDuplicateKeys: the quick proof before the exact duplicate-key scan", () => {
  const check = (text: string) => surelyNoDuplicateKeys(text, JSON.parse(text));
  it.each([
    ['{"a":1,"b":{"a":2}}'],
    ['{"a\\"":"x\\":y","b\\\\":"\\\\"}'],
    ['[{"a":1},{"a":1}]'],
    ['{ "a" :\n 1, "__proto__": {"a": ":"} }'],
    ['"just: a string"'],
  ])("proves %s free of duplicates", (text) => {
    expect(check(text)).toBe(true);
  });

  it.each([['{"a":1,"a":2}'], ['[{"x":{"b":1,"c":2,"b":3}}]'], ['{"a\\"":1,"a\\u0022":2}']])("leaves %s to the exact scan", (text) => {
    expect(check(text)).toBe(false);
  });
});
