// Runs the official Pact verifier (pact-js's Verifier over pact-core) and turns what it reports
// into a summary, or into one error that names every unmet interaction and why.
import { Verifier, type VerifierOptions } from "@pact-foundation/pact";
import { readFileSync, statSync } from "node:fs";
import { DEFAULT_MAX_BYTES, inputProblemLines, parseJsonText } from "@fwcall/validate/json-file";
import { isJsonObject, jsonDepth } from "./json.js";
import { ensurePactDoesNotTrack } from "./pact-env.js";
import { NotAPactError, readPact, type PactDocument } from "./pact-file.js";
import { errorMessage } from "./error-message.js";
import { PACT_FILE_WORDS } from "./read-pact-file.js";

/** How one interaction fared. */
export interface InteractionResult {
  description: string;
  ok: boolean;
  /** As the verifier measured it (or fwcall, for a replayed interaction). */
  durationMs: number | undefined;
  /** True when fwcall replayed it (an HTTP redirect, which the Pact verifier would follow) instead of the Pact verifier checking it. */
  replayed?: boolean;
}

/** A verification that passed. */
export interface VerificationReport {
  provider: string;
  /** Every interaction once: the verifier's results, then those fwcall replayed (`replayed: true`). */
  interactions: InteractionResult[];
  /** Wall time of the whole verification, in milliseconds. */
  durationMs: number;
}

/** One unmet interaction: what the verifier (or the provider) said, one line each. */
export interface VerificationFailure {
  interaction: string;
  problems: string[];
  /** True when fwcall replayed the interaction (an HTTP redirect) instead of the Pact verifier checking it. */
  replayed?: boolean;
}

/** A contract is unmet, or the verification could not run. */
export class PactVerificationError extends Error {
  override name = "PactVerificationError";
  constructor(
    message: string,
    /** Every unmet interaction; empty when the verification could not run at all. */
    readonly failures: readonly VerificationFailure[] = [],
    /** Per-interaction results, when the verifier got that far. */
    readonly results: readonly InteractionResult[] = [],
  ) {
    super(message);
  }
}

/** "1s 20ms", "28ms" → milliseconds. */
function parseDuration(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  let total = 0;
  let matched = false;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|m)\b/g)) {
    matched = true;
    total += Number(amount) * (unit === "ms" ? 1 : unit === "s" ? 1000 : 60_000);
  }
  return matched ? total : undefined;
}

interface VerifierJson {
  results: InteractionResult[];
  failures: VerificationFailure[];
}

/**
 * The description in the verifier's name of an interaction ("Verifying a pact between <consumer>
 * and <provider>[ Given <state>] - <description>"): the longest known description it ends with.
 */
function descriptionIn(name: string, descriptions: readonly string[]): string {
  let found: string | undefined;
  for (const description of descriptions) if (name.endsWith(` - ${description}`) && (found === undefined || description.length > found.length)) found = description;
  return found ?? name;
}

/** The verifier's JSON report (pactffi_verifier_json), read. */
function readVerifierJson(text: string, descriptions: readonly string[]): VerifierJson | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isJsonObject(json)) return undefined;
  const results = (Array.isArray(json.interactionResults) ? json.interactionResults : []).filter(isJsonObject).map((r) => ({
    description: String(r.description ?? ""),
    ok: r.result === "OK",
    durationMs: parseDuration(r.duration),
  }));
  const failures = (Array.isArray(json.errors) ? json.errors : []).filter(isJsonObject).map((error) => {
    const interaction = descriptionIn(String(error.interaction ?? ""), descriptions);
    const mismatch = isJsonObject(error.mismatch) ? error.mismatch : {};
    const mismatches = Array.isArray(mismatch.mismatches) ? mismatch.mismatches.filter(isJsonObject) : [];
    const problems = mismatches.length
      ? mismatches.map((m) => `${typeof m.path === "string" && m.path !== "" ? `${m.path}: ` : ""}${String(m.mismatch ?? m.description ?? JSON.stringify(m))}`)
      : [String(mismatch.message ?? mismatch.description ?? JSON.stringify(mismatch))];
    return { interaction, problems };
  });
  return { results, failures };
}

/** The deepest nesting the Pact verifier's JSON parser (serde_json, recursion limit 128) reads in a pact file: 127 levels here, measured. */
export const VERIFIER_MAX_DEPTH = 127;

/** A pact file, read: its path, its JSON as it stands, and the document read from it. */
export interface ReadPactFile {
  file: string;
  json: unknown;
  pact: PactDocument;
}

/** Reads pact files, each as a document; unreadable or foreign files throw a PactVerificationError. */
export function readPactFiles(files: readonly string[]): ReadPactFile[] {
  if (files.length === 0) throw new PactVerificationError("nothing to verify: no pact file was given");
  return files.map((file) => {
    let text: string;
    try {
      // Checked before reading: a FIFO or device named like a pact would block readFileSync forever.
      const stats = statSync(file);
      if (!stats.isFile()) throw new Error("not a regular file");
      if (stats.size > DEFAULT_MAX_BYTES) throw new Error(`${stats.size} bytes, over the ${DEFAULT_MAX_BYTES}-byte limit`);
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new PactVerificationError(`${file}: cannot read the pact file: ${errorMessage(error)}`);
    }
    const input = parseJsonText(text, { words: PACT_FILE_WORDS });
    // The first line: where and why, without the excerpt that follows it.
    if (!input.ok) throw new PactVerificationError(inputProblemLines(file, input.problem)[0]!);
    const json = input.value;
    // Deeper, the verifier's core cannot parse the file and reports one made-up interaction, "Failed to load pact".
    const depth = jsonDepth(json);
    if (depth > VERIFIER_MAX_DEPTH) throw new PactVerificationError(`${file}: it nests ${depth} levels deep; the Pact verifier reads pact files nested at most ${VERIFIER_MAX_DEPTH} levels`);
    try {
      return { file, json, pact: readPact(json) };
    } catch (error) {
      if (error instanceof NotAPactError) throw new PactVerificationError(`${file}: ${error.message}`);
      throw error;
    }
  });
}

