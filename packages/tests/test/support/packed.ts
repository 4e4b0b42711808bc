// Workspace packages as a user gets them: packed as they would be published (`pnpm pack` turns
// `workspace:` ranges into versions) and installed with npm into a directory outside the monorepo.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The monorepo's root directory. */
export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

interface PackageManifest {
  name?: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  engines?: Record<string, string>;
  exports?: Record<string, unknown>;
}

interface WorkspacePackage {
  dir: string;
  manifest: PackageManifest;
  dependencies: string[];
}

/** Every package of the workspace by name (the folders pnpm-workspace.yaml lists: schemas, packages/*, tools/*). */
export function workspacePackages(): Map<string, WorkspacePackage> {
  const dirs = ["schemas", ...["packages", "tools"].flatMap((group) => readdirSync(join(repoRoot, group)).map((name) => join(group, name)))];
  const packages = new Map<string, WorkspacePackage>();
  for (const dir of dirs) {
    let manifest: PackageManifest;
    try {
      manifest = JSON.parse(readFileSync(join(repoRoot, dir, "package.json"), "utf8"));
    } catch {
      continue; // a folder that is not a package
    }
    if (manifest.name) packages.set(manifest.name, { dir: join(repoRoot, dir), manifest, dependencies: Object.keys(manifest.dependencies ?? {}) });
  }
  return packages;
}

/** The named packages and every workspace package they need at run time (`dependencies`, transitively). */
export function runtimeClosure(names: string[]): string[] {
  const packages = workspacePackages();
  const seen = new Set<string>();
  const visit = (name: string): void => {
    const found = packages.get(name);
    if (!found || seen.has(name)) return;
    seen.add(name);
    found.dependencies.forEach(visit);
  };
  names.forEach(visit);
  return [...seen].sort();
}

/** `pnpm pack`s each named workspace package into `destination`; returns the tarballs' paths. */
export function pack(names: string[], destination: string): string[] {
  const packages = workspacePackages();
  mkdirSync(destination, { recursive: true });
  return names.map((name) => {
    const found = packages.get(name);
    if (!found) throw new Error(`${name} is not a package of this workspace`);
    const result = spawnSync("pnpm", ["pack", "--json", "--pack-destination", destination], { cwd: found.dir, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`pnpm pack of ${name} (${found.dir}) failed, exit ${result.status ?? result.signal}:\n${result.stdout}${result.stderr}`);
    return (JSON.parse(result.stdout) as { filename: string }).filename;
  });
}

/** A fresh directory under the system's temp dir, outside the monorepo (no workspace above it). */
export function freshDirectory(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * The global config file of the npm on PATH, as npm finds it when its own Node runs it:
 * `<prefix>/etc/npmrc`, where npm lives in `<prefix>/lib/node_modules/npm`. Run by another Node
 * first on PATH (CI's Node 24 is a bare binary without npm), npm would look beside that Node instead
 * and miss the machine's settings (its CA file, say: then every registry request fails TLS).
 */
function npmGlobalConfig(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, "npm");
    if (!existsSync(candidate)) continue;
    const config = resolve(realpathSync(candidate), "../../../../../etc/npmrc");
    return existsSync(config) ? config : undefined;
  }
  return undefined;
}

/** Environment for npm and npx in a child, as in a user's shell: without the `npm_*` variables pnpm sets for its scripts, with npm's own global config. */
export function userEnvironment(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_)/.test(key)));
  const globalConfig = npmGlobalConfig(); // pnpm's own npm_config_globalconfig, if any, was left out above
  return globalConfig ? { ...env, npm_config_globalconfig: globalConfig } : env;
}

// npm's defaults wait 5 minutes on a stalled registry request, twice; a stalled request is
// retried soon instead, and the whole install is bounded (a warm cache makes it take seconds).
const NPM_NETWORK = ["--fetch-timeout=30000", "--fetch-retries=4", "--fetch-retry-mintimeout=2000", "--fetch-retry-maxtimeout=10000"];
const NPM_INSTALL_LIMIT_MS = 300_000;

/**
 * Writes `package.json` (merged with `manifest`) into `appDir` and `npm install`s the tarballs
 * there, as a user adds packages to an app; every workspace tarball is named, so npm takes each
 * fwcall dependency from its tarball and the rest from the registry (or npm's cache).
 */
export function npmInstall(appDir: string, tarballs: string[], manifest: Record<string, unknown> = {}): void {
  writeFileSync(join(appDir, "package.json"), `${JSON.stringify({ name: "fresh-app", version: "1.0.0", private: true, ...manifest }, null, 2)}\n`);
  const args = ["install", "--no-audit", "--no-fund", "--prefer-offline", "--no-package-lock", "--loglevel=http", ...NPM_NETWORK, ...tarballs];
  const result = spawnSync("npm", args, { cwd: appDir, encoding: "utf8", env: userEnvironment(), stdio: ["ignore", "pipe", "pipe"], timeout: NPM_INSTALL_LIMIT_MS });
  if (result.status === 0) return;
  const why = result.error ? `${result.error.message} (limit ${NPM_INSTALL_LIMIT_MS / 1000} s)` : `exit ${result.status ?? result.signal}`;
  const lastLines = `${result.stdout ?? ""}${result.stderr ?? ""}`.trimEnd().split("\n").slice(-15).join("\n");
  throw new Error(`npm install in ${appDir} failed: ${why}; npm's last lines:\n${lastLines}`);
}

/** Removes a directory made by freshDirectory. */
export function removeDirectory(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
