// Every published package's package.json checked by the packaging linters users' tools trust, on
// the tarball `pnpm pack` makes: publint (files, exports, fields) and arethetypeswrong (what
// TypeScript resolves under node10, node16 from CJS and from ESM, and bundler resolution, against
// what Node loads), through @fwcall/lint, the same checks `pnpm lint` runs. The runtime packages an
// FDK app requires must be right for CommonJS too.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { attwTarball, publintTarball, RUNTIME_PACKAGES } from "@fwcall/lint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDirectory, pack, removeDirectory, workspacePackages } from "./support/packed.js";

const published = [...workspacePackages()].filter(([, found]) => !found.manifest.private);
// Built-ins Node 18 lacks (ES2023 array copies, ES2024 and later): esbuild's target lowers syntax, not these.
const NEWER_THAN_NODE_18 = /\.(toSorted|toReversed|toSpliced|with|isWellFormed|toWellFormed)\(|\b(Object|Map)\.groupBy\b|\bArray\.fromAsync\b|\bPromise\.withResolvers\b|\bSymbol\.(asyncDispose|dispose)\b/;

/** The files a package's `exports` lead Node to (every `default` target), relative to the package. */
function exportTargets(conditions: unknown): string[] {
  if (typeof conditions === "string") return [];
  return Object.entries(conditions as Record<string, unknown>).flatMap(([key, value]) => (key === "default" && typeof value === "string" ? [value] : exportTargets(value)));
}

describe("published packages' package.json", () => {
  let workDir: string;
  const tarballs = new Map<string, string>();

  beforeAll(() => {
    workDir = freshDirectory("fwcall-exports-");
    const names = published.map(([name]) => name);
    pack(names, workDir).forEach((tarball, i) => tarballs.set(names[i]!, tarball));
  }, 300_000);

  afterAll(() => {
    if (workDir) removeDirectory(workDir);
  });

  it("includes the runtime packages", () => {
    expect(published.map(([name]) => name)).toEqual(expect.arrayContaining([...RUNTIME_PACKAGES, "fwcall"]));
  });

  it("engines tell the truth: runtime packages run on Node 18 (FDK 9), tooling needs Node 20.19", () => {
    const engines = Object.fromEntries(published.map(([name, found]) => [name, found.manifest.engines?.node]));
    const expected = Object.fromEntries(published.map(([name]) => [name, RUNTIME_PACKAGES.includes(name) ? ">=18" : ">=20.19"]));
    expect(engines).toEqual(expected);
  });

  it.each(RUNTIME_PACKAGES)("%s's modules call no built-in that Node 18 lacks", (name) => {
    const found = new Map(published).get(name)!;
    const targets = exportTargets(found.manifest.exports?.["."]);
    expect(targets.length, name).toBeGreaterThanOrEqual(2); // one for import, one for require
    for (const target of targets) {
      const newer = NEWER_THAN_NODE_18.exec(readFileSync(join(found.dir, target), "utf8"));
      expect(newer?.[0], `${name}/${target}`).toBeUndefined();
    }
  });

  it.each(published.map(([name]) => name))("publint finds nothing to fix in %s", async (name) => {
    const verdict = await publintTarball(name, tarballs.get(name)!);
    expect(verdict, verdict.output).toMatchObject({ exitCode: 0, ok: true });
  });

  it.each(RUNTIME_PACKAGES)("arethetypeswrong: %s resolves with types for require and import under every resolution", async (name) => {
    const verdict = await attwTarball(name, tarballs.get(name)!);
    expect(verdict, verdict.output).toMatchObject({ exitCode: 0, ok: true });
    expect(verdict.output).toMatch(/node16 \(from CJS\): 🟢 \(CJS\)/);
  });

  it.each(published.map(([name]) => name).filter((name) => !RUNTIME_PACKAGES.includes(name)))("arethetypeswrong: %s (ESM only) resolves with types from ESM", async (name) => {
    const verdict = await attwTarball(name, tarballs.get(name)!);
    expect(verdict, verdict.output).toMatchObject({ exitCode: 0, ok: true });
  });
});
