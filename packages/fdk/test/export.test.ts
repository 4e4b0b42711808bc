import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportFdkTestData, FdkConfigError, FdkExportError } from "@fwcall/fdk";
import { app, EVENTS, tempDir, V2, V2_MULTI, V3, V3_CALLER_CONVERSATION } from "./apps.js";

const read = (dir: string, path: string) => JSON.parse(readFileSync(join(dir, path), "utf8"));

describe("exportFdkTestData", () => {
  it("writes platform 3.0 files under <module>/<event>.json with only what the FDK keeps", async () => {
    const dir = app(V3);
    const result = await exportFdkTestData(dir);
    expect(result.map((r) => [r.path, r.status])).toEqual([
      ["server/test_data/call/onCallCreate.json", "written"],
      ["server/test_data/call/onCallUpdate.json", "written"],
    ]);
    expect(Object.keys(read(dir, "server/test_data/call/onCallUpdate.json"))).toEqual(["event", "timestamp", "region", "data"]);
    expect(read(dir, "server/test_data/.fwcall-export.json").files).toEqual({ "call/onCallCreate.json": expect.any(String), "call/onCallUpdate.json": expect.any(String) });
  });

  it("writes into the module the manifest names, caller_conversation too", async () => {
    const dir = app(V3_CALLER_CONVERSATION);
    expect((await exportFdkTestData(dir)).map((r) => r.path)).toEqual(["server/test_data/caller_conversation/onCallCreate.json", "server/test_data/caller_conversation/onCallUpdate.json"]);
  });

  it("writes platform 2.x files flat, with account_id and domain", async () => {
    const dir = app(V2);
    await exportFdkTestData(dir);
    expect(readdirSync(join(dir, "server/test_data")).sort()).toEqual([".fwcall-export.json", "onCallCreate.json", "onCallUpdate.json"]);
    expect(Object.keys(read(dir, "server/test_data/onCallCreate.json"))).toEqual(["account_id", "domain", "event", "timestamp", "region", "data"]);
  });

  it("writes a multi-product 2.x app's files under freshcaller/", async () => {
    const dir = app(V2_MULTI);
    expect((await exportFdkTestData(dir)).map((r) => r.path)).toEqual(["server/test_data/freshcaller/onCallCreate.json", "server/test_data/freshcaller/onCallUpdate.json"]);
  });

  it("exports one case into its event's file", async () => {
    const dir = app(V3);
    const [result, ...rest] = await exportFdkTestData(dir, { caseId: "update/incoming/voicemail/recording" });
    expect(rest).toEqual([]);
    expect(result).toMatchObject({ path: "server/test_data/call/onCallUpdate.json", caseId: "update/incoming/voicemail/recording", status: "written" });
    expect(read(dir, result!.path).data.call.participants[0].call_status).toBe(10);
    await expect(exportFdkTestData(dir, { caseId: "update/incoming/voicemale" })).rejects.toThrow(/unknown case id/);
    await expect(exportFdkTestData(dir, { caseId: "update/outgoing/queued/recording" })).rejects.toThrow(/cannot happen: only incoming calls/);
  });

  it("refuses to overwrite a file edited since the last export, unless forced", async () => {
    const dir = app(V3);
    await exportFdkTestData(dir);
    expect((await exportFdkTestData(dir)).map((r) => r.status)).toEqual(["unchanged", "unchanged"]);
    const path = join(dir, "server/test_data/call/onCallUpdate.json");
    writeFileSync(path, '{"edited": true}\n');
    const again = await exportFdkTestData(dir, { caseId: "update/outgoing/busy/status-change" });
    expect(again).toEqual([expect.objectContaining({ status: "refused", reason: expect.stringMatching(/--force/) })]);
    expect(readFileSync(path, "utf8")).toBe('{"edited": true}\n');
    expect((await exportFdkTestData(dir, { caseId: "update/outgoing/busy/status-change", force: true }))[0]!.status).toBe("written");
    // What it wrote itself, it may replace without --force.
    expect((await exportFdkTestData(dir))[1]!.status).toBe("written");
  });

  it("refuses a file it did not write", async () => {
    const dir = app(V3, { "server/test_data/call/onCallCreate.json": "{}" });
    expect((await exportFdkTestData(dir)).map((r) => r.status)).toEqual(["refused", "written"]);
  });

  it("never writes through a linked test_data folder, a linked file, or a module named to escape", async () => {
    const outside = tempDir("fwcall-outside-");
    const dir = app(V3);
    mkdirSync(join(dir, "server"));
    symlinkSync(outside, join(dir, "server/test_data"));
    await expect(exportFdkTestData(dir)).rejects.toThrow(FdkExportError);
    await expect(exportFdkTestData(dir)).rejects.toThrow("server/test_data is a symbolic link; fwcall never writes through links");
    expect(readdirSync(outside)).toEqual([]);

    const other = app(V3);
    mkdirSync(join(other, "server/test_data/call"), { recursive: true });
    symlinkSync(join(outside, "target.json"), join(other, "server/test_data/call/onCallCreate.json"));
    expect((await exportFdkTestData(other))[0]).toMatchObject({ status: "refused", reason: expect.stringMatching(/symbolic link/) });
    expect(readdirSync(outside)).toEqual([]);

    const sneaky = app({ ...V3, modules: { "../../escape": { events: EVENTS } } });
    await expect(exportFdkTestData(sneaky)).rejects.toThrow(FdkConfigError);
    await expect(exportFdkTestData(sneaky)).rejects.toThrow(/cannot be a folder name/);
  });

  it("explains an unusable app directory", async () => {
    await expect(exportFdkTestData(join(tempDir(), "no-such-fwcall-app"))).rejects.toThrow(/no such app directory/);
    const file = join(app(V3), "manifest.json");
    await expect(exportFdkTestData(file)).rejects.toThrow(`${file}: not a folder; give the app directory (the one holding manifest.json)`);
    await expect(exportFdkTestData(app("{ nope"))).rejects.toThrow(/manifest.json:1:3: not valid JSON/);
    await expect(exportFdkTestData(app({ "platform-version": "4.0", modules: {} }))).rejects.toThrow(/unsupported "platform-version" "4.0"/);
    await expect(exportFdkTestData(app({ "platform-version": "3.0", modules: { common: {}, call: { events: [] } } }))).rejects.toThrow(/subscribes to no onCallCreate or onCallUpdate event/);
  });
});
