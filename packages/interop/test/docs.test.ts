// renderDocs on disk: what it writes, where it refuses to write (a folder it did not write, links,
// files where folders belong), and that a second run over its own output is allowed.
import { execFileSync } from "node:child_process";
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { DOCS_INSTALL_COMMAND, DOCS_RECORD_FILE, DOCS_RENDERERS, DocsError, renderDocs } from "../docs.js";
import { asyncApiPath, openApiPath } from "../index.js";

const made: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), "fwcall-docs-fs-"));
  made.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const PAGES = ["index.html", "asyncapi.html", "openapi.html"];

describe("renderDocs", () => {
  it("writes the pages, the documents, the renderers' bundles and its record into a new folder", async () => {
    const root = scratch();
    const result = await renderDocs("out/docs", { cwd: root });
    const out = join(root, "out", "docs");
    expect(result.outDir).toBe(out);
    expect(result.files.slice(0, 5)).toEqual([...PAGES, "asyncapi.json", "openapi.json"]);
    expect(result.files.filter((f) => f.startsWith("assets/")).sort()).toEqual(DOCS_RENDERERS.flatMap((r) => r.files.map(([, to]) => to)).sort());
    expect(result.renderers.map(({ name, version }) => `${name}@${version}`)).toEqual(DOCS_RENDERERS.map((r) => `${r.name}@${r.version}`));
    expect(result.warnings).toEqual([]);
    expect(readdirSync(out).sort()).toEqual([DOCS_RECORD_FILE, "assets", "asyncapi.html", "asyncapi.json", "index.html", "openapi.html", "openapi.json"]);
    expect(readFileSync(join(out, "openapi.json"), "utf8")).toBe(readFileSync(openApiPath, "utf8"));
    expect(readFileSync(join(out, "asyncapi.json"), "utf8")).toBe(readFileSync(asyncApiPath, "utf8"));
    expect(JSON.parse(readFileSync(join(out, DOCS_RECORD_FILE), "utf8"))).toMatchObject({ generator: "fwcall docs", files: result.files });
    // No temp file is left behind.
    expect(readdirSync(join(out, "assets")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("names no address outside the folder that a page would load: no http(s) src or href, the CDN logo edited out", async () => {
    const out = join(scratch(), "docs");
    await renderDocs(out);
    for (const page of PAGES) {
      const html = readFileSync(join(out, page), "utf8");
      expect([...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]).filter((url) => /^[a-z]+:|^\/\//i.test(url!)), page).toEqual([]);
    }
    const redoc = readFileSync(join(out, "assets/redoc.standalone.js"), "utf8");
    // Booleans: a failure here must not print a megabyte of bundle.
    expect(redoc.includes("cdn.redoc.ly")).toBe(false);
    expect(/\/\/# sourceMappingURL=\S+\s*$/.test(redoc)).toBe(false);
  });

  it("keeps a description's </script> from ending the script element that carries the document", async () => {
    const out = join(scratch(), "docs");
    await renderDocs(out);
    const html = readFileSync(join(out, "openapi.html"), "utf8");
    const json = /<script type="application\/json" id="fwcall-openapi">([^]*?)<\/script>/.exec(html)?.[1];
    expect(JSON.parse(json!)).toEqual(JSON.parse(readFileSync(openApiPath, "utf8")));
    expect(json).not.toContain("<");
  });

  it("writes again over its own output, and into an empty folder", async () => {
    const out = join(scratch(), "docs");
    await renderDocs(out);
    writeFileSync(join(out, "index.html"), "stale");
    writeFileSync(join(out, "notes.txt"), "mine");
    await renderDocs(out);
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain("fwcall: interop documents");
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("mine");
    const empty = join(scratch(), "empty");
    mkdirSync(empty);
    await expect(renderDocs(empty)).resolves.toMatchObject({ outDir: empty });
  });

  it("refuses a non-empty folder it did not write, unless forced, and then leaves the other files alone", async () => {
    const out = scratch();
    writeFileSync(join(out, "index.html"), "someone's page");
    const refused = renderDocs(out);
    await expect(refused).rejects.toThrow(DocsError);
    await expect(refused).rejects.toThrow(/is not empty and fwcall docs did not write it .*--force/);
    expect(readFileSync(join(out, "index.html"), "utf8")).toBe("someone's page");
    expect(readdirSync(out)).toEqual(["index.html"]);
    await renderDocs(out, { force: true });
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain("fwcall: interop documents");
  });

  it("refuses a record file that is not a regular file as proof of its own output", async () => {
    const out = scratch();
    mkdirSync(join(out, DOCS_RECORD_FILE));
    await expect(renderDocs(out)).rejects.toThrow(/did not write it/);
  });

  it("never writes through a link: the output folder, its assets folder or a page being one", async () => {
    const root = scratch();
    const elsewhere = join(root, "elsewhere");
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, "index.html"), "keep");

    symlinkSync(elsewhere, join(root, "linked"));
    await expect(renderDocs(join(root, "linked"), { force: true })).rejects.toThrow(/is a symbolic link; fwcall docs never writes through links/);

    const out = join(root, "out");
    await renderDocs(out);
    rmSync(join(out, "assets"), { recursive: true });
    symlinkSync(elsewhere, join(out, "assets"));
    await expect(renderDocs(out)).rejects.toThrow(/assets is a symbolic link/);
    rmSync(join(out, "assets"));

    rmSync(join(out, "index.html"));
    symlinkSync(join(elsewhere, "index.html"), join(out, "index.html"));
    await expect(renderDocs(out)).rejects.toThrow(/index\.html is a symbolic link; fwcall docs never writes through it/);
    expect(readFileSync(join(elsewhere, "index.html"), "utf8")).toBe("keep");
    expect(lstatSync(join(out, "index.html")).isSymbolicLink()).toBe(true);
    expect(readdirSync(out).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("refuses a file as the output folder, and an empty path", async () => {
    const root = scratch();
    writeFileSync(join(root, "file"), "x");
    await expect(renderDocs(join(root, "file"))).rejects.toThrow(/is not a folder/);
    await expect(renderDocs(join(root, "file", "below"))).rejects.toThrow(DocsError);
    await expect(renderDocs("  ")).rejects.toThrow(/non-empty path/);
  });

  it("without the renderers, says which are missing and how to install them, and writes nothing", () => {
    // The package's own files, copied where neither they nor the current folder can reach a renderer,
    // run by a plain node without pnpm's NODE_PATH (which reaches every package of the workspace).
    const copy = join(scratch(), "node_modules", "@fwcall", "interop");
    for (const file of ["package.json", "index.cjs", "index.js", "docs.js", "src/generated"]) cpSync(new URL(`../${file}`, import.meta.url), join(copy, file), { recursive: true });
    const cwd = scratch();
    const script = `import(${JSON.stringify(pathToFileURL(join(copy, "docs.js")).href)}).then((m) => m.renderDocs("out").then(() => "rendered", (e) => \`\${e instanceof m.DocsError}: \${e.message}\`)).then((line) => console.log(line))`;
    const { NODE_PATH: _, ...env } = process.env;
    const output = execFileSync(process.execPath, ["-e", script], { cwd, env, encoding: "utf8" });
    expect(output).toBe(
      "true: rendering the documents needs redoc@2.5.4 and @asyncapi/react-component@3.2.1, which are not installed (optional: only fwcall docs uses them); install with: npm install --save-dev redoc@2.5.4 @asyncapi/react-component@3.2.1\n",
    );
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("says how to install the renderers, at the versions it is tested with", () => {
    expect(DOCS_INSTALL_COMMAND).toBe("npm install --save-dev redoc@2.5.4 @asyncapi/react-component@3.2.1");
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { peerDependencies: Record<string, string>; peerDependenciesMeta: Record<string, { optional?: boolean }>; devDependencies: Record<string, string> };
    for (const renderer of DOCS_RENDERERS) {
      expect(manifest.peerDependencies[renderer.name], renderer.name).toBe(renderer.version);
      expect(manifest.peerDependenciesMeta[renderer.name]?.optional, renderer.name).toBe(true);
      expect(manifest.devDependencies[renderer.name], renderer.name).toBe(renderer.version);
    }
  });
});
