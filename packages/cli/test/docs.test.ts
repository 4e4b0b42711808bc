// `fwcall docs`: its help, a bad --out, and the folders it refuses; the pages themselves are
// @fwcall/interop's renderDocs, tested there on disk and in headless Chromium.
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, tempDir } from "./helpers.js";

describe("fwcall docs", () => {
  it("prints its help, naming the pages, the renderers and the refusal rule", async () => {
    const result = await run(["docs", "--help"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/^Usage: fwcall docs \[--out <dir>\] \[--force\]\n/);
    for (const text of ["asyncapi.html", "openapi.html", "index.html", "redoc@2.5.4", "@asyncapi/react-component@3.2.1", ".fwcall-docs.json", "--force"]) expect(result.stdout).toContain(text);
  });

  it("is listed among the commands", async () => {
    expect((await run(["--help"])).stdout).toMatch(/\n {2}docs {6}render the AsyncAPI and OpenAPI documents/);
  });

  it("writes the pages to --out and says where, exit 0; a second run over its own output works", async () => {
    const out = join(tempDir(), "site", "api");
    const first = await run(["docs", "--out", out]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`Wrote 12 files to ${out} (openapi.html by redoc 2.5.4, asyncapi.html by @asyncapi/react-component 3.2.1).\nOpen ${out}/index.html in a browser; it works offline, from disk.\n`);
    expect(readdirSync(out).sort()).toEqual([".fwcall-docs.json", "assets", "asyncapi.html", "asyncapi.json", "index.html", "openapi.html", "openapi.json"]);
    expect((await run(["docs", "--out", out])).code).toBe(0);
  });

  it.each([
    [["docs", "--out"], "option '--out' needs a value"],
    [["docs", "--out="], "--out must name a folder; found an empty value"],
    [["docs", "site"], "unexpected argument 'site'"],
    [["docs", "--out", "a", "--out", "b"], "--out is given more than once; it takes one value"],
    [["docs", "--force=yes"], "option '--force' does not take a value"],
  ])("refuses the command line %j, exit 2, writing nothing", async (argv, message) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: "", stderr: `fwcall docs: ${message}\nRun 'fwcall docs --help' for usage.\n` });
  });

  it("refuses a non-empty folder it did not write (exit 2, the folder untouched); --force writes beside its files", async () => {
    const out = tempDir();
    writeFileSync(join(out, "index.html"), "my own page");
    const refused = await run(["docs", "--out", out]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toBe(`fwcall docs: ${out} is not empty and fwcall docs did not write it (no .fwcall-docs.json); name a new or empty folder, or pass --force to write fwcall's files into it (its other files are left alone)\n`);
    expect(readdirSync(out)).toEqual(["index.html"]);
    expect(readFileSync(join(out, "index.html"), "utf8")).toBe("my own page");

    writeFileSync(join(out, "notes.md"), "kept");
    const forced = await run(["docs", "--out", out, "--force"]);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain("fwcall: interop documents");
    expect(readFileSync(join(out, "notes.md"), "utf8")).toBe("kept");
  });

  it("refuses a file as --out, and a link as --out even with --force, exit 2", async () => {
    const root = tempDir();
    writeFileSync(join(root, "file"), "x");
    const file = await run(["docs", "--out", join(root, "file")]);
    expect(file).toEqual({ code: 2, stdout: "", stderr: `fwcall docs: ${join(root, "file")} is not a folder; name a new or empty folder for the documentation\n` });

    mkdirSync(join(root, "real"));
    symlinkSync(join(root, "real"), join(root, "link"));
    const link = await run(["docs", "--out", join(root, "link"), "--force"]);
    expect(link.code).toBe(2);
    expect(link.stderr).toContain("is a symbolic link; fwcall docs never writes through links");
    expect(readdirSync(join(root, "real"))).toEqual([]);
  });

  it("writes fwcall-docs/ in the current folder by default", async () => {
    const root = tempDir();
    const cwd = process.cwd();
    process.chdir(root);
    try {
      expect((await run(["docs"])).code).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(existsSync(join(root, "fwcall-docs", "index.html"))).toBe(true);
  });
});
