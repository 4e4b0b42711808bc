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
 * The line that starts at `start` and ends at the next newline, or at `batchEnd`: its length times
 * 8 plus its verdict (0, unjudged, when it is longer than `maxLength`). One call a line, so that
 * the caller does not look for the newline itself.
 */
export function lineVerdict(start: usize, batchEnd: usize, maxLength: usize): i32 {
  const end = newline(start, batchEnd);
  const length = end - start;
  if (length > maxLength) return <i32>(length << 3);
  return <i32>(length << 3) | verdict(start, end);
}

/** The address of the first newline in [p, end), or `end`; sixteen bytes at a time. */
function newline(p: usize, end: usize): usize {
  while (p + 16 <= end) {
    const bits = i8x16.bitmask(i8x16.eq(v128.load(p), i8x16.splat(0x0a)));
    if (bits != 0) return p + <usize>ctz(bits);
    p += 16;
  }
  while (p < end && load<u8>(p) != 0x0a) p++;
  return p;
}

/**
 * The verdict on the line at bytes [start, end): 1 a clean onCallCreate, 2 a clean onCallUpdate,
 * 3 and 4 the same but for one drift (driftRecord), 0 unsure. The bytes must be UTF-8 (the caller
 * checks: the scanner does not). The byte at `end` is lent as the line's 0 terminator and given
 * back; at least 16 bytes after it must be readable.
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
