// Runs the official Pact verifier (pact-js's Verifier over pact-core) and turns what it reports
// into a summary, or into one error that names every unmet interaction and why.
import { Verifier, type VerifierOptions } from "@pact-foundation/pact";
import { readFileSync } from "node:fs";
import { isJsonObject } from "./json.js";
import { ensurePactDoesNotTrack } from "./pact-env.js";
import { NotAPactError, readPact, type PactDocument } from "./pact-file.js";

/** How one interaction fared. */
export interface InteractionResult {
  description: string;
  ok: boolean;
  /** As the verifier measured it. */
  durationMs: number | undefined;
}

/** A verification that passed. */
export interface VerificationReport {
  provider: string;
  interactions: InteractionResult[];
  /** Wall time of the whole verification, in milliseconds. */
  durationMs: number;
}

/** One unmet interaction: what the verifier (or the provider) said, one line each. */
export interface VerificationFailure {
  interaction: string;
  problems: string[];
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

/** Reads pact files, each as a document; unreadable or foreign files throw a PactVerificationError. */
export function readPactFiles(files: readonly string[]): Array<{ file: string; pact: PactDocument }> {
  if (files.length === 0) throw new PactVerificationError("nothing to verify: no pact file was given");
  return files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new PactVerificationError(`${file}: cannot read the pact file: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      return { file, pact: readPact(JSON.parse(text)) };
    } catch (error) {
      if (error instanceof SyntaxError || error instanceof NotAPactError) throw new PactVerificationError(`${file}: ${error.message}`);
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

/**
 * Runs pact-js's Verifier and reports; throws PactVerificationError listing every unmet
 * interaction (and `extraProblems`, such as a provider that threw) when one is unmet.
 */
export async function runVerifier(
  options: VerifierOptions,
  pacts: ReadonlyArray<{ pact: PactDocument }>,
  extraProblems: () => ReadonlyMap<string, string[]> = () => new Map(),
): Promise<VerificationReport> {
  const descriptions = pacts.flatMap(({ pact }) => pact.interactions.map((i) => i.description));
  ensurePactDoesNotTrack();
  const started = performance.now();
  let outcome: { ok: boolean; text: string };
  try {
    outcome = { ok: true, text: String(await new Verifier(options).verifyProvider()) };
  } catch (error) {
    outcome = { ok: false, text: error instanceof Error ? error.message : String(error) };
  }
  const durationMs = performance.now() - started;
  const read = readVerifierJson(outcome.text, descriptions);
  if (!read) throw new PactVerificationError(`the Pact verifier could not run: ${outcome.text}`);
  const extra = extraProblems();
  const failures = read.failures.map((f) => ({ interaction: f.interaction, problems: [...(extra.get(f.interaction) ?? []), ...f.problems] }));
  if (!outcome.ok || failures.length > 0) {
    const lines = failures.flatMap((f) => [`  ${f.interaction}`, ...f.problems.map((p) => `    ${p}`)]);
    const failed = new Set(failures.map((f) => f.interaction)).size;
    throw new PactVerificationError(`${failed} of ${read.results.length} interactions failed verification against provider "${options.provider}":\n${lines.join("\n")}`, failures, read.results);
  }
  if (read.results.length !== descriptions.length) {
    throw new PactVerificationError(`the verifier checked ${read.results.length} interactions; the pact files hold ${descriptions.length}`, [], read.results);
  }
  return { provider: options.provider ?? "", interactions: read.results, durationMs };
}
