// The byte-level readers the generated schema scanner (generated/schema.ts) is made of. Every
// reader takes the address of a value's first byte and returns the address just past it, or NO when
// it cannot prove the value well-formed and within what the schema allows: "unsure", never "wrong".
// The line being read ends in a 0 byte (index.ts puts it there), which no reader accepts outside a
// string and every string reader stops at, so no reader needs the line's end to stay inside it.

/** A reader's "unsure": the line takes the exact path. */
export const NO: usize = 0;
/** The address of the line's 0 terminator: a comparison whose length comes from elsewhere must stop there. */
export let lineEnd: usize = 0;

/** Starts a line that ends at `end`. */
export function startLine(end: usize): void {
  lineEnd = end;
}
/** Open content nests no deeper than this here (JSON.parse and the rules recurse; deeper is unsure). */
const MAX_DEPTH: i32 = 64;
/** Keys an open object may hold before pairwise duplicate checks stop paying (more is unsure). */
const MAX_OPEN_KEYS: i32 = 64;

/**
 * The way from the root to the value being read, a step per depth: the frame (object node) and the
 * property's index in it (-1 for a key the schema does not name), or ARRAY_STEP and the item's index.
 */
export const PATH = memory.data(<i32>(MAX_DEPTH * 8), 16);
export const ARRAY_STEP: i32 = -2;

/**
 * The line's drift, if any: a value outside an enum only the strict profile has (a warning under
 * lenient). i32 node (-1 for none), the value's first byte and the byte past it, the depth, then
 * the path's steps as in PATH.
 */
export const DRIFT = memory.data(<i32>(16 + MAX_DEPTH * 8), 16);

/** Forgets the previous line's drift. */
export function resetDrift(): void {
  store<i32>(DRIFT, -1);
}

/** Notes a drift; false (unsure) for a second one (the exact path orders problems) or one under a key the schema does not name. */
export function drift(node: i32, depth: i32, start: usize, end: usize): bool {
  if (load<i32>(DRIFT) >= 0) return false;
  for (let d = 0; d < depth; d++) if (load<i32>(PATH + (<usize>d << 3) + 4) < 0) return false;
  store<i32>(DRIFT, node);
  store<u32>(DRIFT + 4, <u32>start);
  store<u32>(DRIFT + 8, <u32>end);
  store<i32>(DRIFT + 12, depth);
  memory.copy(DRIFT + 16, PATH, <usize>depth << 3);
  return true;
}

/** Whether the last string read held a backslash escape (its bytes are then not its value). */
export let escaped = false;
/** The value of the last integer read. */
export let intValue: i64 = 0;

/** Skips JSON whitespace. */
// @ts-ignore: decorator
@inline export function ws(p: usize): usize {
  while (true) {
    const c = load<u8>(p);
    if (c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09) p++;
    else return p;
  }
}

// @ts-ignore: decorator
@inline function isHex(c: u32): bool {
  return c - 0x30 < 10 || (c | 0x20) - 0x61 < 6;
}

/** A string's contents, `p` just past its opening quote; sets `escaped`. Sixteen bytes at a time. */
export function string(p: usize): usize {
  escaped = false;
  while (true) {
    const v = v128.load(p);
    const stop = v128.or(v128.or(i8x16.eq(v, i8x16.splat(0x22)), i8x16.eq(v, i8x16.splat(0x5c))), i8x16.lt_u(v, i8x16.splat(0x20)));
    const bits = i8x16.bitmask(stop);
    if (bits == 0) {
      p += 16;
      continue;
    }
    p += <usize>ctz(bits);
    const c = load<u8>(p);
    if (c == 0x22) return p + 1;
    if (c != 0x5c) return NO; // a control character: JSON.parse refuses it
    escaped = true;
    const n = <u32>load<u8>(p + 1);
    if (n == 0x75) {
      if (!(isHex(load<u8>(p + 2)) && isHex(load<u8>(p + 3)) && isHex(load<u8>(p + 4)) && isHex(load<u8>(p + 5)))) return NO;
      p += 6;
    } else if (n == 0x22 || n == 0x5c || n == 0x2f || n == 0x62 || n == 0x66 || n == 0x6e || n == 0x72 || n == 0x74) {
      p += 2;
    } else {
      return NO;
    }
  }
}

