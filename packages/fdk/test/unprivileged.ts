// Runs a step as a user who cannot write where permissions forbid it. Root ignores a folder's mode, so a
// test running as root drops to "nobody" for the step (seteuid; the vitest fork's own process only).
import { chmodSync } from "node:fs";

const NOBODY = 65534;

/** Runs `step` with permissions enforced: as this user, or as nobody when this is root. */
export async function unprivileged<T>(step: () => Promise<T>): Promise<T> {
  if (process.getuid?.() !== 0) return step();
  process.setegid?.(NOBODY);
  process.seteuid?.(NOBODY);
  try {
    return await step();
  } finally {
    process.seteuid?.(0);
    process.setegid?.(0);
  }
}

/** Lets nobody in: temp folders are created 0700. */
export const openToAll = (...dirs: string[]) => dirs.forEach((dir) => chmodSync(dir, 0o755));
