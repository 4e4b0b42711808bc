// Counted nouns in reports and messages, written once.

/**
 * A count with its noun, plural unless the count is 1 (every noun counted here takes an s).
 * @example plural(2, "case") // "2 cases"; plural(1, "db write") // "1 db write"
 */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
