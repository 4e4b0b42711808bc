// Where the FDK reads each call event's simulation payload, per platform (docs/decisions/0015-fdk-test-data-layouts.md).
import { posix } from "node:path";
import type { CallEventName } from "@fwcall/types";
import type { FdkManifest } from "./manifest.js";

/** The folder of an app, relative to it, where `fdk run` and `fdk test` read payloads. */
export const TEST_DATA_DIR = "server/test_data";

/** fwcall's record of what `fdk export` wrote, inside TEST_DATA_DIR; never a payload. */
export const EXPORT_STATE_FILE = ".fwcall-export.json";

/** One payload file of an app, relative to the app directory with `/` separators. */
export interface TestDataFile {
  event: CallEventName;
  path: string;
  /** The product (2.x) or module (3.0) it belongs to. */
  group: string;
}

/**
 * The test_data file of each call event the app subscribes to: platform 3.0 `server/test_data/<module>/<event>.json`;
 * platform 2.x `server/test_data/<event>.json`, or `server/test_data/<product>/<event>.json` when the app has several products.
 * @example testDataFiles(readFdkManifest("my-app")) // [{ event: "onCallCreate", path: "server/test_data/call/onCallCreate.json", group: "call" }, …]
 */
export function testDataFiles(manifest: FdkManifest): TestDataFile[] {
  const inFolder = manifest.platform === "3.0" || manifest.groups.length > 1;
  return manifest.events.map(({ event, group }) => ({
    event,
    group,
    path: inFolder ? posix.join(TEST_DATA_DIR, group, `${event}.json`) : posix.join(TEST_DATA_DIR, `${event}.json`),
  }));
}
