// What a message says about a thrown value: anything may be thrown, not only an Error.

/**
 * The message of a thrown value: an Error's message, else the value as a string.
 * @example errorMessage(new Error("boom")) // "boom"; errorMessage("gone") // "gone"
 */
export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
