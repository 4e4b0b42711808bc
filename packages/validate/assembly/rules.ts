// The cross-field rules of ../src/rules.ts, as proofs over the bytes the scanner kept (a second
// statement of them: docs/decisions/0022-json-lines-fast-path.md; test/fast-lines.test.ts fails when
// the two part). Each check here holds only where that rule finds nothing, and proves it by byte
// equality (the same bytes are the same JSON value; different bytes may still be, so "different"
// is never concluded). A rule that cannot be proven this way makes the line unsure, and the exact
// path, which runs rules.ts itself, decides and words it. The times' UTC rule (time:utc) needs nothing here: the
// scanner's date-time reader accepts only times ending in Z. Each rule id of rules.ts is named
// here where it is proven (test/fast-lines-rules.test.ts checks that none is left out).
import { NO, anyValue, closed, equalBytes, isNull, lineEnd, next, sameBytes, ws } from "./runtime";
import * as L from "./generated/layout";

/** Changes one line may hold before the proofs give up (unsure); legs are bounded by the schema (L.MAX_PARTICIPANTS). */
const MAX_CHANGES = 64;
// Per leg: call_id start/end, participant_id start/end, connection_type's digit (0xff for any other).
const LEG_BYTES: usize = 20;
const LEGS = memory.data(<i32>(L.MAX_PARTICIPANTS * LEG_BYTES), 16);
// Per change: key start/length, first item start/end.
const CHANGE_BYTES: usize = 16;
const CHANGES = memory.data(<i32>(MAX_CHANGES * CHANGE_BYTES), 16);

let legCount = 0;
let changeCount = 0;
let overflow = false;

/** Forgets the previous line (readChange must not take its call's values for this line's). */
export function startRules(): void {
  legCount = 0;
  changeCount = 0;
  overflow = false;
  store<u32>(seenMask(L.FRAME_CALL), 0);
}

// @ts-ignore: decorator
@inline function slotStart(frame: i32, slot: i32): usize {
  return <usize>load<u32>(L.FRAMES + <usize>frame * L.FRAME_BYTES + (<usize>slot << 3));
}
// @ts-ignore: decorator
@inline function slotEnd(frame: i32, slot: i32): usize {
  return <usize>load<u32>(L.FRAMES + <usize>frame * L.FRAME_BYTES + (<usize>slot << 3) + 4);
}
/** Where a frame keeps the mask of the properties seen (its last slot). */
// @ts-ignore: decorator
@inline function seenMask(frame: i32): usize {
  return L.FRAMES + <usize>frame * L.FRAME_BYTES + L.FRAME_BYTES - 8;
}
// @ts-ignore: decorator
@inline function seen(frame: i32, slot: i32): bool {
  return (load<u32>(seenMask(frame)) & (1 << slot)) != 0;
}

/** Called by the scanner when it has read an object of the given frame: a leg is kept for the rules. */
export function objectDone(frame: i32): void {
  if (frame != L.FRAME_PARTICIPANT) return;
  if (legCount == L.MAX_PARTICIPANTS) {
    overflow = true;
    return;
  }
  const leg = LEGS + <usize>legCount * LEG_BYTES;
  store<u32>(leg, <u32>slotStart(frame, L.PARTICIPANT_CALL_ID));
  store<u32>(leg + 4, <u32>slotEnd(frame, L.PARTICIPANT_CALL_ID));
  store<u32>(leg + 8, <u32>slotStart(frame, L.PARTICIPANT_PARTICIPANT_ID));
  store<u32>(leg + 12, <u32>slotEnd(frame, L.PARTICIPANT_PARTICIPANT_ID));
  // the connection type, a plain integer (the scanner read it so): its digit when it has one, else
  // none of "0" and "1" (a drift such as 12 must not read as 1)
  const connection = slotStart(frame, L.PARTICIPANT_CONNECTION_TYPE);
  store<u32>(leg + 16, slotEnd(frame, L.PARTICIPANT_CONNECTION_TYPE) - connection == 1 ? <u32>load<u8>(connection) : 0xff);
  legCount++;
}

/**
 * Reads the change tuple `[new, old]` at p, under the key at keyStart (the scanner has checked the
 * key is not a duplicate): two items of any value, as the schema says (codegen checks it does),
 * and keeps the key and the first item for the rules. The first item is most often the call's own
 * value, already read: where its bytes are the same it is not read again.
 */
