// The board's state, free of DOM and network: calls by id, fed by REST pages and stream events.
// Every function returns a new board and leaves its input untouched.
import type { Call, CallEventPayload, CallListResponse, Participant, RestCall } from "@fwcall/types";

/** A call as the board holds it: an event's call, with the REST-only fields (all optional) when a REST page brought them. */
export type BoardCall = RestCall;

/** The state of the board. */
export interface Board {
  readonly calls: ReadonlyMap<number, BoardCall>;
  /** meta.total_count of the last REST page applied; undefined before the first. */
  readonly restTotal: number | undefined;
  /** Stream events applied (stale ones included). */
  readonly eventsApplied: number;
}

/** A board with no calls. */
export function emptyBoard(): Board {
  return { calls: new Map(), restTotal: undefined, eventsApplied: 0 };
}

/**
 * Whether `incoming` is at least as recent as `current`. Stream events can come twice or out of
 * order (a replay, a reconnect), and a REST page fetched before an event can land after it.
 */
function isNotOlder(incoming: Call, current: Call | undefined): boolean {
  if (!current) return true;
  const a = Date.parse(incoming.updated_time);
  const b = Date.parse(current.updated_time);
  return Number.isNaN(a) || Number.isNaN(b) || a >= b;
}

/** Keeps the REST-only fields (agent names, integrated resources …) that an event's call does not carry. */
const merge = (current: BoardCall | undefined, incoming: BoardCall): BoardCall => (current ? { ...current, ...incoming } : incoming);

function withCalls(board: Board, calls: readonly BoardCall[]): Map<number, BoardCall> {
  const next = new Map(board.calls);
  for (const call of calls) {
    const current = next.get(call.id);
    if (isNotOlder(call, current)) next.set(call.id, merge(current, call));
  }
  return next;
}

/**
 * Adds one page of GET /api/v1/calls.
 * @example board = applyPage(board, await api.listCalls({ perPage: 100 }))
 */
export function applyPage(board: Board, page: CallListResponse): Board {
  return { ...board, calls: withCalls(board, page.calls), restTotal: page.meta.total_count };
}

/**
 * Applies one onCallCreate / onCallUpdate payload: its call is the call's full new snapshot.
 * @example board = applyEvent(board, JSON.parse(message.data))
 */
export function applyEvent(board: Board, event: CallEventPayload): Board {
  return { ...board, calls: withCalls(board, [event.data.call]), eventsApplied: board.eventsApplied + 1 };
}

/** Newest first: by created_time, then the larger id first (ids grow with time on the real API). */
export function callsNewestFirst(board: Board): BoardCall[] {
  const created = (call: Call) => Date.parse(call.created_time);
  return [...board.calls.values()].sort((a, b) => created(b) - created(a) || b.id - a.id);
}

/** The customer's leg (connection_type 0), else the first leg: its status is the call's outcome as the caller saw it. */
export function customerLeg(call: Call): Participant | undefined {
  return call.participants.find((p) => p.connection_type === 0) ?? call.participants[0];
}

/** The primary agent's leg (connection_type 1), if the call has one. */
export function agentLeg(call: Call): Participant | undefined {
  return call.participants.find((p) => p.connection_type === 1);
}
