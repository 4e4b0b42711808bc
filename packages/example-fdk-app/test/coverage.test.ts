// The app under fwcall's coverage runner: the whole case matrix and every call lifecycle in every
// replay mode, in the runner's FDK sandbox; a copy with one status branch removed, which must
// fail naming exactly that status's cells; and the API key, which must never be printed.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatHtml, formatJson, formatJunit, formatTerminal, loadFdkApp, runCoverage, type CoverageReport, type LoadOptions } from "@fwcall/coverage";
import { coverageTests } from "@fwcall/coverage/vitest";
import { REPLAY_MODES, replay, sequenceOf, simplePaths, type LifecycleState } from "@fwcall/cases";
import * as types from "@fwcall/types";
import { APP_DIR, SERVER_JS, MODULES } from "./app.js";

// The app's require("@fwcall/types") gets the TypeScript source the tests run on (no build needed).
const modules = MODULES;
const responses = { createTicket: { id: 4242 }, addNote: { id: 1, private: true } };
const load: LoadOptions = { modules, responses };

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the app (without node_modules) whose server.js went through `edit`. */
function copyWith(edit: (source: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), "fwcall-example-fdk-copy-"));
  temps.push(dir);
  cpSync(APP_DIR, dir, { recursive: true, filter: (source) => !source.includes("node_modules") });
  const path = join(dir, "server", "server.js");
  const source = readFileSync(path, "utf8");
  const edited = edit(source);
  expect(edited, "the edit changed server.js").not.toBe(source);
  writeFileSync(path, edited);
  return dir;
}

const FAILING = ["unhandled", "threw", "timed-out"];

let full: Promise<CoverageReport> | undefined;
const fullReport = () => (full ??= runCoverage(APP_DIR, { ...load, sequences: true, replay: true }));

// One test per cell (and per lifecycle sequence in each replay mode), named by its label.
coverageTests(fullReport, { title: "coverage of example-fdk-app" });

describe("the full matrix", () => {
  it("has every cell handled, ignored on purpose or not applicable, and no sequence failing", async () => {
    const report = await fullReport();
    expect(report.ok).toBe(true);
    expect(report.cells.filter((c) => FAILING.includes(c.outcome.kind)).map((c) => c.label)).toEqual([]);
    expect(report.sequences!.filter((s) => FAILING.includes(s.outcome.kind)).map((s) => s.label)).toEqual([]);
    expect(report.summary).toMatchObject({ unhandled: 0, threw: 0, "timed-out": 0 });
    expect(report.sequenceSummary).toMatchObject({ unhandled: 0, threw: 0, "timed-out": 0 });
    expect(report.cells).toHaveLength(224);
    expect(report.summary.handled + report.summary.ignored).toBe(224 - report.summary["not-applicable"]);
    expect(new Set(report.sequences!.map((s) => s.mode))).toEqual(new Set(REPLAY_MODES));
    expect(formatTerminal(report)).toContain("OK: every case is handled, ignored on purpose, or allowed with a reason.");
  });

  it("says why it ignores a cell, and opens tickets where it should", async () => {
    const report = await fullReport();
    const cell = (label: string) => report.cells.find((c) => c.label === label)!.outcome;
    expect(cell("onCallUpdate > incoming > voicemail (10) > status change")).toEqual({ kind: "handled", detail: "opened follow-up ticket" });
    expect(cell("onCallUpdate > incoming > missed (3) > recording attached")).toEqual({ kind: "handled", detail: "opened follow-up ticket; noted recording" });
    expect(cell("onCallUpdate > outgoing > answered (1) > notes attached")).toEqual({ kind: "handled", detail: "opened call-log ticket; noted notes" });
    expect(cell("onCallUpdate > incoming > answered (1) > transfer with parent and root ids")).toEqual({ kind: "handled", detail: "started transfer chain" });
    expect(cell("onCallUpdate > incoming > queued (6) > status change")).toEqual({ kind: "ignored", reason: "the caller is waiting in a queue; an agent may still answer" });
    expect(cell("onCallUpdate > outgoing > missed (3) > status change")).toEqual({ kind: "ignored", reason: "outgoing call missed: only notes and recordings matter" });
    expect(cell("onCallUpdate > incoming > undocumented (7) > status change")).toMatchObject({ kind: "handled", detail: "CallStatus.unknown ran for undocumented status 7" });
    expect(report.cells.find((c) => c.label === "onCallUpdate > incoming > undocumented (7) > status change")!.logs).toEqual([
      expect.stringMatching(/^warn: fwcall example app: call \d+ has undocumented call status 7; ignored$/),
    ]);
  });
});

