import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { JsonReport } from "../src/index.js";
import { driftedUpdate, example, fdkUpdate, lines, readExample, run, withFiles } from "./helpers.js";

const FDK_UPDATE = "on-call-update/fdk-default.json";

/** The update payload with the agent leg's status set to an undocumented code. */
function withStatus7() {
  const payload = fdkUpdate();
  payload.data.call.participants[1].call_status = 7;
  return payload;
}

describe("fwcall validate: valid and invalid payloads", () => {
  it("exits 0 with only a summary for a valid FDK payload", async () => {
    const result = await run(["validate", example(FDK_UPDATE)]);
    expect(result).toEqual({ code: 0, stdout: "1 file: 1 valid, 0 invalid, 0 warnings\n", stderr: "" });
  });

  it.each(["lenient", "strict"])("accepts every call-event example of the schemas under --profile %s", async (profile) => {
    const dir = join(example(""));
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((f) => f.startsWith("on-call-") && f.endsWith(".json") && !f.includes("fdk-sample-"))
      .map((f) => join(dir, f));
    expect(files.length).toBeGreaterThanOrEqual(4);
    const result = await run(["validate", "--profile", profile, ...files]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(`${files.length} files: ${files.length} valid, 0 invalid, 0 warnings\n`);
    expect(result.code).toBe(0);
  });

  it("accepts the FDK's own default samples under lenient with their warnings, and rejects the create ones under strict", async () => {
    const dir = example("");
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((f) => f.includes("fdk-sample-") && f.endsWith(".json"))
      .map((f) => join(dir, f));
    expect(files.length).toBeGreaterThanOrEqual(4);
    const lenient = await run(["validate", ...files]);
    expect(lenient.stdout).toContain(`${files.length} files: ${files.length} valid, 0 invalid`);
    expect(lenient.stdout).toContain("call_notes is documented but missing, as in older FDK samples");
    expect(lenient.stdout).toMatch(/phone_number.*appears twice/);
    expect(lenient.code).toBe(0);
    const strict = await run(["validate", "--profile", "strict", ...files]);
    expect(strict.stdout).toContain(`${files.length} files: 1 valid, ${files.length - 1} invalid`);
    expect(strict.code).toBe(1);
  });

  it("reports drift as warnings and exits 0 under the default (lenient) profile", async () => {
    const dir = withFiles({ "drifted.json": driftedUpdate() });
    const file = join(dir, "drifted.json");
    const result = await run(["validate", file]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const out = lines(result.stdout);
    expect(out).toContain(`${file}: warning /data/call/assigned_agent_name: not a documented property of Call [schema:additionalProperties]`);
    expect(out).toContain(`${file}: warning /data/call/direction: "Incoming" is the docs' spelling; read as "incoming" [normalize:direction]`);
    expect(out).toContain(`${file}: warning /data/call/participants/0/cost: expected an integer or null, found 0.0125 [schema:type]`);
    expect(out).toContain(`${file}: warning /data/call/participants/1/updated_time: expected a UTC time ending in Z, found "2024-03-05T07:15:30.000-03:00" [time:utc]`);
    expect(out.at(-1)).toBe("1 file: 1 valid, 0 invalid, 4 warnings");
    expect(out.every((line) => !line.includes(" error "))).toBe(true);
  });

  it("turns the same drift into errors and exits 1 under --profile strict", async () => {
    const dir = withFiles({ "drifted.json": driftedUpdate() });
    const file = join(dir, "drifted.json");
    const result = await run(["validate", "--profile", "strict", file]);
    expect(result.code).toBe(1);
    const out = lines(result.stdout);
    expect(out).toContain(`${file}: error /data/call/assigned_agent_name: not a documented property of Call [schema:additionalProperties]`);
    expect(out).toContain(`${file}: error /data/call/direction: "Incoming" is not a documented direction [schema:enum]`);
    expect(out.at(-1)).toBe("1 file: 0 valid, 1 invalid, 0 warnings");
  });

  it("accepts --profile=strict as one argument", async () => {
    const dir = withFiles({ "drifted.json": driftedUpdate() });
    expect((await run(["validate", "--profile=strict", join(dir, "drifted.json")])).code).toBe(1);
  });

  it("reports an undocumented call status as a warning (lenient) or an error (strict)", async () => {
    const dir = withFiles({ "status-7.json": withStatus7() });
    const file = join(dir, "status-7.json");
    const lenient = await run(["validate", file]);
    expect(lenient.code).toBe(0);
    expect(lines(lenient.stdout)).toEqual([
      `${file}: warning /data/call/participants/1/call_status: 7 is not a documented call status [schema:enum]`,
      "1 file: 1 valid, 0 invalid, 1 warning",
    ]);
    const strict = await run(["validate", "--profile", "strict", file]);
    expect(strict.code).toBe(1);
    expect(lines(strict.stdout)).toEqual([
      `${file}: error /data/call/participants/1/call_status: 7 is not a documented call status [schema:enum]`,
      "1 file: 0 valid, 1 invalid, 0 warnings",
    ]);
  });

  it("exits 1 for a payload that breaks a rule of both profiles", async () => {
    const payload = fdkUpdate();
    payload.data.call.participants[0].call_id = 1;
    const dir = withFiles({ "a.json": payload });
    const result = await run(["validate", join(dir, "a.json")]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("error /data/call/participants/0/call_id: must equal call.id (91001), found 1 [participant:call-id]");
  });

  it.each([
    ["an array", "[]", "expected a call-event object, found an array of 0 items"],
    ["a number", "42", "expected a call-event object, found 42"],
    ["null", "null", "expected a call-event object, found null"],
    ["an object without event", "{}", 'expected "onCallCreate" or "onCallUpdate", found nothing'],
  ])("exits 1 for JSON that is not a call event: %s", async (_, text, message) => {
    const result = await run(["validate", "-"], { stdin: text });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(message);
  });

  it("exits 1 for a REST resource that is not an event", async () => {
    const result = await run(["validate", example("rest/call-response/completed.json")]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("error /event: expected \"onCallCreate\" or \"onCallUpdate\", found nothing [event:name]");
  });
});

describe("fwcall validate: directories and several operands", () => {
  it("validates every *.json under a directory, recursively, in sorted order", async () => {
    const dir = withFiles({
      "b.json": fdkUpdate(),
      "a/z.json": withStatus7(),
      "a.json": readExample("on-call-create/fdk-default.json"),
      "a/deeper/c.json": fdkUpdate(),
      "notes.txt": "not a payload",
      "a/readme.md": "# no",
    });
    const result = await run(["validate", "--json", dir]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.files.map((f) => f.file)).toEqual(["a.json", "a/deeper/c.json", "a/z.json", "b.json"].map((f) => join(dir, f)));
    expect(report.summary).toEqual({ files: 4, valid: 4, invalid: 0, unusable: 0, errors: 0, warnings: 1 });
  });

  it("prints one line per problem and a summary over the whole directory", async () => {
    const strictBreak = driftedUpdate();
    const dir = withFiles({ "1-valid.json": fdkUpdate(), "2-drift.json": strictBreak, "3-status.json": withStatus7() });
    const result = await run(["validate", "--profile", "strict", dir]);
    expect(result.code).toBe(1);
    const out = lines(result.stdout);
    expect(out.at(-1)).toBe("3 files: 1 valid, 2 invalid, 0 warnings");
    expect(out.filter((l) => l.startsWith(join(dir, "2-drift.json")))).toHaveLength(3);
    expect(out.filter((l) => l.startsWith(join(dir, "3-status.json")))).toHaveLength(1);
  });

  it("keeps going past an unusable file and exits 2, counting it in the summary", async () => {
    const dir = withFiles({ "a.json": fdkUpdate(), "b.json": '{"event": }', "c.json": withStatus7() });
    const result = await run(["validate", "--profile", "strict", dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(dir, "b.json")}:1:11: invalid JSON: expected a value, found '}'`);
    expect(lines(result.stdout).at(-1)).toBe("3 files: 1 valid, 1 invalid, 1 unusable, 0 warnings");
  });

  it("accepts several operands and reads a file named twice once", async () => {
    const dir = withFiles({ "a.json": fdkUpdate(), "sub/b.json": fdkUpdate() });
    const result = await run(["validate", join(dir, "a.json"), join(dir, "sub"), dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("2 files: 2 valid, 0 invalid, 0 warnings\n");
  });

  it("reads a named file whatever its extension", async () => {
    const dir = withFiles({ "payload.txt": fdkUpdate() });
    expect((await run(["validate", join(dir, "payload.txt")])).code).toBe(0);
  });

  it("exits 2 when a directory holds no .json files", async () => {
    const dir = withFiles({ "notes.txt": "hello", "sub/readme.md": "# no" });
    const result = await run(["validate", dir]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: `fwcall validate: ${dir}: no .json files in this directory or below it\n` });
  });

  it("exits 2 for a path that does not exist, before validating anything", async () => {
    const dir = withFiles({ "a.json": withStatus7() });
    const missing = join(dir, "missing.json");
    const result = await run(["validate", "--json", join(dir, "a.json"), missing]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: `fwcall validate: ${missing}: no such file or directory\n` });
  });
});

describe("fwcall validate: standard input", () => {
  it("reads one payload from - and names it <stdin>", async () => {
    const valid = await run(["validate", "-"], { stdin: JSON.stringify(fdkUpdate()) });
    expect(valid).toEqual({ code: 0, stdout: "1 file: 1 valid, 0 invalid, 0 warnings\n", stderr: "" });
    const status7 = await run(["validate", "--profile", "strict", "-"], { stdin: JSON.stringify(withStatus7()) });
    expect(status7.code).toBe(1);
    expect(lines(status7.stdout)[0]).toBe("<stdin>: error /data/call/participants/1/call_status: 7 is not a documented call status [schema:enum]");
  });

  it("reports a syntax error in standard input with its line and column", async () => {
    const result = await run(["validate", "-"], { stdin: '{\n  "event": "onCallUpdate",\n  "data" {}\n}\n' });
    expect(result.code).toBe(2);
    expect(lines(result.stderr)[0]).toBe("<stdin>:3:10: invalid JSON: expected ':' after the property name, found '{'");
  });

  it("exits 2 for empty standard input", async () => {
    const result = await run(["validate", "-"], { stdin: "" });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("<stdin>: empty input: expected one JSON call-event payload, found nothing\n");
  });

  it("ignores a UTF-8 byte order mark on standard input", async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(fdkUpdate()))]);
    expect((await run(["validate", "-"], { stdin: bytes })).code).toBe(0);
  });
});

describe("fwcall validate: unusable files", () => {
  const check = async (contents: string | Uint8Array) => {
    const dir = withFiles({ "p.json": contents });
    const file = join(dir, "p.json");
    const result = await run(["validate", file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("1 file: 0 valid, 0 invalid, 1 unusable, 0 warnings\n");
    return { file, err: lines(result.stderr) };
  };

  it("points a comma missing at the end of line 3 at line 3, just after the value", async () => {
    const { file, err } = await check('{\n  "event": "onCallCreate",\n  "timestamp": 1709633730\n  "region": "US"\n}\n');
    expect(err).toEqual([
      `${file}:3:26: invalid JSON: expected ',' or '}' after a property value, found '"' at line 4, column 3 (is a ',' missing here?)`,
      "  3 |   \"timestamp\": 1709633730",
      "    |                          ^",
    ]);
  });

  it("points a comma missing inside line 3 at line 3", async () => {
    const { file, err } = await check('{\n  "event": "onCallCreate",\n  "region": "US" "timestamp": 1\n}\n');
    expect(err[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3:17: invalid JSON: `));
  });

  it("points an unexpected end at the last line and column of the text", async () => {
    const { file, err } = await check('{\n  "event": "onCallCreate",\n  "data": [1, 2\n\n\n');
    expect(err[0]).toBe(
      `${file}:3:16: invalid JSON: the input ends too early: expected ',' or ']' after an array element (the '[' at line 3, column 11 is not closed)`,
    );
  });

  it("counts lines of CRLF and CR text", async () => {
    expect((await check('{\r\n"a": 1,\r\n"b" 2}')).err[0]).toContain(":3:5: ");
    expect((await check('{\r"a": 1,\r"b" 2}')).err[0]).toContain(":3:5: ");
  });

  it("ignores a UTF-8 byte order mark, also when it places an error", async () => {
    const dir = withFiles({ "bom.json": `\uFEFF${JSON.stringify(fdkUpdate(), null, 2)}` });
    expect((await run(["validate", join(dir, "bom.json")])).code).toBe(0);
    expect((await check('\uFEFF{"event" 1}')).err[0]).toContain(":1:10: invalid JSON: expected ':' after the property name, found '1'");
  });

  it.each([
    ["an empty file", "", "empty input: expected one JSON call-event payload, found nothing"],
    ["a file of whitespace", " \n\t\r\n", "empty input: expected one JSON call-event payload, found only whitespace"],
    ["UTF-16 text", new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), "not UTF-8 text: it starts with a UTF-16 byte order mark; save it as UTF-8"],
    ["bytes that are not UTF-8", new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]), "not UTF-8 text: it holds bytes that are not valid UTF-8; save it as UTF-8"],
  ])("exits 2 for %s", async (_, contents, message) => {
    const { file, err } = await check(contents);
    expect(err).toEqual([`${file}: ${message}`]);
  });

  it.each([
    ['{"a": 1,}', "1:9", "expected a property name in double quotes, found '}' (JSON does not allow a trailing comma)"],
    ["[1, 2,]", "1:7", "expected a value, found ']' (JSON does not allow a trailing comma)"],
    ["{'a': 1}", "1:2", `expected a property name in double quotes or '}', found "'" (JSON strings use double quotes)`],
    ["{a: 1}", "1:2", `found 'a' (property names need double quotes: "a")`],
    ['// fdk\n{"a": 1}', "1:1", "expected a value, found '/' (JSON does not allow comments)"],
    ['{"a": True}', "1:7", "'True' is not a JSON value; write true in lower case"],
    ['{"a": tru}', "1:7", "incomplete value 'tru' (did you mean true?)"],
    ['{"a": "x\ny"}', "1:9", "line break inside a string"],
    ['{"a": "\\x"}', "1:9", "invalid escape '\\x' in a string"],
    ['{"a": 01}', "1:8", "a number cannot start with 0 followed by more digits"],
    ['{"a": [1}', "1:9", "expected ',' or ']' after an array element, found '}' (the '[' at line 1, column 7 is closed with the wrong bracket)"],
    ['{"a": 1}}', "1:9", "unexpected '}' after the end of the JSON value (one closing bracket too many?)"],
    ['{"a": 1}\n{"b": 2}', "2:1", "unexpected '{' after the end of the JSON value (a payload holds exactly one JSON value)"],
    ['{"a": "abc', "1:7", `the input ends too early: expected a closing '"' for the string that starts here`],
  ])("explains %j at %s", async (text, at, reason) => {
    const { file, err } = await check(text);
    expect(err[0]).toContain(`${file}:${at}: invalid JSON: `);
    expect(err[0]).toContain(reason);
  });
});

