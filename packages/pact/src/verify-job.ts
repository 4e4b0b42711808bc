// One pact file's provider verification, its outcome as plain data: the same whether it runs in
// this process or in the child process that keeps the Pact verifier's own report off the caller's
// stdout (verify-runner.ts). The verifiers are imported only when a job runs: they load pact-js
// and the verifier's native core (about half a second), which a parent that only starts children
// never needs.
import type { InteractionResult, VerificationFailure } from "./verification.js";

/** What to verify, and against what; plain data, so that it can be sent to a child process. */
export type VerifyJob =
  /** An asynchronous-message pact, against the fixture catalog (descriptions are case ids). */
  | { kind: "messages"; file: string }
  /** An HTTP pact, against a running provider; each provider state is sent in `scenarioHeader` when one is named. */
  | { kind: "http"; file: string; providerUrl: string; scenarioHeader: string | null };

/** How a job ended; plain data, so that a child process can send it back. */
export type VerifyOutcome =
  /** The verifier ran: every interaction's result, and the unmet ones with their problems (none when all passed). */
  | { status: "verified"; results: InteractionResult[]; failures: VerificationFailure[] }
  /** The verifier could not run, or refused the file before running: why. */
  | { status: "error"; message: string };

/**
 * Verifies one pact file. Unmet interactions are an outcome, not an error; a verification that
 * could not run is an `error` outcome with the verifier's message. Any other throw is a bug.
 * @example await runVerifyJob({ kind: "messages", file: "contracts/fwcall-example-fdk-app-freshworks-call-events.json" })
 */
export async function runVerifyJob(job: VerifyJob): Promise<VerifyOutcome> {
  const [{ PactVerificationError }, { verifyMessagePact }, { providerStateHeader, verifyHttpPact }] = await Promise.all([
    import("./verification.js"),
    import("./verify-messages.js"),
    import("./verify-http.js"),
  ]);
  const pactFiles = [job.file];
  try {
    const report =
      job.kind === "messages"
        ? await verifyMessagePact({ pactFiles })
        : await verifyHttpPact({
            pactFiles,
            providerBaseUrl: job.providerUrl,
            ...(job.scenarioHeader === null ? {} : providerStateHeader(pactFiles, { header: job.scenarioHeader })),
          });
    return { status: "verified", results: report.interactions, failures: [] };
  } catch (error) {
    if (!(error instanceof PactVerificationError)) throw error;
    // Without failures the verifier did not get to judge the provider: the file or the run is unusable.
    if (error.failures.length === 0) return { status: "error", message: error.message };
    return { status: "verified", results: [...error.results], failures: [...error.failures] };
  }
}
