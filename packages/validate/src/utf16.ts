// UTF-16 named as such: JSON travels as UTF-8, and UTF-16 read as UTF-8 shows up as U+0000s.

/**
 * Bytes that start with a UTF-16 byte order mark (either byte order).
 * @example hasUtf16Mark(new Uint8Array([0xff, 0xfe, 0x7b, 0x00])) // true
 */
export const hasUtf16Mark = (bytes: Uint8Array): boolean =>
  bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));

/**
 * The byte order of bytes that are UTF-16 without a byte order mark (every other byte is zero), or undefined.
 * @example looksLikeUtf16(new Uint8Array([0x7b, 0x00, 0x7d, 0x00])) // "little-endian"
 */
export function looksLikeUtf16(bytes: Uint8Array): "little-endian" | "big-endian" | undefined {
  const n = Math.min(bytes.length, 1024) & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  if (n === 0 || Math.max(even, odd) < n / 8) return undefined;
  if (even === 0) return "little-endian";
  if (odd === 0) return "big-endian";
  return undefined;
}
