// Pact files named on a command line (the contracts/ folder when none is), and how the CLI reads
// them with @fwcall/pact's located reader. Shared by `contracts publish` and `contracts verify`;
// `contracts check` shares the wording of its problems.
import { statSync } from "node:fs";
import { pactFilesIn, type PactReadOptions } from "@fwcall/pact/check";
import { UsageError } from "./args.js";

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
    const found = isDirectory ? pactFilesIn(operand) : [operand];
    if (isDirectory && found.length === 0) throw new UsageError(`'${operand}' holds no *.json pact files`);
    files.push(...found);
  }
  return files;
}

/** How the CLI reads a pact file: @fwcall/pact's reader, with the command line's way out of a FIFO or device. */
export const PACT_READ_OPTIONS: PactReadOptions = { words: { notRegular: "to read from it, use - and redirect it to standard input" } };

