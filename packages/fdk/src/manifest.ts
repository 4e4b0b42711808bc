// Reads an FDK app's manifest.json: the platform and which handler each call event goes to.
// Platform 2.x lists events under `product.<product>.events`, 3.0 under `modules.<module>.events`.
import { closeSync, constants, fstatSync, openSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { CALL_EVENT_NAMES, type CallEventName } from "@fwcall/types";
import { FdkConfigError } from "./errors.js";

/** ":line:column" of the offset a JSON.parse error names ("… at position 22"), or "" when it names none. */
function atLineColumn(text: string, error: unknown): string {
  const position = /at position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
  if (position === undefined) return "";
  const before = text.slice(0, Number(position));
  const lineStart = before.lastIndexOf("\n") + 1;
  return `:${before.split("\n").length}:${Number(position) - lineStart + 1}`;
}

/** Platform 2.x (product-based manifest, account_id/domain envelope) or 3.0 (modules, currentHost). */
export type FdkPlatform = "2.x" | "3.0";

/** The `platform-version` values the FDK accepts, and the platform each one means. */
export const PLATFORM_VERSIONS: Readonly<Record<string, FdkPlatform>> = { "2.0": "2.x", "2.1": "2.x", "2.2": "2.x", "2.3": "2.x", "3.0": "3.0" };

/** A call event an app subscribes to: in which product (2.x) or module (3.0), handled by which function. */
export interface FdkEventBinding {
  event: CallEventName;
  handler: string;
  /** The product (2.x) or module (3.0) whose `events` name it. */
  group: string;
}

/** What fwcall needs to know of an app's manifest.json. */
export interface FdkManifest {
  /** The manifest file, as given (or "manifest.json"). */
  path: string;
  platform: FdkPlatform;
  /** The manifest's `platform-version`, e.g. "2.3" or "3.0". */
  platformVersion: string;
  /** Every call-event subscription, in manifest order. */
  events: FdkEventBinding[];
  /** The handler each call event runs (the `freshcaller` product or `call` module wins when several name one). */
  handlers: Record<CallEventName, string | undefined>;
  /** The products (2.x) or modules (3.0) that subscribe to a call event. */
  products: string[];
  /** Every product (2.x) or module (3.0) the manifest declares, `common` included. */
  groups: string[];
}

/** Products and modules become folder names under server/test_data: nothing that could leave it. */
const FOLDER_NAME = /^[A-Za-z0-9_-]+$/;
/** Where several groups name the same call event, the handler of this one is the one that runs. */
const PREFERRED_GROUP: Record<FdkPlatform, string> = { "2.x": "freshcaller", "3.0": "call" };

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);
const show = (value: unknown) => (value === undefined ? "nothing" : JSON.stringify(value));

function platformOf(manifest: Record<string, unknown>, path: string): { platform: FdkPlatform; platformVersion: string } {
  const version = manifest["platform-version"];
  const supported = `the FDK supports ${Object.keys(PLATFORM_VERSIONS).map((v) => `"${v}"`).join(", ")}`;
  if (typeof version !== "string") {
    throw new FdkConfigError(`${path}: "platform-version" must be a string such as "3.0" (found ${show(version)}); ${supported}`);
  }
  const platform = Object.hasOwn(PLATFORM_VERSIONS, version) ? PLATFORM_VERSIONS[version] : undefined;
  if (!platform) throw new FdkConfigError(`${path}: unsupported "platform-version" ${JSON.stringify(version)}; ${supported}. Set one of these in manifest.json`);
  return { platform, platformVersion: version };
}

/** The call events one product or module subscribes to; `events: []` means none, as the FDK reads it. */
function bindingsOf(group: string, body: unknown, where: string, path: string): FdkEventBinding[] {
  if (body === undefined || body === null) return [];
  if (!isRecord(body)) throw new FdkConfigError(`${path}: ${where} must be an object (found ${show(body)})`);
  const events = body.events;
  if (events === undefined || (Array.isArray(events) && events.length === 0)) return [];
  if (!isRecord(events)) throw new FdkConfigError(`${path}: ${where}.events must be an object of { "<event>": { "handler": "<function name>" } } (found ${show(events)})`);
  const bindings: FdkEventBinding[] = [];
  for (const event of CALL_EVENT_NAMES) {
    if (!Object.hasOwn(events, event)) continue;
    const entry = events[event];
    const handler = isRecord(entry) ? entry.handler : undefined;
    if (typeof handler !== "string" || handler.trim() === "") {
      throw new FdkConfigError(`${path}: ${where}.events.${event} must be { "handler": "<function name exported by server/server.js>" } (found ${show(entry)})`);
    }
    if (!FOLDER_NAME.test(group)) {
      throw new FdkConfigError(`${path}: ${where} name ${JSON.stringify(group)} cannot be a folder name under server/test_data; use letters, digits, _ and -`);
    }
    bindings.push({ event, handler, group });
  }
  return bindings;
}

