import { execFileSync } from "node:child_process";
import { truncateSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FdkConfigError, findFdkApp, parseFdkManifest, readFdkManifest } from "@fwcall/fdk";
import { app, EVENTS, V2, V2_MULTI, V3, V3_CALLER_CONVERSATION } from "./apps.js";

const handlers = { onCallCreate: "onCallCreateHandler", onCallUpdate: "onCallUpdateHandler" };

describe("parseFdkManifest", () => {
  it("reads a platform 3.0 manifest's call module", () => {
    expect(parseFdkManifest(V3)).toEqual({
      path: "manifest.json",
      platform: "3.0",
      platformVersion: "3.0",
      events: [
        { event: "onCallCreate", handler: "onCallCreateHandler", group: "call" },
        { event: "onCallUpdate", handler: "onCallUpdateHandler", group: "call" },
      ],
      handlers,
      products: ["call"],
      groups: ["common", "call"],
    });
  });

  it("reads call events under caller_conversation and takes `events: []` as no events", () => {
    const manifest = parseFdkManifest(V3_CALLER_CONVERSATION);
    expect(manifest.events.map((binding) => binding.group)).toEqual(["caller_conversation", "caller_conversation"]);
    expect(manifest.handlers).toEqual({ onCallCreate: "created", onCallUpdate: "updated" });
    expect(manifest.products).toEqual(["caller_conversation"]);
    expect(manifest.groups).toEqual(["common", "support_ticket", "caller_conversation"]);
  });

  it("reads platform 2.x products, one or several", () => {
    for (const version of ["2.0", "2.1", "2.2", "2.3"]) {
      expect(parseFdkManifest({ ...V2, "platform-version": version })).toMatchObject({ platform: "2.x", platformVersion: version, handlers, products: ["freshcaller"] });
    }
    const multi = parseFdkManifest(V2_MULTI);
    expect(multi.groups).toEqual(["freshdesk", "freshcaller"]);
    expect(multi.products).toEqual(["freshcaller"]);
    expect(multi.events.every((binding) => binding.group === "freshcaller")).toBe(true);
  });

  it("lets the freshcaller product or call module win when several name the same event", () => {
    const both = { "platform-version": "3.0", modules: { caller_conversation: { events: { onCallCreate: { handler: "other" } } }, call: { events: EVENTS } } };
    const manifest = parseFdkManifest(both);
    expect(manifest.handlers.onCallCreate).toBe("onCallCreateHandler");
    expect(manifest.events).toHaveLength(3);
    expect(manifest.products).toEqual(["caller_conversation", "call"]);
  });

  it("gives a manifest without call events no handlers", () => {
    const manifest = parseFdkManifest({ "platform-version": "3.0", modules: { common: {}, support_ticket: { events: { onTicketCreate: { handler: "t" } } } } });
    expect(manifest.events).toEqual([]);
    expect(manifest.handlers).toEqual({ onCallCreate: undefined, onCallUpdate: undefined });
  });

  it.each([
    [{ "platform-version": "4.0", modules: {} }, /app\/manifest.json: unsupported "platform-version" "4.0"; the FDK supports "2.0", "2.1", "2.2", "2.3", "3.0"/],
    [{ "platform-version": "2.5", product: {} }, /unsupported "platform-version" "2.5"/],
    [{ "platform-version": "3.1", modules: {} }, /unsupported "platform-version" "3.1"/],
    [{ "platform-version": "3", modules: {} }, /unsupported "platform-version" "3"/],
    [{ "platform-version": 3, modules: {} }, /"platform-version" must be a string such as "3.0" \(found 3\)/],
    [{ modules: {} }, /"platform-version" must be a string such as "3.0" \(found nothing\)/],
    [[], /expected a JSON object \(found an array\)/],
    [null, /expected a JSON object \(found null\)/],
  ])("refuses an unknown platform version or shape: %j", (json, message) => {
    expect(() => parseFdkManifest(json, "app/manifest.json")).toThrow(FdkConfigError);
    expect(() => parseFdkManifest(json, "app/manifest.json")).toThrow(message);
  });

  it.each([
    [{ "platform-version": "3.0" }, /platform 3.0 apps list their events under "modules", which is missing/],
    [{ "platform-version": "2.3", modules: {} }, /platform 2.3 apps list their events under "product", which is missing/],
    [{ "platform-version": "3.0", modules: { call: { events: { onCallCreate: "onCallCreateHandler" } } } }, /modules.call.events.onCallCreate must be \{ "handler": "<function name exported by server\/server.js>" \} \(found "onCallCreateHandler"\)/],
    [{ "platform-version": "3.0", modules: { call: { events: { onCallCreate: { handler: "" } } } } }, /modules.call.events.onCallCreate must be .* \(found \{"handler":""\}\)/],
    [{ "platform-version": "3.0", modules: { call: { events: { onCallUpdate: { callback: "x" } } } } }, /modules.call.events.onCallUpdate must be/],
    [{ "platform-version": "2.3", product: { freshcaller: { events: { onCallCreate: { handler: 42 } } } } }, /product.freshcaller.events.onCallCreate must be .* \(found \{"handler":42\}\)/],
    [{ "platform-version": "3.0", modules: { call: { events: ["onCallCreate"] } } }, /modules.call.events must be an object/],
    [{ "platform-version": "3.0", modules: { call: "events" } }, /modules.call must be an object/],
    [{ "platform-version": "3.0", modules: { "../../escape": { events: EVENTS } } }, /"..\/..\/escape" cannot be a folder name under server\/test_data/],
  ])("refuses a bad events entry: %j", (json, message) => {
    expect(() => parseFdkManifest(json, "app/manifest.json")).toThrow(message);
  });
});