describe("fwcall validate: large and deep input", () => {
  /** A valid payload of about `bytes` bytes: its iparams (an open object) hold the bulk. */
  function bigPayload(bytes: number) {
    const payload = fdkUpdate();
    const entries = Math.ceil(bytes / 60);
    payload.iparams = Object.fromEntries(Array.from({ length: entries }, (_, i) => [`key_${i}`, `value ${"x".repeat(30)} ${i}`]));
    return JSON.stringify(payload, null, 2);
  }

  it("validates a 10 MB payload", async () => {
    const text = bigPayload(10_000_000);
    expect(text.length).toBeGreaterThan(10_000_000);
    const dir = withFiles({ "big.json": text });
    expect(await run(["validate", join(dir, "big.json")])).toEqual({ code: 0, stdout: "1 file: 1 valid, 0 invalid, 0 warnings\n", stderr: "" });
  });

  it("places a syntax error near the end of a 10 MB file", async () => {
    const good = bigPayload(10_000_000).split("\n");
    const at = good.length - 3; // the line that closes iparams: "  },"
    good[at] = `${good[at]} ]`;
    const dir = withFiles({ "big.json": good.join("\n") });
    const result = await run(["validate", join(dir, "big.json")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`big\\.json:${at + 1}:\\d+: invalid JSON: `));
  });

  it("keeps the excerpt of a minified 10 MB line short", async () => {
    const text = JSON.parse(bigPayload(10_000_000));
    const minified = JSON.stringify(text).replace('"region":"US"', '"region" "US"');
    const dir = withFiles({ "min.json": minified });
    const result = await run(["validate", join(dir, "min.json")]);
    expect(result.code).toBe(2);
    const err = lines(result.stderr);
    expect(err[0]).toMatch(/min\.json:1:\d+: invalid JSON: expected ':' after the property name, found '"'/);
    expect(err).toHaveLength(3);
    expect(Math.max(...err.slice(1).map((l) => l.length))).toBeLessThan(100);
    expect(err[1]).toContain('"region" "US"');
    expect(err[1]![err[2]!.indexOf("^")]).toBe('"');
  });

  it.each([10_000, 1_000_000])("answers for a top-level value nested %i levels deep", async (depth) => {
    const result = await run(["validate", "-"], { stdin: `${"[".repeat(depth)}${"]".repeat(depth)}` });
    expect(result.code).toBe(1);
    // A top-level array is a list of events: its one item is the array nested one level less.
    expect(result.stdout).toContain("<stdin>[0]: error /: expected a call-event object, found an array of 1 item [schema:type]");
  });

  it("validates a payload with a value nested 10,000 levels deep inside it", async () => {
    // JSON.stringify itself overflows at this depth: splice the deep text in.
    const deep = `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`;
    const inIparams = fdkUpdate();
    inIparams.iparams = { deep: "DEEP" };
    const inNotes = fdkUpdate();
    inNotes.data.call.call_notes = "DEEP";
    const splice = (payload: unknown) => JSON.stringify(payload).replace('"DEEP"', deep);
    const dir = withFiles({ "iparams.json": splice(inIparams), "notes.json": splice(inNotes) });
    for (const profile of ["lenient", "strict"]) {
      const result = await run(["validate", "--json", "--profile", profile, dir]);
      const report = JSON.parse(result.stdout) as JsonReport;
      expect(report.files.map((f) => [f.status, f.problems.map((p) => p.pointer)])).toEqual([
        ["valid", []],
        ["invalid", ["/data/call/call_notes"]],
      ]);
      expect(result.code).toBe(1);
    }
  });

  it("reports unclosed deep nesting as an early end, with no stack trace", async () => {
    const result = await run(["validate", "-"], { stdin: `{"event": ${"[".repeat(10_000)}` });
    expect(result.code).toBe(2);
    expect(lines(result.stderr)[0]).toBe(
      "<stdin>:1:10011: invalid JSON: the input ends too early: expected a value or ']' (the '[' at line 1, column 10010 is not closed)",
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("fwcall validate --json", () => {
  it("prints one JSON document with per-file results and problems, and nothing else", async () => {
    const dir = withFiles({ "a.json": fdkUpdate(), "b.json": withStatus7(), "c.json": "{\n  \"event\" 1\n}" });
    const result = await run(["validate", "--json", "--profile", "strict", dir]);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report).toEqual({
      profile: "strict",
      exitCode: 2,
      summary: { files: 3, valid: 1, invalid: 1, unusable: 1, errors: 1, warnings: 0 },
      notes: [],
      files: [
        { file: join(dir, "a.json"), status: "valid", event: "onCallUpdate", problems: [], error: null },
        {
          file: join(dir, "b.json"),
          status: "invalid",
          event: "onCallUpdate",
          problems: [
            {
              pointer: "/data/call/participants/1/call_status",
              severity: "error",
              rule: "schema:enum",
              expected: expect.stringContaining("one of 0, 1, 2"),
              found: "7",
              message: "7 is not a documented call status",
            },
          ],
          error: null,
        },
        {
          file: join(dir, "c.json"),
          status: "unusable",
          event: null,
          problems: [],
          error: { message: "invalid JSON: expected ':' after the property name, found '1'", line: 2, column: 11 },
        },
      ],
    });
    // People still see why a file is unusable.
    expect(result.stderr).toContain(`${join(dir, "c.json")}:2:11: invalid JSON`);
  });

  it("reports warnings and exit code 0 for drift under lenient", async () => {
    const result = await run(["validate", "--json", "-"], { stdin: JSON.stringify(driftedUpdate()) });
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(result.code).toBe(0);
    expect(report.exitCode).toBe(0);
    expect(report.profile).toBe("lenient");
    expect(report.files[0]!.status).toBe("valid");
    expect(report.files[0]!.problems.map((p) => [p.severity, p.rule])).toEqual([
      ["warning", "normalize:direction"],
      ["warning", "schema:additionalProperties"],
      ["warning", "schema:type"],
      ["warning", "time:utc"],
    ]);
    expect(report.summary.warnings).toBe(4);
  });

  it("counts the problems a capped list leaves unlisted, and says how many in --json", async () => {
    const payload = fdkUpdate();
    for (let i = 0; i < 120; i++) (payload.data.call as Record<string, unknown>)[`extra_${i}`] = i;
    const dir = withFiles({ "many.json": payload });
    const result = await run(["validate", "--json", "--profile", "strict", join(dir, "many.json")]);
    const report = JSON.parse(result.stdout) as JsonReport;
    const extra = report.files[0]!.problems.filter((p) => p.rule === "schema:additionalProperties");
    const counted = extra.reduce((sum, p) => sum + ((p as { omitted?: number }).omitted ?? 1), 0);
    expect(extra.length).toBeLessThan(120);
    expect(counted).toBe(120);
    expect(report.summary.errors).toBe(report.files[0]!.problems.reduce((sum, p) => sum + ((p as { omitted?: number }).omitted ?? 1), 0));
  });
});

describe("fwcall validate: the command line", () => {
  it.each([["--help"], ["-h"], ["--help", "x.json", "--json"]])("prints its help for %j and exits 0", async (...args) => {
    const result = await run(["validate", ...args]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("Usage: fwcall validate [options] <file|dir|->...");
    expect(result.stdout).toContain("--profile <name>");
    expect(result.stdout).toContain("--json");
    expect(result.stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 /);
  });

  it.each([
    [["--bogus", "a.json"], "unknown option '--bogus'"],
    [["-x", "a.json"], "unknown option '-x'"],
    [["--profile", "loose", "a.json"], "--profile must be lenient or strict, found 'loose'"],
    [["a.json", "--profile"], "option '--profile' needs a value"],
    [["--json=yes", "a.json"], "option '--json' does not take a value"],
    [["--help=1"], "option '--help' does not take a value"],
    [[], "nothing to validate: name a file, a directory, or - for standard input"],
  ])("exits 2 for %j", async (args, message) => {
    const result = await run(["validate", ...args]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: `fwcall validate: ${message}\nRun 'fwcall validate --help' for usage.\n` });
  });

  it("takes every argument after -- as an operand", async () => {
    const dir = withFiles({ "a.json": fdkUpdate() });
    expect((await run(["validate", "--", join(dir, "a.json")])).code).toBe(0);
    expect((await run(["validate", "--", "--json"])).stderr).toBe("fwcall validate: --json: no such file or directory\n");
  });

  it("writes valid files' names nowhere but the summary", async () => {
    const dir = withFiles({ "a.json": fdkUpdate() });
    writeFileSync(join(dir, "b.json"), JSON.stringify(fdkUpdate()));
    expect((await run(["validate", dir])).stdout).toBe("2 files: 2 valid, 0 invalid, 0 warnings\n");
  });
});
