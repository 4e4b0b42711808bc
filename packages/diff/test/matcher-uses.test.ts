// Which lines of a consumer's source use a matcher: comments are not uses, and what looks like a
// comment inside a string or template literal is no comment.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findMatcherConsumers } from "../src/index.js";

const temp = mkdtempSync(join(tmpdir(), "fwcall-diff-uses-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A consumer folder whose one source file holds `source`; the lines that use each matcher. */
function usesIn(source: string): Record<string, number[]> {
  const dir = mkdtempSync(join(temp, "app-"));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "app" }));
  writeFileSync(join(dir, "src/index.ts"), `import * as types from "@fwcall/types";\n${source}`);
  const found = findMatcherConsumers([dir], ["matchCallStatus", "matchDirection"], temp);
  return Object.fromEntries([...(found[0]?.uses ?? new Map())].map(([name, uses]) => [name, uses.map((u: { line: number }) => u.line)]));
}

describe("findMatcherConsumers reads comments as comments, and strings as strings", () => {
  it("a '/*' in a string hides no use after it", () => {
    expect(usesIn('const open = "/*";\nmatchCallStatus(s, {});\nconst close = "*/";\n')).toEqual({ matchCallStatus: [3] });
  });

  it("a '//' in a string, or a template literal, hides nothing after it on its line", () => {
    expect(usesIn('const path = "a//b"; matchDirection(d, {});\nconst t = `see /* here`; matchCallStatus(s, {});\n')).toEqual({ matchDirection: [2], matchCallStatus: [3] });
  });

  it("comments are still no uses, and line numbers hold across a block comment", () => {
    expect(usesIn('// matchCallStatus\n/* matchDirection\n   matchCallStatus */\nconst url = "https://example.com/"; // matchDirection\nmatchDirection(d, {});\n')).toEqual({ matchDirection: [6] });
  });
});
