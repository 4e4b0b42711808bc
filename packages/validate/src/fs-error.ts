// File-system errors and file types in words, without the syscall noise of their messages.
import type { Stats } from "node:fs";

const REASONS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of the path is not a directory",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the path is too long",
  EMFILE: "too many open files",
  EIO: "input/output error",
  ERR_FS_FILE_TOO_LARGE: "the file is too large to read",
  ENOSPC: "no space left on the device",
  EPIPE: "the reading end was closed",
  EAGAIN: "the output is not ready (non-blocking)",
  EBADF: "the file descriptor is not open for this (reading or writing)",
};

/**
 * Why a file-system call failed, for a message: "no such file or directory".
 * @example describeFsError(Object.assign(new Error("ENOENT: …"), { code: "ENOENT" })) // "no such file or directory"
 */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && REASONS[code]) return REASONS[code];
  return error instanceof Error ? error.message : String(error);
}

/** What a path is when it is neither a file nor a directory, for a message. */
export function describeFileType(stats: Stats): string {
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  if (stats.isDirectory()) return "a directory";
  return "not a regular file";
}
