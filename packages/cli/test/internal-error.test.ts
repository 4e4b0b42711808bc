// What a failure inside fwcall looks like: a bug report, not a stack trace (unless asked for).
import { beforeEach, describe, expect, it, vi } from "vitest";
import { run } from "./helpers.js";

const parseCallEvent = vi.hoisted(() => vi.fn());
vi.mock("@fwcall/validate", async (importOriginal) => ({ ...(await importOriginal<object>()), parseCallEvent }));

describe("when the validator throws", () => {
  beforeEach(() => {
    parseCallEvent.mockReset();
  });

  it("reports an internal error with exit 2 and no stack trace", async () => {
    parseCallEvent.mockImplementation(() => {
      throw new Error("boom");
    });
    const result = await run(["validate", "-"], { stdin: "{}" });
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: "fwcall validate: internal error: boom\nThis is a bug in fwcall, not in your input. Set FWCALL_DEBUG=1 to see the stack trace.\n",
    });
  });

  it("shows the stack trace with FWCALL_DEBUG=1", async () => {
    parseCallEvent.mockImplementation(() => {
      throw new Error("boom");
    });
    const result = await run(["validate", "-"], { stdin: "{}", env: { FWCALL_DEBUG: "1" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/internal error: boom\n.*\nError: boom\n\s+at /);
  });

  it("reports running out of stack while validating as an unusable input", async () => {
    parseCallEvent.mockImplementation(() => {
      throw new RangeError("Maximum call stack size exceeded");
    });
    const result = await run(["validate", "-"], { stdin: "{}" });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "<stdin>: nested too deeply to validate: the validator ran out of stack (a call-event payload nests only a few levels)\n",
    );
    expect(result.stdout).toBe("1 file: 0 valid, 0 invalid, 1 unusable, 0 warnings\n");
  });
});
