// Finds where and why a text is not JSON. JSON.parse names the position of some mistakes only
// ("Unexpected token '}', ... is not valid JSON" has none) and its wording differs between Node
// versions, so after JSON.parse has failed this scanner walks the text once more and names the
// first mistake the way a person fixes it. It keeps its own stack of open brackets instead of
// recursing, so any depth of nesting is fine.
import { describeLocation } from "./text-location.js";

/** The first mistake in a text that is not JSON. */
export interface JsonSyntaxError {
  /** Where to point the reader: the mistake, or the spot where something is missing. */
  offset: number;
  /** Where the scan stopped: the position JSON.parse reports when it reports one. */
  stoppedAt: number;
  /** One clause, e.g. `expected ':' after the property name, found '1'`. */
  reason: string;
  /** The text ended before the JSON value was complete. */
  truncated: boolean;
}

// What the scanner expects next.
const VALUE = 0; // any value
const VALUE_OR_CLOSE = 1; // just after '['
const KEY_OR_CLOSE = 2; // just after '{'
const KEY = 3; // after ',' in an object
const COLON = 4; // after a property name
const AFTER_VALUE = 5; // after a complete value
type State = 0 | 1 | 2 | 3 | 4 | 5;

const EXPECTED: Record<Exclude<State, 5>, string> = {
  [VALUE]: "a value",
  [VALUE_OR_CLOSE]: "a value or ']'",
  [KEY_OR_CLOSE]: "a property name in double quotes or '}'",
  [KEY]: "a property name in double quotes",
  [COLON]: "':' after the property name",
};

const LITERALS = ["true", "false", "null"] as const;
const SIMPLE_ESCAPES = '"\\/bfnrt';

const isWhitespace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHexDigit = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isWordChar = (c: number) =>
  isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24;

/** The character at an offset, named for a message: `'x'`, `U+00A0`, or `the end of the input`. */
function describeCharAt(text: string, offset: number): string {
  if (offset >= text.length) return "the end of the input";
  const code = text.codePointAt(offset) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (code === 0x27) return `"'"`;
  if (code > 0x20 && code < 0x7f) return `'${String.fromCodePoint(code)}'`;
  if (code === 0xfeff) return `a byte order mark (${hex})`;
  if (code < 0x20 || (code >= 0x7f && code <= 0xa0) || (code >= 0x2000 && code <= 0x200f) || code === 0x2028 || code === 0x2029) {
    return hex;
  }
  return `'${String.fromCodePoint(code)}' (${hex})`;
}

/** The run of letters, digits, `_` and `$` at an offset, at most 30 of them. */
function wordAt(text: string, offset: number): string {
  let end = offset;
  while (end < text.length && end - offset < 30 && isWordChar(text.charCodeAt(end))) end++;
  return text.slice(offset, end);
}

/** The closest character before an offset that is not whitespace, or -1. */
function previousCode(text: string, offset: number): number {
  let i = offset - 1;
  while (i >= 0 && isWhitespace(text.charCodeAt(i))) i--;
  return i >= 0 ? text.charCodeAt(i) : -1;
}

/** A hint for the mistakes people make when they write JSON by hand, or "". */
function hintFor(text: string, offset: number): string {
  const c = text.charCodeAt(offset);
  if (c === 0x27) return " (JSON strings use double quotes)";
  if (c === 0x2f) return " (JSON does not allow comments)";
  if ((c === 0x7d || c === 0x5d) && previousCode(text, offset) === 0x2c) return " (JSON does not allow a trailing comma)";
  return "";
}

/**
 * The first mistake in a text that JSON.parse rejected, or undefined when the text is JSON; the
 * lines its reason names count from `firstLine` (a line of JSON Lines: its number in the file).
 * @example findJsonSyntaxError('{"a": 1,}')?.reason // "expected a property name in double quotes, found '}' (JSON does not allow a trailing comma)"
 */
