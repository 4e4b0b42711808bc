// Every published package's package.json checked by the packaging linters users' tools trust, on
// the tarball `pnpm pack` makes: publint (files, exports, fields) and arethetypeswrong (what
// TypeScript resolves under node10, node16 from CJS and from ESM, and bundler resolution, against
// what Node loads). The runtime packages an FDK app requires must be right for CommonJS too.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDirectory, pack, removeDirectory, workspacePackages } from "./support/packed.js";

const RUNTIME_PACKAGES = ["@fwcall/types", "@fwcall/validate", "@fwcall/schemas"];
const published = [...workspacePackages()].filter(([, found]) => !found.manifest.private);
const bin = (tool: string) => join(import.meta.dirname, "../node_modules/.bin", tool);
const run = promisify(execFile);
// Built-ins Node 18 lacks (ES2023 array copies, ES2024 and later): esbuild's target lowers syntax, not these.
const NEWER_THAN_NODE_18 = /\.(toSorted|toReversed|toSpliced|with|isWellFormed|toWellFormed)\(|\b(Object|Map)\.groupBy\b|\bArray\.fromAsync\b|\bPromise\.withResolvers\b|\bSymbol\.(asyncDispose|dispose)\b/;

/** The files a package's `exports` lead Node to (every `default` target), relative to the package. */
function exportTargets(conditions: unknown): string[] {
  if (typeof conditions === "string") return [];
  return Object.entries(conditions as Record<string, unknown>).flatMap(([key, value]) => (key === "default" && typeof value === "string" ? [value] : exportTargets(value)));
}

/** A linter's verdict: its exit code and what it printed, so a failure shows the linter's own words. */
async function lint(tool: string, args: string[]): Promise<{ exitCode: number; output: string }> {
  try {
    const { stdout, stderr } = await run(bin(tool), args, { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
    return { exitCode: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { exitCode: typeof failed.code === "number" ? failed.code : -1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
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
    const verdict = await lint("publint", [tarballs.get(name)!, "--strict"]);
    expect(verdict, verdict.output).toMatchObject({ exitCode: 0 });
    expect(verdict.output).toContain("All good!");
  });

  it.each(RUNTIME_PACKAGES)("arethetypeswrong: %s resolves with types for require and import under every resolution", async (name) => {
    const jsonEntries = name === "@fwcall/schemas" ? ["--include-entrypoints", "./call.json", "./enums/direction.json", "./rest/call.json"] : [];
    const verdict = await lint("attw", [tarballs.get(name)!, "--profile", "strict", "--format", "ascii", ...jsonEntries]);
    expect(verdict, verdict.output).toMatchObject({ exitCode: 0 });
    expect(verdict.output).toContain("No problems found");
    expect(verdict.output).toMatch(/node16 \(from CJS\): 🟢 \(CJS\)/);
  });

  it.each(published.map(([name]) => name).filter((name) => !RUNTIME_PACKAGES.includes(name)))("arethetypeswrong: %s (ESM only) resolves with types from ESM", async (name) => {
    const verdict = await lint("attw", [tarballs.get(name)!, "--profile", "esm-only", "--format", "ascii"]);
    expect(verdict, verdict.output).toMatchObject({ exitCode: 0 });
  });
});
