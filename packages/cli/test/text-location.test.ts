import { describe, expect, it } from "vitest";
import { excerpt, lineColumn } from "@fwcall/validate/json-file";

describe("lineColumn", () => {
  it.each([
    ["abc", 0, 1, 1],
    ["abc", 3, 1, 4],
    ["a\nb\nc", 4, 3, 1],
    ["a\r\nb", 3, 2, 1],
    ["a\r\nb", 2, 1, 3],
    ["a\rb\rc", 4, 3, 1],
    ["\n\n", 2, 3, 1],
    ["ab", 99, 1, 3],
  ])("places offset %#", (text, offset, line, column) => {
    expect(lineColumn(text, offset)).toEqual({ line, column });
  });
});

describe("excerpt", () => {
  it("shows the line and a caret under the spot", () => {
    expect(excerpt('{\n  "a" 1\n}', 8)).toEqual(['  2 |   "a" 1', "    |       ^"]);
  });

  it("shows a caret just past the end of a line", () => {
    expect(excerpt("[1, 2\n", 5)).toEqual(["  1 | [1, 2", "    |      ^"]);
  });

  it("cuts a long line to a window around the spot", () => {
    const line = `${"a".repeat(1000)}X${"b".repeat(1000)}`;
    const [source, caret] = excerpt(line, 1000);
    expect(source.length).toBeLessThan(90);
    expect(source).toMatch(/^ {2}1 \| …a+Xb+…$/);
    expect(source[caret.indexOf("^")]).toBe("X");
  });

  it("keeps the caret aligned after tabs and control characters, and widens the gutter", () => {
    const text = `${"\n".repeat(99)}\t"a"\u0001 1`;
    const [source, caret] = excerpt(text, text.length - 1);
    expect(source).toBe('  100 |  "a"  1');
    expect(source[caret.indexOf("^")]).toBe("1");
  });
});
