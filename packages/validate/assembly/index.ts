// The JSON Lines fast path (../src/fast-lines.ts loads it): proves one line a clean call event,
// valid under both profiles with no problem at all, without building its value, or answers
// "unsure" so that the line takes the exact path. See runtime.ts, generated/schema.ts, rules.ts.
import { DRIFT, NO, resetDrift, resetOpenKeys, startLine, ws } from "./runtime";
import { eventIndex, root, startRoot } from "./generated/schema";
import { rulesHold, startRules } from "./rules";

/** Where the caller puts its batch of lines: past everything this module keeps, on a 16-byte boundary. */
export function inputAddress(): usize {
  return (__heap_base + 15) & ~15;
}

/** Where the last verdict's drift is kept (see DRIFT in runtime.ts). */
export function driftRecord(): usize {
  return DRIFT;
}

/**
 * The verdict on the line at bytes [start, end): 1 a clean onCallCreate, 2 a clean onCallUpdate,
 * 3 and 4 the same but for one drift (driftRecord), 0 unsure. The byte at `end` is lent as the
 * line's 0 terminator and given back; at least 16 bytes after it must be readable.
 */
export function verdict(start: usize, end: usize): i32 {
  const saved = load<u8>(end);
  store<u8>(end, 0);
  startLine(end);
  startRoot();
  startRules();
  resetOpenKeys();
  resetDrift();
  let result = 0;
  const p = root(ws(start), 0);
  if (p != NO && ws(p) == end && rulesHold(eventIndex)) result = load<i32>(DRIFT) < 0 ? eventIndex : eventIndex + 2;
  store<u8>(end, saved);
  return result;
}
