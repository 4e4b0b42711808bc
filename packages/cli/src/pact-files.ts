// Pact files named on a command line (the contracts/ folder when none is), and one of them read as
// a pact document, with a located reason when it cannot be. Shared by `contracts publish` and
// `contracts verify`; `contracts check` shares the wording of its problems.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { NotAPactError, readPact, type PactDocument } from "@fwcall/pact/check";
import type { DuplicateKey } from "@fwcall/validate";
import { UsageError } from "./args.js";
import { readJsonFile, type InputProblem } from "./json-input.js";

/** Where pacts live when no path is given. */
export const DEFAULT_CONTRACTS_DIR = "contracts";

/**
 * Pact files named by the operands (default: ./contracts): files as given, directories as the
 * *.json files directly in them, in name order. A missing path or a directory without any throws a UsageError.
 * @example pactFilesOf([]) // ["contracts/fwcall-call-board-freshcaller-rest-api.json", …]
 */
export function pactFilesOf(operands: readonly string[]): string[] {
  const files: string[] = [];
  for (const operand of operands.length ? operands : [DEFAULT_CONTRACTS_DIR]) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(operand).isDirectory();
    } catch {
      throw new UsageError(`'${operand}' does not exist`);
    }
    const found = isDirectory ? readdirSync(operand).filter((name) => name.endsWith(".json")).sort().map((name) => join(operand, name)) : [operand];
    if (isDirectory && found.length === 0) throw new UsageError(`'${operand}' holds no *.json pact files`);
    files.push(...found);
  }
  return files;
}

/**
 * A problem of the JSON reader, worded for a pact file (the reader's words are about payloads).
 * @example asPactProblem(problem).message // "empty input: expected a pact file, found nothing"
 */
export function asPactProblem(problem: InputProblem): InputProblem {
  const message = problem.message
    .replace("one JSON call-event payload", "a pact file")
    .replace("a call-event payload nests", "a pact file nests")
    .replace(/a call-event payload is a few KB \(raise the limit with --max-bytes[^)]*\)/, "a pact file this large is not read");
  return { ...problem, message };
}

const problem = (message: string): InputProblem => ({ message, line: null, column: null, excerpt: [] });

/** A pact file read: its document and the keys written twice in it, or why it is none (invalid JSON with its line and column). */
export type ReadPactFile = { ok: true; pact: PactDocument; duplicateKeys: DuplicateKey[] } | { ok: false; problem: InputProblem };

/**
 * Reads a file as a pact document.
 * @example const read = await readPactFile("contracts/app-provider.json"); if (read.ok) read.pact.interactions.length
 */
export async function readPactFile(path: string): Promise<ReadPactFile> {
  const input = await readJsonFile(path);
  if (!input.ok) return { ok: false, problem: asPactProblem(input.problem) };
  try {
    return { ok: true, pact: readPact(input.value), duplicateKeys: input.duplicateKeys };
  } catch (error) {
    if (error instanceof NotAPactError) return { ok: false, problem: problem(error.message) };
    throw error;
  }
}
