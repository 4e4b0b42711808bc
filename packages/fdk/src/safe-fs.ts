// File operations that stay inside one root folder, for a folder a hostile or careless user may have
// prepared: links are never followed, only regular files are opened, a FIFO is never opened, and files
// are replaced by an atomic rename of an O_EXCL temp file with an unpredictable name beside them.
import { randomBytes } from "node:crypto";
import { constants, type Stats } from "node:fs";
import { lstat, mkdir, open, realpath, rename, unlink } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
import { FdkExportError } from "./errors.js";

/** A path that is there but cannot be used as asked: the message reads after the path. */
export class Refusal extends Error {
  override name = "Refusal";
}

/** Test_data files are small; a bigger file is no payload fwcall wrote, and is not read into memory. */
const MAX_READ_BYTES = 16 * 1024 * 1024;

const { O_CREAT, O_EXCL, O_WRONLY, O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = constants;
/** Errors that mean "you may not write here", as opposed to a bug. */
const NOT_WRITABLE = new Set(["EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT"]);

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code;
const isInside = (root: string, path: string) => path === root || path.startsWith(root + sep);
/** A path as the user reads it: relative to the app with `/`, the app folder itself in full. */
const shown = (root: string, path: string) => relative(root, path).split(sep).join("/") || root;

/** What a path is, in words. */
function describeKind(stat: Stats): string {
  if (stat.isSymbolicLink()) return "a symbolic link";
  if (stat.isDirectory()) return "a folder";
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  return "a regular file";
}

const notAFile = (stat: Stats) => new Refusal(`is ${describeKind(stat)}, not a file; fwcall neither reads nor replaces it. Remove it and export again`);

/** Errors that mean "you may not look here". */
const NOT_READABLE = new Set(["EACCES", "EPERM"]);

async function lstatOrUndefined(path: string, root: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    const code = codeOf(error);
    if (code === "ENOENT") return undefined;
    if (code !== undefined && NOT_READABLE.has(code)) throw new Refusal(`${shown(root, path)} cannot be read (${code}); make it readable and export again`);
    throw error;
  }
}

/** A clear error for a folder fwcall may not write in; undefined for any other error. */
function notWritable(root: string, folder: string, error: unknown): FdkExportError | undefined {
  const code = codeOf(error);
  if (code === undefined || !NOT_WRITABLE.has(code)) return undefined;
  return new FdkExportError(`${shown(root, folder)}: cannot write in this folder (${code}); make it writable and export again`);
}

/** Throws a Refusal unless `dir` is a real folder (not a link) whose real path is inside `root`. */
async function assertFolder(root: string, dir: string): Promise<void> {
  const stat = await lstat(dir);
  if (stat.isSymbolicLink()) throw new Refusal(`${shown(root, dir)} is a symbolic link; fwcall never writes through links`);
  if (!stat.isDirectory()) throw new Refusal(`${shown(root, dir)} is ${describeKind(stat)}, not a folder`);
  if (!isInside(root, await realpath(dir))) throw new Refusal(`${shown(root, dir)} leads outside the app`);
}

/**
 * Checks the folders from `root` (a real path) down to `dir` without creating any: "missing" when one is not there yet.
 * Throws a Refusal for a link, a non-folder, or a folder outside the root.
 */
export async function checkFolder(root: string, dir: string): Promise<"present" | "missing"> {
  let current = root;
  for (const part of relative(root, dir).split(sep).filter(Boolean)) {
    current = join(current, part);
    if ((await lstatOrUndefined(current, root)) === undefined) return "missing";
    await assertFolder(root, current);
  }
  return "present";
}

/** Creates the folders from `root` down to `dir`, one at a time; another process creating one meanwhile is fine. */
export async function makeFolder(root: string, dir: string): Promise<void> {
  let current = root;
  for (const part of relative(root, dir).split(sep).filter(Boolean)) {
    const parent = current;
    current = join(current, part);
    try {
      await mkdir(current);
    } catch (error) {
      if (codeOf(error) !== "EEXIST") throw notWritable(root, parent, error) ?? error;
    }
    await assertFolder(root, current);
  }
}

/**
 * The text of a regular file; undefined when nothing is there. Anything else is a Refusal and is never opened;
 * so is a file over MAX_READ_BYTES. Opened with O_NOFOLLOW | O_NONBLOCK in case it was swapped since the check.
 */
export async function readRegularFile(root: string, path: string): Promise<string | undefined> {
  const stat = await lstatOrUndefined(path, root);
  if (stat === undefined) return undefined;
  if (!stat.isFile()) throw notAFile(stat);
  if (stat.size > MAX_READ_BYTES) throw new Refusal(`is larger than ${MAX_READ_BYTES / 1024 / 1024} MiB, so not a payload fwcall wrote; remove it and export again`);
  let handle;
  try {
    handle = await open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    const code = codeOf(error);
    if (code === "ELOOP") throw new Refusal("is a symbolic link; fwcall never writes through links");
    if (code !== undefined && NOT_READABLE.has(code)) throw new Refusal(`cannot be read (${code}); make it readable and export again`);
    throw error;
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== stat.ino) throw new Refusal("changed while fwcall was reading it; export again");
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` inside `root` with `text` atomically: writes an O_EXCL temp file with a random name beside it,
 * checks the folder and the target again, then renames it over the target. A Refusal when the target is not a
 * regular file; an FdkExportError when the folder may not be written. Never leaves the temp file behind.
 */
export async function replaceFile(root: string, path: string, text: string): Promise<void> {
  const dir = dirname(path);
  await assertFolder(root, dir);
  const temporary = join(dir, `.${basename(path)}.fwcall-${randomBytes(12).toString("hex")}.tmp`);
  let handle;
  try {
    handle = await open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW, 0o666);
  } catch (error) {
    throw notWritable(root, dir, error) ?? error;
  }
  let renamed = false;
  try {
    try {
      await handle.writeFile(text, "utf8");
    } finally {
      await handle.close();
    }
    await assertFolder(root, dir);
    const target = await lstatOrUndefined(path, root);
    if (target !== undefined && !target.isFile()) throw notAFile(target);
    await rename(temporary, path);
    renamed = true;
  } catch (error) {
    throw notWritable(root, dir, error) ?? error;
  } finally {
    if (!renamed) await unlink(temporary).catch(() => undefined);
  }
}
