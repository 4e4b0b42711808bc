// Tells what a file inside an app's server/test_data is to the FDK: which event's payload, or fwcall's state file.
import { lstatSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { CALL_EVENT_NAMES, type CallEventName } from "@fwcall/types";
import { EXPORT_STATE_FILE, TEST_DATA_DIR, testDataFiles } from "./layout.js";
import { readFdkManifest, type FdkManifest } from "./manifest.js";

/** A file inside an app's server/test_data. */
export interface TestDataContext {
  appDir: string;
  manifest: FdkManifest;
  /** The file relative to the app directory, with `/` separators. */
  path: string;
  /** The event the FDK delivers it as: by the app's layout, else by the file name; undefined when neither tells. */
  event: CallEventName | undefined;
  /** True when the path is where the FDK reads a call event the manifest subscribes to. */
  inLayout: boolean;
  /** fwcall's own `.fwcall-export.json`: not a payload, never to be validated. */
  stateFile: boolean;
}

const [SERVER, TEST_DATA] = TEST_DATA_DIR.split("/") as [string, string];

// Anything at manifest.json (a FIFO, a folder, a link) makes the folder the app: reading it then
// says what is wrong, rather than the file being judged as if it were in no app at all.
const exists = (path: string) => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

/**
 * What a file inside `<app>/server/test_data` holds, the app being the nearest folder above with a manifest.json
 * next to its `server/test_data`; undefined for a file elsewhere. Throws FdkConfigError when that manifest is unusable.
 * @example testDataContext("my-app/server/test_data/call/onCallUpdate.json") // { event: "onCallUpdate", stateFile: false, … }
 */
export function testDataContext(filePath: string): TestDataContext | undefined {
  const file = resolve(filePath);
  for (let dir = dirname(file); dirname(dir) !== dir; dir = dirname(dir)) {
    if (basename(dir) !== TEST_DATA || basename(dirname(dir)) !== SERVER) continue;
    const appDir = dirname(dirname(dir));
    if (!exists(join(appDir, "manifest.json"))) continue;
    const manifest = readFdkManifest(appDir);
    const path = relative(appDir, file).split(sep).join("/");
    const byLayout = testDataFiles(manifest).find((entry) => entry.path === path)?.event;
    const name = basename(file).replace(/\.json$/i, "");
    const byName = CALL_EVENT_NAMES.find((event) => event === name);
    return { appDir, manifest, path, event: byLayout ?? byName, inLayout: byLayout !== undefined, stateFile: path === `${TEST_DATA_DIR}/${EXPORT_STATE_FILE}` };
  }
  return undefined;
}
