// Message verification with the fixture catalog as the provider: each interaction's description
// (and provider state) is a case id, and its message is the case's payload.
import { buildCase, type Platform } from "@fwcall/cases";
import { MessageProviderPact, type MessageProvider } from "@pact-foundation/pact";
import { applicableCell, isCaseId, NotApplicableCaseError, type CaseId } from "./case-ids.js";
import { PactVerificationError, providerOf, readPactFiles, runVerifier, type VerificationReport } from "./verification.js";
import { errorMessage } from "./error-message.js";
import { withoutRootCertificates } from "./loopback-tls.js";

/** Options of verifyMessagePact. */
export interface MessageVerificationOptions {
  /** The pact files to verify (every interaction an asynchronous message named by a case id). */
  pactFiles: readonly string[];
  /** The message the provider sends for a case; default: the fixture catalog's payload. */
  messageFor?: (id: CaseId) => unknown;
  /** Seed and envelope of the fixture catalog's payloads (default 1 and "3.0", as caseMessage). */
  seed?: number;
  platform?: Platform;
  logLevel?: "trace" | "debug" | "info" | "warn" | "error";
}

/**
 * Message providers for pact-js's Verifier: one per case id, each sending the fixture catalog's
 * payload of its case.
 * @example new Verifier({ pactUrls, provider, messageProviders: fixtureMessageProviders(["update/incoming/missed/status-change"]) })
 */
export function fixtureMessageProviders(ids: readonly CaseId[], options: { seed?: number; platform?: Platform } = {}): Record<string, MessageProvider> {
  const providers: Record<string, MessageProvider> = {};
  for (const id of ids) {
    const cell = applicableCell(id);
    providers[id] = () => buildCase(cell, options);
  }
  return providers;
}

/**
 * Verifies message pacts against the fixture catalog (or `messageFor`) with the official Pact
 * verifier. Resolves with per-interaction results; rejects with a PactVerificationError naming
 * every unmet interaction, and before running when an interaction is no message, names no
 * applicable case, or its provider state names another case. While it runs, SSL_CERT_FILE and
 * SSL_CERT_DIR name the null device for the whole process, `messageFor` included (the verifier talks
 * only to its loopback proxy; restored after): see loopback-tls.ts.
 * @example await verifyMessagePact({ pactFiles: ["contracts/fwcall-example-fdk-app-freshworks-call-events.json"] })
 */
export async function verifyMessagePact(options: MessageVerificationOptions): Promise<VerificationReport> {
  const pacts = readPactFiles(options.pactFiles);
  const provider = providerOf(pacts);
  const unusable: string[] = [];
  const ids = new Set<CaseId>();
  for (const { file, pact } of pacts) {
    for (const interaction of pact.interactions) {
      const name = `${file}: "${interaction.description}"`;
      if (interaction.kind !== "Asynchronous/Messages") unusable.push(`${name} is a ${interaction.kind} interaction, not an asynchronous message`);
      else if (!isCaseId(interaction.description)) unusable.push(`${name} is not a case id of the fixture catalog (ids look like update/incoming/missed/recording)`);
      else if (interaction.providerStates.some((state) => state !== interaction.description)) {
        unusable.push(`${name} has the provider state "${interaction.providerStates.join('", "')}"; a case's state must be its own id`);
      } else {
        try {
          applicableCell(interaction.description);
          ids.add(interaction.description);
        } catch (error) {
          if (!(error instanceof NotApplicableCaseError)) throw error;
          unusable.push(`${name}: ${error.message}`);
        }
      }
    }
  }
  if (unusable.length > 0) throw new PactVerificationError(`the fixture catalog cannot provide these interactions:\n  ${unusable.join("\n  ")}`);
  if (ids.size === 0) throw new PactVerificationError("the pact files hold no interactions to verify");

  const caseOptions = { ...(options.seed === undefined ? {} : { seed: options.seed }), ...(options.platform === undefined ? {} : { platform: options.platform }) };
  const messageFor = options.messageFor ?? ((id: CaseId) => buildCase(id, caseOptions));
  const thrown = new Map<string, string[]>();
  const messageProviders: Record<string, MessageProvider> = {};
  for (const id of ids) {
    messageProviders[id] = async () => {
      try {
        return await messageFor(id);
      } catch (error) {
        // The verifier only sees an HTTP 500 from its proxy: keep the reason for the report.
        thrown.set(id, [`the provider threw: ${errorMessage(error)}`]);
        throw error;
      }
    };
  }
  const verifierOptions = { provider, pactUrls: [...options.pactFiles], messageProviders, logLevel: options.logLevel ?? "error" };
  // A case's provider state is its own id, so there is no state to set up: MessageProviderPact asks
  // for each message in one request, where the Verifier adds a state request before each (twice the time).
  // Its proxy is plain HTTP on loopback, so the verifier needs no root certificates (loopback-tls.ts).
  return runVerifier(verifierOptions, pacts, () => thrown, () => withoutRootCertificates(() => new MessageProviderPact(verifierOptions).verify()));
}
