// `fwcall mock`: serves the mock Freshcaller REST API on this machine until interrupted.
import { isScenarioName, SCENARIOS, type ScenarioName } from "@fwcall/msw/core";
import { DEFAULT_HOST, DEFAULT_PORT, startMockServer } from "@fwcall/msw/server";
import { isIP } from "node:net";
import { HELP_OPTION, UsageError, optionsHelp, parseCommandArgs, wholeNumber, type OptionDeclarations } from "../args.js";
import { ExitCode, type Io } from "../io.js";

/** The options of `fwcall mock`: what it parses and what its help lists. */
export const MOCK_OPTIONS = {
  port: { type: "string", value: "<n>", help: `port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)` },
  host: {
    type: "string",
    value: "<addr>",
    help: [`interface to bind (default ${DEFAULT_HOST}: this machine only; any other`, "address gets a warning: the mock accepts any key and any origin)"],
  },
  seed: { type: "string", value: "<n>", help: "seed of the data (default 1)" },
  scenario: {
    type: "string",
    value: "<name>",
    help: ["default scenario; a request may pick another with the X-Fwcall-Scenario", "header or ?scenario=", ...SCENARIOS.map((s) => `  ${s.name.padEnd(13)} ${s.description}`)],
  },
  ...HELP_OPTION,
} as const satisfies OptionDeclarations;

export const MOCK_HELP = `Usage: fwcall mock [--port <n>] [--host <addr>] [--seed <n>] [--scenario <name>]

Serves a mock of the Freshcaller REST API (GET /api/v1/calls, /api/v1/calls/{id} and
/api/v1/calls/{id}/recording) with schema-valid calls, the same for the same seed.
Send any non-empty X-Api-Auth header. CORS is open, for frontends in development.

Options:
${optionsHelp(MOCK_OPTIONS)}

Stops on Ctrl-C (SIGINT) or SIGTERM, letting requests in flight finish.
Exit codes: 0 stopped, 2 unusable command line or the port could not be bound.
`;

/** Whether an address keeps the mock on this machine: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (bare === "localhost") return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  return bare === "::1" || bare.startsWith("::ffff:127.");
}

/**
 * The warning for a bind beyond this machine: the mock accepts any key and any origin.
 * @example exposureWarning("0.0.0.0") // "fwcall mock: warning: --host 0.0.0.0 is reachable from other machines …"
 */
export function exposureWarning(host: string): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  return `fwcall mock: warning: --host ${host} is reachable from other machines, and the mock accepts any X-Api-Auth key and any origin (CORS is open); leave --host out to stay on ${DEFAULT_HOST}\n`;
}

/** For tests and embedders: stop without a signal, and learn the URL. */
export interface MockControl {
  signal?: AbortSignal;
  onListening?(url: string): void;
}

/** Runs `fwcall mock …`; resolves once the server has stopped. */
export async function mockCommand(args: readonly string[], io: Io, control: MockControl = {}): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs({
    args: [...args],
    options: MOCK_OPTIONS,
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout.write(MOCK_HELP);
    return ExitCode.Ok;
  }
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (values.port !== undefined && (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65_535)) throw new UsageError(`--port must be a port number from 0 to 65535; found '${values.port}'`);
  const seed = wholeNumber("--seed", values.seed, 0);
  if (values.scenario !== undefined && !isScenarioName(values.scenario)) {
    throw new UsageError(`unknown scenario '${values.scenario}' (scenarios: ${SCENARIOS.map((s) => s.name).join(", ")})`);
  }
  const warning = values.host === undefined ? undefined : exposureWarning(values.host);
  if (warning) io.stderr.write(warning);
  let server;
  try {
    server = await startMockServer({
      ...(values.port === undefined ? {} : { port: Number(values.port) }),
      ...(values.host === undefined ? {} : { host: values.host }),
      ...(seed === undefined ? {} : { seed }),
      ...(values.scenario === undefined ? {} : { scenario: values.scenario as ScenarioName }),
    });
  } catch (error) {
    io.stderr.write(`fwcall mock: cannot listen: ${(error as Error).message}\n`);
    return ExitCode.Unusable;
  }
  io.stdout.write(
    `Mock Freshcaller REST API at ${server.url}/api/v1 (scenario ${values.scenario ?? "every-case"}, seed ${values.seed ?? 1})\n` +
      `  try: curl -H 'X-Api-Auth: dev' ${server.url}/api/v1/calls\n` +
      `  scenarios: ${SCENARIOS.map((s) => s.name).join(", ")} (X-Fwcall-Scenario header or ?scenario=)\n` +
      `  Ctrl-C to stop\n`,
  );
  control.onListening?.(server.url);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      control.signal?.removeEventListener("abort", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    if (control.signal?.aborted) stop();
    else control.signal?.addEventListener("abort", stop);
  });
  await server.close();
  io.stdout.write("Mock server stopped.\n");
  return ExitCode.Ok;
}
