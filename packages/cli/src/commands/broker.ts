// `fwcall contracts publish` and `fwcall contracts can-i-deploy`: thin drivers of the official
// Pact CLI (@pact-foundation/pact-cli) against the Pact Broker named by the usual PACT_BROKER_*
// variables. fwcall checks what it can name clearly (a broker, pact files, option order) and leaves
// the broker protocol to the Pact CLI.
import { readPactJson } from "@fwcall/pact/check";
import { problemText } from "@fwcall/validate/json-file";
import { HELP_OPTION, UsageError, optionsHelp, parseCommandArgs, type OptionDeclarations } from "../args.js";
import { ExitCode, type Io } from "../io.js";
import { brokerBaseUrl, brokerUnreachable, runPactBroker } from "../pact-broker-cli.js";
import { DEFAULT_CONTRACTS_DIR, PACT_READ_OPTIONS, pactFilesOf } from "../pact-files.js";

const BROKER_VARIABLES = `Broker (environment variables, as the Pact CLI reads them):
  PACT_BROKER_BASE_URL                        the broker's URL (or --broker-base-url)
  PACT_BROKER_TOKEN                           a bearer token, or
  PACT_BROKER_USERNAME, PACT_BROKER_PASSWORD  basic auth
Without a broker nothing is sent; the pacts stay in contracts/ and verification reads them there
(with one, 'fwcall contracts verify' verifies the broker's pacts).`;

/** The options of `fwcall contracts publish`: what it parses and what its help lists. */
export const PUBLISH_OPTIONS = {
  "consumer-version": { type: "string", value: "<v>", help: "version of the consumer that made the pacts (e.g. a commit sha)" },
  "auto-detect-version": { type: "boolean", help: "let the Pact CLI read version, branch and build URL from CI variables or git" },
  branch: { type: "string", value: "<b>", help: "branch of that version" },
  tag: { type: "string", multiple: true, value: "<t>", help: "a tag for that version (repeatable)" },
  "build-url": { type: "string", value: "<url>", help: "the CI build that made the pacts" },
  "broker-base-url": { type: "string", value: "<url>", help: "overrides PACT_BROKER_BASE_URL" },
  ...HELP_OPTION,
} as const satisfies OptionDeclarations;

export const PUBLISH_HELP = `Usage: fwcall contracts publish [<file|dir>...] --consumer-version <v> [--branch <b>] [--tag <t>]...

Publishes pact files (default: every *.json in ./${DEFAULT_CONTRACTS_DIR}) to a Pact Broker with the
official Pact CLI.

Options:
${optionsHelp(PUBLISH_OPTIONS)}

${BROKER_VARIABLES}

Exit codes: 0 published, 1 the broker refused or could not be reached, 2 unusable command line,
no broker configured, or a file that is not a pact.
`;

/** The options of `fwcall contracts can-i-deploy`: what it parses and what its help lists. */
export const CAN_I_DEPLOY_OPTIONS = {
  pacticipant: { type: "string", multiple: true, value: "<name>", help: "an application in the broker (repeatable)" },
  version: { type: "string", multiple: true, value: "<v>", help: "its version" },
  latest: { type: "boolean", multiple: true, help: "its latest version" },
  branch: { type: "string", multiple: true, value: "<b>", help: "its latest version on this branch" },
  "to-environment": { type: "string", value: "<env>", help: "the environment to deploy to" },
  to: { type: "string", value: "<tag>", help: "the tag standing for it (older brokers)" },
  "retry-while-unknown": { type: "string", value: "<n>", help: "poll n times while results are missing" },
  "retry-interval": { type: "string", value: "<s>", help: "seconds between polls" },
  "dry-run": { type: "boolean", help: "report, but always exit 0" },
  json: { type: "boolean", help: "the broker's answer as JSON" },
  "broker-base-url": { type: "string", value: "<url>", help: "overrides PACT_BROKER_BASE_URL" },
  ...HELP_OPTION,
} as const satisfies OptionDeclarations;

export const CAN_I_DEPLOY_HELP = `Usage: fwcall contracts can-i-deploy --pacticipant <name> (--version <v> | --latest | --branch <b>)...
                                  (--to-environment <env> | --to <tag>) [--dry-run] [--json]

Asks the Pact Broker, with the official Pact CLI, whether these versions have successful
verification results with everything already in the target environment.

Options (--version, --latest and --branch belong to the --pacticipant before them):
${optionsHelp(CAN_I_DEPLOY_OPTIONS)}

${BROKER_VARIABLES}

Exit codes: 0 safe to deploy, 1 not safe (or the broker could not answer), 2 unusable command line
or no broker configured.
`;

/**
 * Refuses, before anything is sent, a file that is not JSON (saying where) or names no consumer and
 * provider. Looser than reading it as a pact: the broker takes any pact it can name.
 */
