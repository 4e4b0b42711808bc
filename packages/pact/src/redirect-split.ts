// Splits HTTP pact files in two: the interactions that expect a redirect (a 3xx), which fwcall
// replays (the official verifier would follow them, see redirect-replay.ts), and the rest, which the
// official verifier gets. A file holding redirects is copied without them into a temp folder; a
// file left with no interaction is not given to the verifier at all (nothing to verify).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { readHttpInteraction, type HttpInteraction } from "./http-interaction.js";
import { isJsonObject } from "./json.js";
import { readPact, type PactInteraction } from "./pact-file.js";
import type { ReadPactFile } from "./verification.js";

/** The two halves of a set of pact files, and how to remove the temp copies. */
export interface RedirectSplit {
  /** What the official verifier gets: the files without redirects (copies where they had some). */
  verified: ReadPactFile[];
  /** What fwcall replays. */
  redirects: HttpInteraction[];
  /** Removes the temp copies; safe to call more than once. */
  cleanup: () => void;
}

/** Whether an interaction expects a redirect: an HTTP interaction answered with a 3xx status. */
export const expectsRedirect = (interaction: PactInteraction): boolean =>
  interaction.kind === "Synchronous/HTTP" && interaction.http?.status !== undefined && interaction.http.status >= 300 && interaction.http.status < 400;

/**
 * Splits read pact files into what the official verifier gets and the redirects fwcall replays;
 * call `cleanup` when done (it runs itself if writing a copy fails).
 * @example const split = splitRedirects(readPactFiles(["contracts/app-api.json"])); try { … } finally { split.cleanup(); }
 */
export function splitRedirects(pacts: readonly ReadPactFile[]): RedirectSplit {
  let folder: string | undefined;
  const cleanup = () => {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
    folder = undefined;
  };
  const verified: ReadPactFile[] = [];
  const redirects: HttpInteraction[] = [];
  try {
    for (const [position, read] of pacts.entries()) {
      const found = read.pact.interactions.filter(expectsRedirect);
      if (found.length === 0) {
        verified.push(read);
        continue;
      }
      // readPact read these from the file's interactions[] (messages[] holds no HTTP), at their index.
      const json = read.json as Record<string, unknown> & { interactions: unknown[] };
      for (const interaction of found) {
        const raw = json.interactions[interaction.index];
        if (isJsonObject(raw)) redirects.push(readHttpInteraction(raw, interaction));
      }
      const skipped = new Set(found.map((i) => i.index));
      const rest = { ...json, interactions: json.interactions.filter((_, index) => !skipped.has(index)) };
      const pact = readPact(rest);
      if (pact.interactions.length === 0) continue;
      folder ??= mkdtempSync(join(tmpdir(), "fwcall-pact-verify-"));
      // The position keeps two inputs with one name apart.
      const file = join(folder, `${position}-${basename(read.file)}`);
      writeFileSync(file, JSON.stringify(rest));
      verified.push({ file, json: rest, pact });
    }
  } catch (error) {
    cleanup();
    throw error;
  }
  return { verified, redirects, cleanup };
}
