// fwcall validate on hostile or careless input (issues 11 and 12): duplicate keys, endless or
// oversized input, unwritable output, UTF-16 text, FIFOs and unreadable folders. Each ends in a
// clear result: a located problem, or exit 2 with a one-line reason.
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { chmodSync, createWriteStream } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main, type Io } from "../src/index.js";
import { DEFAULT_MAX_BYTES } from "../src/json-input.js";
import { example, fdkUpdate, lines, run, unprivileged, withFiles, type Run } from "./helpers.js";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The FDK update as text with the customer leg's caller_id written twice (as in FDK addon 1.7.8). */
function updateWithDuplicateCallerId(): string {
  const text = JSON.stringify(fdkUpdate(), null, 2);
  const at = text.indexOf('"caller_id"');
  return `${text.slice(0, at)}"caller_id": "+15550100999",\n        ${text.slice(at)}`;
}

describe("fwcall validate: duplicate keys", () => {
  it("warns under lenient with the line and column of both occurrences, and validates the last value", async () => {
    const dir = withFiles({ "dup.json": updateWithDuplicateCallerId() });
    const file = join(dir, "dup.json");
    const result = await run(["validate", file]);
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    const text = updateWithDuplicateCallerId();
    const first = text.slice(0, text.indexOf('"caller_id"')).split("\n");
    const [line, column] = [first.length, first.at(-1)!.length + 1];
    expect(out).toContain(
      `${file}: warning /data/call/participants/0/caller_id: key "caller_id" appears twice in this object: ` +
        `at line ${line + 1}, column 9, first at line ${line}, column ${column} (JSON.parse keeps the last value) [json:duplicate-key]`,
    );
    expect(out.at(-1)).toBe("1 file: 1 valid, 0 invalid, 1 warning");
  });

  it("is an error under strict (exit 1), also in the JSON report", async () => {
    const dir = withFiles({ "dup.json": updateWithDuplicateCallerId() });
    const result = await run(["validate", "--profile", "strict", "--json", join(dir, "dup.json")]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.files[0].status).toBe("invalid");
    expect(report.files[0].problems).toEqual([expect.objectContaining({ severity: "error", rule: "json:duplicate-key", pointer: "/data/call/participants/0/caller_id" })]);
  });
});

/** Runs `fwcall <argv…>` in-process with real streams where the test gives them. */
async function runWith(argv: string[], streams: Partial<Io>): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: streams.stdout ?? { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin: streams.stdin ?? Readable.from([]),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Standard input that never ends (as `< /dev/zero`), counting the bytes it handed out. */
function endlessZeros(): { stream: Readable; given: () => number } {
  let given = 0;
  const chunk = Buffer.alloc(1024 * 1024);
  const stream = new Readable({
    read() {
      given += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, given: () => given };
}

describe("fwcall validate: size limit", () => {
  it("stops reading endless standard input at the default 64 MB limit, exit 2", async () => {
    const zeros = endlessZeros();
    const result = await runWith(["validate", "-"], { stdin: zeros.stream });
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([
      "<stdin>: too large: more than the limit of 64 MB (67,108,864 bytes); a call-event payload is a few KB (raise the limit with --max-bytes if this really is one payload)",
    ]);
    expect(zeros.given()).toBeLessThan(DEFAULT_MAX_BYTES + 4 * 1024 * 1024);
    expect(result.stdout).toBe("1 file: 0 valid, 0 invalid, 1 unusable, 0 warnings\n");
  });

  it("takes the limit from --max-bytes, for standard input and for files", async () => {
    const zeros = endlessZeros();
    const piped = await runWith(["validate", "--max-bytes", "2M", "-"], { stdin: zeros.stream });
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain("<stdin>: too large: more than the limit of 2 MB (2,097,152 bytes)");
    expect(zeros.given()).toBeLessThanOrEqual(4 * 1024 * 1024);

    const dir = withFiles({ "big.json": { ...fdkUpdate(), padding: "x".repeat(2000) } });
    const file = join(dir, "big.json");
    const refused = await run(["validate", "--max-bytes=1K", file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(`^${escape(file)}: too large: [\\d,]+ bytes, over the limit of 1 KB \\(1,024 bytes\\);`));
    expect((await run(["validate", "--max-bytes", "1048576", file])).code).toBe(0);
  });

  it.each(["0", "-5", "lots", "12Q", "1e9"])("refuses --max-bytes %s as a usage error", async (value) => {
    const result = await run(["validate", `--max-bytes=${value}`, "-"], { stdin: "{}" });
    expect(result.code).toBe(2);
    expect(lines(result.stderr)[0]).toBe(`fwcall validate: --max-bytes must be a size such as 1048576, 512K or 64M, found '${value}'`);
  });
});

describe("fwcall validate: operands that are not files", () => {
  it("refuses /dev/zero at once instead of reading it forever", async () => {
    const result = await run(["validate", "/dev/zero"]);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: "fwcall validate: /dev/zero: a character device, not a file or directory; to read it, use - and redirect it to standard input (- < /dev/zero)\n",
    });
  });

  it("refuses a named pipe without waiting for a writer, and skips one inside a directory", async () => {
    const dir = withFiles({ "payloads/good.json": fdkUpdate() });
    const fifo = join(dir, "payloads", "pipe.json");
    execFileSync("mkfifo", [fifo]);
    const named = await run(["validate", fifo]);
    expect(named.code).toBe(2);
    expect(named.stderr).toBe(`fwcall validate: ${fifo}: a named pipe (FIFO), not a file or directory; to read it, use - and redirect it to standard input (- < ${fifo})\n`);
    const listed = await run(["validate", join(dir, "payloads")]);
    expect(listed).toMatchObject({ code: 0, stdout: "1 file: 1 valid, 0 invalid, 0 warnings\n" });
  });
});

describe("fwcall validate: text that is not UTF-8", () => {
  const json = () => JSON.stringify(fdkUpdate());
  const swap = (bytes: Buffer) => Buffer.from(bytes).swap16();

  it.each([
    ["little-endian", () => Buffer.from(json(), "utf16le")],
    ["big-endian", () => swap(Buffer.from(json(), "utf16le"))],
  ])("names UTF-16 %s without a byte order mark instead of reporting U+0000", async (order, bytes) => {
    const dir = withFiles({ "utf16.json": bytes() });
    const result = await run(["validate", join(dir, "utf16.json")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `${join(dir, "utf16.json")}: not UTF-8 text: it looks like UTF-16 (${order}, no byte order mark: every other byte is zero); save it as UTF-8\n`,
    );
  });

  it("names UTF-16 with a byte order mark, and reads UTF-8 with one", async () => {
    const dir = withFiles({
      "bom16.json": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json(), "utf16le")]),
      "bom8.json": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json(), "utf8")]),
    });
    const utf16 = await run(["validate", join(dir, "bom16.json")]);
    expect(utf16.stderr).toContain("not UTF-8 text: it starts with a UTF-16 byte order mark; save it as UTF-8");
    expect((await run(["validate", join(dir, "bom8.json")])).code).toBe(0);
  });
});