/**
 * Reads a parsed manifest.json: platform, call-event subscriptions and their handlers. Throws FdkConfigError.
 * @example parseFdkManifest({ "platform-version": "3.0", modules: { call: { events: { onCallCreate: { handler: "onCreate" } } } } }).handlers.onCallCreate // "onCreate"
 */
export function parseFdkManifest(json: unknown, path = "manifest.json"): FdkManifest {
  if (!isRecord(json)) throw new FdkConfigError(`${path}: expected a JSON object (found ${Array.isArray(json) ? "an array" : show(json)})`);
  const { platform, platformVersion } = platformOf(json, path);
  const key = platform === "3.0" ? "modules" : "product";
  const declared = json[key];
  if (!isRecord(declared)) {
    throw new FdkConfigError(`${path}: platform ${platformVersion} apps list their events under "${key}", which is ${declared === undefined ? "missing" : `not an object (found ${show(declared)})`}`);
  }
  const groups = Object.keys(declared);
  const events = groups.flatMap((group) => bindingsOf(group, declared[group], `${key}.${group}`, path));
  const handlers = Object.fromEntries(CALL_EVENT_NAMES.map((event) => [event, undefined])) as Record<CallEventName, string | undefined>;
  for (const event of CALL_EVENT_NAMES) {
    const named = events.filter((binding) => binding.event === event);
    handlers[event] = (named.find((binding) => binding.group === PREFERRED_GROUP[platform]) ?? named[0])?.handler;
  }
  const products = [...new Set(events.map((binding) => binding.group))];
  return { path, platform, platformVersion, events, handlers, products, groups };
}

/** A manifest is a few kilobytes; anything this big is not one, and is not read into memory. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/**
 * Reads a JSON file that must be a regular file. Checked on the opened descriptor, so what is read is what
 * was checked; O_NONBLOCK: opening a FIFO does not wait for a writer, and it is refused before any read.
 */
function readJsonFile(path: string, what: string): unknown {
  let text: string;
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new FdkConfigError(`${path}: ${what} is not a regular file`);
    if (stat.size > MAX_MANIFEST_BYTES) throw new FdkConfigError(`${path}: ${what} is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB, so not an FDK manifest`);
    text = readFileSync(fd, "utf8");
  } catch (error) {
    if (error instanceof FdkConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const hint = code === "ENOENT" || code === "ENOTDIR" ? `is ${dirname(path)} a Freshworks app directory?` : "check its permissions";
    throw new FdkConfigError(`${path}: cannot read ${what} (${code}); ${hint}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FdkConfigError(`${path}${atLineColumn(text, error)}: not valid JSON (${(error as Error).message})`);
  }
}

/**
 * Reads `<appDir>/manifest.json`. Throws FdkConfigError naming the file and what to fix.
 * @example readFdkManifest("apps/missed-call-followup").platform // "3.0"
 */
export function readFdkManifest(appDir: string): FdkManifest {
  const path = join(appDir, "manifest.json");
  return parseFdkManifest(readJsonFile(path, "the app's manifest"), path);
}

/**
 * The FDK app a file or folder belongs to: the nearest folder at or above it holding a manifest.json.
 * @example findFdkApp("apps/my-app/server/server.js")?.appDir // "/…/apps/my-app"
 */
export function findFdkApp(path: string): { appDir: string; manifest: FdkManifest } | undefined {
  let dir = resolve(path);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (;;) {
    const candidate = join(dir, "manifest.json");
    let found = false;
    try {
      found = statSync(candidate).isFile();
    } catch {
      found = false;
    }
    if (found) return { appDir: dir, manifest: readFdkManifest(dir) };
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