/** An integer as `Number.isInteger` takes it, written plainly (no fraction, no exponent, at most 15 digits); sets `intValue`. */
export function integer(p: usize): usize {
  let negative = false;
  if (load<u8>(p) == 0x2d) {
    negative = true;
    p++;
  }
  let digit = <u32>load<u8>(p) - 0x30;
  if (digit > 9) return NO;
  let value: i64 = digit;
  p++;
  if (digit != 0) {
    let digits = 1;
    while (true) {
      digit = <u32>load<u8>(p) - 0x30;
      if (digit > 9) break;
      if (++digits > 15) return NO;
      value = value * 10 + digit;
      p++;
    }
  }
  const next = <u32>load<u8>(p);
  if (next == 0x2e || next == 0x65 || next == 0x45 || next - 0x30 < 10) return NO;
  intValue = negative ? -value : value;
  return p;
}

/** A finite number: at most 15 digits before an optional fraction, no exponent (a longer one may not be finite). */
export function finiteNumber(p: usize): usize {
  if (load<u8>(p) == 0x2d) p++;
  let digit = <u32>load<u8>(p) - 0x30;
  if (digit > 9) return NO;
  p++;
  if (digit != 0) {
    let digits = 1;
    while (<u32>load<u8>(p) - 0x30 < 10) {
      if (++digits > 15) return NO;
      p++;
    }
  }
  if (load<u8>(p) == 0x2e) {
    p++;
    if (<u32>load<u8>(p) - 0x30 > 9) return NO;
    while (<u32>load<u8>(p) - 0x30 < 10) p++;
  }
  const next = <u32>load<u8>(p);
  if (next == 0x65 || next == 0x45 || next - 0x30 < 10) return NO;
  return p;
}

/** Any JSON number, as JSON.parse's grammar has it (open content only: its value is never judged). */
function anyNumber(p: usize): usize {
  if (load<u8>(p) == 0x2d) p++;
  const first = <u32>load<u8>(p) - 0x30;
  if (first > 9) return NO;
  p++;
  if (first != 0) while (<u32>load<u8>(p) - 0x30 < 10) p++;
  if (load<u8>(p) == 0x2e) {
    p++;
    if (<u32>load<u8>(p) - 0x30 > 9) return NO;
    while (<u32>load<u8>(p) - 0x30 < 10) p++;
  }
  const e = <u32>load<u8>(p);
  if (e == 0x65 || e == 0x45) {
    p++;
    const sign = <u32>load<u8>(p);
    if (sign == 0x2b || sign == 0x2d) p++;
    if (<u32>load<u8>(p) - 0x30 > 9) return NO;
    while (<u32>load<u8>(p) - 0x30 < 10) p++;
  }
  return p;
}

/** `null`. */
// @ts-ignore: decorator
@inline export function isNull(p: usize): bool {
  return load<u32>(p) == 0x6c6c756e;
}

/** `true` or `false`. */
export function boolean(p: usize): usize {
  if (load<u32>(p) == 0x65757274) return p + 4;
  if (load<u8>(p) == 0x66 && load<u32>(p + 1) == 0x65736c61) return p + 5;
  return NO;
}

// Keys of the open objects being read, innermost object last: start, length, and the first 8 bytes
// (compared first: most keys of an object differ there).
const KEY_BYTES: usize = 16;
const OPEN_KEYS = memory.data(<i32>(MAX_DEPTH * MAX_OPEN_KEYS * 16), 16);
export let openKeyTop: usize = OPEN_KEYS;

/** Forgets the keys of the previous line's open objects (a line given up on leaves them). */
export function resetOpenKeys(): void {
  openKeyTop = OPEN_KEYS;
}

