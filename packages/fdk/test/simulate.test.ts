import { describe, expect, it } from "vitest";
import { buildCase } from "@fwcall/cases";
import { parseFdkManifest, simulateDelivery, storedTestData } from "@fwcall/fdk";
import { validateCallEvent } from "@fwcall/validate";
import { V2, V2_MULTI, V3, V3_CALLER_CONVERSATION } from "./apps.js";

describe("storedTestData", () => {
  it("keeps what a 3.0 test_data file holds", () => {
    const stored = storedTestData(buildCase("update/incoming/answered/recording", { platform: "3.0" }), "3.0");
    expect(Object.keys(stored)).toEqual(["event", "timestamp", "region", "data"]);
  });

  it("keeps account_id and domain in a 2.x test_data file", () => {
    const stored = storedTestData(buildCase("create/incoming/connecting", { platform: "2.x" }), "2.x");
    expect(Object.keys(stored)).toEqual(["account_id", "domain", "event", "timestamp", "region", "data"]);
  });
});

describe("simulateDelivery", () => {
  it("adds currentHost, iparams and app_settings to a 3.0 file, so that it validates strictly", () => {
    const stored = storedTestData(buildCase("update/incoming/answered/recording", { platform: "3.0" }), "3.0");
    const delivered = simulateDelivery(stored, parseFdkManifest(V3)) as Record<string, unknown>;
    expect(delivered).toMatchObject({ currentHost: { subscribed_modules: ["call"], endpoint_urls: { freshcaller: "https://acme.freshcaller.com" } }, iparams: {}, app_settings: {} });
    expect(validateCallEvent("onCallUpdate", stored, { profile: "strict" }).valid).toBe(false);
    expect(validateCallEvent("onCallUpdate", delivered, { profile: "strict" }).problems).toEqual([]);
  });

  it("lists the app's modules, not common, as subscribed", () => {
    const stored = storedTestData(buildCase("create/outgoing/connecting", { platform: "3.0" }), "3.0");
    const delivered = simulateDelivery(stored, parseFdkManifest(V3_CALLER_CONVERSATION)) as { currentHost: { subscribed_modules: string[] } };
    expect(delivered.currentHost.subscribed_modules).toEqual(["support_ticket", "caller_conversation"]);
  });

  it("adds only iparams and app_settings on 2.x", () => {
    for (const manifest of [V2, V2_MULTI]) {
      const stored = storedTestData(buildCase("create/incoming/connecting", { platform: "2.x" }), "2.x");
      const delivered = simulateDelivery(stored, parseFdkManifest(manifest)) as Record<string, unknown>;
      expect(Object.keys(delivered)).toEqual([...Object.keys(stored), "iparams", "app_settings"]);
      expect(validateCallEvent("onCallCreate", delivered, { profile: "strict" }).problems).toEqual([]);
    }
  });

  it("keeps what the file holds and lets the developer's values win", () => {
    const stored = { event: "onCallCreate", currentHost: { subscribed_modules: ["call"], endpoint_urls: { freshcaller: "https://x.myfreshworks.com/" } }, iparams: { from: "file" } };
    const manifest = parseFdkManifest(V3);
    expect(simulateDelivery(stored, manifest)).toMatchObject({ currentHost: stored.currentHost, iparams: { from: "file" }, app_settings: {} });
    expect(simulateDelivery(stored, manifest, { iparams: { api_key: "k" }, appSettings: { theme: "dark" } })).toMatchObject({ iparams: { api_key: "k" }, app_settings: { theme: "dark" } });
  });

  it("returns what is not an object as it is, for the validator to report", () => {
    const manifest = parseFdkManifest(V3);
    for (const value of [null, 3, "x", [1]]) expect(simulateDelivery(value, manifest)).toBe(value);
  });
});
