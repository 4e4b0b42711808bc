// Where the two versions of the schemas come from: a git revision (read with git ls-tree and
// git show, nothing checked out) or a schemas folder on disk (a working tree, an unpacked package).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, type Dirent, type Stats } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { isSchemaFile, type SchemaFile } from "@fwcall/schemas";
import { buildModel } from "@fwcall/schemas/build-model";
import type { SchemaModel } from "@fwcall/schemas/model";
import { parseJsonText, problemText } from "@fwcall/validate/json-file";
import { MAX_NESTING, nestsDeeperThan } from "./json.js";

/** Input the diff cannot use: an unknown revision, a folder without schemas, a file that is not JSON, a pact that is not one. */
export class DiffInputError extends Error {
  override name = "DiffInputError";
}

/** One version of the schemas, read and built. */
export interface SchemaVersion {
  /** How the report names it: `HEAD (3f1c2a9)`, `the working tree (schemas)`, `old/schemas`. */
  label: string;
  files: SchemaFile[];
  model: SchemaModel;
}

/** Where the versions are looked up. */
export interface SourceOptions {
  /** The folder commands run in (default: the process's). */
  cwd?: string;
  /** The schemas folder of the repository, relative to its root or absolute (default `schemas`). */
  schemasDir?: string;
}

/** The message of a thrown value, for an error of the diff's own. */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
/** A revision as an error shows it: in quotes, escaped when it holds control characters (a line break or a terminal escape would garble the message). */
const quoted = (spec: string) => (/[\u0000-\u001f\u007f-\u009f]/.test(spec) ? JSON.stringify(spec) : `'${spec}'`);

function git(args: string[], cwd: string): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
}

/** git, its failure a DiffInputError with git's own words (a damaged repository, a file too large). */
function gitOrExplain(args: string[], cwd: string): string {
  try {
    return git(args, cwd);
  } catch (error) {
    const said = String((error as { stderr?: unknown }).stderr ?? "").trim().split("\n")[0] || errorText(error);
    throw new DiffInputError(`git ${args.join(" ")} failed in ${cwd}: ${said}`);
  }
}

/** What a path that is no regular file is, in words. */
export function fileKind(stat: Stats): string {
  return stat.isDirectory() ? "a folder" : stat.isFIFO() ? "a FIFO" : stat.isSocket() ? "a socket" : stat.isCharacterDevice() || stat.isBlockDevice() ? "a device" : "not a file";
}

/** A file's text, or a DiffInputError saying why it cannot be read (a FIFO or device is not opened: reading one can wait forever). */
function readText(path: string, shown: string): string {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new DiffInputError(`${shown} is not a regular file (it is ${fileKind(stat)})`);
    return readFileSync(path, "utf8");
  } catch (error) {
    if (error instanceof DiffInputError) throw error;
    throw new DiffInputError(`${shown} cannot be read: ${(error as NodeJS.ErrnoException).code ?? errorText(error)}`);
  }
}

/** The root of the git work tree around `cwd`, or undefined outside one (or without git). */
export function gitRoot(cwd: string): string | undefined {
  try {
    return git(["rev-parse", "--show-toplevel"], cwd).trim();
  } catch {
    return undefined;
  }
}

function parseJson(text: string, where: string): Record<string, unknown> & { $id: string } {
  if (nestsDeeperThan(text)) throw new DiffInputError(`${where} nests deeper than ${MAX_NESTING} levels: no schema does`);
  const input = parseJsonText(text, { words: { expected: "a JSON Schema" } });
  if (!input.ok) throw new DiffInputError(`${where} is not valid JSON: ${problemText(input.problem).replace(/^invalid JSON: /, "")}`);
  const parsed = input.value;
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new DiffInputError(`${where} is not a JSON Schema: it holds ${Array.isArray(parsed) ? "an array" : JSON.stringify(parsed)}, not an object`);
  if (typeof (parsed as { $id?: unknown }).$id !== "string") throw new DiffInputError(`${where} is not one of fwcall's schemas: it has no "$id"`);
  return parsed as Record<string, unknown> & { $id: string };
}

function build(label: string, files: SchemaFile[]): SchemaVersion {
  try {
    return { label, files, model: buildModel(files) };
  } catch (error) {
    throw new DiffInputError(`${label}: the schemas do not form fwcall's schema model: ${errorText(error)}`);
  }
}

