// Turns the operands of a command (files, directories, `-`) into the list of payloads to read.
import type { Dirent, Stats } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { describeFileType, describeFsError } from "@fwcall/validate/json-file";

/** The name standard input goes by in messages and reports. */
const STDIN_NAME = "<stdin>";

/** One payload to read: a file, or standard input. */
export type Source = { kind: "file"; name: string; path: string } | { kind: "stdin"; name: typeof STDIN_NAME };

/** A folder under a directory operand that could not be listed; the rest of the directory was. */
interface UnlistedFolder {
  /** The folder as the user would name it (the operand joined with the path under it). */
  name: string;
  /** Why, e.g. `permission denied`. */
  reason: string;
}

/** The payloads the operands name, in order, or why some operands cannot be used. */
export interface ResolvedInputs {
  sources: Source[];
  /** One line per unusable operand, e.g. `payloads/x.json: no such file or directory`. */
  errors: string[];
  /** Folders under a directory operand that could not be listed (only with `partialDirectories`; else they are errors). */
  unlisted: UnlistedFolder[];
}

/** How to resolve operands. */
export interface ResolveOptions {
  /** A folder that cannot be listed under a directory operand is reported in `unlisted` and the rest is used, instead of making the whole operand an error. */
  partialDirectories?: boolean;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every `*.json` file under a directory, recursively, as paths relative to it in sorted order,
 * and the folders under it that could not be listed. The directory itself must be listable.
 * Symbolic links to files count; links to directories are not followed (they can form cycles).
 */
async function jsonFilesUnder(dir: string): Promise<{ files: string[]; unlisted: Array<{ relative: string; reason: string }> }> {
  const files: string[] = [];
  const unlisted: Array<{ relative: string; reason: string }> = [];
  const pending = [""];
  for (let relative = pending.pop(); relative !== undefined; relative = pending.pop()) {
    let entries: Dirent[];
    try {
      entries = await readdir(join(dir, relative), { withFileTypes: true });
    } catch (error) {
      if (relative === "") throw error;
      unlisted.push({ relative, reason: describeFsError(error) });
      continue;
    }
    for (const entry of entries) {
      const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) pending.push(path);
      else if (entry.name.endsWith(".json") && (entry.isFile() || (entry.isSymbolicLink() && (await isFile(join(dir, path)))))) {
        files.push(path);
      }
    }
  }
  return { files: files.sort(byCodeUnits), unlisted: unlisted.sort((a, b) => byCodeUnits(a.relative, b.relative)) };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Resolves operands: a file stands for itself (whatever its name), a directory for every `*.json`
 * under it, `-` for standard input (once). A file named twice is read once. A FIFO, device or
 * socket is refused (reading it could wait forever or never end); `-` reads one through standard input.
 * @example await resolveInputs(["server/test_data"]) // { sources: [{ kind: "file", name: "server/test_data/onCallCreate.json", … }], errors: [], unlisted: [] }
 */
export async function resolveInputs(operands: readonly string[], options: ResolveOptions = {}): Promise<ResolvedInputs> {
  const sources: Source[] = [];
  const errors: string[] = [];
  const unlisted: UnlistedFolder[] = [];
  const seen = new Set<string>();
  const add = (source: Source) => {
    const key = source.kind === "stdin" ? source.kind : resolve(source.path);
    if (seen.has(key)) return;
    seen.add(key);
    sources.push(source);
  };
  for (const operand of operands) {
    if (operand === "-") {
      add({ kind: "stdin", name: STDIN_NAME });
      continue;
    }
    let stats: Stats;
    try {
      stats = await stat(operand);
    } catch (error) {
      errors.push(`${operand}: ${describeFsError(error)}`);
      continue;
    }
    if (stats.isFile()) {
      add({ kind: "file", name: operand, path: operand });
      continue;
    }
    if (!stats.isDirectory()) {
      errors.push(`${operand}: ${describeFileType(stats)}, not a file or directory; to read it, use - and redirect it to standard input (- < ${operand})`);
      continue;
    }
    let found: Awaited<ReturnType<typeof jsonFilesUnder>>;
    try {
      found = await jsonFilesUnder(operand);
    } catch (error) {
      errors.push(`${operand}: cannot list the directory: ${describeFsError(error)}`);
      continue;
    }
    for (const { relative, reason } of found.unlisted) {
      const name = join(operand, relative);
      if (options.partialDirectories) unlisted.push({ name, reason });
      else errors.push(`${name}: cannot list the directory: ${reason}`);
    }
    if (found.files.length === 0 && found.unlisted.length === 0) errors.push(`${operand}: no .json files in this directory or below it`);
    for (const file of found.files) {
      const path = join(operand, file);
      add({ kind: "file", name: path, path });
    }
  }
  return { sources, errors, unlisted };
}
