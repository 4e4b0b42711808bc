// No validator throws on any JSON value — null, arrays, strings, numbers, 10,000 levels of
// nesting, 10 MB strings, keys named __proto__ or constructor — and none pollutes a prototype
// or changes its input. Every public entry point is run on every input; each result must have
// its documented shape, and every problem a pointer and a rule.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import {
  formatProblem,
  isDateTime,
  isOnCallCreate,
  isOnCallUpdate,
  isUri,
  normalizeCallEvent,
  parseCallEvent,
  validateCallEvent,
  validateOnCallCreate,
  validateOnCallUpdate,
  validateRestResource,
  type Problem,
  type Profile,
  type RestResourceName,
} from "@fwcall/validate";
import { CALL_EVENT_NAMES, writeChangeTuple, type CallEventName } from "@fwcall/types";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const PROFILES: ReadonlyArray<Profile | undefined> = ["lenient", "strict", undefined];
const REST_RESOURCES: readonly RestResourceName[] = ["CallResponse", "CallListResponse", "RestCall", "ApiError"];
const DEPTH = 10_000;
const TEN_MB = 10 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Inputs

const exampleText = (name: string) => readFileSync(new URL(`../../../schemas/examples/${name}.json`, import.meta.url), "utf8");
const CREATE_TEXT = exampleText("on-call-create/fdk-default");
const CREATE_3_TEXT = exampleText("on-call-create/platform-3-outgoing");
const UPDATE_TEXT = exampleText("on-call-update/fdk-default");
const UPDATE_3_TEXT = exampleText("on-call-update/notes-attached-platform-3");
const create = (): Loose => JSON.parse(CREATE_TEXT);
const create3 = (): Loose => JSON.parse(CREATE_3_TEXT);
const update = (): Loose => JSON.parse(UPDATE_TEXT);
const update3 = (): Loose => JSON.parse(UPDATE_3_TEXT);

/** `{ a: { a: … 1 } }` or `[[ … 1 ]]`, `depth` levels, built without recursion. */
function nested(kind: "object" | "array", depth = DEPTH): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === "object" ? { a: value } : [value];
  return value;
}

/** Sets an own property even when its name is "__proto__". */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

// ---------------------------------------------------------------------------------------------
// Running every public entry point

type Outcome =
  | { kind: "result"; name: string; value: { valid: boolean; payload: unknown; problems: Problem[] } }
  | { kind: "parsed"; name: string; value: ReturnType<typeof parseCallEvent> }
  | { kind: "guard"; name: string; value: boolean }
  | { kind: "normalized"; name: string; value: ReturnType<typeof normalizeCallEvent> };

/** Which entry points to run: every one by default; fewer for the 10 MB inputs, each costing ~0.1 s. */
interface Selection {
  profiles?: ReadonlyArray<Profile | undefined>;
  /** The events whose validators and guards run (parseCallEvent, normalizeCallEvent and the REST validators always run). */
  events?: readonly CallEventName[];
  /** Whether validateOnCallCreate/Update and isOnCallCreate/Update (thin wrappers of validateCallEvent) run too. */
  wrappers?: boolean;
}

/** Every public validator with the selected profiles, as [name, call]. */
function entryPoints(input: unknown, { profiles = PROFILES, events = CALL_EVENT_NAMES, wrappers = true }: Selection = {}): Array<[string, () => Outcome]> {
  const out: Array<[string, () => Outcome]> = [];
  const add = (name: string, call: () => Outcome) => out.push([name, call]);
  for (const profile of profiles) {
    const options = profile ? { profile } : undefined;
    const tag = profile ?? "default";
    for (const event of events) {
      const name = `validateCallEvent(${event}, ${tag})`;
      add(name, () => ({ kind: "result", name, value: validateCallEvent(event, input, options) }));
      if (!wrappers) continue;
      const byName = `${event === "onCallCreate" ? "validateOnCallCreate" : "validateOnCallUpdate"}(${tag})`;
      const validateByName = event === "onCallCreate" ? validateOnCallCreate : validateOnCallUpdate;
      add(byName, () => ({ kind: "result", name: byName, value: validateByName(input, options) }));
      const guardName = `${event === "onCallCreate" ? "isOnCallCreate" : "isOnCallUpdate"}(${tag})`;
      const guard = event === "onCallCreate" ? isOnCallCreate : isOnCallUpdate;
      add(guardName, () => ({ kind: "guard", name: guardName, value: guard(input, options) }));
    }
    add(`parseCallEvent(${tag})`, () => ({ kind: "parsed", name: `parseCallEvent(${tag})`, value: parseCallEvent(input, options) }));
  }
  add("normalizeCallEvent", () => ({ kind: "normalized", name: "normalizeCallEvent", value: normalizeCallEvent(input) }));
  for (const resource of REST_RESOURCES) {
    const name = `validateRestResource(${resource})`;
    add(name, () => ({ kind: "result", name, value: validateRestResource(resource, input) }));
  }
  return out;
}

const RULE = /^[a-z]+:[A-Za-z-]+$/;
/** A "~" not followed by 0 or 1 breaks RFC 6901 escaping (no nested quantifier: pointers can be 10 MB long). */
const BAD_ESCAPE = /~(?![01])/;
/** What a problem may echo of the payload: enough to read, never a 10 MB string. */
const MAX_TEXT = 1_000;

/** Why a problem is not well formed, or undefined when it is. */
function malformed(problem: Problem): string | undefined {
  if (typeof problem.rule !== "string" || !RULE.test(problem.rule)) return `rule ${JSON.stringify(problem.rule)}`;
  if (typeof problem.pointer !== "string" || !(problem.pointer === "" || problem.pointer.startsWith("/"))) return `pointer ${String(problem.pointer).slice(0, 80)}`;
  if (BAD_ESCAPE.test(problem.pointer)) return `pointer not escaped as RFC 6901 asks: ${problem.pointer.slice(0, 80)}`;
  if (problem.severity !== "error" && problem.severity !== "warning") return `severity ${String(problem.severity)}`;
  for (const key of ["expected", "found", "message"] as const) {
    if (typeof problem[key] !== "string") return `${key} is not a string`;
  }
  if (typeof formatProblem(problem) !== "string") return "formatProblem did not return a string";
  return undefined;
}

