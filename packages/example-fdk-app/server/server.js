// Missed-call follow-up for Freshdesk: a Freshworks platform 3.0 serverless app on call events.
//
// - An incoming call that is missed, goes to voicemail, meets a busy line or fails opens one
//   follow-up ticket in Freshdesk (request template `createTicket`), never two for one call.
// - Notes and recordings that an update attaches to a finished call go on the call's ticket as a
//   private note (request template `addNote`); a conversation without a ticket gets a call-log ticket.
// - A transferred call is appended to its transfer chain in $db (`chain:<root call id>`).
// - Every other status is ignored on purpose, with the reason in the handler's result.
//
// The FDK evaluates this file as a script: `exports` is a bare assignment, not module.exports.
// The status switch is fwcall's exhaustive matcher, so a coverage run sees which branch ran.
const { matchCallStatus, readChange, ConnectionType } = require("@fwcall/types");

/** Freshdesk ticket fields: source 3 = phone, status 2 = open, 5 = closed, priority 2 = medium, 3 = high. */
const FRESHDESK = { sourcePhone: 3, statusOpen: 2, statusClosed: 5, priorityMedium: 2, priorityHigh: 3 };

const ignored = (reason) => ({ outcome: "ignored", reason });
const handled = (actions, extra) => Object.assign({ outcome: "handled", actions }, extra);

/** $db.get that answers undefined for a key that does not exist (the FDK rejects with status 404). */
function dbGet(key) {
  return $db.get(key).then(
    (value) => (value === null ? undefined : value),
    (error) => {
      if (error && error.status === 404) return undefined;
      throw error;
    },
  );
}

/** The body of a $request answer: the FDK gives it as a string in `response`. */
function bodyOf(answer) {
  const body = answer && answer.response;
  if (typeof body !== "string") return body || {};
  try {
    return JSON.parse(body);
  } catch {
    return {};
  }
}

/** A failed request, described without anything it carried (its headers hold the API key). */
function requestError(template, error) {
  const status = error && typeof error.status === "number" ? error.status : "no status";
  const failure = new Error(`${template} failed (${status})`);
  failure.status = error && typeof error.status === "number" ? error.status : 502;
  return failure;
}

function invoke(template, context, body) {
  return $request.invokeTemplate(template, { context, body: JSON.stringify(body) }).catch((error) => {
    throw requestError(template, error);
  });
}

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

/** The customer's leg (connection_type 0): its status is the outcome of the call for the caller. */
const customerLeg = (call) => (call.participants || []).find((leg) => leg.connection_type === ConnectionType.Customer);

/**
 * What this update attached: notes and a recording, read from `changes` (not from the call, which
 * keeps them). readChange is given the whole data, so the payload's own tuples decide whether they
 * are [new, old] (the docs) or [old, new] (other Freshworks events).
 */
function attachmentsOf(data) {
  const notes = readChange(data, "call_notes");
  const recording = readChange(data, "recording");
  return {
    notes: notes && typeof notes.to === "string" && notes.to.trim() !== "" ? notes.to : undefined,
    recording: recording && recording.to && recording.to.url ? recording.to : undefined,
  };
}

/**
 * The call's ticket, opened once per call: a $db record `ticket:<call id>` claims the call before
 * the request, so a duplicate or replayed event finds it and opens nothing.
 */
