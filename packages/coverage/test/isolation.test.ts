// The attacks of issue 11 (items 2 and 3) on the sandbox, each reproduced by an app that attacks
// in exactly one cell (update/incoming/missed/recording) and handles every other: the run must
// finish with a report holding every cell, the attacked one failing for the right reason, the
// others handled, and nothing of the app's reaching the host (no exit, no file, no secret).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applicableCases, buildCase, caseMatrix } from "@fwcall/cases";
import { loadFdkApp, runCoverage, type CoverageReport, type Outcome } from "../src/index.js";
import { GENEROUS, IPARAMS, SECRET, manifest3, withFiles } from "./helpers.js";

const ATTACKED = "update/incoming/missed/recording";

/** An app whose onCallUpdate handler runs `attack` in the attacked cell and handles every other. */
function attackApp(attack: string, extra: Record<string, unknown> = {}): string {
  return withFiles({
    "manifest.json": manifest3({ onCallUpdate: "u" }),
    "server/server.js": `exports = {
  u(p) {
    const call = p.data.call;
    if (call.direction === "incoming" && call.participants[0].call_status === 3 && p.data.changes.recording) {
      ${attack}
    }
    return { outcome: "handled" };
  },
};`,
    ...extra,
  });
}

const updateCases = () => applicableCases().filter((c) => c.event === "onCallUpdate");

/** Every cell is in the report; the attacked one has `expected`, every other applicable one is handled. */
function expectOneBrokenCell(report: CoverageReport, expected: Partial<Outcome> | ((outcome: Outcome) => void)) {
  expect(report.cells.map((c) => c.id)).toEqual(caseMatrix().map((c) => c.id));
  const attacked = report.cells.find((c) => c.id === ATTACKED)!;
  if (typeof expected === "function") expected(attacked.outcome);
  else expect(attacked.outcome).toMatchObject(expected);
  const others = report.cells.filter((c) => c.id !== ATTACKED && c.outcome.kind !== "handled" && c.outcome.kind !== "not-applicable");
  expect(others.map((c) => `${c.id}: ${c.outcome.kind}`)).toEqual([]);
  expect(report.summary.handled).toBe(updateCases().length - 1);
  expect(report.ok).toBe(false);
  expect(JSON.stringify(report)).not.toContain(SECRET);
}