describe("lifecycles through the sandbox, replayed", () => {
  const FOLLOW_UP: readonly LifecycleState[] = ["missed", "busy", "failed", "voicemail", "voicemail-recording"];
  const sequences = [...simplePaths("incoming", 6), ...simplePaths("outgoing", 6)].map((path) => sequenceOf(path));
  /** One ticket when the call went unanswered (incoming) or got notes or a recording; none otherwise. */
  const ticketsWanted = (direction: string, states: readonly LifecycleState[]) =>
    (direction === "incoming" && states.some((s) => FOLLOW_UP.includes(s))) || states.includes("recorded") || states.includes("noted") ? 1 : 0;

  it.each(REPLAY_MODES)("%s: exactly the tickets a call needs, never two for one call, each note once", async (mode) => {
    const app = await loadFdkApp(APP_DIR, load);
    let opened = 0;
    for (const sequence of sequences) {
      app.reset();
      const created: unknown[] = [];
      const noted: string[] = [];
      for (const payload of replay(sequence, mode)) {
        const run = await app.invoke(payload.event, payload);
        expect(run.error, sequence.id).toBeNull();
        expect(run.rendered?.error ?? null, sequence.id).toBeNull();
        expect(run.branches.filter((b) => b.branch === "unknown"), sequence.id).toEqual([]);
        for (const request of run.requests) {
          const body = JSON.parse((request.options as { body: string }).body) as { body?: string };
          if (request.template === "createTicket") created.push(body);
          if (request.template === "addNote") noted.push(body.body!);
        }
      }
      expect(created.length, `${sequence.id} ${mode}`).toBe(ticketsWanted(sequence.direction, sequence.states));
      expect(new Set(noted).size, `${sequence.id} ${mode}`).toBe(noted.length);
      opened += created.length;
    }
    expect(opened).toBeGreaterThan(20); // the check above is not vacuous
  });

  it("does not open a second ticket when the same missed-call event comes twice", async () => {
    const app = await loadFdkApp(APP_DIR, load);
    const [create, ...updates] = sequenceOf({ direction: "incoming", states: ["connecting", "queued", "missed"] }).events;
    const missed = updates.at(-1)!;
    const runs = [await app.invoke("onCallCreate", create!), ...(await Promise.all([missed, missed, missed].map((p) => app.invoke("onCallUpdate", p))))];
    expect(runs.flatMap((r) => r.requests.map((q) => q.template))).toEqual(["createTicket"]);
    expect(runs.slice(1).map((r) => (r.returned as { actions: string[] }).actions)).toEqual([["opened follow-up ticket"], ["follow-up ticket already open"], ["follow-up ticket already open"]]);
  });
});

describe("a copy with the voicemail branch removed", () => {
  const VOICEMAIL_BRANCH = /^[ \t]*voicemail: \(\) => .*\n/m;

  it("fails, naming exactly the voicemail cells as unhandled", async () => {
    expect(readFileSync(SERVER_JS, "utf8")).toMatch(VOICEMAIL_BRANCH);
    const broken = copyWith((source) => source.replace(VOICEMAIL_BRANCH, ""));
    expect(readFileSync(join(broken, "server", "server.js"), "utf8")).not.toMatch(/^\s*voicemail:/m);
    const report = await runCoverage(broken, load);
    expect(report.ok).toBe(false);
    const unhandled = report.cells.filter((c) => c.outcome.kind === "unhandled");
    const voicemailCells = report.cells.filter((c) => c.status === 10 && c.outcome.kind !== "not-applicable");
    expect(unhandled.map((c) => c.label)).toEqual(voicemailCells.map((c) => c.label));
    expect(unhandled.map((c) => c.label)).toEqual([
      "onCallUpdate > incoming > voicemail (10) > status change",
      "onCallUpdate > incoming > voicemail (10) > recording attached",
      "onCallUpdate > incoming > voicemail (10) > bill duration and cost attached",
      "onCallUpdate > incoming > voicemail (10) > notes attached",
      "onCallUpdate > incoming > voicemail (10) > transfer with parent and root ids",
      "onCallUpdate > incoming > voicemail (10) > extra leg (connection_type ≥ 2)",
    ]);
    for (const cell of unhandled) expect(cell.outcome).toEqual({ kind: "unhandled", detail: "CallStatus fell through to unknown for documented status 10" });
    expect(report.summary).toMatchObject({ unhandled: 6, threw: 0, "timed-out": 0 });
    expect(formatTerminal(report)).toContain("✗ 6 cases: onCallUpdate incoming: voicemail (10)");
    expect(formatTerminal(report, { verbose: true })).toContain("onCallUpdate > incoming > voicemail (10) > status change");
    // voicemail recording (16) keeps its own branch and stays handled.
    expect(report.cells.filter((c) => c.status === 16 && c.outcome.kind !== "not-applicable").every((c) => c.outcome.kind === "handled")).toBe(true);
  });

  it("leaves the committed app intact", async () => {
    expect(readFileSync(SERVER_JS, "utf8")).toMatch(VOICEMAIL_BRANCH);
    expect((await fullReport()).ok).toBe(true);
  });
});

