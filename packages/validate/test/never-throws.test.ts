// No validator or type guard of @fwcall/validate or @fwcall/types throws, whatever it is given
// (issue 12 item 4): an unknown or hostile event name, a Proxy that throws on every access, a
// getter that throws, a revoked Proxy, nesting deeper than the stack, a 10 MB string, keys named
// __proto__, and values JSON cannot hold. Every exported function is called, found by iterating
// over the exports, so a function added later is covered too.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as types from "@fwcall/types";
import * as validate from "@fwcall/validate";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
type AnyFunction = (...args: unknown[]) => unknown;

const example = (): Loose =>
  JSON.parse(readFileSync(new URL("../../../schemas/examples/on-call-update/fdk-default.json", import.meta.url), "utf8"));

const boom = () => {
  throw new Error("hostile");
};
const TRAPS = ["get", "has", "ownKeys", "getOwnPropertyDescriptor", "getPrototypeOf", "set", "defineProperty", "deleteProperty", "apply"] as const;
const throwingProxy = (target: object) => new Proxy(target, Object.fromEntries(TRAPS.map((trap) => [trap, boom])));

function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** Values no validator may throw on, by a name for the failure message. */
function hostileValues(): Array<[string, unknown]> {
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  const getter = example();
  Object.defineProperty(getter.data, "call", { enumerable: true, get: boom });
  const throwingEvent = example();
  Object.defineProperty(throwingEvent, "event", { enumerable: true, get: boom });
  const deepInside = example();
  deepInside.iparams = { deep: nested(100_000) };
  deepInside.data.changes = { call_notes: [nested(100_000), null] };
  const protoKeys = JSON.parse('{"__proto__": {"event": "onCallCreate"}, "constructor": {"prototype": 1}, "event": "onCallUpdate", "data": {"__proto__": []}}');
  const nullPrototype = Object.assign(Object.create(null), example());
  const hostileError = throwingProxy(new Error("x"));
  return [
    ["undefined", undefined],
    ["null", null],
    ["NaN", Number.NaN],
    ["-0", -0],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["a bigint", 10n],
    ["a symbol", Symbol("hostile")],
    ["a function", () => 1],
    ["an empty string", ""],
    ["onTicketCreate", "onTicketCreate"],
    ["__proto__", "__proto__"],
    ["constructor", "constructor"],
    ["toString", "toString"],
    ["a 10 MB string", "x".repeat(10 * 1024 * 1024)],
    ["a Proxy that throws on every access", throwingProxy({})],
    ["an array Proxy that throws", throwingProxy([])],
    ["a function Proxy that throws", throwingProxy(() => 1)],
    ["an Error Proxy that throws", hostileError],
    ["a revoked Proxy", revocable.proxy],
    ["a payload whose call is a throwing getter", getter],
    ["a payload whose event is a throwing getter", throwingEvent],
    ["an array nested 100,000 deep", nested(100_000)],
    ["a payload with values nested 100,000 deep", deepInside],
    ["__proto__ and constructor keys", protoKeys],
    ["a null-prototype payload", nullPrototype],
    ["an array of hostile problems", [throwingProxy({}), null, 1]],
  ];
}

const functionsOf = (module: Record<string, unknown>) =>
  Object.entries(module).filter((entry): entry is [string, AnyFunction] => typeof entry[1] === "function");

