// How `fwcall validate` reads a file inside an FDK app's server/test_data (issue 10): a stored
// test_data file lacks what the FDK adds when it simulates the event (currentHost on 3.0, iparams,
// app_settings), so it is judged as the FDK delivers it, and the output says so. fwcall's own
// export record and the payloads of other products' events there are not call events: skipped.
// @fwcall/fdk (and @fwcall/cases under it) is imported only for a file below a server/test_data
// folder: `fwcall validate one.json` elsewhere starts without them.
import { basename, dirname, resolve, sep } from "node:path";
import { CALL_EVENT_NAMES } from "@fwcall/types";
import type { Problem } from "@fwcall/validate";

/** What to validate for one file, and what to tell about it. */
export type FdkJudging =
  /** Not inside an FDK app's test_data: validated as it is. */
  | { kind: "as-is"; value: unknown }
  /** Inside an app's test_data: validated as the FDK delivers it. */
  | { kind: "delivered"; value: unknown; note: string; added: string[]; problems: Problem[] }
  /** Not a call event's payload: not validated. */
  | { kind: "skipped"; note: string }
  /** The app's manifest cannot be read, so the delivery cannot be known. */
  | { kind: "unusable"; message: string };

/** @fwcall/fdk's EXPORT_STATE_FILE and TEST_DATA_DIR, spelled here so that no file outside an app loads it (a test holds them equal). */
export const EXPORT_STATE_FILE = ".fwcall-export.json";
export const TEST_DATA_DIR = "server/test_data";

/** fwcall's record of exported files, told by its name alone, before it is read. */
export const isExportStateFile = (path: string): boolean => basename(path) === EXPORT_STATE_FILE;

/** Whether a folder above the file is a server/test_data folder: the only place @fwcall/fdk's testDataContext finds an app. */
function belowTestData(path: string): boolean {
  const [server, testData] = TEST_DATA_DIR.split("/");
  for (let dir = dirname(resolve(path)); dirname(dir) !== dir; dir = dirname(dir)) {
    if (basename(dir) === testData && basename(dirname(dir)) === server) return true;
  }
  return false;
}

export const STATE_FILE_NOTE = "skipped: fwcall's record of exported test_data files, not a payload";

const eventField = (value: unknown): unknown =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as { event?: unknown }).event : undefined;

const isCallEventName = (value: unknown): boolean => typeof value === "string" && (CALL_EVENT_NAMES as readonly string[]).includes(value);

/** The app folder as the user would write it: the part of their path before server/test_data, else its full path. */
function appAsNamed(path: string, appDir: string): string {
  const normal = path.split(sep).join("/");
  const at = normal.lastIndexOf(`${TEST_DATA_DIR}/`);
  if (at === 0) return ".";
  if (at > 0 && normal[at - 1] === "/") return normal.slice(0, at - 1);
  return appDir;
}

/**
 * How to judge the parsed contents of a file: as it is, or as the FDK delivers it when the file
 * is in `<app>/server/test_data` below the app's manifest.json.
 * @example await judgeFdkTestData("app/server/test_data/call/onCallCreate.json", stored) // { kind: "delivered", added: ["currentHost", "iparams", "app_settings"], … }
 */
export async function judgeFdkTestData(path: string, value: unknown): Promise<FdkJudging> {
  if (!belowTestData(path)) return { kind: "as-is", value };
  const { FdkConfigError, simulateDelivery, testDataContext } = await import("@fwcall/fdk");
  let context: ReturnType<typeof testDataContext>;
  try {
    context = testDataContext(path);
  } catch (error) {
    if (!(error instanceof FdkConfigError)) throw error;
    return { kind: "unusable", message: `cannot tell how the FDK delivers this test_data file: ${error.message}` };
  }
  if (!context) return { kind: "as-is", value };
  if (context.stateFile) return { kind: "skipped", note: STATE_FILE_NOTE };
  const named = eventField(value);
  if (context.event === undefined && !isCallEventName(named)) {
    const holds = typeof named === "string" ? `its event is ${JSON.stringify(named.slice(0, 60))}` : "it names no event";
    return { kind: "skipped", note: `skipped: not a call event's test_data (${holds}; fwcall checks onCallCreate and onCallUpdate)` };
  }
  const delivered = simulateDelivery(value, context.manifest);
  const added = value !== null && typeof value === "object" && delivered !== null && typeof delivered === "object"
    ? Object.keys(delivered).filter((key) => !Object.hasOwn(value, key))
    : [];
  const app = `the platform ${context.manifest.platformVersion} app in ${appAsNamed(path, context.appDir)}`;
  const note = added.length > 0
    ? `judged as the FDK delivers it to ${app}: ${added.join(", ")} added`
    : `judged as the FDK delivers it to ${app} (the file already holds what the FDK adds)`;
  const problems: Problem[] = [];
  if (context.event !== undefined && isCallEventName(named) && named !== context.event) {
    problems.push({
      pointer: "/event",
      severity: "warning",
      rule: "fdk:event-file",
      expected: JSON.stringify(context.event),
      found: JSON.stringify(named),
      message: `the FDK reads this file as the ${context.event} payload (${context.path}), but its event is ${JSON.stringify(named)}`,
    });
  }
  return { kind: "delivered", value: delivered, note, added, problems };
}
