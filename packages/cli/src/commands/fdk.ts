// `fwcall fdk export <app-dir>`: writes an app's server/test_data from the fixture catalog.
import { UnknownCaseError } from "@fwcall/cases";
import { exportFdkTestData, FdkConfigError, FdkExportError } from "@fwcall/fdk";
import { HELP_OPTION, UsageError, optionsHelp, parseCommandArgs, wholeNumber, type OptionDeclarations } from "../args.js";
import { ExitCode, type Io } from "../io.js";

/** The options of `fwcall fdk export`: what it parses and what its help lists. */
export const FDK_OPTIONS = {
  case: { type: "string", value: "<id>", help: "write this case into its event's file (see `fwcall fixtures list`)" },
  force: { type: "boolean", help: "replace files changed since fwcall last wrote them" },
  seed: { type: "string", value: "<n>", help: "seed of the payloads (default 1)" },
  ...HELP_OPTION,
} as const satisfies OptionDeclarations;

export const FDK_HELP = `Usage: fwcall fdk export <app-dir> [--case <id>] [--force] [--seed <n>]

Writes the server/test_data files that \`fdk run\` and \`fdk test\` read, in the layout the app's
manifest.json implies:
  platform 3.0             server/test_data/<module>/<event>.json
  platform 2.x             server/test_data/<event>.json
  2.x, several products    server/test_data/<product>/<event>.json (e.g. freshcaller/)
Each file holds only what the FDK keeps there (event, timestamp, region, data; 2.x also
account_id and domain). By default onCallCreate gets create/incoming/connecting and onCallUpdate
gets update/incoming/answered/recording; --case writes one case into its event's file.

A file changed since fwcall last wrote it is left alone unless --force is given. Links, folders,
FIFOs and other non-files where a file belongs are refused, never opened or written through;
nothing outside the app directory is written. fwcall records what it wrote in
server/test_data/.fwcall-export.json.

Options:
${optionsHelp(FDK_OPTIONS)}

Exit codes: 0 written or unchanged, 1 a file was refused, 2 unusable app or command line.
`;

/** Runs `fwcall fdk …`. */
export async function fdkCommand(args: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs({
    args: [...args],
    options: FDK_OPTIONS,
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout.write(FDK_HELP);
    return ExitCode.Ok;
  }
  const [sub, appDir, ...extra] = positionals;
  if (sub !== "export") throw new UsageError(sub === undefined ? "missing a subcommand (subcommands: export)" : `unknown subcommand '${sub}' (subcommands: export)`);
  if (appDir === undefined) throw new UsageError("missing the app directory");
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const seed = wholeNumber("--seed", values.seed, 0);
  try {
    const results = await exportFdkTestData(appDir, {
      ...(values.case === undefined ? {} : { caseId: values.case }),
      ...(values.force ? { force: true } : {}),
      ...(seed === undefined ? {} : { seed }),
    });
    for (const file of results) {
      const line = `${file.status.padEnd(9)} ${file.path}  (${file.caseId})${file.reason ? `: ${file.reason}` : ""}\n`;
      (file.status === "refused" ? io.stderr : io.stdout).write(line);
    }
    return results.some((file) => file.status === "refused") ? ExitCode.Invalid : ExitCode.Ok;
  } catch (error) {
    if (error instanceof FdkExportError || error instanceof FdkConfigError || error instanceof UnknownCaseError) {
      io.stderr.write(`fwcall fdk export: ${error.message}\n`);
      return ExitCode.Unusable;
    }
    throw error;
  }
}
