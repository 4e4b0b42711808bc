import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { run } from "./helpers.js";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

describe("fwcall", () => {
  it.each([["--help"], ["-h"]])("prints its help for %s and exits 0", async (flag) => {
    const result = await run([flag]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("Usage: fwcall <command> [options]");
    expect(result.stdout).toMatch(/\n {2}validate {2}check call-event payload JSON files/);
    expect(result.stdout).toContain("--version");
  });

  it("prints the package version", async () => {
    expect(await run(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it.each([
    [[], "missing a command (commands: validate, fixtures, fdk, coverage, mock, contracts, diff, docs)"],
    [["lint", "a.json"], "unknown command 'lint' (commands: validate, fixtures, fdk, coverage, mock, contracts, diff, docs)"],
    [["--json"], "unknown option '--json'"],
  ])("exits 2 for %j", async (argv, message) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: "", stderr: `fwcall: ${message}\nRun 'fwcall --help' for usage.\n` });
  });
});

describe("fwcall: an option that takes one value, given twice", () => {
  it.each([
    [["fdk", "export", ".", "--case", "create/incoming/connecting", "--case", "update/incoming/missed/status-change"], "fwcall fdk: --case is given more than once; it takes one value"],
    [["validate", "--profile", "strict", "--profile", "lenient", "x.json"], "fwcall validate: --profile is given more than once; it takes one value"],
  ])("is refused in one line, exit 2, rather than the last one silently winning: %j", async (argv, message) => {
    const result = await run(argv);
    expect(result.stderr.split("\n")[0]).toBe(message);
    expect(result.code).toBe(2);
  });
});