async function assertPactFile(file: string): Promise<void> {
  const input = await readPactJson(file, PACT_READ_OPTIONS);
  if (!input.ok) throw new UsageError(`'${file}' is not a pact file: ${problemText(input.problem)}`);
  const named = (party: unknown) => typeof (party as { name?: unknown } | null)?.name === "string";
  const { consumer, provider } = (input.value ?? {}) as { consumer?: unknown; provider?: unknown };
  if (!named(consumer) || !named(provider)) throw new UsageError(`'${file}' is not a pact file: it names no consumer and provider`);
}

/**
 * Runs `fwcall contracts publish …`.
 * @example await contractsPublish(["contracts", "--consumer-version", "1.4.0", "--branch", "main"], io)
 */
export async function contractsPublish(args: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs({
    args: [...args],
    options: PUBLISH_OPTIONS,
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout.write(PUBLISH_HELP);
    return ExitCode.Ok;
  }
  const version = values["consumer-version"];
  if (version === undefined && !values["auto-detect-version"]) throw new UsageError("say which consumer version made the pacts: --consumer-version <v> or --auto-detect-version");
  if (version === "") throw new UsageError("--consumer-version must not be empty");
  const broker = brokerBaseUrl("publish", values["broker-base-url"], io.env ?? process.env);
  const files = pactFilesOf(positionals);
  for (const file of files) await assertPactFile(file);
  const unreachable = await brokerUnreachable("publish", broker, io);
  if (unreachable !== undefined) return unreachable;
  return runPactBroker(
    [
      "publish",
      ...files,
      "--broker-base-url",
      broker,
      ...(version === undefined ? [] : ["--consumer-app-version", version]),
      ...(values["auto-detect-version"] ? ["--auto-detect-version-properties"] : []),
      ...(values.branch === undefined ? [] : ["--branch", values.branch]),
      ...(values.tag ?? []).flatMap((tag) => ["--tag", tag]),
      ...(values["build-url"] === undefined ? [] : ["--build-url", values["build-url"]]),
    ],
    io,
  );
}

/** Options of can-i-deploy that describe the --pacticipant before them. */
const SELECTORS = new Set(["version", "latest", "branch"]);

/**
 * Runs `fwcall contracts can-i-deploy …`.
 * @example await contractsCanIDeploy(["--pacticipant", "call-board", "--version", "1.4.0", "--to-environment", "production"], io)
 */
export async function contractsCanIDeploy(args: readonly string[], io: Io): Promise<ExitCode> {
  const { values, tokens } = parseCommandArgs({
    args: [...args],
    options: CAN_I_DEPLOY_OPTIONS,
    tokens: true,
  });
  if (values.help) {
    io.stdout.write(CAN_I_DEPLOY_HELP);
    return ExitCode.Ok;
  }
  // The Pact CLI reads selectors by position, so they pass through in the order given.
  const selection: string[] = [];
  let selectors = 0;
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    if (token.name === "pacticipant") {
      if (selection.length && selectors === 0) throw new UsageError(`--pacticipant '${selection.at(-1)}' needs --version, --latest or --branch after it`);
      selection.push("--pacticipant", token.value ?? "");
      selectors = 0;
    } else if (SELECTORS.has(token.name)) {
      if (!selection.length) throw new UsageError(`--${token.name} must follow the --pacticipant it describes`);
      if (++selectors > 1) throw new UsageError(`--pacticipant '${selection.at(-1)}' takes one of --version, --latest or --branch`);
      selection.push(`--${token.name}`, ...(token.value === undefined ? [] : [token.value]));
    }
  }
  if (!selection.length) throw new UsageError("name the application to deploy: --pacticipant <name> --version <v>");
  if (selectors === 0) throw new UsageError(`--pacticipant '${selection.at(-1)}' needs --version, --latest or --branch after it`);
  if (values["to-environment"] === undefined && values.to === undefined) throw new UsageError("say where to deploy: --to-environment <env> (or --to <tag>)");
  for (const option of ["retry-while-unknown", "retry-interval"] as const) {
    const value = values[option];
    if (value !== undefined && !/^\d+$/.test(value)) throw new UsageError(`--${option} must be a whole number; found '${value}'`);
  }
  const broker = brokerBaseUrl("can-i-deploy", values["broker-base-url"], io.env ?? process.env);
  const unreachable = await brokerUnreachable("can-i-deploy", broker, io);
  if (unreachable !== undefined) return unreachable;
  return runPactBroker(
    [
      "can-i-deploy",
      ...selection,
      ...(values["to-environment"] === undefined ? [] : ["--to-environment", values["to-environment"]]),
      ...(values.to === undefined ? [] : ["--to", values.to]),
      ...(values["retry-while-unknown"] === undefined ? [] : ["--retry-while-unknown", values["retry-while-unknown"]]),
      ...(values["retry-interval"] === undefined ? [] : ["--retry-interval", values["retry-interval"]]),
      ...(values["dry-run"] ? ["--dry-run"] : []),
      ...(values.json ? ["--output", "json"] : []),
      "--broker-base-url",
      broker,
    ],
    io,
  );
}
