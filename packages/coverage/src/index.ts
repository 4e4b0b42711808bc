// Public API of @fwcall/coverage. The vitest helper is the subpath @fwcall/coverage/vitest.
export {
  OUTCOME_KINDS,
  FAILING_KINDS,
  isFailing,
  type Outcome,
  type OutcomeKind,
  type CellResult,
  type SequenceResult,
  type SequenceEventResult,
  type Summary,
  type CoverageReport,
  type EventUsage,
  type UsageReport,
  type Handler,
  type HandlerModule,
  type Allowlist,
  type AllowEntry,
} from "./types.js";
export {
  loadFdkApp,
  isFdkApp,
  invokeInProcess,
  describeError,
  FdkAppError,
  CALL_EVENTS,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_LOAD_TIMEOUT_MS,
  DEFAULT_STOP_AFTER_TIMEOUTS,
  MAX_LIMIT_MS,
  DEFAULT_MEMORY_MB,
  type FdkApp,
  type Invocation,
  type LoadOptions,
} from "./sandbox.js";
export { ReadTracker, unionOfReads, childPath, trackClones, MAX_READ_PATHS, type ReadRecord } from "./usage.js";
export { runCoverage, cellLabel, DEFAULT_SEQUENCE_LENGTH, type CoverageOptions } from "./run.js";
export { classify, describeEffects, customerStatus, isDocumented } from "./outcome.js";
export { readAllowlist, parseAllowlist, findAllowlist, startingAllowlist, writeAllowlist, AllowlistError, ALLOWLIST_FILE, PLACEHOLDER_REASON } from "./allowlist.js";
export { redactorFor, REDACTED, type Redactor } from "./redact.js";
export { ALLOWED_BUILTINS } from "./worker/app-require.js";
export { readRegularFile, readJsonConfig, UnreadableFileError, MAX_CONFIG_BYTES, MAX_SOURCE_BYTES } from "./read-file.js";
export { formatTerminal, type TerminalOptions } from "./format/terminal.js";
export { formatJson } from "./format/json.js";
export { formatJunit, escapeXml } from "./format/junit.js";
export { formatHtml, escapeHtml } from "./format/html.js";
export { describeOutcome, matrixOf, COLUMNS, type MatrixCell, type MatrixRow, type CellState } from "./format/matrix.js";
export { loadModuleFile, type ModuleLoadOptions } from "./module-app.js";
