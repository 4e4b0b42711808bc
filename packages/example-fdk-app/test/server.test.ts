// Unit tests of server/server.js in @fwcall/coverage's FDK sandbox, the one `fwcall coverage` runs it in.
import { describe, expect, it } from "vitest";
import { applicableCases, buildCase, REPLAY_MODES, replay, sequenceOf, simplePaths, UNDOCUMENTED_STATUS } from "@fwcall/cases";
import { callStatusName, type CallEventPayload, type OnCallUpdatePayload } from "@fwcall/types";
import { loadApp, type TestApp } from "./app.js";

const update = (id: string) => buildCase(id) as OnCallUpdatePayload;
const tickets = (app: TestApp) => app.requests.filter((r) => r.template === "createTicket");
const notes = (app: TestApp) => app.requests.filter((r) => r.template === "addNote");

describe("onCallCreate", () => {
  it("stores the call with its direction and start time, and renders the result", async () => {
    const app = await loadApp();
    const payload = buildCase("create/incoming/connecting");
    const result = await app.invoke(payload);
    const call = payload.data.call;
    expect(result).toEqual({ outcome: "handled", actions: ["stored call"] });
    expect(app.db.get(`call:${call.id}`)).toEqual({ direction: "incoming", started: call.created_time, customer_status: 13 });
    expect(app.rendered).toEqual([{ error: null, data: result }]);
    expect(app.requests).toEqual([]);
  });
});

describe("onCallUpdate: calls nobody took", () => {
  it.each(["missed", "voicemail", "voicemail-recording", "busy", "failed"])("opens one follow-up ticket for an incoming call that is %s", async (status) => {
    const app = await loadApp();
    const payload = update(`update/incoming/${status}/status-change`);
    const result = await app.invoke(payload);
    expect(result).toMatchObject({ outcome: "handled", actions: ["opened follow-up ticket"], ticket_id: 9001 });
    expect(tickets(app)).toHaveLength(1);
    const caller = payload.data.call.participants.find((p) => p.connection_type === 0)!.caller_number;
    expect(tickets(app)[0]!.body).toMatchObject({ phone: caller, source: 3, status: 2, priority: 3, tags: ["fwcall", "missed-call"] });
    expect(String(tickets(app)[0]!.body.subject)).toContain(`Call back ${caller}`);
    expect(app.db.get(`ticket:${payload.data.call.id}`)).toMatchObject({ kind: "follow-up", state: "open", ticket_id: 9001 });
  });

  it("opens the ticket once when the same event arrives again", async () => {
    const app = await loadApp();
    const payload = update("update/incoming/missed/status-change");
    await app.invoke(payload);
    const second = await app.invoke(payload);
    expect(second).toMatchObject({ outcome: "handled", actions: ["follow-up ticket already open"], ticket_id: 9001 });
    expect(tickets(app)).toHaveLength(1);
    expect(app.rendered).toHaveLength(2);
  });

  it("puts the voicemail's recording on the follow-up ticket, once", async () => {
    const app = await loadApp();
    const payload = update("update/incoming/voicemail/recording");
    const result = await app.invoke(payload);
    await app.invoke(payload);
    expect(result).toMatchObject({ outcome: "handled", actions: ["opened follow-up ticket", "noted recording"] });
    expect(tickets(app)).toHaveLength(1);
    expect(notes(app)).toHaveLength(1);
    expect(notes(app)[0]!.context).toEqual({ ticket_id: 9001 });
    expect(notes(app)[0]!.body.private).toBe(true);
    expect(String(notes(app)[0]!.body.body)).toContain(payload.data.call.recording!.url);
  });

  it("does not open a ticket when an outgoing call is not answered: only notes and recordings matter", async () => {
    const app = await loadApp();
    for (const status of ["missed", "busy", "failed"]) {
      expect(await app.invoke(update(`update/outgoing/${status}/status-change`))).toMatchObject({ outcome: "ignored", reason: expect.stringContaining("outgoing call") });
    }
    expect(app.requests).toEqual([]);
  });
});

