// The fwcall command line as a function: arguments and streams in, exit code out.
import { describeFsError } from "@fwcall/validate/json-file";
import { HELP_OPTION, UsageError, optionsHelp, parseCommandArgs, type OptionDeclarations } from "./args.js";
import { ExitCode, watchOutput, type Io } from "./io.js";
import { errorMessage } from "./messages.js";
import { readVersion } from "./version.js";

type Run = (args: readonly string[], io: Io) => Promise<ExitCode>;

/**
 * Every command, by the name typed after `fwcall`, with the one line the command list shows. A
 * command's module is imported only when it runs: `fwcall validate` must not pay for msw
 * (graphql, tldts, tough-cookie), Pact or the coverage sandbox at start.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Run> }> = {
  validate: { summary: "check call-event payload JSON files (onCallCreate, onCallUpdate)", load: async () => (await import("./commands/validate.js")).validateCommand },
  fixtures: { summary: "list, show and sequence the fixture catalog (every case of the call-event space)", load: async () => (await import("./commands/fixtures.js")).fixturesCommand },
  fdk: { summary: "write an FDK app's server/test_data files from the fixture catalog", load: async () => (await import("./commands/fdk.js")).fdkCommand },
  coverage: { summary: "run an app's handlers over every case and report which ones it handles", load: async () => (await import("./commands/coverage.js")).coverageCommand },
  mock: { summary: "serve a mock of the Freshcaller REST API with deterministic calls", load: async () => { const { mockCommand } = await import("./commands/mock.js"); return (args, io) => mockCommand(args, io); } },
  contracts: { summary: "check Pact files against the schemas, verify providers, publish to a Pact Broker", load: async () => (await import("./commands/contracts.js")).contractsCommand },
  diff: { summary: "compare two versions of the schemas and name the consumers a change breaks", load: async () => (await import("./commands/diff.js")).diffCommand },
  docs: { summary: "render the AsyncAPI and OpenAPI documents to static HTML pages that work offline", load: async () => (await import("./commands/docs.js")).docsCommand },
};

const commandList = Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(10)}${summary}`)
  .join("\n");

/** The options of `fwcall` before a command: what it parses and what its help lists. */
export const MAIN_OPTIONS = {
  help: { ...HELP_OPTION.help, help: "show this help; `fwcall <command> --help` shows a command's help" },
  version: { type: "boolean", help: "print the version of fwcall" },
} as const satisfies OptionDeclarations;

export const MAIN_HELP = `Usage: fwcall <command> [options]

The command line of fwcall, the contract kit for Freshworks call events
(onCallCreate, onCallUpdate).

Commands:
${commandList}

Options:
${optionsHelp(MAIN_OPTIONS)}

Exit codes: 0 valid (or fully covered), 1 invalid (or a case unhandled), 2 input or command line unusable.
`;

/**
 * Runs the command line. Never throws and never exits the process: it returns the exit code,
 * 2 also when standard output could not be written (a full disk, a closed pipe).
 * @example process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin })
 */
export async function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  const [first] = argv;
  const command = first !== undefined && Object.hasOwn(COMMANDS, first) ? first : undefined;
  const prefix = command ? `fwcall ${command}` : "fwcall";
  const output = watchOutput(io.stdout);
  const code = await runCommand(argv, { ...io, stdout: output.output }, command, prefix);
  const failed = await output.settle();
  if (!failed) return code;
  // A reader that stopped early (`| head`) is not news to the person who made it stop.
  if (failed.code !== "EPIPE") io.stderr.write(`${prefix}: cannot write to standard output: ${describeFsError(failed)} (${failed.code ?? failed.name}); the output is incomplete\n`);
  return ExitCode.Unusable;
}

/** Runs one command line (`command` is its known first word, if any); every failure becomes its exit code and a message on stderr. */
async function runCommand(argv: readonly string[], io: Io, command: string | undefined, prefix: string): Promise<ExitCode> {
  try {
    if (command) return await (await COMMANDS[command]!.load())(argv.slice(1), io);
    const { values, positionals } = parseCommandArgs({
      args: [...argv],
      options: MAIN_OPTIONS,
      allowPositionals: true,
    });
    if (values.help) {
      io.stdout.write(MAIN_HELP);
      return ExitCode.Ok;
    }
    if (values.version) {
      io.stdout.write(`${readVersion()}\n`);
      return ExitCode.Ok;
    }
    const unknown = positionals[0];
    throw new UsageError(
      unknown === undefined
        ? `missing a command (commands: ${Object.keys(COMMANDS).join(", ")})`
        : `unknown command '${unknown}' (commands: ${Object.keys(COMMANDS).join(", ")})`,
    );
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${prefix}: ${error.message}\nRun '${prefix} --help' for usage.\n`);
      return ExitCode.Unusable;
    }
    io.stderr.write(`${prefix}: internal error: ${errorMessage(error)}\nThis is a bug in fwcall, not in your input.`);
    io.stderr.write(io.env?.FWCALL_DEBUG ? `\n${error instanceof Error ? error.stack : ""}\n` : " Set FWCALL_DEBUG=1 to see the stack trace.\n");
    return ExitCode.Unusable;
  }
}
