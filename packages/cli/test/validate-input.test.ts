// fwcall validate on hostile or careless input (issues 11 and 12): duplicate keys, endless or
// oversized input, unwritable output, UTF-16 text, FIFOs and unreadable folders. Each ends in a
// clear result: a located problem, or exit 2 with a one-line reason.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fdkUpdate, lines, run, withFiles } from "./helpers.js";

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
