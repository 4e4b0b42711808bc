import { describe, expect, it } from "vitest";
import { parseFdkManifest, testDataFiles } from "@fwcall/fdk";
import { V2, V2_MULTI, V3, V3_CALLER_CONVERSATION } from "./apps.js";

const pathsOf = (json: unknown) => testDataFiles(parseFdkManifest(json)).map((file) => [file.event, file.path]);

describe("testDataFiles", () => {
  it("puts platform 2.x payloads straight in server/test_data", () => {
    expect(pathsOf(V2)).toEqual([
      ["onCallCreate", "server/test_data/onCallCreate.json"],
      ["onCallUpdate", "server/test_data/onCallUpdate.json"],
    ]);
  });

  it("puts a multi-product 2.x app's payloads under the product's folder", () => {
    expect(pathsOf(V2_MULTI)).toEqual([
      ["onCallCreate", "server/test_data/freshcaller/onCallCreate.json"],
      ["onCallUpdate", "server/test_data/freshcaller/onCallUpdate.json"],
    ]);
  });

  it("puts platform 3.0 payloads under the module's folder, whichever module it is", () => {
    expect(pathsOf(V3)).toEqual([
      ["onCallCreate", "server/test_data/call/onCallCreate.json"],
      ["onCallUpdate", "server/test_data/call/onCallUpdate.json"],
    ]);
    expect(pathsOf(V3_CALLER_CONVERSATION)).toEqual([
      ["onCallCreate", "server/test_data/caller_conversation/onCallCreate.json"],
      ["onCallUpdate", "server/test_data/caller_conversation/onCallUpdate.json"],
    ]);
  });

  it("lists nothing for an app without call events", () => {
    expect(pathsOf({ "platform-version": "3.0", modules: { common: {}, call: { events: [] } } })).toEqual([]);
  });
});
