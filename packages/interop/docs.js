// `@fwcall/interop/docs`: the two documents as static HTML pages that work offline. The renderers are
// the projects' own browser bundles (Redoc for OpenAPI, the AsyncAPI React component for AsyncAPI),
// copied beside the pages as files, never imported into Node: rendering costs a few file copies. They
// are optional peer dependencies, so a user who never renders documentation never installs them
// (together some 300 packages and 190 MB, for two files).
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { lstat, mkdir, open, readFile, readdir, rename, unlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { asyncApiPath, openApiPath } from "./index.cjs";

const { O_CREAT, O_EXCL, O_WRONLY, O_NOFOLLOW } = constants;

/** The file in an output folder that says fwcall docs wrote it, so a second run may write there again. */
export const DOCS_RECORD_FILE = ".fwcall-docs.json";

/**
 * The renderers, at the versions fwcall's browser test renders with: each package's files that a page
 * needs, and where they go in the output folder. The exact versions are the optional peer dependencies.
 */
export const DOCS_RENDERERS = [
  {
    name: "redoc",
    version: "2.5.4",
    renders: "openapi.html",
    files: [
      ["bundles/redoc.standalone.js", "assets/redoc.standalone.js"],
      ["bundles/redoc.standalone.js.LICENSE.txt", "assets/redoc.standalone.js.LICENSE.txt"],
      ["LICENSE", "assets/redoc.LICENSE"],
    ],
  },
  {
    name: "@asyncapi/react-component",
    version: "3.2.1",
    renders: "asyncapi.html",
    files: [
      ["browser/standalone/index.js", "assets/asyncapi-react.standalone.js"],
      ["browser/standalone/index.js.LICENSE.txt", "assets/asyncapi-react.standalone.js.LICENSE.txt"],
      ["styles/default.min.css", "assets/asyncapi-react.css"],
      ["LICENSE", "assets/asyncapi-react.LICENSE"],
    ],
  },
];

/**
 * Text changed in a renderer's bundle as it is copied. Redoc 2's side menu credits Redocly with a logo
 * it loads from Redocly's CDN, which an offline page cannot reach (a failed request and a console
 * error); an empty src makes no request and the credit hides its image. Source maps are not copied,
 * so their comment goes too.
 */
const BUNDLE_EDITS = {
  "assets/redoc.standalone.js": [["src:\"https://cdn.redoc.ly/redoc/logo-mini.svg\"", "src:\"\""]],
};
const SOURCE_MAP_COMMENT = /\n\/\/# sourceMappingURL=[^\n]*\s*$/;

/** Why fwcall docs cannot render (a renderer missing, an output folder it will not write in): the message is for the user. */
export class DocsError extends Error {
  name = "DocsError";
}

const codeOf = (error) => error?.code;
const NOT_WRITABLE = new Set(["EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT"]);

/** The install command that brings every renderer, at its tested version. */
export const DOCS_INSTALL_COMMAND = `npm install --save-dev ${DOCS_RENDERERS.map((r) => `${r.name}@${r.version}`).join(" ")}`;

/** Finds a renderer's package folder: beside @fwcall/interop first, then from `cwd` (the user's project). */
function locateRenderer(renderer, cwd) {
  for (const base of [import.meta.url, join(cwd, "noop.js")]) {
    try {
      return dirname(createRequire(base).resolve(`${renderer.name}/package.json`));
    } catch (error) {
      if (codeOf(error) !== "MODULE_NOT_FOUND" && codeOf(error) !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw error;
    }
  }
  return undefined;
}

/** The renderers' files, read and edited; a DocsError naming every missing package and how to install them. */
async function readRenderers(cwd) {
  const found = DOCS_RENDERERS.map((renderer) => ({ renderer, dir: locateRenderer(renderer, cwd) }));
  const missing = found.filter((f) => f.dir === undefined).map((f) => `${f.renderer.name}@${f.renderer.version}`);
  if (missing.length > 0) {
    throw new DocsError(`rendering the documents needs ${missing.join(" and ")}, which ${missing.length === 1 ? "is" : "are"} not installed (optional: only fwcall docs uses ${missing.length === 1 ? "it" : "them"}); install with: ${DOCS_INSTALL_COMMAND}`);
  }
  const files = new Map();
  const renderers = [];
  const warnings = [];
  for (const { renderer, dir } of found) {
    const { version } = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
    renderers.push({ name: renderer.name, version, renders: renderer.renders });
    if (version !== renderer.version) warnings.push(`${renderer.name} ${version} is installed; fwcall docs is tested with ${renderer.version} (${DOCS_INSTALL_COMMAND})`);
    for (const [from, to] of renderer.files) {
      let text;
      try {
        text = await readFile(join(dir, from), "utf8");
      } catch (error) {
        if (codeOf(error) !== "ENOENT") throw error;
        throw new DocsError(`${renderer.name} ${version} has no ${from}; fwcall docs is tested with ${renderer.version}: ${DOCS_INSTALL_COMMAND}`);
      }
      for (const [before, after] of BUNDLE_EDITS[to] ?? []) text = text.split(before).join(after);
      files.set(to, to.endsWith(".js") ? text.replace(SOURCE_MAP_COMMENT, "\n") : text);
    }
  }
  return { files, renderers, warnings };
}

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside a `<script>` element: `<` escaped, so no `</script>` in a description ends it. */
const scriptJson = (value) => JSON.stringify(value).replace(/</g, "\\u003c");

const PAGE_STYLE = "body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif}";

function page(title, head, body) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="fwcall docs">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
${head}
</head>
<body>
${body}
</body>
</html>
`;
}

// Redoc's default fonts (Roboto, Montserrat) are web fonts it does not ship; the system's are used instead.
const REDOC_OPTIONS = {
  downloadDefinitionUrl: "openapi.json",
  theme: { typography: { fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif", headings: { fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" } } },
};

function openApiPage(doc) {
  return page(
    `${doc.info.title} (OpenAPI)`,
    "",
    `<div id="redoc"></div>
<script type="application/json" id="fwcall-openapi">${scriptJson(doc)}</script>
<script src="assets/redoc.standalone.js"></script>
<script>
Redoc.init(JSON.parse(document.getElementById("fwcall-openapi").textContent), ${scriptJson(REDOC_OPTIONS)}, document.getElementById("redoc"), function (error) {
  document.documentElement.dataset.rendered = error ? "failed" : "yes";
});
</script>`,
  );
}

function asyncApiPage(doc) {
  return page(
    `${doc.info.title} (AsyncAPI)`,
    `<link rel="stylesheet" href="assets/asyncapi-react.css">`,
    `<div id="asyncapi"></div>
<script type="application/json" id="fwcall-asyncapi">${scriptJson(doc)}</script>
<script src="assets/asyncapi-react.standalone.js"></script>
<script>
AsyncApiStandalone.render({ schema: JSON.parse(document.getElementById("fwcall-asyncapi").textContent), config: { show: { sidebar: true } } }, document.getElementById("asyncapi"));
</script>`,
  );
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** The landing page: what is documented and by which renderer, readable with scripts off. */
function indexPage(openApi, asyncApi, renderers) {
  const by = (file) => renderers.find((r) => r.renders === file);
  const routes = Object.entries(openApi.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => `<li><code>${m.toUpperCase()} ${escapeHtml(path)}</code> ${escapeHtml(item[m].summary ?? "")}</li>`),
  );
  const events = Object.entries(asyncApi.operations ?? {}).map(([name, op]) => `<li><code>${escapeHtml(name)}</code> ${escapeHtml(op.summary ?? "")}</li>`);
  const credit = (r) => `${escapeHtml(r.name)} ${escapeHtml(r.version)}`;
  return page(
    "fwcall: interop documents",
    "<style>main{max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.5}code{font-size:.95em}</style>",
    `<main>
<h1>fwcall: interop documents</h1>
<p>Generated from fwcall's JSON Schemas by <code>fwcall docs</code>; the documents themselves: <a href="openapi.json">openapi.json</a>, <a href="asyncapi.json">asyncapi.json</a>.</p>
<h2><a href="asyncapi.html">${escapeHtml(asyncApi.info.title)}</a> (AsyncAPI ${escapeHtml(asyncApi.asyncapi)})</h2>
<ul>${events.join("")}</ul>
<p>Rendered by ${credit(by("asyncapi.html"))}.</p>
<h2><a href="openapi.html">${escapeHtml(openApi.info.title)}</a> (OpenAPI ${escapeHtml(openApi.openapi)})</h2>
<ul>${routes.join("")}</ul>
<p>Rendered by ${credit(by("openapi.html"))}.</p>
</main>`,
  );
}

/** Throws a DocsError unless `out` may be written: missing, empty, written by fwcall docs before, or `force`. */
async function checkOutput(out, force) {
  let stat;
  try {
    stat = await lstat(out);
  } catch (error) {
    if (codeOf(error) === "ENOENT") return "missing";
    throw error;
  }
  if (stat.isSymbolicLink()) throw new DocsError(`${out} is a symbolic link; fwcall docs never writes through links (name the folder it points to, or another one)`);
  if (!stat.isDirectory()) throw new DocsError(`${out} is not a folder; name a new or empty folder for the documentation`);
  const entries = await readdir(out);
  if (entries.length === 0 || force) return "present";
  if (entries.includes(DOCS_RECORD_FILE)) {
    const record = await lstat(join(out, DOCS_RECORD_FILE));
    if (record.isFile()) return "present";
  }
  throw new DocsError(`${out} is not empty and fwcall docs did not write it (no ${DOCS_RECORD_FILE}); name a new or empty folder, or pass --force to write fwcall's files into it (its other files are left alone)`);
}

/** A folder inside the output: created if missing; a link or a file in its place is refused. */
async function ensureFolder(dir) {
  try {
    await mkdir(dir);
  } catch (error) {
    if (codeOf(error) !== "EEXIST") throw error;
  }
  const stat = await lstat(dir);
  if (stat.isSymbolicLink()) throw new DocsError(`${dir} is a symbolic link; fwcall docs never writes through links: remove it and render again`);
  if (!stat.isDirectory()) throw new DocsError(`${dir} is not a folder; remove it and render again`);
}

/** Replaces `path` with `text` by renaming a fresh O_EXCL temp file over it; anything but a regular file there is refused. */
async function replaceFile(path, text) {
  const temporary = join(dirname(path), `.fwcall-docs-${randomBytes(8).toString("hex")}.tmp`);
  const handle = await open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW, 0o644);
  let renamed = false;
  try {
    try {
      await handle.writeFile(text, "utf8");
    } finally {
      await handle.close();
    }
    const target = await lstat(path).catch((error) => (codeOf(error) === "ENOENT" ? undefined : Promise.reject(error)));
    if (target !== undefined && !target.isFile()) throw new DocsError(`${path} is ${target.isSymbolicLink() ? "a symbolic link" : "not a regular file"}; fwcall docs never writes through it: remove it and render again`);
    await rename(temporary, path);
    renamed = true;
  } finally {
    if (!renamed) await unlink(temporary).catch(() => undefined);
  }
}