/** The schema files of a folder: its own JSON files and those one folder down (enums/, rest/) that the schemas package counts. */
function readSchemaFolder(dir: string, label: string): SchemaFile[] {
  let stat;
  try {
    stat = statSync(dir);
  } catch {
    throw new DiffInputError(`${label}: no such folder`);
  }
  if (!stat.isDirectory()) throw new DiffInputError(`${label} is not a folder of schemas (it is a file)`);
  const list = (path: string) => {
    try {
      return readdirSync(path, { withFileTypes: true });
    } catch (error) {
      throw new DiffInputError(`${label}: the folder ${path} cannot be listed: ${(error as NodeJS.ErrnoException).code ?? errorText(error)}`);
    }
  };
  // Symbolic links are followed, as loadSchemas() follows them; a schema file that is no regular file is named when read.
  const isFolder = (entry: Dirent, path: string) => entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(path));
  const names: string[] = [];
  for (const entry of list(dir)) {
    if (!isFolder(entry, join(dir, entry.name))) names.push(entry.name);
    else if (!entry.name.startsWith(".") && entry.name !== "node_modules") {
      for (const inner of list(join(dir, entry.name))) if (!isFolder(inner, join(dir, entry.name, inner.name))) names.push(`${entry.name}/${inner.name}`);
    }
  }
  const files = names.filter(isSchemaFile).sort(bySchemaOrder);
  if (!files.some((f) => f.startsWith("enums/")) || !files.includes("on-call-create.json")) {
    throw new DiffInputError(`${label} is not a schemas folder: it has no on-call-create.json and enums/*.json (give the folder that holds fwcall's schemas, e.g. schemas/)`);
  }
  return files.map((file) => ({ file, schema: parseJson(readText(join(dir, file), `${label}/${file}`), `${label}/${file}`) }));
}

/** Whether a folder is at the path (links followed); false for anything else or nothing. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** loadSchemas() order: the top folder's files, then enums/, then rest/, each by name. */
function bySchemaOrder(a: string, b: string): number {
  const depth = (f: string) => (f.includes("/") ? f.slice(0, f.indexOf("/")) : "");
  return depth(a) === depth(b) ? (a < b ? -1 : a > b ? 1 : 0) : depth(a) < depth(b) ? -1 : 1;
}

function readSchemaRevision(root: string, ref: string, dir: string): SchemaVersion {
  let commit: string;
  try {
    commit = git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], root).trim();
  } catch {
    throw new DiffInputError(`${quoted(ref)} is neither a folder nor a revision of the git repository at ${root}`);
  }
  const label = `${ref} (${commit.slice(0, 7)})`;
  const prefix = dir === "" ? "" : `${dir}/`;
  const listed = gitOrExplain(["ls-tree", "-r", "-z", "--name-only", commit, "--", prefix === "" ? "." : prefix], root)
    .split("\0")
    .filter((path) => path.startsWith(prefix))
    .map((path) => path.slice(prefix.length));
  const files = listed.filter(isSchemaFile).sort(bySchemaOrder);
  if (!files.some((f) => f.startsWith("enums/")) || !files.includes("on-call-create.json")) {
    throw new DiffInputError(`${label}: ${dir || "the repository root"} holds no schemas folder at that revision (no on-call-create.json and enums/*.json)`);
  }
  return build(
    label,
    files.map((file) => ({ file, schema: parseJson(gitOrExplain(["show", `${commit}:${prefix}${file}`], root), `${label}:${prefix}${file}`) })),
  );
}

/**
 * One version of the schemas: `spec` is a folder (when one exists at that path) or a git revision
 * (HEAD, main, a tag, a commit); undefined is the working tree's schemas folder.
 * @example readSchemaVersion("HEAD", { cwd: repo }).model.enums.get("CallStatus")?.values
 */
export function readSchemaVersion(spec: string | undefined, options: SourceOptions = {}): SchemaVersion {
  const cwd = resolve(options.cwd ?? process.cwd());
  // Asked of the system as written: resolve() would first drop "HEAD:.." from "HEAD:../..", making a revision-like name the current folder.
  if (spec !== undefined && spec !== "" && existsSync(isAbsolute(spec) ? spec : `${cwd}${sep}${spec}`)) {
    const dir = resolve(cwd, spec);
    return build(spec, readSchemaFolder(dir, spec));
  }
  const root = gitRoot(cwd);
  const schemasDir = options.schemasDir ?? "schemas";
  if (spec === undefined) {
    const dir = isAbsolute(schemasDir) ? schemasDir : resolve(root ?? cwd, schemasDir);
    const label = `the working tree (${relative(cwd, dir) || "."})`;
    return build(label, readSchemaFolder(dir, label));
  }
  if (spec === "") throw new DiffInputError("an empty revision or folder name was given");
  if (root === undefined) throw new DiffInputError(`${quoted(spec)} is not a folder, and ${cwd} is not in a git repository where it could be a revision`);
  const inRepo = relative(root, isAbsolute(schemasDir) ? schemasDir : resolve(root, schemasDir));
  if (inRepo.startsWith("..")) throw new DiffInputError(`the schemas folder ${schemasDir} lies outside the git repository at ${root}`);
  return readSchemaRevision(root, spec, inRepo.split(sep).join("/"));
}