/**
 * Takes note of a key no property names, in the open object whose keys start at `base`; false
 * when the object already holds it (a duplicate key), when the key is escaped (`"\u0061"` is `"a"`:
 * bytes cannot tell), or when the object holds too many to compare.
 */
export function openKey(base: usize, start: usize, length: usize, wasEscaped: bool): bool {
  if (wasEscaped || openKeyTop - base >= <usize>MAX_OPEN_KEYS * KEY_BYTES || openKeyTop >= OPEN_KEYS + <usize>(MAX_DEPTH * MAX_OPEN_KEYS) * KEY_BYTES - KEY_BYTES) return false;
  // the key's first 8 bytes, zero past its end (its closing quote and what follows are not the key)
  const prefix = length >= 8 ? load<u64>(start) : load<u64>(start) & ((<u64>1 << (<u64>length << 3)) - 1);
  for (let k = base; k < openKeyTop; k += KEY_BYTES) {
    if (load<u64>(k + 8) == prefix && load<u32>(k + 4) == <u32>length && equalBytes(load<u32>(k), start, length)) return false;
  }
  store<u32>(openKeyTop, <u32>start);
  store<u32>(openKeyTop + 4, <u32>length);
  store<u64>(openKeyTop + 8, prefix);
  openKeyTop += KEY_BYTES;
  return true;
}

/** The last key read by key(): where its bytes start, and how many. */
export let keyStart: usize = 0;
export let keyLength: usize = 0;
/** A key and its colon, `p` at the key's quote: returns the address of the value, sets keyStart/keyLength. */
// @ts-ignore: decorator
@inline export function key(p: usize): usize {
  if (load<u8>(p) != 0x22) return NO;
  keyStart = p + 1;
  p = string(p + 1);
  if (p == NO) return NO;
  keyLength = p - 1 - keyStart;
  p = ws(p);
  if (load<u8>(p) != 0x3a) return NO;
  return ws(p + 1);
}

/** Whether the last next() met the closing byte. */
export let closed = false;
/** After a member or an item: the address of the next one (past a comma), or `p` at the closing byte (setting `closed`), or NO. */
// @ts-ignore: decorator
@inline export function next(p: usize, closing: u32): usize {
  p = ws(p);
  const c = <u32>load<u8>(p);
  if (c == 0x2c) {
    closed = false;
    return ws(p + 1);
  }
  if (c == closing) {
    closed = true;
    return p;
  }
  return NO;
}

/** Any JSON value the schema leaves open; its objects must not repeat a key either. */
export function anyValue(p: usize, depth: i32): usize {
  const c = <u32>load<u8>(p);
  if (c == 0x22) return string(p + 1);
  if (c == 0x7b || c == 0x5b) {
    if (depth >= MAX_DEPTH) return NO;
    p = ws(p + 1);
    if (c == 0x5b) {
      if (load<u8>(p) == 0x5d) return p + 1;
      while (true) {
        p = anyValue(p, depth + 1);
        if (p == NO) return NO;
        p = next(p, 0x5d);
        if (p == NO) return NO;
        if (closed) return p + 1;
      }
    }
    if (load<u8>(p) == 0x7d) return p + 1;
    const base = openKeyTop;
    while (true) {
      p = key(p);
      if (p == NO || !openKey(base, keyStart, keyLength, escaped)) return NO;
      p = anyValue(p, depth + 1);
      if (p == NO) return NO;
      p = next(p, 0x7d);
      if (p == NO) return NO;
      if (closed) {
        openKeyTop = base;
        return p + 1;
      }
    }
  }
  if (c == 0x6e) return isNull(p) ? p + 4 : NO;
  if (c == 0x74 || c == 0x66) return boolean(p);
  return anyNumber(p);
}

// @ts-ignore: decorator
@inline function digitAt(p: usize): i32 {
  const d = <i32>load<u8>(p) - 0x30;
  return d >= 0 && d <= 9 ? d : -100;
}
// @ts-ignore: decorator
@inline function twoDigits(p: usize): i32 {
  return digitAt(p) * 10 + digitAt(p + 1);
}

