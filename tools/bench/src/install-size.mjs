#!/usr/bin/env node
// What installing fwcall costs a user (issue 13 item 4): the disk a fresh `npm i -D fwcall` takes,
// against `npm i -D @fwcall/validate` alone (what an app's server.js needs at run time). Each
// workspace package is packed as it would be published (`pnpm pack`, which turns `workspace:`
// ranges into versions), and the named package with every workspace package it needs at run time
// is installed with npm (`npm install --save-dev <tarballs>`) into a fresh temp directory, the
// rest coming from the registry or npm's cache as for a user. Measured with du: `du -sk` (disk
// blocks) and `du -sk --apparent-size` (bytes in files) of node_modules, and the packages in it.
// Run: pnpm bench:install-size (from tools/bench, after building), or `node src/install-size.mjs`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Every workspace package by name: its folder and its run-time dependencies. */
function workspacePackages() {
  const found = new Map();
  for (const dir of ["schemas", ...["packages", "tools"].flatMap((group) => readdirSync(join(ROOT, group)).map((name) => join(group, name)))]) {
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8"));
    } catch {
      continue; // a folder that is not a package
    }
    if (manifest.name) found.set(manifest.name, { dir: join(ROOT, dir), dependencies: Object.keys(manifest.dependencies ?? {}) });
  }
  return found;
}

/** The package and every workspace package it needs at run time, transitively. */
function closure(name, packages) {
  const seen = new Set();
  const visit = (n) => {
    const found = packages.get(n);
    if (!found || seen.has(n)) return;
    seen.add(n);
    for (const d of found.dependencies) visit(d);
  };
  visit(name);
  return [...seen];
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|pnpm_)/.test(k))), maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} (in ${cwd}) failed, exit ${result.status}:\n${result.stdout}${result.stderr}`.slice(0, 4000));
  return result.stdout;
}

const du = (path, apparent) => Number(run("du", ["-sk", ...(apparent ? ["--apparent-size"] : []), path], ROOT).split("\t")[0]) / 1024;

/** Installs `name` from packed tarballs into a fresh directory; returns its node_modules sizes (MiB) and package count. */
function measure(name, packages, tarballDir) {
  const names = closure(name, packages);
  const tarballs = names.map((n) => {
    const out = JSON.parse(run("pnpm", ["pack", "--json", "--pack-destination", tarballDir], packages.get(n).dir));
    return (Array.isArray(out) ? out[0] : out).filename;
  });
  const app = mkdtempSync(join(tmpdir(), "fwcall-install-size-"));
  try {
    writeFileSync(join(app, "package.json"), `${JSON.stringify({ name: "fresh-app", version: "1.0.0", private: true }, null, 2)}\n`);
    run("npm", ["install", "--save-dev", "--no-audit", "--no-fund", "--prefer-offline", ...tarballs], app);
    const modules = join(app, "node_modules");
    const count = run("npm", ["ls", "--all", "--parseable"], app).trim().split("\n").length - 1;
    const dirs = readdirSync(modules).filter((d) => !d.startsWith(".")).flatMap((d) => (d.startsWith("@") ? readdirSync(join(modules, d)).map((s) => `${d}/${s}`) : [d]));
    const largest = dirs
      .map((d) => ({ d, mib: du(join(modules, d), false) }))
      .sort((a, b) => b.mib - a.mib)
      .slice(0, 5)
      .map(({ d, mib }) => `${d} ${mib.toFixed(1)}`);
    return { name, workspace: names, disk: du(modules, false), apparent: du(modules, true), count, largest };
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

const packages = workspacePackages();
const tarballDir = mkdtempSync(join(tmpdir(), "fwcall-install-tarballs-"));
try {
  const npmVersion = run("npm", ["--version"], ROOT).trim();
  const rows = ["fwcall", "@fwcall/validate"].map((name) => measure(name, packages, tarballDir));
  console.log(`### Install size\n\nnpm ${npmVersion}, node ${process.version}; a fresh temp directory each, \`npm install --save-dev\` of the packed tarballs of the package and the workspace packages it needs at run time; node_modules measured with \`du -sk\` and \`du -sk --apparent-size\`.\n`);
  console.log("| `npm i -D` | workspace packages in it | packages in node_modules | disk (du -sk) | bytes in files (du --apparent-size) | largest top-level folders (MiB on disk) |");
  console.log("| --- | --- | ---: | ---: | ---: | --- |");
  for (const r of rows) console.log(`| \`${r.name}\` | ${r.workspace.join(", ")} | ${r.count} | ${r.disk.toFixed(1)} MiB | ${r.apparent.toFixed(1)} MiB | ${r.largest.join("; ")} |`);
} finally {
  rmSync(tarballDir, { recursive: true, force: true });
}
