// The JSON Lines fast path (docs/decisions/0022-json-lines-fast-path.md): a WebAssembly scanner (../assembly/, compiled by `pnpm generate`) that
// proves a line a clean call event from its bytes, without JSON.parse building its value. "Clean"
// is valid under both profiles with no problem at all: the strict schema (lowered from the schema
// model, never looser), no duplicate key, and every rule of rules.ts proven by byte equality. One
// kind of drift is judged here too: a single value outside an enum that only the strict profile
// has (an undocumented call status), which the exact path would report as one schema problem; it
// is worded by the same schemaProblems. Any other line, and any line the scanner cannot prove, is
// "unsure" and takes the exact path: the fast path changes how soon a line is judged, never what
// is reported (test/fast-lines.test.ts holds it to that over the catalog and hostile mutants).
import { DRIFT_ENUMS, FAST_LINES_WASM, FRAME_NAMES } from "./generated/fast-lines-module.js";
import { pointerTo, type Problem, type Severity } from "./problem.js";
import { schemaProblems } from "./schema-problems.js";

/** Verdicts of FastLineScanner.verdict: unsure, clean, or clean but for one drift (driftProblem). */
export const FAST_UNSURE = 0;
export const FAST_CREATE = 1;
export const FAST_UPDATE = 2;
export const FAST_CREATE_DRIFT = 3;
export const FAST_UPDATE_DRIFT = 4;
type FastVerdict = typeof FAST_UNSURE | typeof FAST_CREATE | typeof FAST_UPDATE | typeof FAST_CREATE_DRIFT | typeof FAST_UPDATE_DRIFT;

/** The scanner of one thread: load a batch of lines, then ask for each line's verdict. */
export interface FastLineScanner {
  /** Copies a batch of whole lines into the scanner's memory (false when it cannot grow to hold it); verdict() reads the last batch loaded. */
  load(batch: Uint8Array): boolean;
  /** The verdict on bytes [start, end) of the loaded batch: one line without its `\n`. */
  verdict(start: number, end: number): FastVerdict;
  /**
   * The line of the loaded batch that starts at `start`: its length (to its `\n` or the batch's end)
   * times 8, plus its verdict (unsure, unjudged, when longer than `maxLength`). Finds the newline and
   * judges in one call; `& 7` is the verdict, `>>> 3` the length.
   */
  lineVerdict(start: number, maxLength: number): number;
  /** The problem of the last verdict's drift (verdicts 3 and 4), as the exact path words it: a warning under lenient, an error under strict. */
  driftProblem(severity: Severity): Problem;
}

interface FastLinesExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  inputAddress(): number;
  driftRecord(): number;
  verdict(start: number, end: number): number;
  lineVerdict(start: number, batchEnd: number, maxLength: number): number;
}

/** A path step's frame for an array item (ARRAY_STEP in ../assembly/runtime.ts). */
const ARRAY_STEP = -2;

/** The part of the WebAssembly global used here (the package's TypeScript libraries do not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

const PAGE = 65_536;
/** Bytes past a batch the scanner may read: its 0 terminator and one 16-byte vector load after it. */
const PADDING = 64;
/** The largest batch the scanner takes: batches are about 1 MiB, and larger only around a line that long. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024;

let scanner: FastLineScanner | null | undefined;

/** Drift problems as worded, by node, severity and value; a pointer makes each one a line's. */
const WORDED = new Map<string, Problem>();
const MAX_WORDED = 1024;

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
  let loaded = 0;
  return {
    load(batch) {
      // A WebAssembly memory never shrinks: a batch past the limit (a huge line) is left to the exact path.
      if (batch.length > MAX_BATCH_BYTES) return false;
      const needed = base + batch.length + PADDING;
      try {
        if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
      } catch {
        return false;
      }
      const view = new Uint8Array(memory.buffer, base, batch.length + PADDING);
      view.set(batch);
      view.fill(0, batch.length);
      loaded = batch.length;
      return true;
    },
    verdict(start, end) {
      return exports.verdict(base + start, base + end) as FastVerdict;
    },
    lineVerdict(start, maxLength) {
      return exports.lineVerdict(base + start, base + loaded, Math.min(maxLength, loaded));
    },
    driftProblem(severity) {
      const record = new Int32Array(memory.buffer, exports.driftRecord());
      const [node, start, end, depth] = record as unknown as [number, number, number, number];
      let pointer = "";
      for (let d = 0; d < depth; d++) {
        const frame = record[4 + 2 * d]!;
        const index = record[5 + 2 * d]!;
        pointer = pointerTo(pointer, frame === ARRAY_STEP ? index : FRAME_NAMES[frame]![index]!);
      }
      // A drift value is a plain integer or an unescaped string: its bytes are its JSON text.
      const text = Buffer.from(memory.buffer, start, end - start).toString("utf8");
      // Worded once per value (a log repeats its few undocumented codes), placed at each pointer.
      const key = `${node} ${severity} ${text}`;
      let worded = WORDED.get(key);
      if (worded === undefined) {
        const { title, values } = DRIFT_ENUMS[node]!;
        const error = { instancePath: "", schemaPath: "", keyword: "enum", params: { allowedValues: values }, schema: values, data: JSON.parse(text) as unknown };
        worded = schemaProblems([{ ...error, ...(title !== null && { parentSchema: { title } }) }], severity)[0]!;
        if (WORDED.size < MAX_WORDED) WORDED.set(key, worded);
      }
      // the keys in schemaProblems' order, as a report prints them
      return { pointer, severity: worded.severity, rule: worded.rule, expected: worded.expected, found: worded.found, message: worded.message };
    },
  };
}
