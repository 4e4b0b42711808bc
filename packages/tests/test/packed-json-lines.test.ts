// validateJsonLines as users get it: @fwcall/validate packed, installed with npm into a fresh
// directory, and run on worker threads from both of its builds (require() and import()); the
// worker file must be in the tarball and found beside each build.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDirectory, npmInstall, pack, removeDirectory, repoRoot } from "./support/packed.js";

interface Run {
  lines: number;
  valid: number;
  unusable: Array<[number, string]>;
  unusableCount: number;
  ordered: boolean;
  workers: string[];
}

describe("packed @fwcall/validate: validateJsonLines on worker threads", () => {
  let workDir: string;
  let appDir: string;
  let report: { require: Run; import: Run; resolved: string };

  beforeAll(() => {
    workDir = freshDirectory("fwcall-json-lines-");
    appDir = join(workDir, "app");
    mkdirSync(appDir);
    const tarballs = pack(["@fwcall/types", "@fwcall/validate", "@fwcall/schemas"], join(workDir, "tarballs"));
    npmInstall(appDir, tarballs);
    cpSync(join(repoRoot, "packages/tests/installed/json-lines.cjs"), join(appDir, "json-lines.cjs"));
    const out = execFileSync(process.execPath, [join(appDir, "json-lines.cjs")], { cwd: appDir, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
    report = JSON.parse(out) as typeof report;
  }, 600_000);

  afterAll(() => {
    if (workDir) removeDirectory(workDir);
  });

  for (const loader of ["require", "import"] as const) {
    it(`${loader}: starts two workers from the installed dist/json-lines-worker.js and yields every line in order`, () => {
      const run = report[loader];
      expect(run.workers).toEqual([0, 1].map(() => join(appDir, "node_modules/@fwcall/validate/dist/json-lines-worker.js")));
      // 3,000 lines: 31 not JSON (every 97th, from line 6), 96 blank (every 31st from line 1, but one of them is not JSON).
      expect(run.lines).toBe(3000 - 96);
      expect(run.unusableCount).toBe(31);
      expect(run.unusable).toEqual([[6, "invalid-json"], [103, "invalid-json"], [200, "invalid-json"]]);
      expect(run.valid).toBe(3000 - 96 - 31);
      expect(run.ordered).toBe(true);
    });
  }

  it("require() takes the CommonJS build, whose worker sits one folder up", () => {
    expect(report.resolved).toBe(join(appDir, "node_modules/@fwcall/validate/dist/cjs/index.js"));
  });
});
