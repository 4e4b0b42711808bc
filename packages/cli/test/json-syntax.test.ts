import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJsonText } from "../src/json-input.js";
import { findJsonSyntaxError } from "@fwcall/validate/json-file";

/** JSON.parse's verdict: undefined when the text parses, else its message. */
function parseError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

// Mutations that make the mistakes people make by hand, and many others.
const edit = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.constantFrom(",", ":", "{", "}", "[", "]", '"', "\\", "'", "x", "-", "0", "1", ".", "e", "+", " ", "\n", "\t", "\u0001", "\u00a0", "/", "t", "nul") }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
);

function applyEdit(text: string, change: { kind: "delete" | "insert" | "truncate"; at: number; text?: string }): string {
  const at = text.length === 0 ? 0 : change.at % (text.length + 1);
  if (change.kind === "delete") return text.slice(0, at) + text.slice(at + 1);
  if (change.kind === "truncate") return text.slice(0, at);
  return text.slice(0, at) + (change.text ?? "") + text.slice(at);
}

describe("findJsonSyntaxError", () => {
  it("finds nothing wrong in any JSON, whatever its layout", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 0, 2, "\t", "\r\n "), (value, indent) => {
        const text = JSON.stringify(value, null, indent as never);
        expect(findJsonSyntaxError(text)).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it("agrees with JSON.parse on every edited text, and stops where JSON.parse says it stopped", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(undefined, 2), fc.array(edit, { minLength: 1, maxLength: 3 }), (value, indent, edits) => {
        const text = edits.reduce(applyEdit, JSON.stringify(value, null, indent));
        const message = parseError(text);
        const found = findJsonSyntaxError(text);
        if (message === undefined) {
          expect(found).toBeUndefined();
          return;
        }
        expect(found, `JSON.parse: ${message}`).toBeDefined();
        const position = /at position (\d+)/.exec(message)?.[1];
        if (position !== undefined) expect(found!.stoppedAt, `${JSON.stringify(text)}: ${message}`).toBe(Number(position));
        expect(found!.offset).toBeGreaterThanOrEqual(0);
        expect(found!.offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ["{\n  \"a\": 1\n  \"b\": 2\n}", 10, 13, "expected ',' or '}' after a property value, found '\"' at line 3, column 3 (is a ',' missing here?)"],
    ["[1 2]", 2, 3, "expected ',' or ']' after an array element, found '2' at line 1, column 4 (is a ',' missing here?)"],
    ["-", 1, 1, "the input ends too early: expected a digit after '-'"],
    ["1.e5", 2, 2, "expected a digit after the decimal point, found 'e'"],
    ["1e+", 3, 3, "the input ends too early: expected a digit in the exponent"],
    ['"\\u12G4"', 5, 5, "invalid \\u escape in a string: expected 4 hex digits, found 'G'"],
    ['"a\u0001"', 2, 2, "control character U+0001 inside a string (write it as \\u0001)"],
    ['"a\tb"', 2, 2, "tab inside a string (write it as \\t)"],
    ["[NaN]", 1, 1, "'NaN' is not a JSON value"],
    ["{\"a\": yes}", 6, 6, "expected a value, found 'yes' (text values need double quotes)"],
    ["[+1]", 1, 1, "expected a value or ']', found '+' (a JSON number starts with '-' or a digit)"],
    ["[\u00a01]", 1, 1, "expected a value or ']', found U+00A0"],
    ["\uFEFF{}", 0, 0, "expected a value, found a byte order mark (U+FEFF)"],
    ["[é]", 1, 1, "expected a value or ']', found 'é' (U+00E9)"],
    ["nul", 3, 3, "the input ends too early: expected the rest of 'null'"],
  ])("explains %j", (text, offset, stoppedAt, reason) => {
    expect(findJsonSyntaxError(text)).toEqual({ offset, stoppedAt, reason, truncated: reason.startsWith("the input ends") });
  });
});

describe("parseJsonText", () => {
  it("parses JSON after an optional byte order mark", () => {
    expect(parseJsonText('\uFEFF{"a": [1]}')).toEqual({ ok: true, value: { a: [1] }, duplicateKeys: [] });
  });

  it("reports a RangeError of JSON.parse (too deep for its stack) as an input problem", () => {
    const tooDeep = () => {
      throw new RangeError("Maximum call stack size exceeded");
    };
    expect(parseJsonText("[[[]]]", tooDeep)).toEqual({
      ok: false,
      problem: {
        message: "nested too deeply to parse: JSON.parse ran out of stack (a call-event payload nests only a few levels)",
        line: null,
        column: null,
        excerpt: [],
      },
    });
  });

  it("falls back on JSON.parse's own position when the scanner finds no mistake", () => {
    const stricter = () => {
      throw new SyntaxError("Duplicate key in JSON at position 7");
    };
    const result = parseJsonText('{"a":1,"a":2}', stricter);
    expect(result).toMatchObject({ ok: false, problem: { message: "invalid JSON: Duplicate key in JSON at position 7", line: 1, column: 8 } });
  });

  it("passes on errors that are not about the input", () => {
    const broken = () => {
      throw new TypeError("not a parser");
    };
    expect(() => parseJsonText("{}", broken)).toThrow("not a parser");
  });
});
