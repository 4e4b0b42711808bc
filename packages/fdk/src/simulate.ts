// What a test_data file keeps, and what the FDK adds to it when it simulates the event for a handler.
import { ACCOUNT } from "@fwcall/cases";
import type { FdkManifest, FdkPlatform } from "./manifest.js";

/** The fields a stored test_data file holds, in the order fwcall writes them. */
export const STORED_FIELDS: Readonly<Record<FdkPlatform, readonly string[]>> = {
  "2.x": ["account_id", "domain", "event", "timestamp", "region", "data"],
  "3.0": ["event", "timestamp", "region", "data"],
};

/** 3.0's module for an app's settings, which the platform does not list among subscribed modules. */
const NOT_SUBSCRIBED = "common";

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * A delivered payload cut down to what the FDK keeps in a test_data file of the platform.
 * @example storedTestData(buildCase("create/incoming/connecting", { platform: "3.0" }), "3.0") // { event, timestamp, region, data }
 */
export function storedTestData(payload: unknown, platform: FdkPlatform): Record<string, unknown> {
  const source = isRecord(payload) ? payload : {};
  return Object.fromEntries(STORED_FIELDS[platform].filter((field) => Object.hasOwn(source, field)).map((field) => [field, source[field]]));
}

/** Options of simulateDelivery: the values the developer gives the local simulator. */
export interface SimulationExtras {
  iparams?: Record<string, unknown>;
  appSettings?: Record<string, unknown>;
}

/**
 * A stored test_data payload as the FDK delivers it to a handler when it simulates the event: platform 3.0
 * adds `currentHost` (the manifest's modules, the fixtures' account), both add `iparams` and `app_settings`.
 * What the file already holds is kept; `extras` win over the file. A value that is not an object is returned as it is.
 * @example simulateDelivery(JSON.parse(readFileSync(file, "utf8")), readFdkManifest("my-app"), { iparams: { api_key: "…" } })
 */
export function simulateDelivery(stored: unknown, manifest: FdkManifest, extras: SimulationExtras = {}): unknown {
  if (!isRecord(stored)) return stored;
  const added: Record<string, unknown> = {};
  if (manifest.platform === "3.0" && !Object.hasOwn(stored, "currentHost")) {
    const modules = manifest.groups.filter((group) => group !== NOT_SUBSCRIBED);
    added.currentHost = { subscribed_modules: modules.length ? modules : manifest.products, endpoint_urls: { freshcaller: ACCOUNT.endpoint } };
  }
  return {
    ...added,
    ...stored,
    iparams: extras.iparams ?? (isRecord(stored.iparams) ? stored.iparams : {}),
    app_settings: extras.appSettings ?? (isRecord(stored.app_settings) ? stored.app_settings : {}),
  };
}
