// The committed form of a pact file and the drift gate over it: regenerating the contracts must
// reproduce the committed bytes, so a file is written in one canonical form (keys sorted,
// interactions sorted by description, two-space indent, final newline).
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isJsonObject, sortKeysDeep } from "./json.js";

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The order interactions are committed in: description, then provider states, then content. */
function interactionKey(interaction: unknown): string[] {
  if (!isJsonObject(interaction)) return ["", "", JSON.stringify(interaction)];
  const states = Array.isArray(interaction.providerStates) ? JSON.stringify(interaction.providerStates) : String(interaction.providerState ?? "");
  return [String(interaction.description ?? ""), states, JSON.stringify(sortKeysDeep(interaction))];
}

function compareInteractions(a: unknown, b: unknown): number {
  const [ka, kb] = [interactionKey(a), interactionKey(b)];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return byCodeUnits(ka[i]!, kb[i]!);
  return 0;
}

/**
 * A pact file's JSON in the form fwcall commits it: every key sorted, interactions (or V3
 * messages) sorted by description, two-space indent, final newline. Nothing in it depends on
 * when or in what order the consumer tests ran.
 * @example writeFileSync(path, formatPact(JSON.parse(readFileSync(generated, "utf8"))))
 */
export function formatPact(pact: unknown): string {
  if (!isJsonObject(pact)) throw new TypeError("formatPact needs a pact file's JSON object");
  const copy: Record<string, unknown> = { ...pact };
  for (const list of ["interactions", "messages"]) {
    const items = copy[list];
    if (Array.isArray(items)) copy[list] = [...items].sort(compareInteractions);
  }
  return `${JSON.stringify(sortKeysDeep(copy), null, 2)}\n`;
}

/** Pact files that cannot be one contract. */
export class ContractMergeError extends Error {
  override name = "ContractMergeError";
}

/**
 * Pact files of one consumer–provider pair (say, one per interaction, each from its own writer)
 * as one pact: the same consumer, provider and metadata, every interaction once. Two different
 * interactions with one description and provider state are a conflict, as in Pact's own merge.
 * @example formatPact(mergePacts(files.map((file) => JSON.parse(readFileSync(file, "utf8")))))
 */
export function mergePacts(pacts: readonly unknown[]): Record<string, unknown> {
  const [first] = pacts;
  if (first === undefined) throw new ContractMergeError("no pact files to merge");
  const objects = pacts.map((pact) => {
    if (!isJsonObject(pact)) throw new ContractMergeError("a pact file is not a JSON object");
    return pact;
  });
  const canonical = (value: unknown) => JSON.stringify(sortKeysDeep(value));
  for (const pact of objects) {
    for (const key of ["consumer", "provider", "metadata"]) {
      if (canonical(pact[key]) !== canonical(objects[0]![key])) throw new ContractMergeError(`the pact files differ in their ${key}: ${JSON.stringify(objects[0]![key])} / ${JSON.stringify(pact[key])}`);
    }
  }
  const merged: Record<string, unknown> = { ...objects[0] };
  const seen = new Map<string, string>();
  for (const list of ["interactions", "messages"]) {
    if (!objects.some((pact) => Array.isArray(pact[list]))) continue;
    const all: unknown[] = [];
    for (const interaction of objects.flatMap((pact) => (Array.isArray(pact[list]) ? pact[list] : []))) {
      const [description, states, content] = interactionKey(interaction);
      const id = `${description}\u0000${states}`;
      const earlier = seen.get(id);
      if (earlier === content) continue;
      if (earlier !== undefined) throw new ContractMergeError(`two different interactions are both "${description}" with provider states ${states || "none"}`);
      seen.set(id, content!);
      all.push(interaction);
    }
    merged[list] = all;
  }
  return merged;
}

/** How a committed contract compares with a freshly generated one. */
export interface ContractSync {
  /** unchanged: same bytes; written: `write` was set and the file changed; differs / missing: the committed file is stale or absent. */
  status: "unchanged" | "written" | "differs" | "missing";
  committedFile: string;
  /** Where the two first differ (1-based line), when they differ. */
  firstDifference: { line: number; committed: string; generated: string } | undefined;
}

/**
 * Compares the committed contract with the generated pact files (pact-js's output, merged), or
 * with `write` replaces it (atomically: a temp file renamed over it).
 * @example syncContract(generatedFiles, "contracts/app-provider.json", { write: process.env.FWCALL_UPDATE_CONTRACTS === "1" })
 */
export function syncContract(generatedFiles: string | readonly string[], committedFile: string, options: { write: boolean }): ContractSync {
  const files = typeof generatedFiles === "string" ? [generatedFiles] : generatedFiles;
  const generated = formatPact(mergePacts(files.map((file) => JSON.parse(readFileSync(file, "utf8")))));
  const committed = existsSync(committedFile) ? readFileSync(committedFile, "utf8") : undefined;
  if (committed === generated) return { status: "unchanged", committedFile, firstDifference: undefined };
  if (options.write) {
    const temp = join(dirname(committedFile), `.${Date.now()}-${process.pid}.tmp`);
    writeFileSync(temp, generated);
    renameSync(temp, committedFile);
    return { status: "written", committedFile, firstDifference: undefined };
  }
  if (committed === undefined) return { status: "missing", committedFile, firstDifference: undefined };
  const [a, b] = [committed.split("\n"), generated.split("\n")];
  let line = 0;
  while (line < a.length && line < b.length && a[line] === b[line]) line++;
  return { status: "differs", committedFile, firstDifference: { line: line + 1, committed: a[line] ?? "(end of file)", generated: b[line] ?? "(end of file)" } };
}

/** The environment variable that lets consumer tests rewrite their committed contracts (`=1`). */
export const UPDATE_CONTRACTS_VARIABLE = "FWCALL_UPDATE_CONTRACTS";

/** A committed contract that is missing, or not what the consumer tests generate now. */
export class ContractDriftError extends Error {
  override name = "ContractDriftError";
}

/**
 * The drift gate of a consumer test: syncContract, writing when FWCALL_UPDATE_CONTRACTS=1 (or
 * `write`), else throwing a ContractDriftError that names the first differing line and the
 * command that rewrites the file.
 * @example requireCurrentContract(writtenFiles, "contracts/app-provider.json", { rewriteCommand: "pnpm contracts" })
 */
export function requireCurrentContract(
  generatedFiles: string | readonly string[],
  committedFile: string,
  options: { rewriteCommand: string; write?: boolean },
): ContractSync {
  const sync = syncContract(generatedFiles, committedFile, { write: options.write ?? process.env[UPDATE_CONTRACTS_VARIABLE] === "1" });
  if (sync.status === "missing") throw new ContractDriftError(`${committedFile} does not exist. Run ${options.rewriteCommand}.`);
  if (sync.status === "differs") {
    const at = sync.firstDifference!;
    throw new ContractDriftError(
      `${committedFile} is not what the consumer test generates now (line ${at.line}: committed ${at.committed.trim()} / generated ${at.generated.trim()}). Run ${options.rewriteCommand} and commit the result.`,
    );
  }
  return sync;
}
