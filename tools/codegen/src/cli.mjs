#!/usr/bin/env node
// fwcall-codegen [--check]: writes every generated file, or with --check exits 1 when a file on
// disk differs from what generation produces (the CI drift gate).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateAll } from "./index.mjs";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const check = process.argv.includes("--check");
const only = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));

const readOrNull = (path) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
};

const drifted = [];
for (const [file, contents] of await generateAll()) {
  if (only.length && !only.some((prefix) => file.startsWith(prefix))) continue;
  const path = join(repoRoot, file);
  if (readOrNull(path) === contents) continue;
  if (check) {
    drifted.push(file);
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, contents);
    console.log(`wrote ${file}`);
  }
}
if (drifted.length) {
  console.error(`Generated files differ from what schemas/ produces (run \`pnpm generate\`):\n  ${drifted.join("\n  ")}`);
  process.exit(1);
}
if (check) console.log("generated files match schemas/");
