// Public API of @fwcall/validate.
export { formatProblem, describeValue, type Problem, type Severity } from "./problem.js";
export { DEFAULT_PROFILE, PROFILES, type Profile } from "./profile.js";
export { normalizeCallEvent, type Normalized } from "./normalize.js";
export {
  validateCallEvent,
  validateOnCallCreate,
  validateOnCallUpdate,
  isOnCallCreate,
  isOnCallUpdate,
  type ValidateOptions,
  type ValidationResult,
  type Valid,
  type Invalid,
} from "./validate.js";
export { parseCallEvent, type ParsedCallEvent, type UnparsedCallEvent } from "./parse.js";
export { validateRestResource, type RestResourceName, type RestResources } from "./rest.js";
export { DATE_TIME_PATTERN, isDateTime, isUri } from "./formats.js";
export { findDuplicateKeys, duplicateKeyProblems, type DuplicateKey, type TextPosition } from "./duplicate-keys.js";
export { capProblems, MAX_PROBLEMS_PER_RULE } from "./cap-problems.js";
export { surelyNoDuplicateKeys } from "./key-count.js";
export {
  validateJsonLines,
  validateJsonLineBatches,
  type JsonLinesOptions,
  type JsonLinesSource,
  type JsonLineResult,
  type JsonLineChecked,
  type JsonLineUnusable,
  type JsonLineFailure,
} from "./json-lines.js";
