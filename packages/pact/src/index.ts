// Public API of @fwcall/pact.
export { matchersFor, MatcherDerivationError, type BodyMatchers, type MatcherOptions, type Override } from "./matchers.js";
// The schemas' date-time shape as a Pact regex: @fwcall/validate's, which its format check uses too.
export { DATE_TIME_PATTERN } from "@fwcall/validate";
export {
  applicableCell,
  eventOfCase,
  isCaseId,
  NotApplicableCaseError,
  type CaseId,
  type CreateCaseId,
  type UpdateCaseId,
  type EventOfCase,
  type StatusSlug,
} from "./case-ids.js";
export { addCaseMessage, caseMessage, messagePact, type CaseMessage, type CaseMessageOptions, type MessagePactOptions } from "./case-messages.js";
export {
  IDENTIFYING_PATHS,
  parseReadPath,
  type ReadStep,
  type TestedObjects,
  prunePayload,
  ReadPathError,
  usageMessage,
  usageMessages,
  type CaseReads,
  type UsageMessage,
  type UsageMessageOptions,
} from "./usage-messages.js";
export { fixtureMessageProviders, verifyMessagePact, type MessageVerificationOptions } from "./verify-messages.js";
export { providerStateHeader, verifyHttpPact, type HttpVerificationOptions, type RequestFilter, type StateHandler, type StateHandlers, type StateHeaderHooks } from "./verify-http.js";
export type { StateRefusal } from "./redirect-split.js";
export type { ProviderState } from "./http-interaction.js";
export { PactVerificationError, VERIFIER_MAX_DEPTH, type InteractionResult, type VerificationFailure, type VerificationReport } from "./verification.js";
export { ContractDriftError, ContractMergeError, formatPact, mergePacts, requireCurrentContract, syncContract, UPDATE_CONTRACTS_VARIABLE, type ContractSync } from "./contract-file.js";
export { ensurePactDoesNotTrack } from "./pact-env.js";
// Whole pact files by kind, from a Pact Broker, in a child process (also @fwcall/pact/verify, which loads no Pact library).
export * from "./verify.js";
export { formatPath, parsePath, JsonPathError, type PathStep } from "./json-path.js";
export { PactRegexes, REGEX_BUDGET, RegexBudgetError, type CompiledRegex, type UncompiledRegex } from "./pact-regex.js";
export type { Json } from "./json.js";
export * from "./check.js";