export function findJsonSyntaxError(text: string, firstLine = 1): JsonSyntaxError | undefined {
  const n = text.length;
  /** Offsets of the '[' and '{' not closed yet, innermost last. */
  const open: number[] = [];
  /** Just after the last complete value: where a missing ',' belongs. */
  let valueEnd = 0;

  const fail = (offset: number, reason: string, stoppedAt = offset): JsonSyntaxError => ({ offset, stoppedAt, reason, truncated: false });

  /** The text ended early; point just after its last visible character. */
  const endOfInput = (expected: string, offset?: number): JsonSyntaxError => {
    let end = n;
    while (end > 0 && isWhitespace(text.charCodeAt(end - 1))) end--;
    const innermost = open[open.length - 1];
    const unclosed = innermost === undefined ? "" : ` (the '${text[innermost]}' at ${describeLocation(text, innermost, firstLine)} is not closed)`;
    return { offset: offset ?? end, stoppedAt: n, reason: `the input ends too early: expected ${expected}${unclosed}`, truncated: true };
  };

  /** A string starting at its opening quote: the offset after its closing quote, or the mistake. */
  const scanString = (start: number): number | JsonSyntaxError => {
    const unterminated = () => endOfInput(`a closing '"' for the string that starts here`, start);
    let i = start + 1;
    for (;;) {
      if (i >= n) return unterminated();
      const c = text.charCodeAt(i);
      if (c === 0x22) return i + 1;
      if (c === 0x5c) {
        if (i + 1 >= n) return unterminated();
        const escaped = text.charCodeAt(i + 1);
        if (SIMPLE_ESCAPES.includes(text[i + 1]!)) {
          i += 2;
          continue;
        }
        if (escaped !== 0x75) {
          return fail(i + 1, `invalid escape '\\${text[i + 1]}' in a string (JSON knows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)`);
        }
        for (let k = i + 2; k < i + 6; k++) {
          if (k >= n) return unterminated();
          if (!isHexDigit(text.charCodeAt(k))) return fail(k, `invalid \\u escape in a string: expected 4 hex digits, found ${describeCharAt(text, k)}`);
        }
        i += 6;
        continue;
      }
      if (c < 0x20) {
        if (c === 0x0a || c === 0x0d) return fail(i, `line break inside a string (is a closing '"' missing? a line break in a string is written \\n)`);
        if (c === 0x09) return fail(i, "tab inside a string (write it as \\t)");
        const code = c.toString(16).padStart(4, "0");
        return fail(i, `control character U+${code.toUpperCase()} inside a string (write it as \\u${code})`);
      }
      i++;
    }
  };

  /** A number starting at its '-' or first digit: the offset after it, or the mistake. */
  const scanNumber = (start: number): number | JsonSyntaxError => {
    let i = start;
    const digitsAt = (what: string): JsonSyntaxError | undefined => {
      if (i >= n) return endOfInput(`a digit ${what}`);
      if (!isDigit(text.charCodeAt(i))) return fail(i, `expected a digit ${what}, found ${describeCharAt(text, i)}`);
      return undefined;
    };
    if (text.charCodeAt(i) === 0x2d) {
      i++;
      const problem = digitsAt("after '-'");
      if (problem) return problem;
    }
    if (text.charCodeAt(i) === 0x30) {
      i++;
      if (i < n && isDigit(text.charCodeAt(i))) return fail(i, "a number cannot start with 0 followed by more digits");
    } else {
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    if (text.charCodeAt(i) === 0x2e) {
      i++;
      const problem = digitsAt("after the decimal point");
      if (problem) return problem;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === 0x2b || sign === 0x2d) i++;
      const problem = digitsAt("in the exponent");
      if (problem) return problem;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    return i;
  };

  /** What stands where a value should be and is none. */
  const notAValue = (i: number, state: State): JsonSyntaxError => {
    const expected = EXPECTED[state === VALUE_OR_CLOSE ? VALUE_OR_CLOSE : VALUE];
    const c = text.charCodeAt(i);
    if (isWordChar(c) && !isDigit(c)) {
      const word = wordAt(text, i);
      // JSON.parse reads a word that starts like a literal up to its first wrong character.
      const like = LITERALS.find((l) => l[0] === text[i]);
      let stop = i;
      while (like && stop - i < like.length && text[stop] === like[stop - i]) stop++;
      const literal = LITERALS.find((l) => l === word.toLowerCase());
      if (literal) return fail(i, `'${word}' is not a JSON value; write ${literal} in lower case`, stop);
      const started = LITERALS.find((l) => l.startsWith(word));
      if (started && i + word.length >= n) return endOfInput(`the rest of '${started}'`);
      if (started) return fail(i, `incomplete value '${word}' (did you mean ${started}?)`, stop);
      if (word === "NaN" || word === "Infinity" || word === "undefined") return fail(i, `'${word}' is not a JSON value`, stop);
      return fail(i, `expected ${expected}, found '${word}' (text values need double quotes)`, stop);
    }
    if (c === 0x2e || c === 0x2b) return fail(i, `expected ${expected}, found ${describeCharAt(text, i)} (a JSON number starts with '-' or a digit)`);
    return fail(i, `expected ${expected}, found ${describeCharAt(text, i)}${hintFor(text, i)}`);
  };

  let state: State = VALUE;
  let i = 0;
  for (;;) {
    while (i < n && isWhitespace(text.charCodeAt(i))) i++;
    const innermost = open[open.length - 1];
    if (i >= n) {
      if (state !== AFTER_VALUE) return endOfInput(EXPECTED[state]);
      if (innermost === undefined) return undefined;
      return endOfInput(text[innermost] === "{" ? "',' or '}' after a property value" : "',' or ']' after an array element");
    }
    const c = text.charCodeAt(i);
    // The bracket that closes the innermost '[' or '{', where one may stand: right after it, or after a value.
    const closes = innermost !== undefined && c === (text[innermost] === "{" ? 0x7d : 0x5d);
    if (closes && (state === VALUE_OR_CLOSE || state === KEY_OR_CLOSE || state === AFTER_VALUE)) {
      open.pop();
      valueEnd = ++i;
      state = AFTER_VALUE;
      continue;
    }
    switch (state) {
      case VALUE_OR_CLOSE:
      case VALUE: {
        if (c === 0x7b || c === 0x5b) {
          open.push(i++);
          state = c === 0x7b ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
          break;
        }
        const literal = LITERALS.find((l) => text.startsWith(l, i));
        const end = c === 0x22 ? scanString(i) : c === 0x2d || isDigit(c) ? scanNumber(i) : literal ? i + literal.length : notAValue(i, state);
        if (typeof end !== "number") return end;
        valueEnd = i = end;
        state = AFTER_VALUE;
        break;
      }
      case KEY_OR_CLOSE:
      case KEY: {
        if (c !== 0x22) {
          const found = describeCharAt(text, i);
          const unquoted = isWordChar(c) ? ` (property names need double quotes: "${wordAt(text, i)}")` : hintFor(text, i);
          return fail(i, `expected ${EXPECTED[state]}, found ${isWordChar(c) ? `'${wordAt(text, i)}'` : found}${unquoted}`);
        }
        const end = scanString(i);
        if (typeof end !== "number") return end;
        i = end;
        state = COLON;
        break;
      }
      case COLON: {
        if (c !== 0x3a) return fail(i, `expected ${EXPECTED[COLON]}, found ${describeCharAt(text, i)}`);
        i++;
        state = VALUE;
        break;
      }
      case AFTER_VALUE: {
        if (innermost === undefined) {
          const hint = c === 0x7d || c === 0x5d ? " (one closing bracket too many?)" : " (a payload holds exactly one JSON value)";
          return fail(i, `unexpected ${describeCharAt(text, i)} after the end of the JSON value${hint}`);
        }
        const inObject = text[innermost] === "{";
        if (c === 0x2c) {
          i++;
          state = inObject ? KEY : VALUE;
          break;
        }
        const after = inObject ? "',' or '}' after a property value" : "',' or ']' after an array element";
        const startsValue = c === 0x22 || c === 0x7b || c === 0x5b || c === 0x2d || isDigit(c) || LITERALS.some((l) => text.startsWith(l, i));
        if (startsValue) {
          return fail(valueEnd, `expected ${after}, found ${describeCharAt(text, i)} at ${describeLocation(text, i, firstLine)} (is a ',' missing here?)`, i);
        }
        if (c === 0x7d || c === 0x5d) {
          return fail(i, `expected ${after}, found ${describeCharAt(text, i)} (the '${text[innermost]}' at ${describeLocation(text, innermost, firstLine)} is closed with the wrong bracket)`);
        }
        return fail(i, `expected ${after}, found ${describeCharAt(text, i)}${hintFor(text, i)}`);
      }
    }
  }
}
