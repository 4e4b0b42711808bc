// The JSON Lines fast path: a WebAssembly scanner (../assembly/, compiled by `pnpm generate`) that
// proves a line a clean call event from its bytes, without JSON.parse building its value. "Clean"
// is valid under both profiles with no problem at all: the strict schema (lowered from the schema
// model, never looser), no duplicate key, and every rule of rules.ts proven by byte equality. Any
// other line, and any line it cannot prove, is "unsure" and takes the exact path, which alone
// words problems: the fast path changes how soon a clean line is counted, never what is reported
// (test/fast-lines.test.ts holds it to that over the catalog and hostile mutants).
import { FAST_LINES_WASM } from "./generated/fast-lines-wasm.js";

/** Verdicts of FastLineScanner.verdict. */
export const FAST_UNSURE = 0;
export const FAST_CREATE = 1;
export const FAST_UPDATE = 2;
type FastVerdict = typeof FAST_UNSURE | typeof FAST_CREATE | typeof FAST_UPDATE;

/** The scanner of one thread: load a batch of lines, then ask for each line's verdict. */
export interface FastLineScanner {
  /** Copies a batch of whole lines into the scanner's memory; verdict() reads the last batch loaded. */
  load(batch: Uint8Array): void;
  /** The verdict on bytes [start, end) of the loaded batch: one line without its `\n`. */
  verdict(start: number, end: number): FastVerdict;
}

interface FastLinesExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  inputAddress(): number;
  verdict(start: number, end: number): number;
}

/** The part of the WebAssembly global used here (the package's TypeScript libraries do not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

const PAGE = 65_536;
/** Bytes past a batch the scanner may read: its 0 terminator and one 16-byte vector load after it. */
const PADDING = 64;

let scanner: FastLineScanner | null | undefined;

/** The thread's scanner, made on first use; null where WebAssembly or its SIMD cannot run (every line then takes the exact path). */
export function fastLineScanner(): FastLineScanner | null {
  if (scanner === undefined) scanner = makeScanner();
  return scanner;
}

function makeScanner(): FastLineScanner | null {
  const wasm = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (wasm === undefined) return null;
  let exports: FastLinesExports;
  try {
    const module = new wasm.Module(Buffer.from(FAST_LINES_WASM, "base64"));
    exports = new wasm.Instance(module, {}).exports as FastLinesExports;
  } catch {
    return null;
  }
  const { memory } = exports;
  const base = exports.inputAddress();
  return {
    load(batch) {
      const needed = base + batch.length + PADDING;
      if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
      const view = new Uint8Array(memory.buffer, base, batch.length + PADDING);
      view.set(batch);
      view.fill(0, batch.length);
    },
    verdict(start, end) {
      return exports.verdict(base + start, base + end) as FastVerdict;
    },
  };
}