describe("onCallUpdate: finished conversations", () => {
  it("notes the agent's call notes on a call-log ticket", async () => {
    const app = await loadApp();
    const payload = update("update/incoming/answered/notes");
    const result = await app.invoke(payload);
    expect(result).toMatchObject({ outcome: "handled", actions: ["opened call-log ticket", "noted notes"] });
    expect(tickets(app)[0]!.body).toMatchObject({ status: 5, tags: ["fwcall", "call-log"] });
    expect(String(notes(app)[0]!.body.body)).toContain(payload.data.call.call_notes);
  });

  it("notes the recording of a completed outgoing call", async () => {
    const app = await loadApp();
    const payload = update("update/outgoing/completed-recently/recording");
    expect(await app.invoke(payload)).toMatchObject({ outcome: "handled", actions: ["opened call-log ticket", "noted recording"] });
    expect(String(notes(app)[0]!.body.body)).toContain(payload.data.call.recording!.url);
  });

  it("ignores an answered call's update that attaches nothing", async () => {
    const app = await loadApp();
    expect(await app.invoke(update("update/incoming/answered/billing"))).toEqual({ outcome: "ignored", reason: "answered: nothing to record until notes or a recording arrive" });
    expect(app.requests).toEqual([]);
  });

  it("escapes the notes it puts in HTML", async () => {
    const app = await loadApp();
    const payload = update("update/incoming/answered/notes");
    payload.data.call.call_notes = `<script>alert("x")</script> & more`;
    payload.data.changes = { ...payload.data.changes, call_notes: [payload.data.call.call_notes, null] };
    await app.invoke(payload);
    expect(notes(app)[0]!.body.body).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more");
  });
});

describe("onCallUpdate: transfers", () => {
  it("keeps the transfer chain of the root call in $db, each call once", async () => {
    const app = await loadApp();
    const payload = update("update/incoming/answered/transfer");
    const { id, parent_call_id, root_call_id } = payload.data.call;
    expect(await app.invoke(payload)).toEqual({ outcome: "handled", actions: ["started transfer chain"], status: "answered: nothing to record until notes or a recording arrive" });
    await app.invoke(payload);
    expect(app.db.get(`chain:${root_call_id}`)).toEqual({ root: root_call_id, calls: [root_call_id, parent_call_id, id] });
    // A further transfer of the same root call appends to the chain.
    const next = structuredClone(payload);
    next.data.call.id = id + 1;
    next.data.call.parent_call_id = id;
    expect(await app.invoke(next)).toMatchObject({ actions: ["extended transfer chain"] });
    expect(app.db.get(`chain:${root_call_id}`)).toEqual({ root: root_call_id, calls: [root_call_id, parent_call_id, id, id + 1] });
  });
});

describe("onCallUpdate: ignored on purpose", () => {
  it.each([
    ["default", "the customer leg has no status yet"],
    ["queued", "the caller is waiting in a queue; an agent may still answer"],
    ["in-progress", "the call is under way"],
    ["on-hold", "the call is on hold and goes on"],
    ["connecting", "the call is still ringing"],
    ["blocked", "the number is on the block list: no follow-up for blocked callers"],
  ])("%s: %s", async (status, reason) => {
    const app = await loadApp();
    expect(await app.invoke(update(`update/incoming/${status}/status-change`))).toEqual({ outcome: "ignored", reason });
    expect(app.requests).toEqual([]);
  });

  it("warns about an undocumented status without printing the payload or its iparams", async () => {
    const app = await loadApp({ iparams: { freshdesk_domain: "acme.freshdesk.com", freshdesk_api_key: "SECRET-KEY-123" } });
    const payload = update("update/incoming/unknown/status-change");
    expect(await app.invoke(payload)).toEqual({ outcome: "ignored", reason: `undocumented call status ${UNDOCUMENTED_STATUS}` });
    expect(app.logs).toEqual([`warn: fwcall example app: call ${payload.data.call.id} has undocumented call status ${UNDOCUMENTED_STATUS}; ignored`]);
    expect(app.logs.join("\n")).not.toContain("SECRET-KEY-123");
  });
});

