// Small pieces of the CLI's messages, written once: a thrown value's message and a counted noun.

/**
 * The message of a thrown value: an Error's message, else the value as a string.
 * @example errorMessage(new Error("boom")) // "boom"; errorMessage(42) // "42"
 */
export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * A count with its noun, plural unless the count is 1 (every noun fwcall counts takes an s).
 * @example count(2, "file") // "2 files"; count(1, "warning") // "1 warning"
 */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;
