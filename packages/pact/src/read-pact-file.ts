// Pact files read from disk the one way the CLI and the library share: @fwcall/validate/json-file's
// located reader (line and column of invalid JSON, a size cap, regular files only, UTF-16 named,
// the keys JSON.parse drops), worded for a pact file, then read as a pact document.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { duplicateKeyProblems, formatProblem, type DuplicateKey } from "@fwcall/validate";
import { parseJsonText, readJsonFile, type InputProblem, type JsonInput, type JsonWords } from "@fwcall/validate/json-file";
import { NotAPactError, readPact, type PactDocument } from "./pact-file.js";

/** A pact file, in the words of the reader's problems. */
export const PACT_FILE_WORDS: JsonWords = {
  expected: "a pact file",
  nesting: "a pact file nests only a few levels",
  tooLarge: "a pact file this large is not read",
};

/** How to read a pact file. */
export interface PactReadOptions {
  /** Refuse a file beyond this many bytes (default 64 MB). */
  maxBytes?: number;
  /** Words laid over PACT_FILE_WORDS (the CLI adds its own advice). */
  words?: JsonWords;
}

/** A pact file read: its document and the keys written twice in it, or why it is none (invalid JSON with its line and column). */
export type PactFileInput = { ok: true; pact: PactDocument; duplicateKeys: DuplicateKey[] } | { ok: false; problem: InputProblem };

const readOptions = (options: PactReadOptions) => ({ ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }), words: { ...PACT_FILE_WORDS, ...options.words } });

/**
 * A pact file's JSON, located problems and all, before it is read as a pact (for a caller with a looser idea of a pact).
 * @example const input = await readPactJson("contracts/app-api.json"); if (input.ok) input.value
 */
export function readPactJson(path: string, options: PactReadOptions = {}): Promise<JsonInput> {
  return readJsonFile(path, readOptions(options));
}

/**
 * Reads a pact file's text (JSON, as from a file already read) as a pact document, with readPactFile's located problems.
 * @example parsePactText('{"interactions": [] "x": 1}') // { ok: false, problem: { line: 1, column: 20, … } }
 */
export function parsePactText(text: string, words: JsonWords = {}): PactFileInput {
  const input = parseJsonText(text, { words: { ...PACT_FILE_WORDS, ...words } });
  return input.ok ? asPact(input) : input;
}

/**
 * Reads a file as a pact document.
 * @example const read = await readPactFile("contracts/app-provider.json"); if (read.ok) read.pact.interactions.length
 */
export async function readPactFile(path: string, options: PactReadOptions = {}): Promise<PactFileInput> {
  const input = await readPactJson(path, options);
  return input.ok ? asPact(input) : input;
}

/** Parsed JSON read as a pact document, or why it is none. */
function asPact(input: { value: unknown; duplicateKeys: DuplicateKey[] }): PactFileInput {
  try {
    return { ok: true, pact: readPact(input.value), duplicateKeys: input.duplicateKeys };
  } catch (error) {
    if (error instanceof NotAPactError) return { ok: false, problem: { message: error.message, line: null, column: null, excerpt: [] } };
    throw error;
  }
}

/**
 * The pact files of a folder: the *.json files directly in it, in name order, joined to it. Throws what readdirSync throws.
 * @example pactFilesIn("contracts") // ["contracts/fwcall-call-board-freshcaller-rest-api.json", …]
 */
export function pactFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => join(dir, name));
}

/**
 * Keys written twice in a pact file, one warning line each (the last one counts, for the verifier too).
 * @example duplicateKeyWarnings("a.json", keys) // ['a.json: warning /: "id" is written twice … [json:duplicate-key]']
 */
export function duplicateKeyWarnings(file: string, keys: readonly DuplicateKey[]): string[] {
  return duplicateKeyProblems(keys, "lenient").map((p) => `${file}: ${p.severity} ${formatProblem(p)} [${p.rule}]`);
}
