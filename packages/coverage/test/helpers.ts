// Paths of the fixture apps, and temp directories for apps written by a test.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";

const APPS = fileURLToPath(new URL("./apps/", import.meta.url));
export const app = (name: string) => join(APPS, name);

/** A short limit, for runs that assert only what it stops (a stop is a stop however busy the machine). */
export const SHORT = 60;

/** A limit for runs where other cells must still finish in time: generous enough with both cores busy, far below the FDK's 20 s. */
export const GENEROUS = 1_000;

/** An iparams value no report may ever show. */
export const SECRET = "SECRET-KEY-5f1e2d";
export const IPARAMS = { api_key: SECRET, domain: "acme.freshdesk.com" };

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes files (JSON values pretty-printed) under a fresh temp directory, removed after the test. */
export function withFiles(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "fwcall-coverage-test-"));
  dirs.push(dir);
  for (const [name, contents] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof contents === "string" ? contents : `${JSON.stringify(contents, null, 2)}\n`);
  }
  return dir;
}

/** A platform 3.0 manifest subscribing these events to these handler names. */
export function manifest3(handlers: Record<string, string>): unknown {
  return { "platform-version": "3.0", modules: { call: { events: Object.fromEntries(Object.entries(handlers).map(([event, handler]) => [event, { handler }])) } } };
}

/** The workspace's @fwcall/types source as one CommonJS file (made by `pnpm generate`): what the test apps require, without a build. */
export const MODULES = { "@fwcall/types": fileURLToPath(new URL("../src/generated/fwcall-types.cjs", import.meta.url)) };
