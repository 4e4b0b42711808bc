// Verification of whole pact files (by kind, from a Pact Broker, in a child process) on its own:
// it loads no Pact library until a file is verified in this process, so a caller that only starts
// child processes never pays for pact-js.
export {
  planPactFile,
  planPactFiles,
  verifyPactFiles,
  verifyPlannedPacts,
  type InteractionVerdict,
  type PactFileToPlan,
  type PactFilesPlan,
  type PactFilesVerification,
  type PactKind,
  type PactsVerification,
  type PlannedPact,
  type ProviderUsed,
  type RunningProvider,
  type VerifiedFile,
  type VerifyPactsOptions,
  type VerifySummary,
} from "./verify-files.js";
export { duplicateKeyWarnings, pactFilesIn, PACT_FILE_WORDS, parsePactText, readPactFile, readPactJson, type PactFileInput, type PactReadOptions } from "./read-pact-file.js";
export { withBrokerPacts, type BrokerPactFile, type BrokerPacts, type BrokerQuery, type ProviderPacts } from "./broker-pacts.js";
export { unreachable } from "./reachability.js";
export type { ChildOutput } from "./verify-runner.js";
