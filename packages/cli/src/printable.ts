// Text from users' files on a terminal: file names, pact descriptions, provider states, keys and
// the verifier's own words come from whoever wrote them, and a CR, an ESC sequence or a bidi
// override in them would break a report's one-line-per-item layout or rewrite what the terminal shows.

/** Characters that would not print as themselves on one line: C0 and C1 controls, DEL, line and paragraph separators, bidi controls. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * A line as it may be printed: each unprintable character as its escape (`\r`, `\u001b`).
 * @example printable("every-case\r\nX-Evil: 1") // "every-case\\r\\nX-Evil: 1"
 */
export function printable(line: string): string {
  return line.replace(UNPRINTABLE, (char) => ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
