// The official Pact CLI's broker client (@pact-foundation/pact-cli's pact-broker), run by this
// Node, and the broker it is pointed at. Shared by `contracts publish`, `contracts can-i-deploy`
// and `contracts verify` (which downloads the broker's pacts with it).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { UsageError } from "./args.js";
import { ExitCode, type Io } from "./io.js";
import { unreachable } from "./reachability.js";

/** The broker URL from the option or the environment; a UsageError when neither names one. */
export function brokerBaseUrl(command: string, option: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  const value = option ?? env.PACT_BROKER_BASE_URL;
  if (value === undefined || value === "") {
    throw new UsageError(
      `no Pact Broker configured: set PACT_BROKER_BASE_URL (and PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD) or pass --broker-base-url. ` +
        `Without a broker, ${command === "publish" ? "the pacts stay in contracts/" : "there is no verification record to ask"}; verification reads contracts/.`,
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`the Pact Broker URL '${value}' is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`the Pact Broker URL '${value}' must be http or https`);
  return value;
}

/**
 * Exit 2 with one line when nothing answers at the broker's address (the Pact CLI would retry for a
 * minute and then exit 1, which reads as "refused" or "not safe to deploy"); undefined when something does.
 */
export async function brokerUnreachable(command: string, broker: string, io: Io): Promise<ExitCode | undefined> {
  const why = await unreachable(broker);
  if (why === undefined) return undefined;
  io.stderr.write(`fwcall contracts ${command}: cannot reach the Pact Broker at ${broker} (${why}); nothing was asked or sent\n`);
  return ExitCode.Unusable;
}

/** The Pact CLI's broker client, run by this Node; its output streams through to io. */
export async function runPactBroker(args: readonly string[], io: Io): Promise<ExitCode> {
  const bin = createRequire(import.meta.url).resolve("@pact-foundation/pact-cli/bin/pact-broker.js");
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...io.env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => io.stdout.write(chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => io.stderr.write(chunk));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
  }).catch((error: Error) => {
    io.stderr.write(`fwcall contracts: cannot run the Pact CLI: ${error.message}\n`);
    return [null, null] as const;
  });
  if (code === 0) return ExitCode.Ok;
  if (code === 1) return ExitCode.Invalid;
  io.stderr.write(`fwcall contracts: the Pact CLI ${signal ? `was stopped by ${signal}` : `exited with ${code ?? "no code"}`}\n`);
  return ExitCode.Unusable;
}