describe("iparams are never printed", () => {
  const SECRET = "SECRET-KEY-123";
  const iparams = { freshdesk_domain: "acme.freshdesk.com", freshdesk_api_key: SECRET };
  const everything = (report: CoverageReport) => [
    formatTerminal(report),
    formatTerminal(report, { color: true }),
    formatJson(report),
    formatJunit(report),
    formatHtml(report),
    JSON.stringify(report),
  ];

  it("in no report format and no captured log of the app, also when Freshdesk rejects the key", async () => {
    const reports = [
      await runCoverage(APP_DIR, { modules, responses, iparams, sequences: true, replay: true }),
      await runCoverage(APP_DIR, {
        modules,
        iparams,
        responses: { createTicket: { status: 401, headers: { authorization: `Basic ${SECRET}` }, response: `{"message":"invalid key ${SECRET}"}` } },
      }),
    ];
    expect(reports[1]!.ok).toBe(false); // every ticket-opening cell now renders an error…
    expect(reports[1]!.cells.find((c) => c.outcome.kind === "threw")!.outcome).toEqual({ kind: "threw", error: "renderData error: createTicket failed (401) (status 401)" });
    for (const report of reports) for (const text of everything(report)) expect(text).not.toContain(SECRET);
    const app = await loadFdkApp(APP_DIR, { modules, iparams, responses: { createTicket: { status: 401, response: SECRET } } });
    const [create, ...updates] = sequenceOf({ direction: "incoming", states: ["connecting", "ivr", "voicemail", "missed"] }).events;
    for (const payload of [create!, ...updates, buildUnknown(updates.at(-1)!)]) {
      const run = await app.invoke(payload.event, payload);
      expect(JSON.stringify([run.logs, run.rendered, run.returned, run.error])).not.toContain(SECRET);
    }
  });

  it("even from a copy that logs whole payloads: the runner redacts what the app printed", async () => {
    const leaky = copyWith((source) => source.replace("async function onCallUpdate(payload) {", "async function onCallUpdate(payload) {\n  console.log(\"payload\", JSON.stringify(payload));"));
    const report = await runCoverage(leaky, { modules, responses, iparams });
    const logged = report.cells.flatMap((c) => c.logs ?? []);
    expect(logged.some((line) => line.includes("[redacted iparam]"))).toBe(true);
    for (const text of everything(report)) expect(text).not.toContain(SECRET);
  });
});

/** The same update with an undocumented customer status. */
function buildUnknown(payload: types.CallEventPayload): types.CallEventPayload {
  const copy = structuredClone(payload);
  copy.data.call.participants.find((p) => p.connection_type === 0)!.call_status = 14;
  return copy;
}

describe("changes in either tuple order (issue 12)", () => {
  const outcomes = (report: CoverageReport) => ({
    cells: report.cells.map((c) => [c.id, c.outcome]),
    sequences: report.sequences!.filter((s) => s.mode === "in-order").map((s) => [s.id, s.outcome, s.events.map((e) => e.outcome)]),
  });

  it("handles every cell and lifecycle the same when changes come [old, new]", async () => {
    const reversed = await runCoverage(APP_DIR, { ...load, sequences: true, changesOrder: "old-new" });
    expect(reversed.ok).toBe(true);
    expect(outcomes(reversed)).toEqual(outcomes(await fullReport()));
  });

  it("tells apart an app that reads changes alone, in the docs' order only", async () => {
    const dir = copyWith((source) => source.replace("attachmentsOf({ call: payload.data.call, changes: payload.data.changes || {} })", "attachmentsOf(payload.data.changes || {})"));
    const documented = await runCoverage(dir, { ...load, allowlist: false });
    const reversed = await runCoverage(dir, { ...load, allowlist: false, changesOrder: "old-new" });
    const differing = reversed.cells.filter((c, i) => JSON.stringify(c.outcome) !== JSON.stringify(documented.cells[i]!.outcome));
    // What it attached it now reads from the old value: the notes and recording cells tell.
    expect(differing.length).toBeGreaterThan(0);
    expect(new Set(differing.map((c) => c.kind))).toEqual(new Set(["notes", "recording"]));
  });
});