describe("fwcall validate: output that cannot be written", () => {
  it("says so in one line and exits 2 when standard output is /dev/full", async () => {
    const result = await runWith(["validate", "--json", example("on-call-update/fdk-default.json")], { stdout: createWriteStream("/dev/full") });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("fwcall validate: cannot write to standard output: no space left on the device (ENOSPC); the output is incomplete\n");
  });

  it("exits 2 quietly when the reading end of the pipe is gone (| head)", async () => {
    // A reader that closes its end of the pipe and says so, then lingers (so the pipe stays a pipe).
    const reader = spawn("sh", ["-c", "exec 0<&-; echo closed; sleep 60"], { stdio: ["pipe", "pipe", "ignore"] });
    try {
      const [said] = await once(reader.stdout!, "data");
      expect(String(said)).toBe("closed\n");
      const result = await runWith(["validate", example("on-call-update/fdk-default.json")], { stdout: reader.stdin! });
      expect(result).toEqual({ code: 2, stdout: "", stderr: "" });
    } finally {
      reader.kill();
    }
  });
});

describe("fwcall validate: a folder that cannot be listed", () => {
  it("reports the folder and checks the files beside it (exit 2)", async () => {
    const dir = withFiles({ "good.json": fdkUpdate(), "locked/hidden.json": fdkUpdate(), "open/also.json": fdkUpdate() });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, "locked"), 0o000);
    try {
      const result = await unprivileged(() => run(["validate", dir]));
      expect(result.code).toBe(2);
      expect(lines(result.stderr)).toEqual([`${join(dir, "locked")}: cannot list the folder: permission denied; the files beside it are checked`]);
      expect(result.stdout).toBe("3 files: 2 valid, 0 invalid, 1 unusable, 0 warnings\n");
    } finally {
      chmodSync(join(dir, "locked"), 0o755);
    }
  });

  it("still refuses a directory operand that cannot be listed itself", async () => {
    const dir = withFiles({ "locked/hidden.json": fdkUpdate() });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, "locked"), 0o000);
    try {
      const result = await unprivileged(() => run(["validate", join(dir, "locked")]));
      expect(result).toEqual({ code: 2, stdout: "", stderr: `fwcall validate: ${join(dir, "locked")}: cannot list the directory: permission denied\n` });
    } finally {
      chmodSync(join(dir, "locked"), 0o755);
    }
  });
});

describe("fwcall validate: very many undocumented keys", () => {
  it("prints the first problems of 16,000 extra keys and one line that counts the rest", async () => {
    const payload = fdkUpdate();
    for (let i = 0; i < 16_000; i++) payload.data.call[`undocumented_${i}`] = i;
    const dir = withFiles({ "wide.json": payload });
    const file = join(dir, "wide.json");
    const result = await run(["validate", "--profile", "strict", file]);
    expect(result.code).toBe(1);
    const out = lines(result.stdout);
    expect(out).toHaveLength(52);
    expect(out[50]).toBe(
      `${file}: error /data/call: 15,950 more problems of this kind at or under this pointer, not listed one by one ` +
        "(the first: /data/call/undocumented_50: not a documented property of Call) [schema:additionalProperties]",
    );
    expect(out[51]).toBe("1 file: 0 valid, 1 invalid, 0 warnings");
  }, 60_000);
});

describe("fwcall validate: file names with control characters", () => {
  it("prints them escaped, never as raw control or bidi characters", async () => {
    const name = "evil\u001b[31m\u202e.json";
    const dir = withFiles({ [name]: { event: "onCallUpdate" } });
    const result = await run(["validate", dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("evil\\u001b[31m\\u202e.json: error");
    expect(result.stdout + result.stderr).not.toMatch(/[\u001b\u202e]/);
  });
});