/** Calls a function and fails the test, naming the call, if it throws. */
function callSafely(name: string, fn: AnyFunction, args: unknown[], labels: string[]): unknown {
  try {
    return fn(...args);
  } catch (error) {
    throw new Error(`${name}(${labels.join(", ")}) threw: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Reads a stream a JSON Lines validator returned: it must end, either with results that each have
 * a line, or with an Error that says what was wrong (a source that is not one, a bad option).
 */
async function expectStreamEnds(name: string, stream: AsyncIterable<Loose>, labels: string[]): Promise<void> {
  try {
    for await (const item of stream) {
      for (const result of Array.isArray(item) ? item : [item]) expect(typeof result.line, `${name}(${labels.join(", ")})`).toBe("number");
    }
  } catch (error) {
    expect(error, `${name}(${labels.join(", ")})`).toBeInstanceOf(Error);
    expect((error as Error).message.length, `${name}(${labels.join(", ")})`).toBeGreaterThan(0);
  }
}

/** Whether a result of a validator has the documented shape: a flag and problems that each have a pointer and a rule. */
function expectResultShape(name: string, result: Loose): void {
  if (result !== null && typeof result === "object" && typeof result[Symbol.asyncIterator] === "function") return;
  if (name.startsWith("is")) {
    expect(typeof result, name).toBe("boolean");
    return;
  }
  if (!name.startsWith("validate") && !name.startsWith("parse")) return;
  expect(Array.isArray(result.problems), name).toBe(true);
  for (const problem of result.problems) {
    expect(typeof problem.pointer, name).toBe("string");
    expect(typeof problem.rule, name).toBe("string");
    expect(typeof problem.message, name).toBe("string");
  }
}

describe("no exported function of @fwcall/validate throws", () => {
  const functions = functionsOf(validate);

  it("finds the validators and type guards it must check", () => {
    const names = functions.map(([name]) => name);
    for (const expected of ["validateCallEvent", "validateOnCallCreate", "validateOnCallUpdate", "isOnCallCreate", "isOnCallUpdate", "parseCallEvent", "validateRestResource", "normalizeCallEvent", "isDateTime", "isUri"]) {
      expect(names).toContain(expected);
    }
  });

  it.each(functions)("%s, given a hostile value in any argument, alone or beside valid ones", async (name, fn) => {
    const hostile = hostileValues();
    const valid = { event: "onCallUpdate", payload: example(), options: { profile: "strict" } };
    for (const [label, value] of hostile) {
      const calls: Array<[unknown[], string[]]> = [
        [[value], [label]],
        [[value, valid.payload], [label, "a valid payload"]],
        [[valid.event, value], ["onCallUpdate", label]],
        [[valid.event, value, valid.options], ["onCallUpdate", label, "{ profile: strict }"]],
        [[valid.event, valid.payload, value], ["onCallUpdate", "a valid payload", `options: ${label}`]],
        [[value, valid.options], [label, "{ profile: strict }"]],
        [[valid.payload, value], ["a valid payload", `options: ${label}`]],
      ];
      for (const [args, labels] of calls) {
        const result = callSafely(name, fn, args, labels) as Loose;
        expectResultShape(name, result);
        // The JSON Lines validators return a stream: reading it must end too, without a crash or a hang.
        if (result !== null && typeof result === "object" && typeof result[Symbol.asyncIterator] === "function") await expectStreamEnds(name, result, labels);
      }
    }
  }, 120_000);
});

describe("validateCallEvent and parseCallEvent with an unknown or hostile event name", () => {
  it.each([
    ["onTicketCreate", "onTicketCreate"],
    ["__proto__", "__proto__"],
    ["constructor", "constructor"],
    ["toString", "toString"],
    ["an empty string", ""],
    ["42", 42],
    ["null", null],
    ["undefined", undefined],
    ["a symbol", Symbol("x")],
    ["an object whose toString throws", { toString: boom }],
  ])(
    "validateCallEvent(%s, payload) is invalid with an event:name problem",
    (_label, event) => {
      const result = validate.validateCallEvent(event as never, example());
      expect(result.valid).toBe(false);
      expect(result.problems).toEqual([expect.objectContaining({ rule: "event:name", severity: "error", expected: '"onCallCreate" or "onCallUpdate"' })]);
    },
  );

  it("names an unknown event in the payload at /event", () => {
    const parsed = validate.parseCallEvent({ ...example(), event: "__proto__" });
    expect(parsed).toMatchObject({ ok: false, event: undefined, problems: [{ pointer: "/event", rule: "event:name" }] });
  });

  it("reports a value that throws when read as input:unreadable, and an unknown profile as options:profile", () => {
    const getter = example();
    Object.defineProperty(getter.data, "call", { enumerable: true, get: boom });
    expect(validate.validateOnCallUpdate(getter).problems).toEqual([expect.objectContaining({ rule: "input:unreadable", message: "cannot read the value: hostile" })]);
    expect(validate.parseCallEvent(throwingProxy({})).problems).toEqual([expect.objectContaining({ rule: "input:unreadable" })]);
    expect(validate.validateOnCallUpdate(example(), { profile: "sloppy" as never }).problems).toEqual([expect.objectContaining({ rule: "options:profile" })]);
    expect(validate.isOnCallUpdate(throwingProxy({}))).toBe(false);
  });

  it("leaves Object.prototype as it was", () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(Object.getOwnPropertyNames(Object.getPrototypeOf({})).sort());
    expect(({} as Loose).event).toBeUndefined();
  });
});

describe("no validator or type guard of @fwcall/types throws", () => {
  // Its guards (isKnown…) and name look-ups (…Name): the functions that take any value by design.
  const guards = functionsOf(types).filter(([name]) => /^is[A-Z]/.test(name) || name.endsWith("Name"));

  it("finds its guards", () => {
    expect(guards.map(([name]) => name)).toEqual(expect.arrayContaining(["isKnownCallStatus", "isKnownDirection", "callStatusName", "regionName"]));
  });

  it.each(guards)("%s, given any hostile value", (name, fn) => {
    for (const [label, value] of hostileValues()) {
      const result = callSafely(name, fn, [value], [label]);
      // -0 is the documented 0 (JSON reads "-0" as -0); nothing else here is a documented value.
      if (Object.is(value, -0)) continue;
      if (name.startsWith("is")) expect(result, `${name}(${label})`).toBe(false);
      else expect(result, `${name}(${label})`).toBeUndefined();
    }
  });
});
