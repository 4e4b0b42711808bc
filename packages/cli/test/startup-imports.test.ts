// `fwcall validate <file>` starts within 1.5x of a bare script importing @fwcall/validate (issue 13
// item 4; bench:startup measures it) because a command's module is imported only when it runs.
// This holds the import graph to that: what `fwcall validate` loads before it reads its first file,
// followed through static imports from the source, reaches no package beyond @fwcall/validate,
// @fwcall/types and Node's own.
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));

/** The specifiers a module imports statically (type-only imports and `import()` left out). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?\sfrom\s+"([^"]+)";/gms), ...text.matchAll(/^import\s+"([^"]+)";/gm)].map((m) => m[1]!);
}

/** Every module reached from the entry modules by static imports, and the packages they import (by package name, without a subpath). */
function reach(entries: string[]): { modules: string[]; packages: string[] } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (modules.has(file)) return;
    modules.add(file);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith(".")) visit(join(dirname(file), specifier.replace(/\.js$/, ".ts")));
      else packages.add(specifier.startsWith("node:") ? specifier : specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/"));
    }
  };
  for (const entry of entries) visit(join(SRC, entry));
  return { modules: [...modules].map((m) => relative(SRC, m)).sort(), packages: [...packages].sort() };
}

describe("what `fwcall validate` loads at start", () => {
  it("main.ts imports no command module statically", () => {
    expect(reach(["main.ts"]).modules.filter((m) => m.startsWith("commands/"))).toEqual([]);
  });

  it("main.ts and the validate command reach only @fwcall/validate, @fwcall/types and node: modules", () => {
    const { packages } = reach(["bin.ts", "main.ts", "commands/validate.ts"]);
    expect(packages.filter((p) => !p.startsWith("node:"))).toEqual(["@fwcall/types", "@fwcall/validate"]);
  });

  it("follows the imports it should: the graph of the validate command holds its readers", () => {
    const { modules } = reach(["commands/validate.ts"]);
    expect(modules).toEqual(expect.arrayContaining(["commands/validate.ts", "commands/validate-fdk.ts", "json-input.ts", "report.ts", "args.ts"]));
  });
});
