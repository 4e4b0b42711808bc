// Reads a file an app or a command line names, refusing what is not a regular file: a FIFO would
// block the reading thread for ever, a device such as /dev/zero would grow without bound, and a
// folder is not "not found". A symbolic link is followed only to a regular file.
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";

/** The largest app source file read (server.js and the files it requires). */
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;

/** The largest configuration file read (allowlist, iparams, responses, config/*.json). */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/** Why a file could not be read; `code` "ENOENT" when it does not exist. */
export class UnreadableFileError extends Error {
  override name = "UnreadableFileError";
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const kindOf = (stats: Stats) =>
  stats.isDirectory() ? "is a folder" : stats.isFIFO() ? "is a named pipe (FIFO), not a regular file" : stats.isSocket() ? "is a socket, not a regular file" : stats.isCharacterDevice() || stats.isBlockDevice() ? "is a device, not a regular file" : "is not a regular file";

/**
 * Throws UnreadableFileError unless `path` is (or links to) a regular file of at most `maxBytes`; reads nothing.
 * @example checkRegularFile("/dev/zero", "data", 1024) // throws: data is a device, not a regular file: /dev/zero
 */
export function checkRegularFile(path: string, what: string, maxBytes: number): void {
  const refuse = (why: string, code?: string): never => {
    throw new UnreadableFileError(`${what} ${why}: ${path}`, code);
  };
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    return refuse(code === "ENOENT" ? "not found" : `cannot be read (${code ?? (error as Error).message})`, code);
  }
  if (!stats.isFile()) refuse(kindOf(stats));
  if (stats.size > maxBytes) refuse(`is larger than ${maxBytes / 1024 / 1024} MB (${stats.size} bytes)`);
}

/**
 * The text of a regular file of at most `maxBytes`; throws UnreadableFileError naming `what` and why.
 * @example readRegularFile("server/server.js", "server/server.js", MAX_SOURCE_BYTES)
 */
export function readRegularFile(path: string, what: string, maxBytes: number): string {
  const refuse = (why: string, code?: string): never => {
    throw new UnreadableFileError(`${what} ${why}: ${path}`, code);
  };
  checkRegularFile(path, what, maxBytes);
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    return refuse(`cannot be read (${(error as { code?: string }).code ?? (error as Error).message})`);
  }
  try {
    // Checked again on what was opened: the path may have changed since.
    if (!fstatSync(fd).isFile()) return refuse("is not a regular file");
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.alloc(64 * 1024);
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      total += read;
      if (total > maxBytes) return refuse(`is larger than ${maxBytes / 1024 / 1024} MB`);
      chunks.push(Buffer.from(chunk.subarray(0, read)));
    }
    return Buffer.concat(chunks).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/**
 * A JSON configuration file (a regular file of at most MAX_CONFIG_BYTES), parsed, with its text;
 * throws `toError` of why it cannot be read, or of `notJson(reason)` when it is not JSON.
 * @example readJsonConfig("iparams.json", "the iparams file", (m) => new Error(m), (reason) => `iparams.json is not valid JSON: ${reason}`).value
 */
export function readJsonConfig(path: string, what: string, toError: (message: string) => Error, notJson: (reason: string) => string): { value: unknown; text: string } {
  let text: string;
  try {
    text = readRegularFile(path, what, MAX_CONFIG_BYTES);
  } catch (error) {
    throw toError((error as Error).message);
  }
  try {
    return { value: JSON.parse(text) as unknown, text };
  } catch (error) {
    throw toError(notJson((error as Error).message));
  }
}