async function ensureTicket(call, kind, subject, description) {
  const key = `ticket:${call.id}`;
  const existing = await dbGet(key);
  if (existing) return { ticketId: existing.ticket_id, opened: false };
  try {
    await $db.set(key, { kind, state: "opening" }, { setIf: "not_exist" });
  } catch (error) {
    if (error && error.status === 400) return { ticketId: null, opened: false }; // claimed by a concurrent event
    throw error;
  }
  const customer = customerLeg(call) || {};
  let answer;
  try {
    answer = await invoke("createTicket", {}, {
      subject,
      description,
      phone: customer.caller_number || undefined,
      name: customer.caller_number ? `Caller ${customer.caller_number}` : undefined,
      source: FRESHDESK.sourcePhone,
      status: kind === "follow-up" ? FRESHDESK.statusOpen : FRESHDESK.statusClosed,
      priority: kind === "follow-up" ? FRESHDESK.priorityHigh : FRESHDESK.priorityMedium,
      tags: ["fwcall", kind === "follow-up" ? "missed-call" : "call-log"],
    });
  } catch (error) {
    await $db.delete(key).catch(() => undefined); // let a later delivery try again
    throw error;
  }
  const ticketId = bodyOf(answer).id;
  const id = typeof ticketId === "number" || typeof ticketId === "string" ? ticketId : null;
  await $db.set(key, { kind, state: id === null ? "opened without an id" : "open", ticket_id: id, call_id: call.id });
  return { ticketId: id, opened: true };
}

/** Adds what the update attached to the call's ticket as one private note; each thing once. */
async function addAttachments(call, ticketId, attached) {
  if (!attached.notes && !attached.recording) return [];
  if (ticketId === undefined || ticketId === null) return ["note skipped: the call's ticket has no id (still being opened, or Freshdesk answered without one)"];
  const key = `noted:${call.id}`;
  const record = (await dbGet(key)) || { items: [] };
  const items = [];
  const parts = [];
  if (attached.notes && !record.items.includes(`notes:${attached.notes}`)) {
    items.push(`notes:${attached.notes}`);
    parts.push(`<p><strong>Call notes</strong></p><p>${escapeHtml(attached.notes)}</p>`);
  }
  if (attached.recording && !record.items.includes(`recording:${attached.recording.id}`)) {
    items.push(`recording:${attached.recording.id}`);
    const seconds = attached.recording.duration === undefined ? "" : ` (${attached.recording.duration} s)`;
    parts.push(`<p><strong>Recording</strong>${seconds}: <a href="${escapeHtml(attached.recording.url)}">${escapeHtml(attached.recording.url)}</a></p>`);
  }
  if (parts.length === 0) return ["note skipped: already on the ticket"];
  await invoke("addNote", { ticket_id: ticketId }, { body: parts.join("\n"), private: true });
  await $db.set(key, { items: record.items.concat(items) });
  return items.map((item) => `noted ${item.split(":")[0]}`);
}

const callerOf = (call) => (customerLeg(call) || {}).caller_number || "an unknown number";

/** An incoming call nobody took: open its follow-up ticket, then note what the update attached. */
async function followUp(call, what, attached) {
  if (call.direction !== "incoming") return conversation(call, attached, `outgoing call ${what}: only notes and recordings matter`);
  const subject = `Call back ${callerOf(call)}: ${what}`;
  const description = `<p>An incoming call from ${escapeHtml(callerOf(call))} on ${escapeHtml(call.phone_number || "")} was ${escapeHtml(what)} at ${escapeHtml(call.updated_time || call.created_time || "")} (call ${call.id}).</p>`;
  const ticket = await ensureTicket(call, "follow-up", subject, description);
  const noted = await addAttachments(call, ticket.ticketId, attached);
  return handled([ticket.opened ? "opened follow-up ticket" : "follow-up ticket already open", ...noted], { ticket_id: ticket.ticketId === undefined ? null : ticket.ticketId });
}

/** A call that reached someone: only the notes and recording it gets matter. */
async function conversation(call, attached, whyNothing) {
  if (!attached.notes && !attached.recording) return ignored(whyNothing);
  const subject = `Call ${call.direction === "outgoing" ? "to" : "from"} ${callerOf(call)}`;
  const description = `<p>${escapeHtml(call.direction)} call ${call.id}, ${escapeHtml(call.created_time || "")}; notes and recording below.</p>`;
  const ticket = await ensureTicket(call, "call-log", subject, description);
  const noted = await addAttachments(call, ticket.ticketId, attached);
  return handled([ticket.opened ? "opened call-log ticket" : "used the call's ticket", ...noted], { ticket_id: ticket.ticketId === undefined ? null : ticket.ticketId });
}

