// The Pact Broker's latest pacts for some providers, downloaded by the official Pact CLI
// (`pact-broker get-pacts … --latest --download`) into a fresh temp directory that is removed once
// the caller is done with it, also when it fails. The broker protocol and its auth
// (PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD) are left to the Pact CLI,
// an optional peer dependency: only a broker download needs it.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

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
  /** Environment variables laid over this process's for the Pact CLI (PACT_BROKER_TOKEN, …). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** A downloaded pact file: where it is, and the name it is reported by. */
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

/** The Pact CLI's broker client, or why there is none. */
function pactBrokerBin(): { ok: true; bin: string } | { ok: false; reason: string } {
  try {
    return { ok: true, bin: createRequire(import.meta.url).resolve("@pact-foundation/pact-cli/bin/pact-broker.js") };
  } catch {
    return { ok: false, reason: "cannot run the Pact CLI: @pact-foundation/pact-cli is not installed (a Pact Broker download needs it beside @fwcall/pact)" };
  }
}

/** Runs the Pact CLI's get-pacts for one provider into `dir`; its exit code and output, captured. */
async function getPacts(bin: string, query: BrokerQuery, provider: string, dir: string): Promise<{ code: number | null; output: string }> {
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
  let output = "";
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...query.env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  return new Promise((resolve) => {
    child.once("error", (error) => resolve({ code: null, output: `${output}\ncannot run the Pact CLI: ${error.message}` }));
    child.once("close", (code, signal) => {
      const ended = code === 0 || code === 1 ? "" : `\nthe Pact CLI ${signal ? `was stopped by ${signal}` : `exited with ${code ?? "no code"}`}`;
      resolve({ code, output: output + ended });
    });
  });
}

/**
 * Downloads the broker's latest pacts of each provider into a fresh temp directory, hands them to
 * `use`, and removes the directory afterwards, whatever `use` does. A provider the broker has
 * never heard of (404) has no pacts; any other failure of the Pact CLI stops the download with its
 * reason. Needs the optional peer dependency @pact-foundation/pact-cli.
 * @example await withBrokerPacts({ url: "http://127.0.0.1:9292", providers: ["freshworks-call-events"] }, async (pacts) => (pacts.ok ? pacts.providers.flatMap((p) => p.files) : []).length)
 */
export async function withBrokerPacts<T>(query: BrokerQuery, use: (pacts: BrokerPacts) => Promise<T>): Promise<T> {
  if (!Array.isArray(query.providers)) throw new TypeError(`withBrokerPacts: query.providers must be an array of provider names, got ${typeof query.providers === "string" ? "a string (wrap it: [name])" : String(query.providers)}`);
  const root = mkdtempSync(join(tmpdir(), "fwcall-broker-pacts-"));
  try {
    const providers: ProviderPacts[] = [];
    for (const [index, provider] of query.providers.entries()) {
      const found = pactBrokerBin();
      if (!found.ok) return await use({ ok: false, provider, reason: found.reason });
      // One directory per provider: the Pact CLI names files after consumer, provider and version,
      // and falls back to "unknown" for what the pact document does not say, so names can clash.
      const dir = join(root, String(index));
      mkdirSync(dir);
      const { code, output } = await getPacts(found.bin, query, provider, dir);
      if (code !== 0) {
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
