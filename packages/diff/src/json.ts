// A guard for JSON read from files: the schema model's builder and the pact readers recurse once per
// level of nesting, so a document nested thousands deep would overflow the stack inside them.

/** Deeper than any schema or pact nests, and shallow enough for every recursive reader. */
export const MAX_NESTING = 256;

/** Whether a JSON text nests arrays and objects deeper than `limit` (brackets inside strings not counted). */
export function nestsDeeperThan(text: string, limit = MAX_NESTING): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
