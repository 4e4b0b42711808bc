import { describe, expect, it } from "vitest";
import { classify, type Invocation } from "../src/index.js";

const none = (text: string) => text;

function invocation(overrides: Partial<Invocation> = {}): Invocation {
  return { returned: undefined, rendered: null, requests: [], db: [], schedules: [], branches: [], error: null, timedOut: false, logs: [], durationMs: 1, ...overrides };
}

const branch = (b: string, value: unknown, enumName = "CallStatus") => ({ enumName, branch: b, value });

describe("classify", () => {
  it("reports a stop at the limit before anything else", () => {
    expect(classify(invocation({ timedOut: true, error: "x" }), 10, none, 20_000)).toEqual({ kind: "timed-out", afterMs: 20_000 });
  });

  it("reports a throw, and a rendered error, as threw", () => {
    expect(classify(invocation({ error: "Error: boom", returned: { outcome: "handled" } }), 10, none, 1)).toEqual({ kind: "threw", error: "Error: boom" });
    expect(classify(invocation({ rendered: { error: { status: 502, message: "bad gateway" }, data: null } }), 10, none, 1)).toEqual({ kind: "threw", error: "renderData error: bad gateway (status 502)" });
    expect(classify(invocation({ rendered: { error: "plain text", data: null } }), 10, none, 1)).toEqual({ kind: "threw", error: "renderData error: plain text" });
  });

  it("reports a fall-through to unknown for a documented status as unhandled, whatever the handler says", () => {
    const fell = invocation({ branches: [branch("unknown", 10)], returned: { outcome: "ignored", reason: "whatever" }, requests: [{ template: "t", options: {} }] });
    expect(classify(fell, 10, none, 1)).toEqual({ kind: "unhandled", detail: "CallStatus fell through to unknown for documented status 10" });
  });

  it("treats a fall-through of any generated enum for a documented value the same way", () => {
    expect(classify(invocation({ branches: [branch("unknown", 3, "ConnectionType")] }), 1, none, 1)).toEqual({ kind: "unhandled", detail: "ConnectionType fell through to unknown for documented value 3" });
    expect(classify(invocation({ branches: [branch("unknown", "outgoing", "Direction")] }), 1, none, 1)).toMatchObject({ kind: "unhandled" });
    expect(classify(invocation({ branches: [branch("unknown", 99, "ConnectionType")] }), 1, none, 1)).toEqual({ kind: "handled", detail: "ConnectionType.unknown" });
  });

  it("counts the unknown branch as handling an undocumented status", () => {
    const run = invocation({ branches: [branch("unknown", 7)], returned: { outcome: "ignored", reason: "undocumented" } });
    expect(classify(run, 7, none, 1)).toEqual({ kind: "handled", detail: "CallStatus.unknown ran for undocumented status 7" });
  });

  it("takes the outcome the handler returns or renders", () => {
    expect(classify(invocation({ returned: { outcome: "ignored", reason: "under way" }, branches: [branch("inProgress", 8)] }), 8, none, 1)).toEqual({ kind: "ignored", reason: "under way" });
    expect(classify(invocation({ returned: { outcome: "ignored" } }), 8, none, 1)).toEqual({ kind: "ignored", reason: "no reason given" });
    expect(classify(invocation({ rendered: { error: null, data: { outcome: "handled", actions: ["opened ticket", "noted recording"] } } }), 8, none, 1)).toEqual({ kind: "handled", detail: "opened ticket; noted recording" });
    expect(classify(invocation({ returned: { outcome: "handled", detail: "done" } }), 8, none, 1)).toEqual({ kind: "handled", detail: "done" });
    expect(classify(invocation({ returned: { outcome: "handled" } }), 8, none, 1)).toEqual({ kind: "handled" });
  });

  it("otherwise counts a matcher branch, then a side effect, as handled", () => {
    expect(classify(invocation({ branches: [branch("missed", 3), branch("answered", 1), branch("missed", 3)] }), 3, none, 1)).toEqual({ kind: "handled", detail: "CallStatus.missed, CallStatus.answered" });
    const effects = invocation({
      requests: [{ template: "createTicket", options: {} }, { template: "addNote", options: {} }, { template: "addNote", options: {} }],
      db: [{ op: "get", key: "a" }, { op: "set", key: "a" }],
      schedules: [{ op: "create", name: "x", options: {} }, { op: "fetch", name: "x", options: {} }],
    });
    expect(classify(effects, 3, none, 1)).toEqual({ kind: "handled", detail: "3 requests (createTicket, addNote), 1 db write, 1 schedule call" });
  });

  it("says a handler that only rendered a reply rendered it, rather than that nothing happened", () => {
    expect(classify(invocation({ rendered: { error: null, data: { greeting: "hi" } } }), 3, none, 1)).toEqual({ kind: "unhandled", detail: "rendered a reply but took no action and stated no outcome" });
  });

  it("reports nothing at all as unhandled; a $db read alone is no side effect", () => {
    expect(classify(invocation({ db: [{ op: "get", key: "a" }], returned: 42 }), 3, none, 1)).toEqual({ kind: "unhandled", detail: "no side effect and no outcome" });
  });

  it("redacts what the handler says", () => {
    const redact = (text: string) => text.replace("s3cr3t", "[redacted iparam]");
    expect(classify(invocation({ returned: { outcome: "ignored", reason: "key s3cr3t" } }), 3, redact, 1)).toEqual({ kind: "ignored", reason: "key [redacted iparam]" });
    expect(classify(invocation({ error: "bad s3cr3t" }), 3, redact, 1)).toEqual({ kind: "threw", error: "bad [redacted iparam]" });
  });
});