/** Appends a transferred call to the chain of its root call, once. */
async function recordTransfer(call) {
  const root = call.root_call_id != null ? call.root_call_id : call.parent_call_id;
  const key = `chain:${root}`;
  const chain = await dbGet(key);
  if (!chain) {
    const calls = [root];
    if (call.parent_call_id != null && call.parent_call_id !== root) calls.push(call.parent_call_id);
    calls.push(call.id);
    await $db.set(key, { root, calls });
    return "started transfer chain";
  }
  const calls = Array.isArray(chain.calls) ? chain.calls : [];
  if (calls.includes(call.id)) return "transfer chain already has the call";
  const missing = [call.parent_call_id, call.id].filter((id) => id != null && !calls.includes(id));
  await $db.update(key, "append", { calls: missing.filter((id, i) => missing.indexOf(id) === i) });
  return "extended transfer chain";
}

async function onCallCreate(payload) {
  const call = payload.data.call;
  const customer = customerLeg(call);
  await $db.set(`call:${call.id}`, {
    direction: call.direction,
    started: call.created_time,
    customer_status: customer ? customer.call_status : null,
  });
  return handled(["stored call"]);
}

async function onCallUpdate(payload) {
  const call = payload.data.call;
  const attached = attachmentsOf({ call: payload.data.call, changes: payload.data.changes || {} });
  const actions = [];
  if (call.parent_call_id != null || call.root_call_id != null) actions.push(await recordTransfer(call));
  const customer = customerLeg(call);
  const result = customer
    ? await matchCallStatus(customer.call_status, {
        default: () => ignored("the customer leg has no status yet"),
        answered: () => conversation(call, attached, "answered: nothing to record until notes or a recording arrive"),
        busy: () => followUp(call, "met a busy line", attached),
        missed: () => followUp(call, "missed", attached),
        failed: () => followUp(call, "failed to connect", attached),
        disconnected: () => conversation(call, attached, "disconnected: nothing to record until notes or a recording arrive"),
        queued: () => ignored("the caller is waiting in a queue; an agent may still answer"),
        inProgress: () => ignored("the call is under way"),
        blocked: () => ignored("the number is on the block list: no follow-up for blocked callers"),
        voicemail: () => followUp(call, "sent to voicemail", attached),
        restricted: () => conversation(call, attached, "the caller withheld their number: there is no one to call back"),
        onHold: () => ignored("the call is on hold and goes on"),
        connecting: () => ignored("the call is still ringing"),
        completedRecently: () => conversation(call, attached, "completed: nothing to record until notes or a recording arrive"),
        voicemailRecording: () => followUp(call, "sent to voicemail", attached),
        unknown: (code) => {
          console.warn(`fwcall example app: call ${call.id} has undocumented call status ${code}; ignored`);
          return ignored(`undocumented call status ${code}`);
        },
      })
    : ignored("the update has no customer leg");
  if (actions.length === 0) return result;
  if (result.outcome === "ignored") return handled(actions, { status: result.reason });
  return handled(actions.concat(result.actions), result.ticket_id === undefined ? {} : { ticket_id: result.ticket_id });
}

/** Ends an invocation the FDK way (renderData) and hands the result to a runner that awaits it. */
function finish(work) {
  return work.then(
    (result) => {
      renderData(null, result);
      return result;
    },
    (error) => {
      const failure = { status: (error && error.status) || 500, message: error && typeof error.message === "string" ? error.message : "the handler failed" };
      renderData(failure);
      return { outcome: "failed", error: failure.message };
    },
  );
}

exports = {
  onCallCreateHandler(payload) {
    return finish(Promise.resolve().then(() => onCallCreate(payload)));
  },
  onCallUpdateHandler(payload) {
    return finish(Promise.resolve().then(() => onCallUpdate(payload)));
  },
};
