// `fwcall fdk export`: writes an app's server/test_data files from the fixture catalog, in the layout its
// manifest implies, holding only what the FDK keeps in them. Never overwrites a file someone edited since
// the last export (unless forced), never writes through a link or outside the app.
import { createHash } from "node:crypto";
import { realpath, stat } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { buildCase, findCase, type CaseId } from "@fwcall/cases";
import { CALL_EVENT_NAMES, type CallEventName } from "@fwcall/types";
import { FdkExportError } from "./errors.js";
import { EXPORT_STATE_FILE, TEST_DATA_DIR, testDataFiles } from "./layout.js";
import { readFdkManifest } from "./manifest.js";
import { checkFolder, makeFolder, readRegularFile, Refusal, replaceFile } from "./safe-fs.js";
import { storedTestData } from "./simulate.js";

/** The case each event's file holds when none is asked for. */
export const DEFAULT_EXPORT_CASES: Readonly<Record<CallEventName, CaseId>> = {
  onCallCreate: "create/incoming/connecting",
  onCallUpdate: "update/incoming/answered/recording",
};

/** What happened to one file. */
export interface ExportedFile {
  event: CallEventName;
  /** Relative to the app directory, with `/` separators. */
  path: string;
  caseId: string;
  status: "written" | "unchanged" | "refused";
  /** Why a file was refused. */
  reason?: string;
}

/** Options of exportFdkTestData. */
export interface FdkExportOptions {
  /** Export only this case, into its event's file. */
  caseId?: string;
  /** Overwrite files edited since the last export. */
  force?: boolean;
  seed?: number;
}

const STATE_NOTE = "Written by fwcall fdk export: hashes of the files it wrote last.";
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function appRoot(appDir: string): Promise<string> {
  try {
    const root = await realpath(appDir);
    if ((await stat(root)).isDirectory()) return root;
  } catch {
    throw new FdkExportError(`${appDir}: no such app directory`);
  }
  throw new FdkExportError(`${appDir}: not a folder; give the app directory (the one holding manifest.json)`);
}

/** The hashes the last export recorded; a state file that is not fwcall's JSON counts as no record. */
function parseState(text: string | undefined): Record<string, string> {
  try {
    const files = (JSON.parse(text ?? "{}") as { files?: unknown }).files;
    if (files === null || typeof files !== "object") return {};
    return Object.fromEntries(Object.entries(files).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return {};
  }
}

const renderState = (record: Record<string, string>) =>
  `${JSON.stringify({ note: STATE_NOTE, files: Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b))) }, null, 2)}\n`;

/** The test_data folder and fwcall's state file in it: a problem with either stops the export. */
async function readState(root: string): Promise<string | undefined> {
  const folder = join(root, TEST_DATA_DIR);
  try {
    if ((await checkFolder(root, folder)) === "missing") return undefined;
  } catch (error) {
    throw error instanceof Refusal ? new FdkExportError(`${error.message} (fwcall writes the test_data files there)`) : error;
  }
  try {
    return await readRegularFile(root, join(folder, EXPORT_STATE_FILE));
  } catch (error) {
    throw error instanceof Refusal ? stateFileError(error) : error;
  }
}

/** fwcall's state file cannot be used: the export stops before it writes anything. */
const stateFileError = (refusal: Refusal) => new FdkExportError(`${TEST_DATA_DIR}/${EXPORT_STATE_FILE} ${refusal.message} (fwcall keeps its record of exported files there)`);

/** One file's plan: what it should hold and what is there now. */
interface Planned extends ExportedFile {
  target: string;
  key: string;
  text: string;
}

async function plan(root: string, planned: Omit<Planned, "status">, record: Record<string, string>, force: boolean): Promise<Planned> {
  let existing: string | undefined;
  try {
    if ((await checkFolder(root, dirname(planned.target))) === "present") existing = await readRegularFile(root, planned.target);
  } catch (error) {
    if (error instanceof Refusal) return { ...planned, status: "refused", reason: error.message };
    throw error;
  }
  if (existing === planned.text) return { ...planned, status: "unchanged" };
  if (existing !== undefined && !force && record[planned.key] !== sha256(existing)) {
    return { ...planned, status: "refused", reason: "differs from what fwcall wrote last (edited by hand?); use --force to overwrite" };
  }
  return { ...planned, status: "written" };
}

/**
 * Writes the app's server/test_data files from the fixture catalog; resolves to what happened to each file.
 * Rejects with FdkExportError (or FdkConfigError for the manifest) when the app cannot be exported to at all.
 * @example await exportFdkTestData("apps/missed-call-followup", { caseId: "update/incoming/voicemail/recording" })
 */
export async function exportFdkTestData(appDir: string, options: FdkExportOptions = {}): Promise<ExportedFile[]> {
  const root = await appRoot(appDir);
  const manifest = readFdkManifest(root);
  const chosen = options.caseId === undefined ? undefined : findCase(options.caseId);
  if (chosen?.notApplicable) throw new FdkExportError(`case ${chosen.id} cannot happen: ${chosen.notApplicable}`);
  const files = testDataFiles(manifest).filter((file) => !chosen || file.event === chosen.event);
  if (files.length === 0) {
    const wanted = chosen ? chosen.event : CALL_EVENT_NAMES.join(" or ");
    throw new FdkExportError(`${manifest.path}: the app subscribes to no ${wanted} event, so there is no test_data file to write`);
  }
  const stateText = await readState(root);
  const record = parseState(stateText);
  const testData = join(root, TEST_DATA_DIR);
  const results: Planned[] = [];
  for (const { event, path } of files) {
    const caseId = chosen?.id ?? DEFAULT_EXPORT_CASES[event];
    const payload = buildCase(caseId, { seed: options.seed ?? 1, platform: manifest.platform });
    const text = `${JSON.stringify(storedTestData(payload, manifest.platform), null, 2)}\n`;
    const target = join(root, path);
    const key = relative(testData, target).split(sep).join("/");
    results.push(await plan(root, { event, path, caseId, target, key, text }, record, options.force ?? false));
  }
  for (const result of results) {
    if (result.status === "unchanged") record[result.key] = sha256(result.text);
    if (result.status !== "written") continue;
    try {
      await makeFolder(root, dirname(result.target));
      await replaceFile(root, result.target, result.text);
      record[result.key] = sha256(result.text);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      Object.assign(result, { status: "refused", reason: error.message });
    }
  }
  const wroteAny = results.some((result) => result.status === "written");
  const newState = renderState(record);
  if (newState !== stateText) {
    try {
      await makeFolder(root, testData);
      await replaceFile(root, join(testData, EXPORT_STATE_FILE), newState);
    } catch (error) {
      // With no payload written, an outdated record costs nothing: the files compare equal next time too.
      if (wroteAny || !(error instanceof FdkExportError)) throw error instanceof Refusal ? stateFileError(error) : error;
    }
  }
  return results.map(({ event, path, caseId, status, reason }) => ({ event, path, caseId, status, ...(reason === undefined ? {} : { reason }) }));
}
