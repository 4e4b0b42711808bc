// Duplicate keys in JSON text: found with the object's pointer and both positions, in linear time
// and at any depth, and weighed by profile.
import { describe, expect, it } from "vitest";
import { duplicateKeyProblems, findDuplicateKeys } from "@fwcall/validate";

describe("findDuplicateKeys", () => {
  it("finds a key written twice at the top level, with the later and the first position", () => {
    expect(findDuplicateKeys('{"a": 1,\n "a": 2}')).toEqual([
      { pointer: "", key: "a", line: 2, column: 2, offset: 10, first: { line: 1, column: 2 } },
    ]);
  });

  it("names the object by its JSON Pointer, through arrays and escaped keys", () => {
    const text = '{"data": {"call": {"participants": [{}, 1, {"x": [], "caller_id": 1,\r\n"caller_id": 2}], "a/b~": {"k": 1, "k": 2}}}}';
    const found = findDuplicateKeys(text);
    expect(found.map(({ pointer, key, line, column }) => ({ pointer, key, line, column }))).toEqual([
      { pointer: "/data/call/participants/2", key: "caller_id", line: 2, column: 1 },
      { pointer: "/data/call/a~1b~0", key: "k", line: 2, column: 36 },
    ]);
    expect(JSON.parse(text).data.call.participants[2].caller_id).toBe(2);
  });

  it("reads keys as JSON.parse does: escapes decoded, the same key in sibling objects is no duplicate", () => {
    expect(findDuplicateKeys('{"\\u0061": 1, "a": 2}').map((d) => d.key)).toEqual(["a"]);
    expect(findDuplicateKeys('[{"a": 1}, {"a": 2}, {"b": {"a": 1}, "a": {"a": 2}}]')).toEqual([]);
    expect(findDuplicateKeys('{"a": "\\"a\\"", "b": "{\\"a\\": 1, \\"a\\": 2}"}')).toEqual([]);
    expect(findDuplicateKeys('{"__proto__": 1, "__proto__": 2}').map((d) => d.key)).toEqual(["__proto__"]);
  });

  it("handles nesting far deeper than the stack allows, and many keys, in one pass", () => {
    const depth = 200_000;
    const deep = `${'{"a":'.repeat(depth)}{"k": 1, "k": 2}${"}".repeat(depth)}`;
    const found = findDuplicateKeys(deep);
    expect(found).toHaveLength(1);
    expect(found[0]!.pointer).toBe("/a".repeat(depth));
    const many = `{${Array.from({ length: 100_000 }, (_, i) => `"k${i % 50_000}": ${i}`).join(",")}}`;
    expect(findDuplicateKeys(many)).toHaveLength(50_000);
  });

  it("ends on text that is not JSON", () => {
    for (const text of ['{"a', '{"a": "\\', "}}]]{[", '{"a":1,"a"', ""]) expect(() => findDuplicateKeys(text)).not.toThrow();
  });
});

describe("duplicateKeyProblems", () => {
  const duplicates = findDuplicateKeys('{\n  "event": "onCallCreate",\n  "event": "onCallUpdate"\n}');

  it("is a warning under lenient and an error under strict, with both positions in the message", () => {
    const [lenient] = duplicateKeyProblems(duplicates, "lenient");
    const [strict] = duplicateKeyProblems(duplicates, "strict");
    expect(lenient).toMatchObject({ pointer: "/event", severity: "warning", rule: "json:duplicate-key" });
    expect(strict).toMatchObject({ pointer: "/event", severity: "error", rule: "json:duplicate-key" });
    expect(strict!.message).toBe('key "event" appears twice in this object: at line 3, column 3, first at line 2, column 3 (JSON.parse keeps the last value)');
  });
});
