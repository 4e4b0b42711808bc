// Turns the operands of a command (files, directories, `-`) into the list of payloads to read.
import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { describeFsError } from "./fs-error.js";

/** The name standard input goes by in messages and reports. */
export const STDIN_NAME = "<stdin>";

/** One payload to read: a file, or standard input. */
export type Source = { kind: "file"; name: string; path: string } | { kind: "stdin"; name: typeof STDIN_NAME };

/** The payloads the operands name, in order, or why some operands cannot be used. */
export interface ResolvedInputs {
  sources: Source[];
  /** One line per unusable operand, e.g. `payloads/x.json: no such file or directory`. */
  errors: string[];
}

/** A directory under an operand that could not be listed. */
class ListError extends Error {
  override name = "ListError";
  constructor(path: string, reason: string) {
    super(`${path}: cannot list the directory: ${reason}`);
  }
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every `*.json` file under a directory, recursively, as paths relative to it in sorted order.
 * Symbolic links to files count; links to directories are not followed (they can form cycles).
 */
async function jsonFilesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  const pending = [""];
  for (let relative = pending.pop(); relative !== undefined; relative = pending.pop()) {
    const at = join(dir, relative);
    const entries = await readdir(at, { withFileTypes: true }).catch((error: unknown) => {
      throw new ListError(at, describeFsError(error));
    });
    for (const entry of entries) {
      const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) pending.push(path);
      else if (entry.name.endsWith(".json") && (entry.isFile() || (entry.isSymbolicLink() && (await isFile(join(dir, path)))))) {
        found.push(path);
      }
    }
  }
  return found.sort(byCodeUnits);
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
 * under it, `-` for standard input (once). A file named twice is read once.
 * @example await resolveInputs(["server/test_data"]) // { sources: [{ kind: "file", name: "server/test_data/onCallCreate.json", … }], errors: [] }
 */
export async function resolveInputs(operands: readonly string[]): Promise<ResolvedInputs> {
  const sources: Source[] = [];
  const errors: string[] = [];
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
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(operand)).isDirectory();
    } catch (error) {
      errors.push(`${operand}: ${describeFsError(error)}`);
      continue;
    }
    if (!isDirectory) {
      add({ kind: "file", name: operand, path: operand });
      continue;
    }
    let files: string[];
    try {
      files = await jsonFilesUnder(operand);
    } catch (error) {
      if (!(error instanceof ListError)) throw error;
      errors.push(error.message);
      continue;
    }
    if (files.length === 0) errors.push(`${operand}: no .json files in this directory or below it`);
    for (const file of files) {
      const path = join(operand, file);
      add({ kind: "file", name: path, path });
    }
  }
  return { sources, errors };
}