export function readChange(p: usize, depth: i32, keyStart: usize, keyLength: usize): usize {
  if (load<u8>(p) != 0x5b) return NO;
  const first = ws(p + 1);
  p = NO;
  const slot = L.callSlot(keyStart, keyLength);
  if (slot >= 0 && seen(L.FRAME_CALL, slot)) {
    const start = slotStart(L.FRAME_CALL, slot);
    const length = slotEnd(L.FRAME_CALL, slot) - start;
    // the same bytes within the line, and the item ends there (12 is not the start of 123)
    const after = first + length < lineEnd ? <u32>load<u8>(first + length) : 0;
    if (after != 0 && equalBytes(first, start, length) && (after == 0x2c || after == 0x5d || after == 0x20 || after == 0x0a || after == 0x0d || after == 0x09)) p = first + length;
  }
  if (p == NO) p = anyValue(first, depth + 1);
  if (p == NO) return NO;
  const firstEnd = p;
  p = next(p, 0x5d);
  if (p == NO || closed) return NO;
  p = anyValue(p, depth + 1);
  if (p == NO) return NO;
  p = next(p, 0x5d);
  if (p == NO || !closed) return NO;
  if (changeCount == MAX_CHANGES) return NO;
  const change = CHANGES + <usize>changeCount * CHANGE_BYTES;
  store<u32>(change, <u32>keyStart);
  store<u32>(change + 4, <u32>keyLength);
  store<u32>(change + 8, <u32>first);
  store<u32>(change + 12, <u32>firstEnd);
  changeCount++;
  return p + 1;
}

/** Whether every rule of rules.ts holds for the line just read; event 1 onCallCreate, 2 onCallUpdate. */
export function rulesHold(event: i32): bool {
  if (overflow) return false;
  const call = L.FRAME_CALL;
  const callId = slotStart(call, L.CALL_ID);
  const callIdEnd = slotEnd(call, L.CALL_ID);
  const agent = slotStart(call, L.CALL_ASSIGNED_AGENT_ID);
  const agentEnd = slotEnd(call, L.CALL_ASSIGNED_AGENT_ID);
  const anyAgent = !isNull(agent);
  for (let i = 0; i < legCount; i++) {
    const leg = LEGS + <usize>i * LEG_BYTES;
    // participant:call-id
    if (!sameBytes(load<u32>(leg), load<u32>(leg + 4), callId, callIdEnd)) return false;
    const connection = load<u32>(leg + 16);
    // participant:primary-agent (connection type 1)
    if (connection == 0x31 && anyAgent && !sameBytes(load<u32>(leg + 8), load<u32>(leg + 12), agent, agentEnd)) return false;
    // create:connection-type
    if (event == 1 && connection != 0x30 && connection != 0x31) return false;
  }
  if (event == 1) {
    // create:bill-duration-null, create:recording-null, create:call-notes-null, create:parent-call-id-null,
    // create:root-call-id-null, create:team-id-null
    if (!isNull(slotStart(call, L.CALL_BILL_DURATION)) || !isNull(slotStart(call, L.CALL_RECORDING)) || !isNull(slotStart(call, L.CALL_CALL_NOTES))) return false;
    if (!isNull(slotStart(call, L.CALL_PARENT_CALL_ID)) || !isNull(slotStart(call, L.CALL_ROOT_CALL_ID)) || !isNull(slotStart(call, L.CALL_ASSIGNED_TEAM_ID))) return false;
    // create:updated-equals-created
    if (!sameBytes(slotStart(call, L.CALL_UPDATED_TIME), slotEnd(call, L.CALL_UPDATED_TIME), slotStart(call, L.CALL_CREATED_TIME), slotEnd(call, L.CALL_CREATED_TIME))) return false;
    // create:actor-system
    const type = slotStart(L.FRAME_ACTOR, L.ACTOR_TYPE);
    if (slotEnd(L.FRAME_ACTOR, L.ACTOR_TYPE) - type != 8 || load<u64>(type) != 0x226d657473797322) return false; // "system"
    // create:associations-empty
    const associations = slotStart(L.FRAME_DATA_CREATE, L.DATA_ASSOCIATIONS);
    return load<u8>(ws(associations + 1)) == 0x7d;
  }
  for (let i = 0; i < changeCount; i++) {
    const change = CHANGES + <usize>i * CHANGE_BYTES;
    // changes:call-attribute
    const slot = L.callSlot(load<u32>(change), load<u32>(change + 4));
    if (slot < 0 || !seen(call, slot)) return false;
    // changes:new-value-matches-call, changes:order and changes:order-consistent: the first item is
    // the call's value, so every tuple reads [new, old] (the documented order) or has both sides
    // equal; either way none of the three finds anything.
    if (!sameBytes(load<u32>(change + 8), load<u32>(change + 12), slotStart(call, slot), slotEnd(call, slot))) return false;
  }
  return true;
}