describe("failures", () => {
  it("renders an error that names the template and status but nothing the request carried, and lets a later delivery retry", async () => {
    let fail = true;
    const app = await loadApp({
      iparams: { freshdesk_domain: "acme.freshdesk.com", freshdesk_api_key: "SECRET-KEY-123" },
      respond: () => (fail ? { status: 401, headers: { authorization: "Basic SECRET-KEY-123" }, response: "Authorization failed" } : { id: 77 }),
    });
    const payload = update("update/incoming/missed/status-change");
    const result = await app.invoke(payload);
    expect(result).toEqual({ outcome: "failed", error: "createTicket failed (401)" });
    expect(app.rendered).toEqual([{ error: { status: 401, message: "createTicket failed (401)" }, data: null }]);
    expect(JSON.stringify([app.rendered, app.logs, result])).not.toContain("SECRET-KEY-123");
    expect(app.db.has(`ticket:${payload.data.call.id}`)).toBe(false);
    fail = false;
    expect(await app.invoke(payload)).toMatchObject({ outcome: "handled", ticket_id: 77 });
  });
});

describe("every applicable case of the matrix", () => {
  it("runs without error, ends with renderData and takes a named branch for every documented status", async () => {
    const seen: Record<string, string> = {};
    const app = await loadApp();
    for (const cell of applicableCases()) {
      app.sandbox.reset();
      app.rendered.length = 0;
      const result = (await app.invoke(buildCase(cell))) as { outcome: string };
      const taken = app.runs.at(-1)!.branches.filter((b) => b.enumName === "CallStatus").map((b) => b.branch);
      expect(app.rendered, cell.id).toHaveLength(1);
      expect(app.rendered[0]!.error, cell.id).toBeNull();
      expect(["handled", "ignored"], cell.id).toContain(result.outcome);
      if (cell.event === "onCallUpdate") {
        const expected = callStatusName(cell.status.code) ?? "unknown";
        expect(taken, cell.id).toEqual([expected]);
      }
      seen[cell.id] = result.outcome;
    }
    expect(Object.keys(seen)).toHaveLength(applicableCases().length);
  });
});

describe("lifecycles, replayed the way flaky delivery brings them", () => {
  const sequences = [...simplePaths("incoming", 6), ...simplePaths("outgoing", 6)].map((path) => sequenceOf(path));

  it.each(REPLAY_MODES)("%s: never an error, never two tickets or two equal notes for one call", async (mode) => {
    const app = await loadApp();
    for (const sequence of sequences) {
      app.sandbox.reset();
      app.requests.length = 0;
      app.rendered.length = 0;
      const events: CallEventPayload[] = replay(sequence, mode);
      for (const event of events) await app.invoke(event);
      expect(app.rendered.filter((r) => r.error !== null), sequence.id).toEqual([]);
      expect(tickets(app).length, sequence.id).toBeLessThanOrEqual(1);
      const bodies = notes(app).map((n) => n.body.body);
      expect(new Set(bodies).size, sequence.id).toBe(bodies.length);
    }
  });

  it("opens a follow-up ticket for a missed incoming call, and a voicemail's recording goes on it", async () => {
    const missed = sequenceOf({ direction: "incoming", states: ["connecting", "queued", "missed"] });
    const app = await loadApp();
    for (const event of missed.events) await app.invoke(event);
    expect(tickets(app)).toHaveLength(1);
    const voicemail = sequenceOf({ direction: "incoming", states: ["connecting", "ivr", "voicemail", "voicemail-recording", "recorded"] });
    const other = await loadApp();
    for (const event of voicemail.events) await other.invoke(event);
    expect(tickets(other)).toHaveLength(1);
    expect(notes(other)).toHaveLength(1);
    expect(notes(other)[0]!.context).toEqual({ ticket_id: 9001 });
  });
});
