// Loads the schema files of this package, so tools never hard-code their list. CommonJS so that
// `require("@fwcall/schemas")` works on Node 18 too; index.js re-exports it for `import`.
"use strict";
const { readdirSync, readFileSync, statSync } = require("node:fs");
const { join } = require("node:path");

const root = __dirname;
const schemaDirs = [".", "enums", "rest"];

/** Whether a path relative to a schemas folder ("enums/call-status.json") is one of its schema files. */
function isSchemaFile(file) {
  const slash = file.lastIndexOf("/");
  const dir = slash < 0 ? "." : file.slice(0, slash);
  const name = file.slice(slash + 1);
  return schemaDirs.includes(dir) && name.endsWith(".json") && !name.startsWith(".") && name !== "package.json";
}

/**
 * Every schema of the package (or of another schemas folder laid out the same way, e.g. another
 * revision's), with its path relative to that folder.
 * @example loadSchemas().map((s) => s.file) // ["actor.json", …, "enums/call-status.json", …]
 */
function loadSchemas(from = root) {
  return schemaDirs.flatMap((dir) =>
    readdirSync(join(from, dir))
      .map((name) => (dir === "." ? name : `${dir}/${name}`))
      .filter(isSchemaFile)
      .sort()
      .map((file) => ({ file, schema: JSON.parse(readFileSync(regularFile(join(from, file)), "utf8")) })),
  );
}

/** The path, once it is known to be a regular file: reading a FIFO or a device named *.json would block or never end. */
function regularFile(path) {
  if (!statSync(path).isFile()) throw new Error(`${path} is not a regular file: a schema must be a JSON file`);
  return path;
}

/**
 * docs/decisions/0007-two-validation-profiles.md, schema half: each schema states what Freshworks really
 * sends; an `x-strict` object beside it holds the keywords the documented contract adds. The
 * strict profile merges them in, the lenient profile drops them; both drop `examples` and every
 * other `x-` keyword, so what is left is plain JSON Schema.
 * @param {unknown} node
 * @param {"lenient" | "strict"} profile
 * @returns {unknown}
 */
function applyProfile(node, profile) {
  if (Array.isArray(node)) return node.map((item) => applyProfile(item, profile));
  if (node === null || typeof node !== "object") return node;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "examples" || key.startsWith("x-")) continue; // x-strict included: merged below
    out[key] = applyProfile(value, profile);
  }
  const overlay = /** @type {Record<string, unknown>} */ (node)["x-strict"];
  if (profile === "strict" && overlay) Object.assign(out, overlay);
  return out;
}

/** Example documents kept as files: examples/<schema file without .json>/<name>.json. */
function loadExampleFiles() {
  const dir = join(root, "examples");
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({
      schemaFile: `${file.slice(0, file.lastIndexOf("/"))}.json`,
      file: `examples/${file}`,
      example: JSON.parse(readFileSync(join(dir, file), "utf8")),
    }));
}

// One assignment per name, so Node's ESM loader (and index.js) sees each as a named export.
exports.loadSchemas = loadSchemas;
exports.isSchemaFile = isSchemaFile;
exports.applyProfile = applyProfile;
exports.loadExampleFiles = loadExampleFiles;
exports.schemasRoot = root;
