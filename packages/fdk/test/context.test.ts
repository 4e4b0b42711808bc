import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FdkConfigError, testDataContext } from "@fwcall/fdk";
import { app, tempDir, V2, V2_MULTI, V3, V3_CALLER_CONVERSATION } from "./apps.js";

describe("testDataContext", () => {
  it("tells the event of a 3.0 file by its module folder", () => {
    const dir = app(V3_CALLER_CONVERSATION);
    const context = testDataContext(join(dir, "server/test_data/caller_conversation/onCallUpdate.json"));
    expect(context).toMatchObject({ appDir: dir, path: "server/test_data/caller_conversation/onCallUpdate.json", event: "onCallUpdate", inLayout: true, stateFile: false });
    expect(context?.manifest.platform).toBe("3.0");
  });

  it("tells the event of 2.x files, flat or under the product", () => {
    expect(testDataContext(join(app(V2), "server/test_data/onCallCreate.json"))).toMatchObject({ event: "onCallCreate", inLayout: true });
    expect(testDataContext(join(app(V2_MULTI), "server/test_data/freshcaller/onCallUpdate.json"))).toMatchObject({ event: "onCallUpdate", inLayout: true });
  });

  it("falls back on the file name where the layout does not place the file", () => {
    const dir = app(V3);
    expect(testDataContext(join(dir, "server/test_data/onCallCreate.json"))).toMatchObject({ event: "onCallCreate", inLayout: false });
    expect(testDataContext(join(dir, "server/test_data/call/missed-call.json"))).toMatchObject({ event: undefined, inLayout: false, stateFile: false });
  });

  it("recognises fwcall's state file", () => {
    const dir = app(V3);
    expect(testDataContext(join(dir, "server/test_data/.fwcall-export.json"))).toMatchObject({ stateFile: true, event: undefined });
    expect(testDataContext(join(dir, "server/test_data/call/.fwcall-export.json"))?.stateFile).toBe(false);
  });

  it("says nothing of files outside an app's server/test_data", () => {
    const dir = app(V3, { "server/server.js": "" });
    expect(testDataContext(join(dir, "server/server.js"))).toBeUndefined();
    expect(testDataContext(join(dir, "onCallCreate.json"))).toBeUndefined();
    // server/test_data without a manifest.json beside server/ is not an app's.
    expect(testDataContext(join(tempDir(), "server/test_data/onCallCreate.json"))).toBeUndefined();
  });

  it("reports an unusable manifest above a test_data file", () => {
    const dir = app({ "platform-version": "4.0", modules: {} });
    expect(() => testDataContext(join(dir, "server/test_data/call/onCallCreate.json"))).toThrow(FdkConfigError);
  });

  it.each([
    ["a FIFO", (path: string) => execFileSync("mkfifo", [path])],
    ["a folder", (path: string) => mkdirSync(path)],
  ])("reports a manifest.json that is %s, without reading it, rather than judging the file as in no app", (_kind, make) => {
    const dir = tempDir();
    mkdirSync(join(dir, "server/test_data/call"), { recursive: true });
    make(join(dir, "manifest.json"));
    expect(() => testDataContext(join(dir, "server/test_data/call/onCallCreate.json"))).toThrow(/manifest\.json: the app's manifest is not a regular file/);
  });
});