/** Problems that echo more than MAX_TEXT characters of the payload (in found or message). */
function overlong(problem: Problem): string | undefined {
  for (const key of ["expected", "found", "message"] as const) {
    if (problem[key].length > MAX_TEXT) return `${problem.rule} at ${problem.pointer.slice(0, 60)}…: ${key} is ${problem[key].length} characters`;
  }
  return undefined;
}

/** Shape errors of one outcome, as readable lines. */
function shapeErrors(outcome: Outcome, input: unknown): string[] {
  const errors: string[] = [];
  const problemsOf = (problems: unknown): Problem[] => {
    if (!Array.isArray(problems)) {
      errors.push(`${outcome.name}: problems is not an array`);
      return [];
    }
    for (const problem of problems as Problem[]) {
      const why = malformed(problem);
      if (why) errors.push(`${outcome.name}: malformed problem (${why})`);
    }
    return problems as Problem[];
  };
  switch (outcome.kind) {
    case "result": {
      const { valid, payload, problems } = outcome.value;
      const list = problemsOf(problems);
      const hasError = list.some((p) => p.severity === "error");
      if (valid === true && (hasError || payload === undefined)) errors.push(`${outcome.name}: valid with an error or without a payload`);
      if (valid === false && (!hasError || payload !== undefined)) errors.push(`${outcome.name}: invalid without an error, or with a payload`);
      if (typeof valid !== "boolean") errors.push(`${outcome.name}: valid is not a boolean`);
      break;
    }
    case "parsed": {
      const parsed = outcome.value;
      const list = problemsOf(parsed.problems);
      if (parsed.ok !== true && parsed.ok !== false) errors.push(`${outcome.name}: ok is not a boolean`);
      if (parsed.ok && (list.some((p) => p.severity === "error") || !CALL_EVENT_NAMES.includes(parsed.event))) errors.push(`${outcome.name}: ok with an error or no event`);
      if (!parsed.ok && !list.some((p) => p.severity === "error")) errors.push(`${outcome.name}: not ok without an error`);
      break;
    }
    case "guard":
      if (typeof (outcome.value as unknown) !== "boolean") errors.push(`${(outcome as Outcome).name}: not a boolean`);
      break;
    case "normalized":
      problemsOf(outcome.value.problems);
      if (outcome.value.problems.length === 0 && !Object.is(outcome.value.payload, input)) errors.push(`${outcome.name}: copied a payload it did not change`);
      break;
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Prototypes and inputs stay as they were

type Snapshot = Map<PropertyKey, unknown>;
const PROTOTYPES: ReadonlyArray<[string, object]> = [
  ["Object.prototype", Object.prototype],
  ["Array.prototype", Array.prototype],
  ["Function.prototype", Function.prototype],
  ["String.prototype", String.prototype],
];
function snapshot(target: object): Snapshot {
  return new Map(
    Reflect.ownKeys(target).map((key) => {
      const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
      return [key, "value" in descriptor ? descriptor.value : [descriptor.get, descriptor.set]];
    }),
  );
}
function prototypeChanges(before: ReadonlyArray<Snapshot>): string[] {
  const changes: string[] = [];
  PROTOTYPES.forEach(([name, target], i) => {
    const now = snapshot(target);
    const then = before[i]!;
    for (const key of now.keys()) if (!then.has(key)) changes.push(`${name} gained ${String(key)}`);
    for (const [key, value] of then) {
      if (!now.has(key)) changes.push(`${name} lost ${String(key)}`);
      else if (!Object.is(now.get(key), value) && !(Array.isArray(value) && Array.isArray(now.get(key)))) changes.push(`${name}.${String(key)} changed`);
    }
  });
  // The usual payloads of a pollution attack.
  for (const key of ["polluted", "isAdmin", "x"]) {
    if (key in {}) changes.push(`every object now has "${key}"`);
    if (key in []) changes.push(`every array now has "${key}"`);
  }
  return changes;
}

/** Where two JSON-like values first differ (own keys, Object.is on leaves), without recursion. */
function firstDifference(a: unknown, b: unknown): string | undefined {
  const stack: Array<[unknown, unknown, string]> = [[a, b, ""]];
  while (stack.length) {
    const [x, y, at] = stack.pop()!;
    if (Object.is(x, y)) continue;
    if (x === null || y === null || typeof x !== "object" || typeof y !== "object") return at || "(root)";
    if (Array.isArray(x) !== Array.isArray(y)) return at || "(root)";
    const xKeys = Reflect.ownKeys(x);
    if (xKeys.length !== Reflect.ownKeys(y).length) return `${at || "(root)"} (keys)`;
    for (const key of xKeys) {
      const step = `${at}/${String(key).slice(0, 40)}`;
      if (!Object.hasOwn(y, key)) return step;
      stack.push([(x as Record<PropertyKey, unknown>)[key], (y as Record<PropertyKey, unknown>)[key], step]);
    }
  }
  return undefined;
}

/** Objects in a JSON.parse'd value whose prototype is no longer the plain one. */
function prototypeSwaps(value: unknown): string[] {
  const out: string[] = [];
  const stack: Array<[unknown, string]> = [[value, ""]];
  while (stack.length && out.length < 5) {
    const [x, at] = stack.pop()!;
    if (x === null || typeof x !== "object") continue;
    const expected = Array.isArray(x) ? Array.prototype : Object.prototype;
    if (Object.getPrototypeOf(x) !== expected) out.push(at || "(root)");
    for (const key of Object.keys(x)) stack.push([(x as Record<string, unknown>)[key], `${at}/${key.slice(0, 40)}`]);
  }
  return out;
}

let prototypesBefore: Snapshot[] = [];
beforeEach(() => {
  prototypesBefore = PROTOTYPES.map(([, target]) => snapshot(target));
});
afterEach(() => {
  expect(prototypeChanges(prototypesBefore)).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// The checks every input goes through

interface Expected {
  pointer: string;
  rule: string;
}

/** What the event's own validator must say under each profile: valid, or a problem where it broke. */
interface EventExpectation {
  event: CallEventName;
  strict: "valid" | Expected;
  lenient: "valid" | Expected | { warning: Expected };
}

interface RunReport {
  outcomes: Map<string, Outcome>;
}

/**
 * A deep copy of a JSON-like value, without recursion. structuredClone is used where it can;
 * V8's structuredClone itself overflows its stack at 10,000 levels, so those get this copy.
 */
function cloneDeep(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  const root: { value?: unknown } = {};
  const stack: Array<[unknown, Record<PropertyKey, unknown>, PropertyKey]> = [[value, root, "value"]];
  while (stack.length) {
    const [x, target, key] = stack.pop()!;
    if (x === null || typeof x !== "object") {
      setOwn(target as Record<string, unknown>, key as string, x);
      continue;
    }
    const copy = (Array.isArray(x) ? [] : {}) as Record<PropertyKey, unknown>;
    setOwn(target as Record<string, unknown>, key as string, copy);
    for (const k of Object.keys(x)) stack.push([(x as Record<string, unknown>)[k], copy, k]);
  }
  return root.value;
}

/**
 * Runs the selected entry points on the input and checks: nothing throws, every result has its
 * shape, every problem is well formed, no prototype gained anything, and the input is unchanged
 * (compared with a copy taken before).
 */
function runEverything(input: unknown, options: { jsonParsed?: boolean; clone?: unknown; select?: Selection } = {}): RunReport {
  const before = options.clone ?? cloneDeep(input);
  const prototypes = PROTOTYPES.map(([, target]) => snapshot(target));
  const thrown: string[] = [];
  const outcomes = new Map<string, Outcome>();
  for (const [name, call] of entryPoints(input, options.select)) {
    try {
      outcomes.set(name, call());
    } catch (error) {
      thrown.push(`${name} threw ${String(error).slice(0, 200)}`);
    }
  }
  expect(thrown, "no validator may throw").toEqual([]);
  const shapes = [...outcomes.values()].flatMap((outcome) => shapeErrors(outcome, input));
  expect(shapes, "every result has its documented shape").toEqual([]);
  expect(prototypeChanges(prototypes), "no prototype may change").toEqual([]);
  expect(firstDifference(input, before), "the input must not change").toBeUndefined();
  if (options.jsonParsed) expect(prototypeSwaps(input), "no object of the input may change prototype").toEqual([]);
  return { outcomes };
}

const has = (problems: readonly Problem[], expected: Expected, severity: "error" | "warning") =>
  problems.some((p) => p.pointer === expected.pointer && p.rule === expected.rule && p.severity === severity);

const show = (problems: readonly Problem[]) => problems.map((p) => `[${p.severity}] ${p.rule} ${p.pointer.slice(0, 80) || "/"}: ${p.message.slice(0, 120)}`);

/** Checks what the event's validators, parseCallEvent and the type guard said about the input. */
function expectVerdict(report: RunReport, expectation: EventExpectation): void {
  const { event } = expectation;
  const get = (name: string) => report.outcomes.get(name)?.value;
  for (const profile of ["strict", "lenient"] as const) {
    const wanted = expectation[profile];
    const result = get(`validateCallEvent(${event}, ${profile})`) as { valid: boolean; problems: Problem[] };
    const fail = (what: string) => {
      throw new Error(`${event} under ${profile}: ${what}; problems:\n  ${show(result.problems).join("\n  ")}`);
    };
    if (wanted === "valid") {
      if (!result.valid || result.problems.length) fail("expected valid with no problems");
    } else if ("warning" in wanted) {
      if (!result.valid || !has(result.problems, wanted.warning, "warning")) fail(`expected valid with a ${wanted.warning.rule} warning at ${wanted.warning.pointer.slice(0, 80)}`);
    } else if (result.valid || !has(result.problems, wanted, "error")) {
      fail(`expected a ${wanted.rule} error at ${wanted.pointer.slice(0, 80)}`);
    }
    // The same answer through every door that ran.
    const byName = get(`${event === "onCallCreate" ? "validateOnCallCreate" : "validateOnCallUpdate"}(${profile})`) as { problems: Problem[] } | undefined;
    if (byName) expect(byName.problems).toEqual(result.problems);
    const parsed = get(`parseCallEvent(${profile})`) as ReturnType<typeof parseCallEvent> | undefined;
    if (parsed) {
      expect(parsed.ok).toBe(result.valid);
      expect(parsed.problems).toEqual(result.problems);
    }
    const guard = get(`${event === "onCallCreate" ? "isOnCallCreate" : "isOnCallUpdate"}(${profile})`);
    if (guard !== undefined) expect(guard).toBe(result.valid);
  }
  const byDefault = get(`validateCallEvent(${event}, default)`);
  if (byDefault) expect(byDefault).toEqual(get(`validateCallEvent(${event}, lenient)`));
}

// ---------------------------------------------------------------------------------------------
// Plain values

describe("plain JSON values at the root", () => {
  // [name, value, for objects: the problem validateCallEvent(<its event>, strict) must report]
  const values: Array<[string, unknown, ({ event: CallEventName } & Expected)?]> = [
    ["null", null],
    ["true", true],
    ["false", false],
    ["0", 0],
    ["-1.5", -1.5],
    ["1e308", 1e308],
    ["empty string", ""],
    ["an event name as a string", "onCallCreate"],
    ["a JSON text of a payload", CREATE_TEXT],
    ["empty array", []],
    ["array of payloads", [create(), update()]],
    ["empty object", {}, { event: "onCallCreate", pointer: "/event", rule: "schema:required" }],
    ["only an event name", { event: "onCallUpdate" }, { event: "onCallUpdate", pointer: "/data", rule: "schema:required" }],
    ["an unknown event", { event: "onCallDelete", data: {} }, { event: "onCallUpdate", pointer: "/event", rule: "schema:const" }],
    ["event of the wrong type", { event: ["onCallCreate"] }, { event: "onCallCreate", pointer: "/event", rule: "schema:type" }],
    [
      "data null",
      { event: "onCallCreate", timestamp: 1, region: "US", account_id: "1", domain: "d", data: null },
      { event: "onCallCreate", pointer: "/data", rule: "schema:type" },
    ],
    [
      "data an array",
      { event: "onCallUpdate", timestamp: 1, region: "US", account_id: "1", domain: "d", data: [] },
      { event: "onCallUpdate", pointer: "/data", rule: "schema:type" },
    ],
    [
      "call a string",
      { ...create(), data: { actor: { type: "system" }, associations: {}, call: "91001" } },
      { event: "onCallCreate", pointer: "/data/call", rule: "schema:type" },
    ],
    [
      "participants null",
      (() => { const p = update(); p.data.call.participants = null; return p; })(),
      { event: "onCallUpdate", pointer: "/data/call/participants", rule: "schema:type" },
    ],
    [
      "participants of null, numbers, strings, arrays",
      (() => { const p = update(); p.data.call.participants = [null, 1, "x", []]; return p; })(),
      { event: "onCallUpdate", pointer: "/data/call/participants/3", rule: "schema:type" },
    ],
    [
      "changes an array",
      (() => { const p = update(); p.data.changes = [["call_notes", "x"]]; return p; })(),
      { event: "onCallUpdate", pointer: "/data/changes", rule: "schema:type" },
    ],
    [
      "changes tuples of the wrong length",
      (() => { const p = update(); p.data.changes = { call_notes: [], bill_duration: [1, 2, 3], recording: "x" }; return p; })(),
      { event: "onCallUpdate", pointer: "/data/changes/bill_duration", rule: "schema:maxItems" },
    ],
  ];
  for (const [name, value, expected] of values) {
    it(`${name}: nothing throws, results are well formed`, () => {
      const report = runEverything(value);
      const isObject = value !== null && typeof value === "object" && !Array.isArray(value);
      for (const [outcomeName, outcome] of report.outcomes) {
        if (outcome.kind === "result" && !isObject) {
          expect(outcome.value.valid, outcomeName).toBe(false);
          expect(has(outcome.value.problems, { pointer: "", rule: "schema:type" }, "error"), outcomeName).toBe(true);
        }
        if (outcome.kind === "guard") expect(outcome.value, outcomeName).toBe(false);
      }
      const parsed = report.outcomes.get("parseCallEvent(lenient)")!.value as ReturnType<typeof parseCallEvent>;
      expect(parsed.ok).toBe(false);
      if (!isObject) expect(parsed.problems).toEqual([expect.objectContaining({ pointer: "", rule: "schema:type", severity: "error" })]);
      if (expected) {
        const strict = report.outcomes.get(`validateCallEvent(${expected.event}, strict)`)!.value as { valid: boolean; problems: Problem[] };
        expect(strict.valid).toBe(false);
        expect(has(strict.problems, expected, "error"), show(strict.problems).join("\n")).toBe(true);
      }
    });
  }

  it("an object with no known event name is reported at /event", () => {
    for (const value of [{}, { event: "onCallDelete" }, { event: 7 }, { event: null }]) {
      const report = runEverything(value);
      const parsed = report.outcomes.get("parseCallEvent(strict)")!.value as ReturnType<typeof parseCallEvent>;
      expect(parsed).toMatchObject({ ok: false, event: undefined, problems: [{ pointer: "/event", rule: "event:name", severity: "error" }] });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 10,000 levels of nesting

describe(`${DEPTH.toLocaleString("en")} levels of nesting`, () => {
  for (const kind of ["object", "array"] as const) {
    it(`an ${kind} nested ${DEPTH} deep at the root, built in code and parsed from JSON`, () => {
      const text = kind === "object" ? `${'{"a":'.repeat(DEPTH)}1${"}".repeat(DEPTH)}` : `${"[".repeat(DEPTH)}1${"]".repeat(DEPTH)}`;
      for (const value of [nested(kind), JSON.parse(text)]) {
        const report = runEverything(value);
        const strict = report.outcomes.get("validateCallEvent(onCallCreate, strict)")!.value as { problems: Problem[] };
        if (kind === "array") expect(has(strict.problems, { pointer: "", rule: "schema:type" }, "error")).toBe(true);
        else expect(has(strict.problems, { pointer: "/event", rule: "schema:required" }, "error")).toBe(true);
      }
    });

    describe(`an ${kind} nested ${DEPTH} deep in a valid payload`, () => {
      const spots: Array<[string, () => Loose, EventExpectation]> = [
        [
          "as iparams (an open bag)",
          () => Object.assign(create(), { iparams: { api_key: nested(kind) } }),
          { event: "onCallCreate", strict: "valid", lenient: "valid" },
        ],
        [
          "as app_settings of a platform 3.0 update",
          () => Object.assign(update3(), { app_settings: nested(kind) }),
          kind === "object"
            ? { event: "onCallUpdate", strict: "valid", lenient: "valid" }
            : { event: "onCallUpdate", strict: { pointer: "/app_settings", rule: "schema:type" }, lenient: { pointer: "/app_settings", rule: "schema:type" } },
        ],
        [
          "inside associations of an update (an open bag)",
          () => { const p = update(); p.data.associations = { ticket: nested(kind) }; return p; },
          { event: "onCallUpdate", strict: "valid", lenient: "valid" },
        ],
        [
          "inside associations of a create (documented as empty)",
          () => { const p = create(); p.data.associations = { ticket: nested(kind) }; return p; },
          {
            event: "onCallCreate",
            strict: { pointer: "/data/associations", rule: "create:associations-empty" },
            lenient: { warning: { pointer: "/data/associations", rule: "create:associations-empty" } },
          },
        ],
        [
          "as an extra field of data.call",
          () => { const p = create3(); p.data.call.deep = nested(kind); return p; },
          {
            event: "onCallCreate",
            strict: { pointer: "/data/call/deep", rule: "schema:additionalProperties" },
            lenient: { warning: { pointer: "/data/call/deep", rule: "schema:additionalProperties" } },
          },
        ],
        [
          "as the new value of a changes tuple",
          () => { const p = update3(); p.data.changes.call_notes = writeChangeTuple({ from: null, to: nested(kind) }); return p; },
          {
            event: "onCallUpdate",
            strict: { pointer: "/data/changes/call_notes", rule: "changes:new-value-matches-call" },
            lenient: { pointer: "/data/changes/call_notes", rule: "changes:new-value-matches-call" },
          },
        ],
        [
          "as the old value of a changes tuple",
          () => { const p = update3(); p.data.changes.call_notes = writeChangeTuple({ from: nested(kind), to: p.data.call.call_notes }); return p; },
          { event: "onCallUpdate", strict: "valid", lenient: "valid" },
        ],
        [
          "as an extra field of the recording, mirrored in changes (deep equality both sides)",
          () => {
            const p = update();
            p.data.call.recording.deep = nested(kind);
            p.data.changes.recording = writeChangeTuple({ from: null, to: cloneDeep(p.data.call.recording) });
            return p;
          },
          {
            event: "onCallUpdate",
            strict: { pointer: "/data/call/recording/deep", rule: "schema:additionalProperties" },
            lenient: { warning: { pointer: "/data/call/recording/deep", rule: "schema:additionalProperties" } },
          },
        ],
        [
          "where a string is expected (phone_number)",
          () => { const p = update(); p.data.call.phone_number = nested(kind); return p; },
          {
            event: "onCallUpdate",
            strict: { pointer: "/data/call/phone_number", rule: "schema:type" },
            lenient: { pointer: "/data/call/phone_number", rule: "schema:type" },
          },
        ],
        [
          "where a participant is expected",
          () => { const p = update(); p.data.call.participants.push(nested(kind)); return p; },
          kind === "array"
            ? {
                event: "onCallUpdate",
                strict: { pointer: "/data/call/participants/2", rule: "schema:type" },
                lenient: { pointer: "/data/call/participants/2", rule: "schema:type" },
              }
            : {
                event: "onCallUpdate",
                strict: { pointer: "/data/call/participants/2/id", rule: "schema:required" },
                lenient: { pointer: "/data/call/participants/2/id", rule: "schema:required" },
              },
        ],
      ];
      for (const [name, build, expectation] of spots) {
        it(name, () => {
          const report = runEverything(build(), { jsonParsed: true });
          expectVerdict(report, expectation);
        });
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// 10 MB strings

describe("10 MB strings", () => {
  const big = (prefix: string, fill: string, suffix = "") => `${prefix}${fill.repeat(Math.ceil((TEN_MB - prefix.length - suffix.length) / fill.length))}${suffix}`;
  const KEY = big("k", "k");
  // Checking a 10 MB string's length takes ~45 ms (ajv counts code points), twice per
  // validation: the first case runs every validator under both profiles, the others
  // validateCallEvent and parseCallEvent for their own event (the wrappers call the same code),
  // so the file stays fast.
  const LIGHT_UPDATE: Selection = { profiles: ["lenient", "strict"], events: ["onCallUpdate"], wrappers: false };
  const LIGHT_CREATE: Selection = { profiles: ["lenient", "strict"], events: ["onCallCreate"], wrappers: false };
  const cases: Array<[string, () => Loose, EventExpectation, Selection]> = [
    [
      "phone_number",
      () => { const p = create(); p.data.call.phone_number = big("+1", "5"); return p; },
      {
        event: "onCallCreate",
        strict: { pointer: "/data/call/phone_number", rule: "schema:maxLength" },
        lenient: { pointer: "/data/call/phone_number", rule: "schema:maxLength" },
      },
      { profiles: ["lenient", "strict"], events: ["onCallCreate"] },
    ],
    [
      "created_time (a date-time with a 10 MB fraction)",
      () => { const p = update(); p.data.call.created_time = big("2024-03-05T10:15:30.", "1", "Z"); return p; },
      {
        event: "onCallUpdate",
        strict: { pointer: "/data/call/created_time", rule: "schema:maxLength" },
        lenient: { pointer: "/data/call/created_time", rule: "schema:maxLength" },
      },
      LIGHT_UPDATE,
    ],
    [
      "call_notes",
      () => {
        const p = update3();
        p.data.call.call_notes = big("Customer asked ", "a callback ");
        p.data.changes.call_notes = writeChangeTuple({ from: null, to: p.data.call.call_notes });
        return p;
      },
      {
        event: "onCallUpdate",
        strict: { pointer: "/data/call/call_notes", rule: "schema:maxLength" },
        lenient: { pointer: "/data/call/call_notes", rule: "schema:maxLength" },
      },
      LIGHT_UPDATE,
    ],
    [
      "cost_unit",
      () => { const p = update(); p.data.call.participants[1].cost_unit = big("", "usd"); return p; },
      {
        event: "onCallUpdate",
        strict: { pointer: "/data/call/participants/1/cost_unit", rule: "schema:pattern" },
        lenient: { pointer: "/data/call/participants/1/cost_unit", rule: "schema:pattern" },
      },
      {}, // no maxLength on cost_unit: cheap, so every validator under every profile
    ],
    [
      "recording url (a plain https URL)",
      () => { const p = update(); p.data.call.recording.url = big("https://sample.freshcaller.com/api/v1/recordings/", "a"); return p; },
      {
        event: "onCallUpdate",
        strict: { pointer: "/data/call/recording/url", rule: "schema:maxLength" },
        lenient: { pointer: "/data/call/recording/url", rule: "schema:maxLength" },
      },
      LIGHT_UPDATE,
    ],
    [
      "recording url (ending in a space, so the fast path hands it to ajv-formats)",
      () => { const p = update(); p.data.call.recording.url = big("https://sample.freshcaller.com/api/v1/recordings/", "a", " "); return p; },
      {
        event: "onCallUpdate",
        strict: { pointer: "/data/call/recording/url", rule: "schema:maxLength" },
        lenient: { pointer: "/data/call/recording/url", rule: "schema:maxLength" },
      },
      LIGHT_UPDATE,
    ],
    [
      "a key of data.call",
      () => { const p = create(); setOwn(p.data.call, KEY, 1); return p; },
      {
        event: "onCallCreate",
        strict: { pointer: `/data/call/${KEY}`, rule: "schema:additionalProperties" },
        lenient: { warning: { pointer: `/data/call/${KEY}`, rule: "schema:additionalProperties" } },
      },
      LIGHT_CREATE,
    ],
    [
      "a key of changes",
      () => { const p = update(); setOwn(p.data.changes, KEY, [1, 0]); return p; },
      {
        event: "onCallUpdate",
        strict: { pointer: `/data/changes/${KEY}`, rule: "changes:call-attribute" },
        lenient: { pointer: `/data/changes/${KEY}`, rule: "changes:call-attribute" },
      },
      LIGHT_UPDATE,
    ],
  ];
  /** What each case's validators returned, for the test of what problems echo. */
  const seen = new Map<string, Problem[]>();

  for (const [name, build, expectation, select] of cases) {
    it(`in ${name}: nothing throws, the problem is at the string`, () => {
      const report = runEverything(build(), { jsonParsed: true, select });
      for (const profile of ["strict", "lenient"] as const) {
        const result = report.outcomes.get(`validateCallEvent(${expectation.event}, ${profile})`)!.value as { problems: Problem[] };
        seen.set(`${name}, ${profile}`, result.problems);
      }
      expectVerdict(report, expectation);
    });
  }

  it("problems never echo a 10 MB string or key back (expected, found and message stay short)", () => {
    const overlongs: string[] = [];
    for (const [name, build, { event }] of cases) {
      for (const profile of ["strict", "lenient"] as const) {
        let problems = seen.get(`${name}, ${profile}`);
        if (!problems) {
          try {
            problems = validateCallEvent(event, build(), { profile }).problems;
          } catch {
            continue; // a throw is reported by the test of that case
          }
        }
        for (const problem of problems) {
          const why = overlong(problem);
          if (why) overlongs.push(`in ${name}, ${profile}: ${why}`);
        }
      }
    }
    expect(overlongs).toEqual([]);
  });

  it("isDateTime and isUri answer (true or false, never throw) for 10 MB strings", () => {
    const strings = [
      big("https://a.example/", "a"),
      big("https://a.example/", "a", " "),
      big("urn:", "a"),
      big("x", "x"),
      big("2024-03-05T10:15:30.", "1", "Z"),
      big("2024-03-05T10:15:30.", "1", "x"),
    ];
    const thrown: string[] = [];
    for (const s of strings) {
      for (const [name, check] of [["isUri", isUri], ["isDateTime", isDateTime]] as const) {
        try {
          expect(typeof check(s)).toBe("boolean");
        } catch (error) {
          thrown.push(`${name}(${JSON.stringify(s.slice(0, 24))}… ${s.length} chars) threw ${String(error)}`);
        }
      }
    }
    expect(thrown).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// __proto__ and constructor keys

describe('keys named "__proto__" and "constructor" (JSON.parse keeps them as own properties)', () => {
  const PROTO = '"__proto__":{"polluted":"yes","isAdmin":true}';
  const CTOR = '"constructor":{"prototype":{"polluted":"yes"}}';
  /** Inserts JSON members right after the first `"<key>": {` in a payload's text. */
  const inject = (text: string, key: string, members: string) => {
    const marker = `"${key}": {`;
    const at = text.indexOf(marker) + marker.length;
    if (at < marker.length) throw new Error(`no ${marker} in the example`);
    const empty = text[at] === "}";
    return `${text.slice(0, at)}${members}${empty ? "" : ","}${text.slice(at)}`;
  };
  const atRoot = (text: string, members: string) => `{${members},${text.trimStart().slice(1)}`;

  const cases: Array<[string, string, EventExpectation]> = [
    ["at the root (the envelope is open)", atRoot(CREATE_TEXT, `${PROTO},${CTOR}`), { event: "onCallCreate", strict: "valid", lenient: "valid" }],
    [
      "inside data",
      inject(UPDATE_TEXT, "data", `${PROTO},${CTOR}`),
      {
        event: "onCallUpdate",
        strict: { pointer: "/data/__proto__", rule: "schema:additionalProperties" },
        lenient: { warning: { pointer: "/data/__proto__", rule: "schema:additionalProperties" } },
      },
    ],
    [
      "inside data.call",
      inject(CREATE_TEXT, "call", `${PROTO},${CTOR}`),
      {
        event: "onCallCreate",
        strict: { pointer: "/data/call/constructor", rule: "schema:additionalProperties" },
        lenient: { warning: { pointer: "/data/call/__proto__", rule: "schema:additionalProperties" } },
      },
    ],
    [
      "inside the recording",
      inject(UPDATE_TEXT, "recording", PROTO),
      {
        event: "onCallUpdate",
        strict: { pointer: "/data/call/recording/__proto__", rule: "schema:additionalProperties" },
        lenient: { warning: { pointer: "/data/call/recording/__proto__", rule: "schema:additionalProperties" } },
      },
    ],
    [
      "inside the actor",
      inject(UPDATE_3_TEXT, "actor", PROTO),
      {
        event: "onCallUpdate",
        strict: { pointer: "/data/actor/__proto__", rule: "schema:additionalProperties" },
        lenient: { warning: { pointer: "/data/actor/__proto__", rule: "schema:additionalProperties" } },
      },
    ],
    [
      'as a changes key: {"__proto__": [1, 2]}',
      inject(UPDATE_3_TEXT, "changes", '"__proto__":[1,2]'),
      {
        event: "onCallUpdate",
        strict: { pointer: "/data/changes/__proto__", rule: "changes:call-attribute" },
        lenient: { pointer: "/data/changes/__proto__", rule: "changes:call-attribute" },
      },
    ],
    [
      'as changes keys: "constructor", "toString", "hasOwnProperty"',
      inject(UPDATE_TEXT, "changes", '"constructor":[1,2],"toString":["a","b"],"hasOwnProperty":[null,null]'),
      {
        event: "onCallUpdate",
        strict: { pointer: "/data/changes/constructor", rule: "changes:call-attribute" },
        lenient: { pointer: "/data/changes/hasOwnProperty", rule: "changes:call-attribute" },
      },
    ],
    [
      'as a changes key holding an object: {"__proto__": {"call_notes": [1, 2]}}',
      inject(UPDATE_TEXT, "changes", '"__proto__":{"call_notes":[1,2]}'),
      {
        event: "onCallUpdate",
        strict: { pointer: "/data/changes/__proto__", rule: "schema:type" },
        lenient: { pointer: "/data/changes/__proto__", rule: "schema:type" },
      },
    ],
    [
      "inside iparams, app_settings and associations of an update (open bags)",
      inject(inject(inject(UPDATE_TEXT, "associations", PROTO), "iparams", PROTO), "app_settings", CTOR),
      { event: "onCallUpdate", strict: "valid", lenient: "valid" },
    ],
    [
      "inside currentHost and its endpoint_urls",
      inject(inject(UPDATE_3_TEXT, "currentHost", PROTO), "endpoint_urls", '"__proto__":"https://evil.example/"'),
      { event: "onCallUpdate", strict: "valid", lenient: "valid" },
    ],
  ];

  for (const [name, text, expectation] of cases) {
    it(name, () => {
      const payload = JSON.parse(text);
      const clone = structuredClone(payload);
      // The clone must keep the own "__proto__" keys, or comparing with it proves nothing.
      expect(firstDifference(payload, clone)).toBeUndefined();
      const report = runEverything(payload, { jsonParsed: true, clone });
      expectVerdict(report, expectation);
      expect(({} as Loose).polluted).toBeUndefined();
      expect(({} as Loose).isAdmin).toBeUndefined();
    });
  }

  it("a payload whose fields sit only under __proto__ is no call event (inherited fields do not count)", () => {
    const payload = JSON.parse(`{"__proto__":${CREATE_TEXT}}`);
    const report = runEverything(payload, { jsonParsed: true });
    const parsed = report.outcomes.get("parseCallEvent(strict)")!.value as ReturnType<typeof parseCallEvent>;
    expect(parsed).toMatchObject({ ok: false, problems: [{ pointer: "/event", rule: "event:name" }] });
    const strict = report.outcomes.get("validateCallEvent(onCallCreate, strict)")!.value as { valid: boolean; problems: Problem[] };
    expect(strict.valid).toBe(false);
    expect(has(strict.problems, { pointer: "/event", rule: "schema:required" }, "error")).toBe(true);
  });

  it("normalising a payload with __proto__ keys copies them as data, never as prototypes", () => {
    const text = inject(atRoot(CREATE_TEXT, PROTO), "call", PROTO).replace('"direction": "incoming"', '"direction": "Incoming"');
    const payload = JSON.parse(text);
    const report = runEverything(payload, { jsonParsed: true });
    const normalized = report.outcomes.get("normalizeCallEvent")!.value as ReturnType<typeof normalizeCallEvent<Loose>>;
    expect(normalized.problems).toMatchObject([{ pointer: "/data/call/direction", rule: "normalize:direction", severity: "warning" }]);
    const out = normalized.payload;
    expect(out).not.toBe(payload);
    expect(out.data.call.direction).toBe("incoming");
    for (const object of [out, out.data, out.data.call]) expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(Object.hasOwn(out, "__proto__")).toBe(true);
    expect(Object.hasOwn(out.data.call, "__proto__")).toBe(true);
    expect(out.polluted).toBeUndefined();
    expect(out.data.call.polluted).toBeUndefined();
    // Lenient: the normalised copy is valid; the docs' spelling is a warning, __proto__ in call is drift.
    const lenient = report.outcomes.get("validateCallEvent(onCallCreate, lenient)")!.value as { valid: boolean; problems: Problem[] };
    expect(lenient.valid).toBe(true);
    expect(has(lenient.problems, { pointer: "/data/call/direction", rule: "normalize:direction" }, "warning")).toBe(true);
    expect(has(lenient.problems, { pointer: "/data/call/__proto__", rule: "schema:additionalProperties" }, "warning")).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// The REST resources (lenient only: the REST API adds fields the events lack)

describe("validateRestResource on hostile REST bodies", () => {
  const LIST_TEXT = exampleText("rest/call-list-response/one-page");
  const CALL_TEXT = exampleText("rest/call-response/completed");
  type RestCase = [string, RestResourceName, () => unknown, "valid" | Expected];
  const cases: RestCase[] = [
    ["the list example as it is", "CallListResponse", () => JSON.parse(LIST_TEXT), "valid"],
    ["the call example as it is", "CallResponse", () => JSON.parse(CALL_TEXT), "valid"],
    [
      `calls nested ${DEPTH} deep`,
      "CallListResponse",
      () => ({ calls: nested("array"), meta: { current: 1, total_pages: 1, total_count: 1 } }),
      { pointer: "/calls/0", rule: "schema:type" },
    ],
    [
      `an extra field ${DEPTH} deep in a call (the REST call is open)`,
      "CallResponse",
      () => Object.assign(JSON.parse(CALL_TEXT), { extra: nested("object") }),
      "valid",
    ],
    [
      "__proto__ and constructor keys in the call and a participant",
      "CallResponse",
      () => JSON.parse(CALL_TEXT.replace('"call": {', '"call": {"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},').replace('"participants": [\n      {', '"participants": [{"__proto__":{"polluted":1},')),
      "valid",
    ],
    [
      "__proto__ in an error's details",
      "ApiError",
      () => JSON.parse('{"error_type":"invalid","message":"m","errors":[{"__proto__":{"field":1},"field":"x"}],"__proto__":{"message":1}}'),
      "valid",
    ],
    [
      "a 10 MB error message",
      "ApiError",
      () => ({ error_type: "invalid", message: "m".repeat(TEN_MB), errors: [] }),
      { pointer: "/message", rule: "schema:maxLength" },
    ],
    [
      "a 10 MB recording url ending in a space",
      "CallResponse",
      () => {
        const body = JSON.parse(CALL_TEXT);
        body.call.recording.url = `https://sample.freshcaller.com/${"a".repeat(TEN_MB)} `;
        return body;
      },
      { pointer: "/call/recording/url", rule: "schema:maxLength" },
    ],
  ];
  for (const [name, resource, build, expected] of cases) {
    it(`${resource}: ${name}`, () => {
      const body = build();
      const report = runEverything(body, { jsonParsed: true, select: { profiles: ["lenient"], events: [], wrappers: false } });
      const result = report.outcomes.get(`validateRestResource(${resource})`)!.value as { valid: boolean; problems: Problem[] };
      const context = show(result.problems).join("\n");
      if (expected === "valid") {
        expect(result.valid, context).toBe(true);
      } else {
        expect(result.valid, context).toBe(false);
        expect(has(result.problems, expected, "error"), context).toBe(true);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Generated JSON values

describe("generated JSON values (fast-check)", () => {
  const dangerousKey = fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 8 }) },
    { weight: 2, arbitrary: fc.constantFrom("__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "length") },
    {
      weight: 2,
      arbitrary: fc.constantFrom("event", "data", "call", "changes", "participants", "recording", "direction", "call_status", "id", "call_id", "currentHost"),
    },
  );
  const jsonLikeAnything = fc.anything({
    key: dangerousKey,
    values: [fc.boolean(), fc.integer(), fc.double(), fc.string({ maxLength: 20 }), fc.constant(null)],
    withNullPrototype: true,
    maxDepth: 6,
  });
  const exampleArb = fc.constantFrom(create, create3, update, update3).map((make) => make());

  /** A valid example with one node (found by a random walk) replaced by a generated value. */
  const replacedNode = fc.tuple(exampleArb, fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 3 })).map(([payload, walk, value]) => {
    let parent: Loose = payload;
    let key: string | undefined;
    for (const step of walk) {
      const here = key === undefined ? parent : parent[key];
      if (here === null || typeof here !== "object") break;
      const keys = Object.keys(here);
      if (!keys.length) break;
      if (key !== undefined) parent = here;
      key = keys[step % keys.length];
    }
    if (key !== undefined) parent[key] = value;
    return payload;
  });
  /** A valid example with one generated member added to an object found by a random walk. */
  const addedMember = fc.tuple(exampleArb, fc.array(fc.nat(), { maxLength: 6 }), dangerousKey, fc.jsonValue({ maxDepth: 3 })).map(([payload, walk, name, value]) => {
    let here: Loose = payload;
    for (const step of walk) {
      const keys = Object.keys(here).filter((k) => here[k] !== null && typeof here[k] === "object" && !Array.isArray(here[k]));
      if (!keys.length) break;
      here = here[keys[step % keys.length]!];
    }
    setOwn(here, name, value);
    return payload;
  });

  const select: Selection = { profiles: ["lenient", "strict"] };
  const property = (input: unknown) => {
    runEverything(input, { select });
  };

  it("fc.jsonValue(): nothing throws, every problem has a rule and a pointer", () => {
    fc.assert(fc.property(fc.jsonValue(), property), { numRuns: 200 });
  });

  it("fc.jsonValue() under the names a payload uses", () => {
    const payloadish = fc.dictionary(dangerousKey, fc.jsonValue({ maxDepth: 4 }), { maxKeys: 8 });
    fc.assert(fc.property(payloadish, property), { numRuns: 200 });
  });

  it("fc.anything() restricted to JSON-like values (null-prototype objects, -0, NaN, dangerous keys)", () => {
    fc.assert(fc.property(jsonLikeAnything, property), { numRuns: 200 });
  });

  it("valid examples with one node replaced by a generated JSON value", () => {
    fc.assert(fc.property(replacedNode, property), { numRuns: 200 });
  });

  it("valid examples with one generated member added somewhere", () => {
    fc.assert(fc.property(addedMember, property), { numRuns: 200 });
  });

  it("the same generated values as JSON text, parsed (own __proto__ keys included)", () => {
    const texts = fc.oneof(replacedNode, addedMember, fc.jsonValue()).map((value) => JSON.stringify(value));
    fc.assert(
      fc.property(texts, (text) => {
        runEverything(JSON.parse(text), { jsonParsed: true, select });
      }),
      { numRuns: 200 },
    );
  });
});
