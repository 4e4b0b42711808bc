// Manifests of the app layouts the FDK knows, and temp app folders made from them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach } from "vitest";

export const EVENTS = { onCallCreate: { handler: "onCallCreateHandler" }, onCallUpdate: { handler: "onCallUpdateHandler" } };

/** Platform 3.0, call events in the `call` module (the FDK's own template). */
export const V3 = { "platform-version": "3.0", modules: { common: {}, call: { events: EVENTS } }, engines: { node: "18.20.8", fdk: "9.7.4" } };
/** Platform 3.0 with call events under `caller_conversation` and an unused module given `events: []`. */
export const V3_CALLER_CONVERSATION = {
  "platform-version": "3.0",
  modules: { common: { requests: {} }, support_ticket: { events: [] }, caller_conversation: { events: { onCallCreate: { handler: "created" }, onCallUpdate: { handler: "updated" } } } },
};
/** Platform 2.x, one product. */
export const V2 = { "platform-version": "2.3", product: { freshcaller: { events: EVENTS, location: {} } } };
/** Platform 2.x with two products: payloads go under server/test_data/<product>/. */
export const V2_MULTI = { "platform-version": "2.3", product: { freshdesk: { events: { onTicketCreate: { handler: "onTicket" } } }, freshcaller: { events: EVENTS } } };

/** The three layouts every end-to-end test covers. */
export const LAYOUTS = { "2.x": V2, "2.x multi-product": V2_MULTI, "3.0": V3 } as const;

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A fresh temp folder, removed after the test. */
export function tempDir(prefix = "fwcall-fdk-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** A temp app holding this manifest (a string is written as it is) and these extra files. */
export function app(manifest: unknown, files: Record<string, string> = {}): string {
  const dir = tempDir();
  writeFileSync(join(dir, "manifest.json"), typeof manifest === "string" ? manifest : JSON.stringify(manifest, null, 2));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