/**
 * `YYYY-MM-DDTHH:MM:SS[.fff…]Z` with values in range: what formats.ts' isPlainDateTime accepts,
 * less its offsets (a time off UTC is a time:utc warning, so such a line is never clean).
 */
export function isUtcDateTime(s: usize, length: usize): bool {
  if (length < 20 || length > 40 || load<u8>(s + 4) != 0x2d || load<u8>(s + 7) != 0x2d || load<u8>(s + 10) != 0x54) return false;
  if (load<u8>(s + 13) != 0x3a || load<u8>(s + 16) != 0x3a) return false;
  const century = twoDigits(s);
  const yearOfCentury = twoDigits(s + 2);
  const year = century * 100 + yearOfCentury;
  const month = twoDigits(s + 5);
  const day = twoDigits(s + 8);
  if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  let days = 31;
  if (month == 2) days = leap ? 29 : 28;
  else if (month == 4 || month == 6 || month == 9 || month == 11) days = 30;
  if (day > days) return false;
  const hour = twoDigits(s + 11);
  const minute = twoDigits(s + 14);
  const second = twoDigits(s + 17);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  let i: usize = 19;
  if (load<u8>(s + i) == 0x2e) {
    i++;
    const start = i;
    while (i < length && digitAt(s + i) >= 0) i++;
    if (i == start) return false;
  }
  return i + 1 == length && load<u8>(s + i) == 0x5a;
}

/** `http(s)://host[:port][/path][?query]` without escapes: what formats.ts' isPlainHttpUri accepts. */
export function isPlainHttpUri(s: usize, length: usize): bool {
  let i: usize = 0;
  if (length >= 8 && load<u64>(s) == 0x2f2f3a7370747468) i = 8; // "https://"
  else if (length >= 7 && (load<u64>(s) & 0x00ffffffffffffff) == 0x002f2f3a70747468) i = 7; // "http://"
  else return false;
  const hostStart = i;
  while (i < length) {
    const c = <u32>load<u8>(s + i);
    if (c - 0x61 < 26 || c - 0x41 < 26 || c - 0x30 < 10 || c == 0x2d || c == 0x2e) i++;
    else break;
  }
  if (i == hostStart) return false;
  if (i < length && load<u8>(s + i) == 0x3a) {
    i++;
    while (i < length && digitAt(s + i) >= 0) i++;
  }
  if (i < length && load<u8>(s + i) != 0x2f && load<u8>(s + i) != 0x3f) return false;
  for (; i < length; i++) {
    const c = <u32>load<u8>(s + i);
    if (c >= 128 || load<u8>(URI_SAFE + c) == 0) return false;
  }
  return true;
}

// RFC 3986 pchar, "/" and "?" without escapes, as formats.ts' URI_SAFE: 1 for each such ASCII byte.
const URI_SAFE = memory.data<u8>([
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  // space ! " # $ % & ' ( ) * + , - . / 0-9 : ; < = > ?
  0, 1, 0, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1,
  // @ A-Z [ \ ] ^ _
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
  // ` a-z { | } ~ DEL
  0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0,
]);

/** Whether the n bytes at a and at b are the same; sixteen at a time (the memory past a line is readable). */
export function equalBytes(a: usize, b: usize, n: usize): bool {
  while (n >= 16) {
    if (!i8x16.all_true(i8x16.eq(v128.load(a), v128.load(b)))) return false;
    a += 16;
    b += 16;
    n -= 16;
  }
  while (n >= 8) {
    if (load<u64>(a) != load<u64>(b)) return false;
    a += 8;
    b += 8;
    n -= 8;
  }
  while (n > 0) {
    if (load<u8>(a) != load<u8>(b)) return false;
    a++;
    b++;
    n--;
  }
  return true;
}

/** Whether bytes [a, aEnd) and [b, bEnd), each a value as a reader delimited it, are the same. */
export function sameBytes(a: usize, aEnd: usize, b: usize, bEnd: usize): bool {
  return aEnd - a == bEnd - b && equalBytes(a, b, aEnd - a);
}
