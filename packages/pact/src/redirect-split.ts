// Splits HTTP pact files in three: the interactions that expect a redirect (a 3xx), which fwcall
// replays (the official verifier would follow them, see redirect-replay.ts); those whose provider
// state the provider cannot be put into (a state that cannot travel as a header), which fail with
// that reason unsent; and the rest, which the official verifier gets. A file that loses
// interactions is copied without them into a temp folder; a file left with no interaction is not
// given to the verifier at all (nothing to verify).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { readHttpInteraction, readProviderStates, type HttpInteraction, type ProviderState } from "./http-interaction.js";
import { isJsonObject } from "./json.js";
import { readPact, type PactInteraction } from "./pact-file.js";
import type { ReadPactFile, VerificationFailure } from "./verification.js";

/** Why the provider cannot be put into a provider state; undefined when it can. */
export type StateRefusal = (state: ProviderState) => string | undefined;

/** The three parts of a set of pact files, and how to remove the temp copies. */
export interface RedirectSplit {
  /** What the official verifier gets: the files without redirects or refused interactions (copies where they had some). */
  verified: ReadPactFile[];
  /** What fwcall replays. */
  redirects: HttpInteraction[];
  /** Interactions not verified because a provider state of theirs was refused: each with why. */
  refused: VerificationFailure[];
  /** Removes the temp copies; safe to call more than once. */
  cleanup: () => void;
}

/** Whether an interaction expects a redirect: an HTTP interaction answered with a 3xx status. */
const expectsRedirect = (interaction: PactInteraction): boolean =>
  interaction.kind === "Synchronous/HTTP" && interaction.http?.status !== undefined && interaction.http.status >= 300 && interaction.http.status < 400;

/**
 * Splits read pact files into what the official verifier gets, the redirects fwcall replays and
 * the interactions whose provider states `refuse` turns down; call `cleanup` when done (it runs
 * itself if writing a copy fails).
 * @example const split = splitRedirects(readPactFiles(["contracts/app-api.json"])); try { … } finally { split.cleanup(); }
 */
export function splitRedirects(pacts: readonly ReadPactFile[], refuse: StateRefusal = () => undefined): RedirectSplit {
  let folder: string | undefined;
  const cleanup = () => {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
    folder = undefined;
  };
  const verified: ReadPactFile[] = [];
  const redirects: HttpInteraction[] = [];
  const refused: VerificationFailure[] = [];
  try {
    for (const [position, read] of pacts.entries()) {
      // readPact read HTTP interactions from the file's interactions[] (messages[] holds none), at their index.
      const json = read.json as Record<string, unknown> & { interactions: unknown[] };
      const skipped = new Set<number>();
      for (const interaction of read.pact.interactions) {
        if (interaction.kind !== "Synchronous/HTTP") continue;
        const raw = json.interactions[interaction.index];
        if (!isJsonObject(raw)) continue;
        const problems = readProviderStates(raw).flatMap((state) => refuse(state) ?? []);
        if (problems.length > 0) refused.push({ interaction: interaction.description, problems });
        else if (expectsRedirect(interaction)) redirects.push(readHttpInteraction(raw, interaction));
        else continue;
        skipped.add(interaction.index);
      }
      if (skipped.size === 0) {
        verified.push(read);
        continue;
      }
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
  return { verified, redirects, refused, cleanup };
}
