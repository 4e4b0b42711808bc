// Command-line parsing: node:util parseArgs, with its errors turned into short usage messages.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { errorMessage } from "./messages.js";

/** A command line that cannot be used; `main` prints it with a pointer to the command's help. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * One option of a command, declared once: how parseArgs reads it and the lines its help shows.
 * A command's options are one record of these; parseCommandArgs takes it as it is, and
 * optionsHelp writes the "Options:" lines of its help from it, so the two cannot drift apart.
 */
export interface OptionDeclaration {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  /** How help shows the value of a string option, e.g. "<name>". */
  value?: string;
  /** What it does: the first line beside the option, any further ones under it. Absent: the help names it elsewhere (its usage line, beside another option), not on a line of its own. */
  help?: string | readonly string[];
}

/** A command's options, by name (without the leading --), in the order its help lists them. */
export type OptionDeclarations = Readonly<Record<string, OptionDeclaration>>;

/** The options every command understands, spelled once. */
export const HELP_OPTION = { help: { type: "boolean", short: "h", help: "show this help" } } as const satisfies OptionDeclarations;

/** How help writes an option: `-h, --help`, `--profile <name>`. */
export const optionLabel = (name: string, option: OptionDeclaration): string =>
  `${option.short === undefined ? "" : `-${option.short}, `}--${name}${option.value === undefined ? "" : ` ${option.value}`}`;

/**
 * The lines of a help's "Options:" section, one listed option after another, their texts in one column two spaces after the longest option.
 * @example optionsHelp({ json: { type: "boolean", help: "print JSON" }, ...HELP_OPTION }) // "  --json      print JSON\n  -h, --help  show this help"
 */
export function optionsHelp(options: OptionDeclarations): string {
  const labels = Object.entries(options).flatMap(([name, option]) => (option.help === undefined ? [] : [[optionLabel(name, option), option.help] as const]));
  const width = Math.max(...labels.map(([label]) => label.length));
  return labels
    .flatMap(([label, help]) => {
      const [first = "", ...rest] = typeof help === "string" ? [help] : help;
      return [`  ${label.padEnd(width)}  ${first}`.trimEnd(), ...rest.map((line) => `${" ".repeat(width + 4)}${line}`)];
    })
    .join("\n");
}

function usageMessage(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = errorMessage(error);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const option = /'([^']*)'/.exec(message)?.[1] ?? message;
    return `unknown option '${option}'`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    // Node names a short-and-long option as '-h, --help': the long name is the one to show.
    const option = /'(?:-[^' ,]+, )?(-[^' ,]+)/.exec(message)?.[1] ?? "";
    if (message.includes("argument missing")) return `option '${option}' needs a value`;
    if (message.includes("does not take an argument")) return `option '${option}' does not take a value`;
    if (message.includes("ambiguous")) return `option '${option}' needs a value (write '${option}=<value>' if the value starts with '-')`;
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const argument = /'([^']*)'/.exec(message)?.[1] ?? message;
    return `unexpected argument '${argument}'`;
  }
  return message.split("\n")[0] ?? message;
}

/**
 * parseArgs (strict unless the config says otherwise; an option that takes one value given twice is an error, not "the last wins"); a bad command line throws a UsageError with a one-line reason.
 * @example parseCommandArgs({ args: ["--json", "a.json"], options: { json: { type: "boolean" } }, allowPositionals: true })
 */
export function parseCommandArgs<const T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    const parsed = parseArgs({ ...config, tokens: true });
    // parseArgs keeps the last of a repeated option: `--case a --case b` would drop a without a word.
    const seen = new Set<string>();
    for (const token of parsed.tokens ?? []) {
      if (token.kind !== "option" || token.value === undefined) continue;
      if (config.options?.[token.name]?.multiple) continue;
      if (seen.has(token.name)) throw new UsageError(`--${token.name} is given more than once; it takes one value`);
      seen.add(token.name);
    }
    if (!config.tokens) delete (parsed as { tokens?: unknown }).tokens;
    return parsed as ReturnType<typeof parseArgs<T>>;
  } catch (error) {
    if (error instanceof TypeError && typeof (error as { code?: unknown }).code === "string") {
      throw new UsageError(usageMessage(error));
    }
    throw error;
  }
}

/**
 * An option that takes one of a few words; undefined when absent.
 * @example oneOf("--format", values.format, ["terminal", "json"])
 */
export function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new UsageError(`${option} must be one of ${allowed.join(", ")}; found '${value}'`);
  return found;
}

/**
 * An option that takes a whole number of at least `min`; undefined when absent.
 * @example wholeNumber("--seed", values.seed, 0) ?? 1
 */
export function wholeNumber(option: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) throw new UsageError(`${option} must be a whole number ≥ ${min}; found '${value}'`);
  return Number(value);
}
