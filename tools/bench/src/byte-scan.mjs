// What a validator that reads a line's bytes itself, instead of calling JSON.parse, costs (issue
// 12's 200,000 events/s): per line, CPU time, one thread, warm, over lines already in memory,
// against decoding and JSON.parse of the same lines in the same run. Two JavaScript scans that
// build nothing: touching each byte once (counting quotes), and checking the JSON grammar alone (no
// keys compared, no schema, no duplicate keys); a JavaScript scanner that also validates does at
// least the second. And @fwcall/validate's own WebAssembly fast path, which does all of it.
import { median } from "./stats.mjs";

/** Byte offsets [start, end) of each non-empty line of `bytes`. */
export function lineOffsets(bytes) {
  const offsets = [];
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    if (end > start) offsets.push(start, end);
    start = end + 1;
  }
  return offsets;
}

function countQuotes(bytes, start, end) {
  let quotes = 0;
  for (let i = start; i < end; i++) if (bytes[i] === 0x22) quotes++;
  return quotes;
}

const isSpace = (b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
const isDigit = (b) => b >= 0x30 && b <= 0x39;

/**
 * Whether bytes[start, end) is one JSON value by the grammar (RFC 8259), strings' UTF-8 unchecked;
 * iterative, with a stack of open containers, and nothing allocated per value.
 */
export function isJsonGrammar(bytes, start, end, stack = new Uint8Array(256)) {
  let i = start;
  let depth = 0;
  const skip = () => {
    while (i < end && isSpace(bytes[i])) i++;
  };
  const string = () => {
    i++; // the opening quote
    while (i < end) {
      const b = bytes[i++];
      if (b === 0x22) return true;
      if (b < 0x20) return false;
      if (b === 0x5c) {
        const e = bytes[i++];
        if (e === 0x75) {
          if (i + 4 > end) return false;
          for (let k = 0; k < 4; k++, i++) {
            const h = bytes[i] | 0x20;
            if (!(isDigit(bytes[i]) || (h >= 0x61 && h <= 0x66))) return false;
          }
        } else if (e !== 0x22 && e !== 0x5c && e !== 0x2f && e !== 0x62 && e !== 0x66 && e !== 0x6e && e !== 0x72 && e !== 0x74) return false;
      }
    }
    return false;
  };
  const number = () => {
    if (bytes[i] === 0x2d) i++;
    if (bytes[i] === 0x30) i++;
    else if (isDigit(bytes[i])) while (isDigit(bytes[i])) i++;
    else return false;
    if (bytes[i] === 0x2e) {
      i++;
      if (!isDigit(bytes[i])) return false;
      while (isDigit(bytes[i])) i++;
    }
    if ((bytes[i] | 0x20) === 0x65) {
      i++;
      if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
      if (!isDigit(bytes[i])) return false;
      while (isDigit(bytes[i])) i++;
    }
    return true;
  };
  // An object member's key and its colon, from the opening quote.
  const key = () => {
    if (bytes[i] !== 0x22 || !string()) return false;
    skip();
    return bytes[i++] === 0x3a;
  };
  // true, false, null: the first byte is known; `rest` are the others.
  const word = (rest) => {
    for (let k = 0; k < rest.length; k++) if (bytes[i + 1 + k] !== rest[k]) return false;
    i += 1 + rest.length;
    return true;
  };
  for (;;) {
    skip();
    // A value.
    const b = bytes[i];
    if (b === 0x7b || b === 0x5b) {
      if (depth === stack.length) return false;
      stack[depth++] = b;
      i++;
      skip();
      if (bytes[i] === (b === 0x7b ? 0x7d : 0x5d)) {
        depth--;
        i++;
      } else {
        if (b === 0x7b && !key()) return false;
        continue;
      }
    } else if (b === 0x22) {
      if (!string()) return false;
    } else if (b === 0x74) {
      if (!word([0x72, 0x75, 0x65])) return false;
    } else if (b === 0x66) {
      if (!word([0x61, 0x6c, 0x73, 0x65])) return false;
    } else if (b === 0x6e) {
      if (!word([0x75, 0x6c, 0x6c])) return false;
    } else if (!number()) return false;
    // After a value: inside an object expect , or }; inside an array , or ]; at the top, the end.
    for (;;) {
      skip();
      if (depth === 0) return i === end;
      const open = stack[depth - 1];
      const c = bytes[i++];
      if (c === 0x2c) {
        skip();
        if (open === 0x7b && !key()) return false;
        break;
      }
      if (c !== (open === 0x7b ? 0x7d : 0x5d)) return false;
      depth--;
    }
  }
}

/** The lines cut into batches of about 1 MiB, as the JSON Lines reader cuts them: each batch's bytes and its lines' offsets in it. */
function batchesOf(bytes, offsets) {
  const batches = [];
  for (let k = 0; k < offsets.length; ) {
    const from = offsets[k];
    const lines = [];
    while (k < offsets.length && (lines.length === 0 || offsets[k + 1] - from <= 1 << 20)) {
      lines.push(offsets[k] - from, offsets[k + 1] - from);
      k += 2;
    }
    batches.push({ batch: bytes.subarray(from, from + lines.at(-1)), lines });
  }
  return batches;
}

/** µs of CPU per line for `work` over every line, median of `rounds` after one warm-up round. */
function perLine(bytes, offsets, rounds, work) {
  const samples = [];
  for (let round = 0; round <= rounds; round++) {
    const before = process.cpuUsage();
    for (let k = 0; k < offsets.length; k += 2) work(bytes, offsets[k], offsets[k + 1]);
    const used = process.cpuUsage(before);
    if (round > 0) samples.push((used.user + used.system) / (offsets.length / 2));
  }
  return median(samples);
}

/**
 * Measures them on `bytes` (JSON Lines) and returns rows: name, µs per line, ÷ JSON.parse; the last
 * row is fwcall's scanner when `scanner` (fast-lines.js' fastLineScanner()) is given. Throws when the
 * grammar scan disagrees with JSON.parse on a line, so it cannot be fast by being wrong, and when
 * the scanner leaves a line unjudged (then it would measure less than the work).
 */
export function byteScanRows(bytes, rounds = 5, scanner = null) {
  const offsets = lineOffsets(bytes);
  const stack = new Uint8Array(256);
  for (let k = 0; k < offsets.length; k += 2) {
    if (!isJsonGrammar(bytes, offsets[k], offsets[k + 1], stack)) throw new Error(`the grammar scan refused line ${k / 2 + 1}, which JSON.parse reads`);
  }
  for (const broken of ['{"a":1,}', '{"a" 1}', "[1 2]", '{"a":01}', '"\\x"', "[1]]", "{", "tru"]) {
    const b = Buffer.from(broken);
    if (isJsonGrammar(b, 0, b.length, stack)) throw new Error(`the grammar scan accepted ${broken}`);
  }
  const parse = perLine(bytes, offsets, rounds, (b, s, e) => JSON.parse(b.toString("utf8", s, e)));
  const touch = perLine(bytes, offsets, rounds, countQuotes);
  const grammar = perLine(bytes, offsets, rounds, (b, s, e) => isJsonGrammar(b, s, e, stack));
  const rows = [
    { name: "decode + JSON.parse (V8's native parser; the peer)", us: parse, ratio: 1 },
    { name: "JavaScript: touch each byte once (count quotes)", us: touch, ratio: touch / parse },
    { name: "JavaScript: JSON grammar only (no keys, no schema, nothing built)", us: grammar, ratio: grammar / parse },
  ];
  if (scanner !== null) {
    const batches = batchesOf(bytes, offsets);
    const judgeAll = () => {
      for (const { batch, lines } of batches) {
        if (!scanner.load(batch)) throw new Error("the fast path's scanner could not take a batch");
        // as the reader calls it: one call a line finds the line's end and judges it
        for (let k = 0; k < lines.length; k += 2) {
          if ((scanner.lineVerdict(lines[k], batch.length) & 7) === 0) throw new Error("the fast path left a line to the exact path");
        }
      }
    };
    // Warm up for a second: V8 runs WebAssembly compiled quickly at first and swaps in its optimised build when that is ready.
    for (const start = Date.now(); Date.now() - start < 1000; ) judgeAll();
    const samples = [];
    for (let round = 0; round < rounds; round++) {
      const before = process.cpuUsage();
      judgeAll();
      const used = process.cpuUsage(before);
      samples.push((used.user + used.system) / (offsets.length / 2));
    }
    const fast = median(samples);
    rows.push({ name: "WebAssembly: fwcall's fast path (schema, rules and duplicate keys; 1 MiB batches copied in, a verdict per line with its end)", us: fast, ratio: fast / parse });
  }
  return { lines: offsets.length / 2, rows };
}
