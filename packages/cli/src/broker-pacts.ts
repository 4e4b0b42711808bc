// The Pact Broker's latest pacts for some providers, downloaded by the official Pact CLI
// (`pact-broker get-pacts … --latest --download`) into a fresh temp directory that is removed once
// the caller is done with it, also when it fails. fwcall leaves the broker protocol and its auth
// (PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD) to the Pact CLI.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExitCode, type Io } from "./io.js";
import { runPactBroker } from "./pact-broker-cli.js";

/** Which pacts to ask the broker for. */
export interface BrokerQuery {
  /** The broker's base URL. */
  url: string;
  /** The providers whose pacts to get, one get-pacts call each. */
  providers: readonly string[];
  /** Only this consumer's pacts. */
  consumer?: string | undefined;
  /** The consumers' branch (the Pact CLI's default: their main branch). */
  branch?: string | undefined;
}

/** A downloaded pact file: where it is, and the name fwcall reports it by. */
export interface BrokerPactFile {
  path: string;
  /** `broker:<provider>/<file name the Pact CLI gave it>`: the temp path means nothing once removed. */
  name: string;
}

/** What the broker holds for one provider. */
export interface ProviderPacts {
  provider: string;
  files: BrokerPactFile[];
  /** Why the broker has none, when it answered that it knows no such provider (404); null otherwise. */
  notFound: string | null;
}

/** The download: per provider, or the Pact CLI's reason why it failed. */
export type BrokerPacts = { ok: true; providers: ProviderPacts[] } | { ok: false; provider: string; reason: string };

/** The Pact CLI's output as one line of reason, without its decoration. */
const reasonOf = (output: string) =>
  output
    .split("\n")
    .map((line) => line.replace(/^\s*❌\s*/, "").trim())
    .filter(Boolean)
    .join("; ") || "the Pact CLI gave no reason";

/** Runs get-pacts for one provider into `dir`, its output captured rather than shown. */
async function getPacts(query: BrokerQuery, provider: string, dir: string, io: Io): Promise<{ code: ExitCode; output: string }> {
  let output = "";
  const capture = { write: (chunk: string) => (output += chunk) };
  const args = [
    "get-pacts",
    "--provider",
    provider,
    ...(query.consumer === undefined ? [] : ["--consumer", query.consumer]),
    ...(query.branch === undefined ? [] : ["--branch", query.branch]),
    "--latest",
    "--download",
    "--download-dir",
    dir,
    "--broker-base-url",
    query.url,
  ];
  const code = await runPactBroker(args, { stdout: capture, stderr: capture, stdin: io.stdin, ...(io.env ? { env: io.env } : {}) });
  return { code, output };
}

/**
 * Downloads the broker's pacts into a fresh temp directory, hands them to `use`, and removes the
 * directory afterwards, whatever `use` does.
 * @example await withBrokerPacts({ url, providers: ["freshworks-call-events"] }, io, async (pacts) => (pacts.ok ? verify(pacts) : 2))
 */
export async function withBrokerPacts<T>(query: BrokerQuery, io: Io, use: (pacts: BrokerPacts) => Promise<T>): Promise<T> {
  const root = mkdtempSync(join(tmpdir(), "fwcall-broker-pacts-"));
  try {
    const providers: ProviderPacts[] = [];
    for (const [index, provider] of query.providers.entries()) {
      // One directory per provider: the Pact CLI names files after consumer, provider and version,
      // and falls back to "unknown" for what the pact document does not say, so names can clash.
      const dir = join(root, String(index));
      mkdirSync(dir);
      const { code, output } = await getPacts(query, provider, dir, io);
      if (code !== ExitCode.Ok) {
        // The broker answers 404 for a provider it has never seen: that provider has no pacts.
        if (/\b404 Not Found\b/.test(output)) providers.push({ provider, files: [], notFound: reasonOf(output) });
        else return await use({ ok: false, provider, reason: reasonOf(output) });
        continue;
      }
      const names = readdirSync(dir).filter((name) => name.endsWith(".json")).sort();
      providers.push({ provider, files: names.map((name) => ({ path: join(dir, name), name: `broker:${provider}/${name}` })), notFound: null });
    }
    return await use({ ok: true, providers });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
