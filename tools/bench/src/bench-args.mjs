// The command-line options of the benches that pnpm starts with arguments, read in one place: pnpm
// passes its "--" through, and each of them takes --quick.
import { parseArgs } from "node:util";

/**
 * The options of this run: `--quick` and the ones named, each a string or a boolean (false unless given); an unknown one throws.
 * @example const args = benchArgs({ duration: "string", profile: "boolean" }); // node bench.mjs -- --quick --duration 3
 */
export function benchArgs(types) {
  const options = { quick: { type: "boolean", default: false } };
  for (const [name, type] of Object.entries(types)) options[name] = type === "boolean" ? { type, default: false } : { type };
  return parseArgs({ args: process.argv.slice(2).filter((a) => a !== "--"), options }).values;
}