/**
 * Renders the AsyncAPI and OpenAPI documents to static HTML in `outDir`: `index.html` (what is
 * documented, linking the rest), `asyncapi.html` (the AsyncAPI React component), `openapi.html`
 * (Redoc), the two documents, and the renderers' bundles under `assets/`. The pages load nothing
 * from the network and work from file://. The folder must be new, empty or written by an earlier
 * run (its `.fwcall-docs.json`), unless `force`; links inside it are never written through.
 * Needs the optional peer dependencies `redoc` and `@asyncapi/react-component` (a DocsError says how to install them).
 * @example
 * import { renderDocs } from "@fwcall/interop/docs";
 * const { files } = await renderDocs("fwcall-docs"); // ["index.html", "asyncapi.html", "openapi.html", …]
 */
export async function renderDocs(outDir, options = {}) {
  if (typeof outDir !== "string" || outDir.trim() === "") throw new DocsError("the output folder must be a non-empty path");
  const cwd = options.cwd ?? process.cwd();
  const out = resolve(cwd, outDir);
  const { files: assets, renderers, warnings } = await readRenderers(cwd);
  // Each document is read once: copied as it is, and parsed for the pages.
  const asyncApiText = await readFile(asyncApiPath, "utf8");
  const openApiText = await readFile(openApiPath, "utf8");
  const asyncApi = JSON.parse(asyncApiText);
  const openApi = JSON.parse(openApiText);
  const files = new Map([
    ["index.html", indexPage(openApi, asyncApi, renderers)],
    ["asyncapi.html", asyncApiPage(asyncApi)],
    ["openapi.html", openApiPage(openApi)],
    ["asyncapi.json", asyncApiText],
    ["openapi.json", openApiText],
    ...assets,
  ]);
  try {
    if ((await checkOutput(out, options.force === true)) === "missing") await mkdir(out, { recursive: true });
    await ensureFolder(out);
    await ensureFolder(join(out, "assets"));
    for (const [name, text] of files) await replaceFile(join(out, name), text);
    const record = { generator: "fwcall docs", renderers: renderers.map(({ name, version }) => ({ name, version })), files: [...files.keys()] };
    await replaceFile(join(out, DOCS_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
  } catch (error) {
    const code = codeOf(error);
    if (code !== undefined && NOT_WRITABLE.has(code)) throw new DocsError(`cannot write in ${error.path ?? out} (${code}); make it writable or choose another folder`);
    if (code === "ENOTDIR" || code === "EEXIST" || code === "ELOOP") throw new DocsError(`cannot write ${error.path ?? out} (${code}): a file or link stands where a folder is needed`);
    throw error;
  }
  return { outDir: out, files: [...files.keys()], renderers, warnings };
}