describe("errors quote the app's names safely", () => {
  it("shows control and bidi characters of a module name escaped, never raw", () => {
    const hostile = "x\u0000y\u001b[31mRED\u202e";
    const error = (() => {
      try {
        parseFdkManifest({ "platform-version": "3.0", modules: { [hostile]: { events: EVENTS } } });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(FdkConfigError);
    expect(error!.message).not.toMatch(/[\u0000-\u001f\u202e]/);
    expect(error!.message).toContain("x\\u0000y\\u001b[31mRED\\u202e");
  });
});

describe("readFdkManifest and findFdkApp", () => {
  it("reads an app's manifest.json and names it in errors", () => {
    const dir = app(V3);
    expect(readFdkManifest(dir)).toMatchObject({ path: join(dir, "manifest.json"), platform: "3.0" });
    const broken = app("{ nope");
    expect(() => readFdkManifest(broken)).toThrow(`${join(broken, "manifest.json")}:1:3: not valid JSON`);
    const later = app('{\n  "platform-version": "3.0",\n  "modules": {} "x"\n}');
    expect(() => readFdkManifest(later)).toThrow(`${join(later, "manifest.json")}:3:17: not valid JSON`);
    const wrong = app({ "platform-version": "4.0" });
    expect(() => readFdkManifest(wrong)).toThrow(`${join(wrong, "manifest.json")}: unsupported "platform-version" "4.0"`);
  });

  it("explains a folder without a manifest, or a manifest that is not a file", () => {
    const empty = app(V3);
    expect(() => readFdkManifest(join(empty, "server"))).toThrow(/manifest.json: cannot read the app's manifest \(ENOENT\); is .*server a Freshworks app directory\?/);
    const folder = app(V3, { "inner/manifest.json/x": "" });
    expect(() => readFdkManifest(join(folder, "inner"))).toThrow(/manifest.json: the app's manifest is not a regular file/);
    const fifo = app(V3, { "inner/x": "" });
    execFileSync("mkfifo", [join(fifo, "inner/manifest.json")]);
    expect(() => readFdkManifest(join(fifo, "inner"))).toThrow(/manifest.json: the app's manifest is not a regular file/);
    const huge = app(V3);
    truncateSync(join(huge, "manifest.json"), 5 * 1024 * 1024);
    expect(() => readFdkManifest(huge)).toThrow(/manifest.json: the app's manifest is larger than 4 MiB, so not an FDK manifest/);
  });

  it("walks up from a file or folder to the app", () => {
    const dir = app(V2, { "server/server.js": "exports = {};\n" });
    expect(findFdkApp(join(dir, "server/server.js"))).toMatchObject({ appDir: dir, manifest: { platform: "2.x" } });
    expect(findFdkApp(join(dir, "server"))?.appDir).toBe(dir);
    expect(findFdkApp(join(dir, "server/test_data/not-yet.json"))?.appDir).toBe(dir);
    expect(findFdkApp(dir)?.appDir).toBe(dir);
    expect(findFdkApp("/")).toBeUndefined();
  });
});
