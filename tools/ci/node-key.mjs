#!/usr/bin/env node
// turbo's cache key ignores the Node that runs the tasks (turbo.json's globalDependencies can only
// name files), so this writes the Node version into a file turbo.json lists there. `pnpm install`
// (postinstall), every root script that runs turbo, `pnpm fwcall` and test-all write it before
// turbo starts; `turbo` run directly then keys on the Node of the last of those, so it hits the same
// cache as the root scripts. After switching Node, run any of them (or this file) before a bare `turbo`.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/** The file turbo.json's globalDependencies names; ignored by git (it lives in node_modules). */
export const NODE_KEY_FILE = fileURLToPath(new URL("../../node_modules/.cache/fwcall/node-version", import.meta.url));

/**
 * Records `version` as the Node turbo's cache keys on; the file is replaced only when it changes.
 * @example writeNodeKey("v24.11.0"); // before running turbo with Node 24 on PATH
 */
export function writeNodeKey(version = process.version) {
  if (!/^v\d+\.\d+\.\d+/.test(version)) throw new Error(`node-key: "${version}" is not a Node version such as ${process.version}`);
  const text = `${version}\n`;
  let current;
  try {
    current = readFileSync(NODE_KEY_FILE, "utf8");
  } catch {
    current = undefined;
  }
  if (current === text) return;
  mkdirSync(dirname(NODE_KEY_FILE), { recursive: true });
  // Several turbo runs may start at once in one checkout: each writes a whole file and renames it.
  const temporary = `${NODE_KEY_FILE}.${process.pid}`;
  writeFileSync(temporary, text);
  renameSync(temporary, NODE_KEY_FILE);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) writeNodeKey();
