// `changeset version` over a copy of the workspace's manifests and .changeset/config.json (never the
// real tree): a sample changeset for @fwcall/types must bump it, bump every publishable package that
// depends on it (it is published with the new version), write their changelogs, and leave private
// packages and unrelated ones alone.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const changeset = join(root, "node_modules", ".bin", "changeset");

/** Every workspace package's folder (relative) and manifest: the folders pnpm-workspace.yaml lists. */
function workspaceManifests() {
  const dirs = ["schemas", ...["packages", "tools"].flatMap((group) => readdirSync(join(root, group)).map((name) => join(group, name)))];
  return dirs.filter((dir) => existsSync(join(root, dir, "package.json"))).map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) }));
}

/** The names of the packages that need `name` at run time, directly or through each other. */
function dependentsOf(name, packages) {
  const found = new Set();
  let grew = true;
  while (grew) {
    grew = false;
    for (const { manifest } of packages) {
      const needs = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
      if (!found.has(manifest.name) && needs.some((dep) => dep === name || found.has(dep))) {
        found.add(manifest.name);
        grew = true;
      }
    }
  }
  return found;
}

const bump = (version, part) => {
  const [major, minor, patch] = version.split(".").map(Number);
  return part === "minor" ? `${major}.${minor + 1}.0` : `${major}.${minor}.${patch + 1}`;
};

describe("changeset version", () => {
  const packages = workspaceManifests();
  const published = packages.filter(({ manifest }) => !manifest.private);
  const dependents = dependentsOf("@fwcall/types", published);
  let copy;
  let result;
  const after = (dir) => JSON.parse(readFileSync(join(copy, dir, "package.json"), "utf8"));
  const changelog = (dir) => readFileSync(join(copy, dir, "CHANGELOG.md"), "utf8");

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), "fwcall-changeset-"));
    for (const file of ["package.json", "pnpm-workspace.yaml", ".changeset/config.json"]) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      cpSync(join(root, file), join(copy, file));
    }
    for (const { dir } of packages) {
      mkdirSync(join(copy, dir), { recursive: true });
      cpSync(join(root, dir, "package.json"), join(copy, dir, "package.json"));
    }
    writeFileSync(join(copy, ".changeset", "sample-types-change.md"), '---\n"@fwcall/types": minor\n---\n\nA sample change to the call types.\n');
    result = spawnSync(changeset, ["version"], { cwd: copy, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  }, 120_000);

  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it("runs and uses up the changeset", () => {
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
    expect(existsSync(join(copy, ".changeset", "sample-types-change.md"))).toBe(false);
  });

  it("bumps @fwcall/types by the changeset's minor and writes its changelog entry", () => {
    const types = published.find(({ manifest }) => manifest.name === "@fwcall/types");
    const version = bump(types.manifest.version, "minor");
    expect(after(types.dir).version).toBe(version);
    expect(changelog(types.dir)).toContain(`## ${version}\n\n### Minor Changes\n\n- A sample change to the call types.`);
  });

  it("bumps every publishable package that needs @fwcall/types by a patch, naming the new version", () => {
    expect([...dependents]).toEqual(expect.arrayContaining(["@fwcall/validate", "fwcall"]));
    for (const { dir, manifest } of published.filter(({ manifest }) => dependents.has(manifest.name))) {
      expect(after(dir).version, manifest.name).toBe(bump(manifest.version, "patch"));
      // It names a dependency of its own and that dependency's new version (directly @fwcall/types or one that needs it).
      const named = /### Patch Changes\n\n(?:- Updated dependencies\n {2})?- (@fwcall\/[a-z-]+)@(\d+\.\d+\.\d+)/.exec(changelog(dir));
      expect(named, manifest.name).not.toBeNull();
      const [, dependency, version] = named;
      expect(Object.keys(manifest.dependencies ?? {}), manifest.name).toContain(dependency);
      expect(after(published.find((found) => found.manifest.name === dependency).dir).version, manifest.name).toBe(version);
    }
  });

  it("leaves publishable packages that do not need @fwcall/types, and every private package, as they were", () => {
    const untouched = packages.filter(({ manifest }) => manifest.name !== "@fwcall/types" && !dependents.has(manifest.name));
    expect(untouched.map(({ manifest }) => manifest.name)).toEqual(expect.arrayContaining(["@fwcall/schemas", "@fwcall/tests", "@fwcall/example-fdk-app"]));
    for (const { dir, manifest } of untouched) {
      expect(after(dir), manifest.name).toEqual(manifest);
      expect(existsSync(join(copy, dir, "CHANGELOG.md")), manifest.name).toBe(false);
    }
  });
});