/** The one provider the files name; verifying several providers at once is a mistake. */
export function providerOf(pacts: ReadonlyArray<{ file: string; pact: PactDocument }>): string {
  const names = [...new Set(pacts.map(({ pact }) => pact.provider ?? ""))];
  if (names.length !== 1 || names[0] === "") {
    throw new PactVerificationError(`the pact files must name one provider; they name ${names.map((n) => (n === "" ? "none" : `"${n}"`)).join(", ")}`);
  }
  return names[0]!;
}

/** How the verifier's report begins the reason of a pact file it could not load. */
const LOAD_FAILURE = "Failed to load pact";

/** What the verifier reported: every interaction's result and the unmet ones, with their reasons. */
export interface VerifierOutcome {
  /** False when the verifier said the verification failed, even if it named no interaction. */
  ok: boolean;
  results: InteractionResult[];
  failures: VerificationFailure[];
  /** Wall time of the verifier, in milliseconds. */
  durationMs: number;
}

/** Runs the native verifier through pact-js and resolves with its report text. */
export type VerifierRun = (options: VerifierOptions) => Promise<unknown>;

/** pact-js's Verifier: HTTP providers, with a provider-state request before each interaction. */
const verifyProvider: VerifierRun = (options) => new Verifier(options).verifyProvider();

/**
 * Runs pact-js's Verifier (or `run`) and reads its report, adding `extraProblems` (such as a provider that
 * threw) to the interactions they name; throws PactVerificationError only when it could not run.
 */
export async function verifierOutcome(
  options: VerifierOptions,
  pacts: ReadonlyArray<{ pact: PactDocument }>,
  extraProblems: () => ReadonlyMap<string, string[]> = () => new Map(),
  run: VerifierRun = verifyProvider,
): Promise<VerifierOutcome> {
  const descriptions = pacts.flatMap(({ pact }) => pact.interactions.map((i) => i.description));
  ensurePactDoesNotTrack();
  const started = performance.now();
  let outcome: { ok: boolean; text: string };
  try {
    outcome = { ok: true, text: String(await run(options)) };
  } catch (error) {
    outcome = { ok: false, text: errorMessage(error) };
  }
  const durationMs = performance.now() - started;
  const read = readVerifierJson(outcome.text, descriptions);
  if (!read) throw new PactVerificationError(`the Pact verifier could not run: ${outcome.text}`);
  // A file the verifier cannot load (a matching rule's path it cannot parse) comes back as one made-up interaction.
  const unloadable = read.failures.find((f) => !descriptions.includes(f.interaction) && f.problems.some((p) => p.startsWith(LOAD_FAILURE)));
  if (unloadable) {
    const reason = unloadable.problems.find((p) => p.startsWith(LOAD_FAILURE))!;
    throw new PactVerificationError(`the Pact verifier cannot load the pact: ${reason.replace(/^Failed to load pact '[^']*' - /, "")}`);
  }
  const extra = extraProblems();
  const failures = read.failures.map((f) => ({ interaction: f.interaction, problems: [...(extra.get(f.interaction) ?? []), ...f.problems] }));
  return { ok: outcome.ok, results: read.results, failures, durationMs };
}

/** The error for unmet interactions: how many failed, then each one's problems, one line each. */
export function failedVerification(provider: string, failures: readonly VerificationFailure[], results: readonly InteractionResult[]): PactVerificationError {
  const lines = failures.flatMap((f) => [`  ${f.interaction}${f.replayed ? " (replayed by fwcall: a redirect the Pact verifier would follow)" : ""}`, ...f.problems.map((p) => `    ${p}`)]);
  const failed = new Set(failures.map((f) => f.interaction)).size;
  return new PactVerificationError(`${failed} of ${results.length} interactions failed verification against provider "${provider}":\n${lines.join("\n")}`, failures, results);
}

/** The error for a verifier that checked another number of interactions than the pact files hold. */
export function miscountedVerification(checked: number, held: number, results: readonly InteractionResult[]): PactVerificationError {
  return new PactVerificationError(`the verifier checked ${checked} interactions; the pact files hold ${held}`, [], results);
}

/**
 * Runs pact-js's Verifier and reports; throws PactVerificationError listing every unmet
 * interaction (and `extraProblems`, such as a provider that threw) when one is unmet.
 */
export async function runVerifier(
  options: VerifierOptions,
  pacts: ReadonlyArray<{ pact: PactDocument }>,
  extraProblems: () => ReadonlyMap<string, string[]> = () => new Map(),
  run: VerifierRun = verifyProvider,
): Promise<VerificationReport> {
  const outcome = await verifierOutcome(options, pacts, extraProblems, run);
  if (!outcome.ok || outcome.failures.length > 0) throw failedVerification(options.provider ?? "", outcome.failures, outcome.results);
  const held = pacts.reduce((sum, { pact }) => sum + pact.interactions.length, 0);
  if (outcome.results.length !== held) throw miscountedVerification(outcome.results.length, held, outcome.results);
  return { provider: options.provider ?? "", interactions: outcome.results, durationMs: outcome.durationMs };
}