describe("an app cannot end, hang or flood the run", () => {
  it("an unhandled rejection is the running cell's failure, redacted, and the run goes on", async () => {
    const dir = attackApp(`Promise.reject(new Error("lost " + p.iparams.api_key)); $db.get("never-stored");`);
    const report = await runCoverage(dir, { iparams: IPARAMS });
    expectOneBrokenCell(report, { kind: "threw", error: "unhandled promise rejection: Error: lost [redacted iparam] (server/server.js:5); unhandled promise rejection: Record not found (status 404)" });
  });

  it("a rejection after the handler returned, while its request was still out, is still its cell's", async () => {
    const dir = attackApp(`$request.invokeTemplate("slow", {}).then(() => { throw new Error("late " + p.iparams.api_key); }); return { outcome: "handled" };`, { "config/requests.json": { slow: {} } });
    const report = await runCoverage(dir, { iparams: IPARAMS, responses: { slow: () => new Promise((resolve) => setTimeout(() => resolve({}), 50)) } });
    expectOneBrokenCell(report, { kind: "threw", error: "unhandled promise rejection: Error: late [redacted iparam] (server/server.js:5)" });
  });

  it("work a handler leaves behind when its promise settles ends with it, as on the platform: it cannot fail a later cell", async () => {
    const dir = attackApp(`$request.invokeTemplate("slow", {}).then(() => { throw new Error("late " + p.iparams.api_key); }); return Promise.resolve({ outcome: "handled" });`, { "config/requests.json": { slow: {} } });
    const report = await runCoverage(dir, { iparams: IPARAMS, responses: { slow: () => new Promise((resolve) => setTimeout(() => resolve({}), 50)) } });
    expect(report.summary.handled).toBe(updateCases().length);
    expect(report.problems).toBeUndefined();
    expect(JSON.stringify(report)).not.toContain(SECRET);
  });

  it("process.exit(0) reached through a host object is a crashed cell, never a passing run", async () => {
    const report = await runCoverage(attackApp(`Buffer.constructor("return process")().exit(0);`));
    expectOneBrokenCell(report, { kind: "crashed", detail: "the app ended the sandbox (process.exit(0))" });
  });

  it.each([
    ["process", `require("process").exit(0);`],
    ["child_process", `require("child_process").execSync("true");`],
    ["worker_threads", `require("worker_threads");`],
    ["timers", `return new Promise((done) => require("timers").setTimeout(done, 60000));`],
    ["node:fs", `require("node:fs").writeFileSync(require("path").join(p.iparams.domain, "pwned"), "x");`],
  ])("require(%j) is refused as on the platform", async (name, attack) => {
    const report = await runCoverage(attackApp(attack), { iparams: { ...IPARAMS, domain: withFiles({}) } });
    expectOneBrokenCell(report, (outcome) => {
      expect(outcome.kind).toBe("threw");
      expect((outcome as { error: string }).error).toContain(`Cannot find module '${name}': the FDK's serverless sandbox does not give apps this Node built-in`);
    });
  });

  it("the classic vm escape (this.constructor.constructor) does not reach the process", async () => {
    const report = await runCoverage(attackApp(`globalThis.constructor.constructor("return process")().exit(0);`));
    expectOneBrokenCell(report, { kind: "threw", error: "ReferenceError: process is not defined (server/server.js:5)" });
  });

  it.each([
    ["a getter that loops", `return { get outcome() { for (;;) {} } };`],
    ["a proxy trap that loops", `return new Proxy({}, { ownKeys() { for (;;) {} } });`],
    ["a rendered getter that loops", `renderData(null, { get reason() { for (;;) {} } }); return undefined;`],
    ["timers reached through a host object", `return new Promise((done) => Buffer.constructor("return process")().getBuiltinModule("timers").setTimeout(done, 60000));`],
  ])("%s is stopped at the time limit", async (_what, attack) => {
    const report = await runCoverage(attackApp(attack), { timeoutMs: GENEROUS });
    expectOneBrokenCell(report, { kind: "timed-out", afterMs: GENEROUS });
  });

  it("a thread blocked where vm's limit cannot reach is stopped by ending its worker", async () => {
    const report = await runCoverage(attackApp(`Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);`), { timeoutMs: GENEROUS });
    expectOneBrokenCell(report, { kind: "timed-out", afterMs: GENEROUS });
  });

  it("a memory bomb is a crashed cell with the limit named, and the run goes on", async () => {
    const report = await runCoverage(attackApp(`const hog = []; for (;;) hog.push(new Array(100000).fill(hog.length));`), { memoryMb: 64 });
    expectOneBrokenCell(report, { kind: "crashed", detail: "the app ran out of memory (the sandbox's limit is 64 MB)" });
  });

  it("writes nothing outside: a refused fs leaves no file", async () => {
    const outside = withFiles({});
    await runCoverage(attackApp(`require("fs").writeFileSync(${JSON.stringify(join(outside, "pwned"))}, "x");`));
    expect(existsSync(join(outside, "pwned"))).toBe(false);
  });

  it("a lifecycle that loses its worker is broken at that event, and the next one runs", async () => {
    const dir = withFiles({
      "manifest.json": manifest3({ onCallUpdate: "u" }),
      "server/server.js": `exports = { u(p) { if (p.data.call.participants[0].call_status === 3) Buffer.constructor("return process")().exit(3); return { outcome: "handled" }; } };`,
    });
    const report = await runCoverage(dir, { sequences: { maxLength: 3 } });
    const broken = report.sequences!.filter((s) => s.outcome.kind === "crashed");
    expect(broken.length).toBeGreaterThan(0);
    for (const sequence of broken) {
      const last = sequence.events[sequence.events.length - 1]!;
      expect(last.outcome).toEqual({ kind: "crashed", detail: "the app ended the sandbox (process.exit(3))" });
    }
    expect(report.sequences!.some((s) => s.outcome.kind === "handled")).toBe(true);
  });
});

describe("an app cannot flood the record", () => {
  it("keeps the first 200 log lines of an invocation and counts the rest", async () => {
    const report = await runCoverage(attackApp(`for (let i = 0; i < 100000; i++) console.log("line " + i);`));
    const logs = report.cells.find((c) => c.id === ATTACKED)!.logs!;
    expect(logs).toHaveLength(20);
    const dir = attackApp(`for (let i = 0; i < 100000; i++) console.log("line " + i); return { outcome: "handled" };`);
    const run = await (await loadFdkApp(dir)).invoke("onCallUpdate", buildCase(ATTACKED));
    expect(run.logs).toHaveLength(201);
    expect(run.logs.at(-1)).toBe("(99800 more log lines not kept)");
  });
});

describe("what an app does between cases", () => {
  it("a sandbox that ends between cases (a timer reached through a host object) fails the run, named as a problem", async () => {
    const dir = attackApp(`Buffer.constructor("return process")().getBuiltinModule("timers").setTimeout(() => Buffer.constructor("return process")().exit(7), 0); return { outcome: "handled" };`);
    const report = await runCoverage(dir);
    expect(report.summary.handled + report.summary.crashed).toBe(updateCases().length);
    expect(report.ok).toBe(false);
    const said = [...(report.problems ?? []), ...report.cells.filter((c) => c.outcome.kind === "crashed").map((c) => (c.outcome as { detail: string }).detail)];
    expect(said.join("\n")).toContain("process.exit(7)");
  });
});
