// Public API of fwcall: the command line as a function, for embedding and for tests.
export { main, MAIN_HELP } from "./main.js";
export { ExitCode, type Io, type Output } from "./io.js";
export { VALIDATE_HELP } from "./commands/validate.js";
export type { FileResult, FileStatus, JsonReport, Summary } from "./report.js";
export type { InputProblem } from "./json-input.js";
