// The board's pure state, fed with the mock's own data: REST pages from callStore and stream
// events from timelineOf, the same the board gets in the browser.
import { describe, expect, it } from "vitest";
import type { CallEventPayload, CallListResponse, RestCall, RestParticipant } from "@fwcall/types";
import { callStore, timelineOf } from "@fwcall/msw";
import { agentLeg, applyEvent, applyPage, callsNewestFirst, customerLeg, emptyBoard } from "../src/board.js";

const store = callStore(2, "every-case");
const pageOf = (calls: readonly RestCall[], current = 1): CallListResponse => ({
  calls: [...calls],
  meta: { current, total_pages: 1, total_count: calls.length },
});
const timeline = timelineOf({ seed: 5, calls: 6 });
const customerStatus = (call: RestCall) => customerLeg(call)!.call_status;
const at = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1_000).toISOString();

describe("board", () => {
  it("starts empty", () => {
    const board = emptyBoard();
    expect(board.calls.size).toBe(0);
    expect(board.restTotal).toBeUndefined();
    expect(callsNewestFirst(board)).toEqual([]);
  });

  it("holds every call of the REST pages, by id, and the API's total", () => {
    const half = Math.ceil(store.calls.length / 2);
    let board = applyPage(emptyBoard(), { ...pageOf(store.calls.slice(0, half)), meta: { current: 1, total_pages: 2, total_count: store.calls.length } });
    board = applyPage(board, { ...pageOf(store.calls.slice(half), 2), meta: { current: 2, total_pages: 2, total_count: store.calls.length } });
    expect(board.calls.size).toBe(store.calls.length);
    expect(board.restTotal).toBe(store.calls.length);
    for (const call of store.calls) expect(board.calls.get(call.id)).toEqual(call);
  });

  it("lists newest first: by created_time, then the larger id", () => {
    const [a, b, c] = store.calls as [RestCall, RestCall, RestCall];
    const older = { ...a, id: 10, created_time: "2024-03-05T09:00:00.000Z", updated_time: "2024-03-05T09:00:00.000Z" };
    const newer = { ...b, id: 5, created_time: "2024-03-05T11:00:00.000+01:00", updated_time: "2024-03-05T11:00:00.000+01:00" }; // 10:00Z
    const tie = { ...c, id: 7, created_time: "2024-03-05T10:00:00.000Z", updated_time: "2024-03-05T10:00:00.000Z" };
    const board = applyPage(emptyBoard(), pageOf([older, newer, tie]));
    expect(callsNewestFirst(board).map((call) => call.id)).toEqual([7, 5, 10]);
  });

  it("adds a created call and replaces it with each update's snapshot", () => {
    let board = emptyBoard();
    for (const event of timeline) board = applyEvent(board, event.payload);
    const last = new Map<number, CallEventPayload>();
    for (const event of timeline) last.set(event.payload.data.call.id, event.payload);
    expect(board.calls.size).toBe(last.size);
    expect(board.eventsApplied).toBe(timeline.length);
    for (const [id, payload] of last) expect(board.calls.get(id)).toEqual(payload.data.call);
  });

  it("keeps the newer snapshot when an older one arrives late or twice", () => {
    const create = timeline.find((e) => e.event === "onCallCreate")!.payload;
    const update = timeline.find((e) => e.event === "onCallUpdate" && e.payload.data.call.id === create.data.call.id)!.payload;
    const inOrder = applyEvent(applyEvent(emptyBoard(), create), update);
    const outOfOrder = applyEvent(applyEvent(emptyBoard(), update), create);
    expect(outOfOrder.calls.get(create.data.call.id)).toEqual(update.data.call);
    expect(inOrder.calls).toEqual(outOfOrder.calls);
    expect(applyEvent(inOrder, update).calls).toEqual(inOrder.calls);
  });

  it("an update without its create still shows the call", () => {
    const update = timeline.find((e) => e.event === "onCallUpdate")!.payload;
    const board = applyEvent(emptyBoard(), update);
    expect(board.calls.get(update.data.call.id)).toEqual(update.data.call);
  });

  it("an event keeps the REST-only fields of the call it updates", () => {
    const rest = store.calls.find((c) => c.assigned_agent_name && c.integrated_resources?.length)!;
    const newStatus = customerStatus(rest) === 1 ? 5 : 1;
    // The call as an event carries it: none of the REST-only fields, a new status, a later update.
    const { assigned_agent_name, assigned_team_name, assigned_call_queue_name, assigned_ivr_name, integrated_resources, parallel_call_groups, ...eventCall } = rest;
    const changed = {
      ...eventCall,
      participants: rest.participants.map((p) => {
        const { caller_name, ...leg } = p as RestParticipant;
        return leg.connection_type === 0 ? { ...leg, call_status: newStatus } : leg;
      }),
      updated_time: at(rest.updated_time, 30),
    };
    const update = timeline.find((e) => e.event === "onCallUpdate")!.payload;
    const board = applyEvent(applyPage(emptyBoard(), pageOf([rest])), { ...update, data: { ...update.data, call: changed } } as CallEventPayload);
    const merged = board.calls.get(rest.id)!;
    expect(customerStatus(merged)).toBe(newStatus);
    expect(merged.updated_time).toBe(changed.updated_time);
    expect({ assigned_agent_name, assigned_team_name, assigned_call_queue_name, assigned_ivr_name, integrated_resources, parallel_call_groups }).toEqual({
      assigned_agent_name: merged.assigned_agent_name,
      assigned_team_name: merged.assigned_team_name,
      assigned_call_queue_name: merged.assigned_call_queue_name,
      assigned_ivr_name: merged.assigned_ivr_name,
      integrated_resources: merged.integrated_resources,
      parallel_call_groups: merged.parallel_call_groups,
    });
  });

  it("a REST page fetched before an event does not undo it", () => {
    const rest = store.calls[0]!;
    const update = timeline.find((e) => e.event === "onCallUpdate")!.payload;
    const later = { ...update, data: { ...update.data, call: { ...rest, updated_time: at(rest.updated_time, 60) } } } as CallEventPayload;
    const board = applyPage(applyEvent(emptyBoard(), later), pageOf([rest]));
    expect(board.calls.get(rest.id)!.updated_time).toBe(later.data.call.updated_time);
  });

  it("leaves the board it was given untouched", () => {
    const before = applyPage(emptyBoard(), pageOf(store.calls.slice(0, 3)));
    const snapshot = new Map(before.calls);
    applyEvent(before, timeline[0]!.payload);
    applyPage(before, pageOf(store.calls.slice(3, 6)));
    expect(before.calls).toEqual(snapshot);
  });

  it("finds the customer's and the agent's legs", () => {
    const withAgent = store.calls.find((c) => c.participants.some((p) => p.connection_type === 1))!;
    expect(customerLeg(withAgent)?.connection_type).toBe(0);
    expect(agentLeg(withAgent)?.connection_type).toBe(1);
    const noAgent = store.calls.find((c) => !c.participants.some((p) => p.connection_type === 1))!;
    expect(agentLeg(noAgent)).toBeUndefined();
  });
});
