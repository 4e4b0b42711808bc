// Turns an offset in a text into what a person looks for: a line, a column, and the line itself
// with a caret under the spot.

/** A 1-based line and column; columns count UTF-16 code units, as most editors do. */
export interface TextLocation {
  line: number;
  column: number;
}

/**
 * The line and column of an offset. `\n`, `\r\n` and a lone `\r` each end a line; the text's own
 * first line is `firstLine` (a line of JSON Lines: its number in the file).
 * @example lineColumn('{\n  "a" 1\n}', 8) // { line: 2, column: 7 }
 */
export function lineColumn(text: string, offset: number, firstLine = 1): TextLocation {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = firstLine;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** "line 3, column 5" */
export function describeLocation(text: string, offset: number, firstLine = 1): string {
  const { line, column } = lineColumn(text, offset, firstLine);
  return `line ${line}, column ${column}`;
}

const WIDTH = 72;

/** Control characters would break the caret's alignment; show them as spaces. */
const printable = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, " ");

/**
 * Two lines that show where an offset is: the source line (cut to a window around the spot when
 * it is long, as in minified files) and a caret under the spot.
 * @example excerpt('{"a" 1}', 5) // ['  1 | {"a" 1}', '    |      ^']
 */
export function excerpt(text: string, offset: number, firstLine = 1): [string, string] {
  const { line, column } = lineColumn(text, offset, firstLine);
  const lineStart = Math.max(0, Math.min(offset, text.length)) - (column - 1);
  let lineEnd = lineStart;
  while (lineEnd < text.length && text.charCodeAt(lineEnd) !== 10 && text.charCodeAt(lineEnd) !== 13) lineEnd++;
  const content = text.slice(lineStart, lineEnd);
  let shown = content;
  let caret = column - 1;
  if (content.length > WIDTH) {
    const start = Math.max(0, Math.min(caret - WIDTH / 2, content.length - WIDTH));
    shown = `${start > 0 ? "…" : ""}${content.slice(start, start + WIDTH)}${start + WIDTH < content.length ? "…" : ""}`;
    caret = caret - start + (start > 0 ? 1 : 0);
  }
  const gutter = String(line);
  return [`  ${gutter} | ${printable(shown)}`, `  ${" ".repeat(gutter.length)} | ${" ".repeat(caret)}^`];
}
