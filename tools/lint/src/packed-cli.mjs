#!/usr/bin/env node
// `pnpm lint:packed`: packs every publishable package of the workspace (built first: the tarballs
// hold dist/) as `pnpm pack` would publish it, and runs publint and arethetypeswrong on each tarball.
// Prints each failing linter's own words and a last line "N passed, N failed"; exits 1 on a failure.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { lintTarball } from "./packed.mjs";

const root = fileURLToPath(new URL("../../../", import.meta.url));

/** The publishable (not private) packages of the folders pnpm-workspace.yaml lists, as [name, dir]. */
function publishablePackages() {
  const dirs = ["schemas", ...["packages", "tools"].flatMap((group) => readdirSync(join(root, group)).map((name) => join(group, name)))];
  return dirs.flatMap((dir) => {
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
    } catch {
      return []; // a folder that is not a package
    }
    return manifest.name && !manifest.private ? [[manifest.name, join(root, dir)]] : [];
  });
}

const workDir = mkdtempSync(join(tmpdir(), "fwcall-lint-packed-"));
let passed = 0;
let failed = 0;
try {
  for (const [name, dir] of publishablePackages()) {
    const packed = spawnSync("pnpm", ["pack", "--json", "--pack-destination", workDir], { cwd: dir, encoding: "utf8" });
    if (packed.status !== 0) {
      failed++;
      console.log(`✗ ${name}: pnpm pack failed (exit ${packed.status ?? packed.signal})\n${packed.stdout}${packed.stderr}`);
      continue;
    }
    const tarball = JSON.parse(packed.stdout).filename;
    for (const verdict of await lintTarball(name, tarball)) {
      if (verdict.ok) passed++;
      else failed++;
      console.log(`${verdict.ok ? "✓" : "✗"} ${verdict.tool} ${name}`);
      if (!verdict.ok) console.log(verdict.output.trimEnd().replace(/^/gm, "    "));
    }
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
console.log(`packed packages: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
