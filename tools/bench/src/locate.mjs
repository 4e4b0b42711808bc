// Where the benchmark finds the code it measures, without asking any package to export more.
// @fwcall/validate is measured as it ships: its built dist, through the "default" export condition.

/** URL of @fwcall/validate's entry point as this process resolves it; must be dist/index.js. */
export const validateEntryUrl = import.meta.resolve("@fwcall/validate");

/** Fails unless @fwcall/validate resolves to its build (not src/ through the @fwcall/source condition). */
export function assertValidateFromDist() {
  if (!validateEntryUrl.endsWith("/dist/index.js")) {
    throw new Error(`@fwcall/validate resolved to ${validateEntryUrl}; run without --conditions=@fwcall/source, after building it`);
  }
}

/** The generated standalone validators of the strict profile, beside the entry point in dist. */
export const strictGeneratedUrl = new URL("./generated/strict.js", validateEntryUrl).href;

/** The JSON Lines reader's WebAssembly fast path (an internal module of the build), beside them. */
export const fastLinesUrl = new URL("./fast-lines.js", validateEntryUrl).href;

/** The generated boolean checkers (both profiles), the public API's fast path, beside them. */
export const checkGeneratedUrl = new URL("./generated/check.js", validateEntryUrl).href;

/**
 * codegen's createAjv, from its own module: @fwcall/codegen's entry point also loads
 * json-schema-to-typescript (about 170 ms), which a program compiling schemas at start-up
 * would not carry, so the cold-start script imports the validators module directly.
 */
export const codegenValidatorsUrl = new URL("./validators.mjs", import.meta.resolve("@fwcall/codegen")).href;
