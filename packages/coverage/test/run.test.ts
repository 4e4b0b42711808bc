import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applicableCases, caseMatrix } from "@fwcall/cases";
import { AllowlistError, FdkAppError, cellLabel, describeOutcome, loadFdkApp, readAllowlist, runCoverage, type CoverageReport, type HandlerModule } from "../src/index.js";
import * as moduleHandlers from "./apps/module/handlers.mjs";
import { IPARAMS, SECRET, SHORT, app, manifest3, withFiles, MODULES } from "./helpers.js";

const byId = (report: CoverageReport) => new Map(report.cells.map((c) => [c.id, c]));

describe("runCoverage", () => {
  it("gives every cell of the matrix one outcome, labelled by its case", async () => {
    const report = await runCoverage(app("matcher-gap-app"), { modules: MODULES });
    expect(report.cells.map((c) => c.id)).toEqual(caseMatrix().map((c) => c.id));
    const cell = byId(report).get("update/incoming/voicemail/recording")!;
    expect(cell).toMatchObject({
      label: "onCallUpdate > incoming > voicemail (10) > recording attached",
      event: "onCallUpdate",
      direction: "incoming",
      status: 10,
      kind: "recording",
      allowed: null,
      outcome: { kind: "unhandled", detail: "CallStatus fell through to unknown for documented status 10" },
    });
    expect(byId(report).get("create/incoming/connecting")!.label).toBe("onCallCreate > incoming > connecting (13)");
    expect(byId(report).get("update/outgoing/unknown/extra-leg")!.outcome).toEqual({ kind: "handled", detail: "CallStatus.unknown ran for undocumented status 7" });
    expect(byId(report).get("update/incoming/missed/billing")!.outcome).toEqual({ kind: "handled", detail: "CallStatus.missed" });
    expect(report.summary).toEqual({ handled: 127, ignored: 0, unhandled: 6, threw: 0, "timed-out": 0, crashed: 0, "not-applicable": caseMatrix().length - applicableCases().length });
    expect(report.ok).toBe(false);
    expect(report.platform).toBe("3.0");
  });

  it("shows the declared impossible cells as N/A with their reason", async () => {
    const report = await runCoverage(app("matcher-gap-app"), { modules: MODULES });
    expect(byId(report).get("create/outgoing/queued")!.outcome).toEqual({ kind: "not-applicable", reason: "only incoming calls are routed to a call queue" });
    expect(byId(report).get("create/outgoing/queued")!.durationMs).toBe(0);
  });

  it("runs a 2.x app with the 2.x envelope, and counts renderData outcomes and side effects", async () => {
    const report = await runCoverage(app("v2-app"));
    expect(report.platform).toBe("2.x");
    const cells = byId(report);
    expect(cells.get("create/incoming/connecting")!.outcome).toEqual({ kind: "handled", detail: "1 db write" });
    expect(cells.get("update/outgoing/missed/notes")!.outcome).toEqual({ kind: "handled", detail: "notified Slack" });
    expect(cells.get("update/incoming/answered/recording")!.outcome).toEqual({ kind: "ignored", reason: "completed calls need nothing" });
    expect(cells.get("update/incoming/on-hold/transfer")!.outcome).toEqual({ kind: "unhandled", detail: "no side effect and no outcome" });
  });

  it("marks the cells of an event the app does not subscribe to as N/A", async () => {
    const report = await runCoverage(app("v3-app"), { iparams: IPARAMS });
    expect(byId(report).get("create/incoming/connecting")!.outcome).toEqual({ kind: "not-applicable", reason: "the app does not subscribe to onCallCreate" });
    expect(report.cells.filter((c) => c.event === "onCallCreate").every((c) => c.outcome.kind === "not-applicable")).toBe(true);
  });

  it("refuses a handler the manifest names but server.js lacks: one configuration error, not one per case", async () => {
    const dir = withFiles({ "manifest.json": manifest3({ onCallCreate: "onCreate", onCallUpdate: "onUpdate" }), "server/server.js": "exports = { onCreate() { return { outcome: 'handled' }; } };" });
    const error = await runCoverage(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FdkAppError);
    expect((error as Error).message).toBe("manifest.json names onUpdate (onCallUpdate) as handler, but server/server.js exports no function of that name (it exports: onCreate); fix the manifest or the exports");
  });

  it("keeps iparams out of the report, whatever the handler logs or throws", async () => {
    const report = await runCoverage(app("v3-app"), { iparams: IPARAMS });
    const failed = byId(report).get("update/incoming/failed/status-change")!;
    expect(failed.outcome).toEqual({ kind: "threw", error: "Error: request with key [redacted iparam] failed (server/server.js:8)" });
    expect(failed.logs).toEqual([expect.stringContaining("using key [redacted iparam]")]);
    expect(JSON.stringify(report)).not.toContain(SECRET);
  });

  it("stops a handler that timed out on the last 5 cases in a row: the rest of its cases are not run, and say so", async () => {
    const report = await runCoverage(app("loop-app"), { timeoutMs: SHORT });
    const creates = report.cells.filter((c) => c.event === "onCallCreate" && c.outcome.kind !== "not-applicable");
    expect(creates.slice(0, 5).map((c) => c.outcome)).toEqual(Array(5).fill({ kind: "timed-out", afterMs: SHORT }));
    const rest = creates.slice(5);
    expect(rest.length).toBeGreaterThan(0);
    for (const cell of rest) expect(cell.outcome).toEqual({ kind: "timed-out", afterMs: SHORT, detail: "the handler timed out on the last 5 cases in a row", notRun: true });
    expect(describeOutcome(rest[0]!.outcome)).toBe("not run: the handler timed out on the last 5 cases in a row");
    // The other handler's cases still run: a time-out of one handler is not a streak of the other.
    expect(byId(report).get("update/incoming/answered/notes")!.outcome.kind).toBe("handled");
    expect(report.ok).toBe(false);
  }, 15_000);

  it("reports throws and time-outs per cell", async () => {
    const thrown = await runCoverage(app("throws-app"));
    expect(thrown.summary.threw).toBe(applicableCases().length);
    const stopped = await runCoverage(app("loop-app"), { timeoutMs: SHORT, stopAfterTimeouts: 0 });
    expect(byId(stopped).get("create/incoming/connecting")!.outcome).toEqual({ kind: "timed-out", afterMs: SHORT });
    expect(byId(stopped).get("update/outgoing/missed/notes")!.outcome).toEqual({ kind: "timed-out", afterMs: SHORT });
    expect(byId(stopped).get("update/incoming/voicemail/notes")!.outcome).toEqual({ kind: "timed-out", afterMs: SHORT });
    expect(byId(stopped).get("update/incoming/answered/notes")!.outcome.kind).toBe("handled");
    expect(stopped.ok).toBe(false);
  }, 15_000);

  it("takes an app loaded beforehand", async () => {
    const loaded = await loadFdkApp(app("matcher-gap-app"), { modules: MODULES });
    const report = await runCoverage(loaded);
    expect(report.target).toBe(loaded.dir);
    expect(report.summary.unhandled).toBe(6);
  });

  it("calls onProgress once per cell, up to the total", async () => {
    const seen: Array<[number, number]> = [];
    await runCoverage(app("inline-matcher-app"), { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toHaveLength(caseMatrix().length);
    expect(seen[0]).toEqual([1, caseMatrix().length]);
    expect(seen.at(-1)).toEqual([caseMatrix().length, caseMatrix().length]);
  });

  it("builds the same payloads for the same seed", async () => {
    const dir = withFiles({ "manifest.json": manifest3({ onCallCreate: "h" }), "server/server.js": "exports = { h(p) { return { outcome: 'handled', detail: String(p.data.call.id) }; } };" });
    const ids = async (seed: number) => (await runCoverage(dir, { seed })).cells.map((c) => JSON.stringify(c.outcome));
    expect(await ids(3)).toEqual(await ids(3));
    expect(await ids(3)).not.toEqual(await ids(4));
  });

  it("label of a cell names event, direction, status and kind", () => {
    expect(caseMatrix().filter((c) => c.id === "update/outgoing/in-progress/extra-leg").map(cellLabel)).toEqual(["onCallUpdate > outgoing > in progress (8) > extra leg (connection_type ≥ 2)"]);
  });
});

describe("the allowlist", () => {
  it("is read from the app directory by default, excuses what it lists, and names stale entries", async () => {
    const report = await runCoverage(app("blackbox-app"), { responses: { createTicket: { id: 5 } } });
    const cells = byId(report);
    expect(cells.get("update/outgoing/in-progress/transfer")).toMatchObject({ outcome: { kind: "unhandled" }, allowed: "a call under way needs nothing until it ends" });
    expect(cells.get("update/incoming/disconnected/status-change")).toMatchObject({ outcome: { kind: "threw" }, allowed: "the cleanup template is not deployed yet" });
    expect(cells.get("update/incoming/disconnected/notes")).toMatchObject({ outcome: { kind: "threw" }, allowed: null });
    expect(report.allowlist).toEqual({ source: join(app("blackbox-app"), "fwcall-coverage.allow.json"), unused: ["update/outgoing/answered/recording"] });
    expect(report.ok).toBe(false);
  });

  it("makes a run ok when every failing cell is listed with a reason", async () => {
    const allow = {
      allow: [
        { case: "update/*/in-progress/*", reason: "under way" },
        { case: "update/*/on-hold/*", reason: "on hold" },
        { case: "update/*/disconnected/*", reason: "cleanup template not deployed" },
      ],
    };
    const report = await runCoverage(app("blackbox-app"), { allowlist: allow });
    expect(report.ok).toBe(true);
    expect(report.allowlist).toEqual({ source: "(given in code)", unused: [] });
    expect((await runCoverage(app("blackbox-app"), { allowlist: false })).allowlist).toBeUndefined();
  });

  it("reads a file given by path", async () => {
    const dir = withFiles({ "allow.json": { allow: [{ case: "update/incoming/voicemail/*", reason: "voicemail goes to another app" }] } });
    const report = await runCoverage(app("matcher-gap-app"), { modules: MODULES, allowlist: join(dir, "allow.json") });
    expect(report.cells.filter((c) => c.outcome.kind === "unhandled").every((c) => c.allowed === "voicemail goes to another app")).toBe(true);
    expect(report.ok).toBe(true);
  });

  it.each([
    [{ allow: [{ case: "update/incoming/missed/notes" }] }, /allow\[0\] \(update\/incoming\/missed\/notes\) has no "reason": every allowed case needs one/],
    [{ allow: [{ case: "x", reason: "  " }] }, /has no "reason"/],
    [{ allow: [{ reason: "why" }] }, /allow\[0\] has no "case"/],
    [{ allowed: [] }, /expected \{ "allow": \[/],
    ["{ not json", /is not valid JSON/],
  ])("refuses %j", (contents, message) => {
    const dir = withFiles({ "allow.json": contents });
    expect(() => readAllowlist(join(dir, "allow.json"))).toThrow(AllowlistError);
    expect(() => readAllowlist(join(dir, "allow.json"))).toThrow(message);
  });

  it("refuses a missing file", () => {
    expect(() => readAllowlist("/nonexistent/allow.json")).toThrow("allowlist not found: /nonexistent/allow.json");
  });
});

describe("a plain module", () => {
  it("runs in-process, with matcher branches as the sign of handling", async () => {
    const report = await runCoverage(moduleHandlers as HandlerModule, { name: "handlers.mjs" });
    expect(report.target).toBe("handlers.mjs");
    expect(byId(report).get("create/incoming/connecting")!.outcome).toEqual({ kind: "not-applicable", reason: "the module does not export onCallCreate" });
    expect(byId(report).get("update/incoming/voicemail/notes")!.outcome).toEqual({ kind: "handled", detail: "CallStatus.voicemail" });
    expect(byId(report).get("update/incoming/unknown/notes")!.outcome).toEqual({ kind: "handled", detail: "CallStatus.unknown ran for undocumented status 7" });
    expect(report.ok).toBe(true);
  });

  it("gets the envelope asked for, iparams included, and its async limit", async () => {
    const seen: unknown[] = [];
    const module: HandlerModule = {
      onCallCreate: (payload) => {
        seen.push(payload);
        return { outcome: "handled" };
      },
      onCallUpdate: (payload) => ((payload as { data: { call: { participants: Array<{ call_status: number }> } } }).data.call.participants[0]!.call_status === 3 ? new Promise(() => undefined) : { outcome: "handled" }),
    };
    const report = await runCoverage(module, { platform: "2.x", iparams: { key: "k-1234" }, timeoutMs: 5 });
    expect(seen[0]).toMatchObject({ account_id: "82918", iparams: { key: "k-1234" } });
    expect(byId(report).get("update/incoming/missed/notes")!.outcome).toEqual({ kind: "timed-out", afterMs: 5 });
  });

  it("reports what a handler throws", async () => {
    const report = await runCoverage({ onCallCreate: () => { throw new TypeError("nope"); } });
    expect(byId(report).get("create/incoming/connecting")!.outcome).toEqual({ kind: "threw", error: "TypeError: nope" });
  });

  it("refuses a module with neither handler", async () => {
    await expect(runCoverage({} as HandlerModule)).rejects.toThrow(FdkAppError);
  });
});

describe("lifecycle sequences", () => {
  it("runs every simple path in order, $db kept along each sequence", async () => {
    const report = await runCoverage(app("blackbox-app"), { sequences: { maxLength: 3 }, allowlist: false });
    const sequences = report.sequences!;
    expect(sequences.length).toBe(28);
    expect(sequences.every((s) => s.mode === "in-order")).toBe(true);
    const missed = sequences.find((s) => s.id === "lifecycle/incoming/connecting.missed/in-order")!;
    expect(missed.label).toBe("lifecycle > incoming > connecting → missed > in order");
    expect(missed.events.map((e) => [e.event, e.status, e.outcome.kind])).toEqual([["onCallCreate", 13, "handled"], ["onCallUpdate", 3, "handled"]]);
    const onHold = sequences.find((s) => s.states.join(".") === "connecting.answered.on-hold")!;
    // "answered" puts the customer leg in progress (8), which the app leaves alone.
    expect(onHold.outcome).toEqual({ kind: "unhandled", detail: "event 2 (onCallUpdate, status 8): no side effect and no outcome" });
    expect(report.sequenceSummary!.unhandled).toBeGreaterThan(0);
    expect(report.summary.handled).toBeGreaterThan(0);
  });

  it("replays each in every mode when asked", async () => {
    const report = await runCoverage(app("blackbox-app"), { sequences: { maxLength: 2 }, replay: true, allowlist: false });
    const modes = new Set(report.sequences!.map((s) => s.mode));
    expect([...modes].sort()).toEqual(["duplicates", "in-order", "out-of-order", "without-create"]);
    // A one-state path without its create has no event left: it is not run.
    expect(report.sequences!.some((s) => s.id === "lifecycle/incoming/connecting/without-create")).toBe(false);
    const duplicated = report.sequences!.find((s) => s.id === "lifecycle/incoming/connecting/duplicates")!;
    // The create schedules a reminder by call id: the duplicate finds it and fails, as on the platform.
    expect(duplicated.outcome).toMatchObject({ kind: "threw", error: expect.stringContaining("A schedule with this name already exists") });
  });

  it("counts sequences in ok and in the allowlist", async () => {
    const allow = { allow: [{ case: "update/*/*/*", reason: "cells" }, { case: "lifecycle/*/*/*", reason: "sequences" }] };
    const report = await runCoverage(app("blackbox-app"), { sequences: { maxLength: 3 }, replay: true, allowlist: allow });
    expect(report.sequences!.filter((s) => s.outcome.kind === "unhandled" || s.outcome.kind === "threw").every((s) => s.allowed === "sequences")).toBe(true);
    expect(report.ok).toBe(true);
  });
});

describe("writing an allowlist by hand", () => {
  it("accepts the documented file shape", () => {
    const dir = withFiles({});
    const path = join(dir, "fwcall-coverage.allow.json");
    writeFileSync(path, JSON.stringify({ allow: [{ case: "update/outgoing/unknown/extra-leg", reason: "we never see 7 on outgoing legs" }] }));
    expect(readAllowlist(path)).toEqual({ allow: [{ case: "update/outgoing/unknown/extra-leg", reason: "we never see 7 on outgoing legs" }], source: path });
  });
});
