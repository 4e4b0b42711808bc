// `fwcall fdk export` on apps a hostile or careless user prepared (issue 11, item 1), and the export →
// strict-validation round trip for each app layout (issue 10, item 2). Exit codes: 1 refused, 2 unusable.
import { execFileSync } from "node:child_process";
import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulateDelivery, testDataContext } from "@fwcall/fdk";
import { validateCallEvent } from "@fwcall/validate";
import { lines, run, tempDir, unprivileged, withFiles } from "./helpers.js";

const EVENTS = { onCallCreate: { handler: "onCreate" }, onCallUpdate: { handler: "onUpdate" } };
const LAYOUTS = {
  "2.x": { "platform-version": "2.3", product: { freshcaller: { events: EVENTS } } },
  "2.x multi-product": { "platform-version": "2.3", product: { freshdesk: { events: [] }, freshcaller: { events: EVENTS } } },
  "3.0": { "platform-version": "3.0", modules: { common: {}, call: { events: EVENTS } } },
};
const V3 = LAYOUTS["3.0"];
const STATE = "server/test_data/.fwcall-export.json";
const VICTIM_TEXT = "must never change\n";

const appWith = (manifest: unknown, files: Record<string, unknown> = {}) => withFiles({ "manifest.json": manifest, ...files });
function victim(): string {
  const path = join(tempDir(), "victim.txt");
  writeFileSync(path, VICTIM_TEXT);
  return path;
}

describe.each(Object.entries(LAYOUTS))("fwcall fdk export of a %s app", (_layout, manifest) => {
  it("writes files that pass the strict profile as the FDK delivers them", async () => {
    const dir = appWith(manifest);
    const result = await run(["fdk", "export", dir]);
    expect(result.code).toBe(0);
    const written = lines(result.stdout).map((line) => /^written\s+(\S+)/.exec(line)![1]!);
    expect(written).toHaveLength(2);
    for (const path of written) {
      const context = testDataContext(join(dir, path))!;
      const delivered = simulateDelivery(JSON.parse(readFileSync(join(dir, path), "utf8")), context.manifest);
      expect(validateCallEvent(context.event!, delivered, { profile: "strict" }).problems, path).toEqual([]);
    }
  });
});

describe("fwcall fdk export on a prepared app", () => {
  it("exits 2 on a link planted at its state file, and the linked file is untouched", async () => {
    const target = victim();
    const dir = appWith(V3);
    mkdirSync(join(dir, "server/test_data"), { recursive: true });
    symlinkSync(target, join(dir, STATE));
    const result = await run(["fdk", "export", dir]);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([
      `fwcall fdk export: ${STATE} is a symbolic link, not a file; fwcall neither reads nor replaces it. Remove it and export again (fwcall keeps its record of exported files there)`,
    ]);
    expect(readFileSync(target, "utf8")).toBe(VICTIM_TEXT);
    expect(readdirSync(join(dir, "server/test_data"))).toEqual([".fwcall-export.json"]);
  });

  it("exits 1 on a FIFO or a folder where a file belongs, without hanging or leaving a temp file", async () => {
    const dir = appWith(V3);
    mkdirSync(join(dir, "server/test_data/call/onCallCreate.json"), { recursive: true });
    execFileSync("mkfifo", [join(dir, "server/test_data/call/onCallUpdate.json")]);
    const result = await run(["fdk", "export", dir]);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      "refused   server/test_data/call/onCallCreate.json  (create/incoming/connecting): is a folder, not a file; fwcall neither reads nor replaces it. Remove it and export again",
      "refused   server/test_data/call/onCallUpdate.json  (update/incoming/answered/recording): is a FIFO (named pipe), not a file; fwcall neither reads nor replaces it. Remove it and export again",
    ]);
    expect(readdirSync(join(dir, "server/test_data/call")).sort()).toEqual(["onCallCreate.json", "onCallUpdate.json"]);
    expect(lstatSync(join(dir, "server/test_data/call/onCallUpdate.json")).isFIFO()).toBe(true);
  });

  it("lets two exports racing on a fresh app both exit 0", async () => {
    const dir = appWith(V3);
    const results = await Promise.all([run(["fdk", "export", dir]), run(["fdk", "export", dir])]);
    expect(results.map((result) => [result.code, result.stderr])).toEqual([
      [0, ""],
      [0, ""],
    ]);
    expect(readdirSync(join(dir, "server/test_data/call")).sort()).toEqual(["onCallCreate.json", "onCallUpdate.json"]);
  });

  it("exits 0 in a read-only test_data folder when nothing needs writing, 2 naming the folder when something does", async () => {
    const dir = appWith(V3);
    expect((await run(["fdk", "export", dir])).code).toBe(0);
    const folders = [join(dir, "server/test_data/call"), join(dir, "server/test_data")];
    chmodSync(dir, 0o755);
    folders.forEach((folder) => chmodSync(folder, 0o555));
    try {
      const unchanged = await unprivileged(() => run(["fdk", "export", dir]));
      expect([unchanged.code, unchanged.stderr]).toEqual([0, ""]);
      expect(lines(unchanged.stdout).map((line) => line.split(" ")[0])).toEqual(["unchanged", "unchanged"]);
      const blocked = await unprivileged(() => run(["fdk", "export", dir, "--case", "create/outgoing/connecting"]));
      expect(blocked.code).toBe(2);
      expect(lines(blocked.stderr)).toEqual(["fwcall fdk export: server/test_data/call: cannot write in this folder (EACCES); make it writable and export again"]);
    } finally {
      folders.forEach((folder) => chmodSync(folder, 0o755));
    }
  });

  it.each([
    [{ "platform-version": "4.0", modules: {} }, /manifest\.json: unsupported "platform-version" "4\.0"; the FDK supports "2\.0", "2\.1", "2\.2", "2\.3", "3\.0"/],
    [{ "platform-version": "3.0", modules: { call: { events: { onCallCreate: "onCreate" } } } }, /manifest\.json: modules\.call\.events\.onCallCreate must be \{ "handler": /],
  ])("exits 2 with one line on an unusable manifest: %j", async (manifest, message) => {
    const result = await run(["fdk", "export", appWith(manifest)]);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });
});
