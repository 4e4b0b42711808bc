// The fwcall command line as a function: arguments and streams in, exit code out.
import { HELP_OPTION, UsageError, parseCommandArgs } from "./args.js";
import { CONTRACTS_SUMMARY, contractsCommand } from "./commands/contracts.js";
import { COVERAGE_SUMMARY, coverageCommand } from "./commands/coverage.js";
import { FDK_SUMMARY, fdkCommand } from "./commands/fdk.js";
import { FIXTURES_SUMMARY, fixturesCommand } from "./commands/fixtures.js";
import { MOCK_SUMMARY, mockCommand } from "./commands/mock.js";
import { VALIDATE_SUMMARY, validateCommand } from "./commands/validate.js";
import { describeFsError } from "./fs-error.js";
import { ExitCode, watchOutput, type Io } from "./io.js";
import { readVersion } from "./version.js";

/** Every command, by the name typed after `fwcall`. */
const COMMANDS: Record<string, { summary: string; run: (args: readonly string[], io: Io) => Promise<ExitCode> }> = {
  validate: { summary: VALIDATE_SUMMARY, run: validateCommand },
  fixtures: { summary: FIXTURES_SUMMARY, run: fixturesCommand },
  fdk: { summary: FDK_SUMMARY, run: fdkCommand },
  coverage: { summary: COVERAGE_SUMMARY, run: coverageCommand },
  mock: { summary: MOCK_SUMMARY, run: (args, io) => mockCommand(args, io) },
  contracts: { summary: CONTRACTS_SUMMARY, run: contractsCommand },
};

const commandList = Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(10)}${summary}`)
  .join("\n");

export const MAIN_HELP = `Usage: fwcall <command> [options]

The command line of fwcall, the contract kit for Freshworks call events
(onCallCreate, onCallUpdate).

Commands:
${commandList}

Options:
  -h, --help  show this help; \`fwcall <command> --help\` shows a command's help
  --version   print the version of fwcall

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
    if (command) return await COMMANDS[command]!.run(argv.slice(1), io);
    const { values, positionals } = parseCommandArgs({
      args: [...argv],
      options: { ...HELP_OPTION, version: { type: "boolean" } },
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
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`${prefix}: internal error: ${message}\nThis is a bug in fwcall, not in your input.`);
    io.stderr.write(io.env?.FWCALL_DEBUG ? `\n${error instanceof Error ? error.stack : ""}\n` : " Set FWCALL_DEBUG=1 to see the stack trace.\n");
    return ExitCode.Unusable;
  }
}
