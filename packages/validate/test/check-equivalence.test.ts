// The generated boolean checkers (src/generated/check.ts) are the fast path of schemaCheck(): they
// must accept and reject exactly what the ajv standalone validators of the same profile do. This
// compares the two, for both events and both profiles, on the schema examples, the fixtures'
// mutants and case matrix, plain JSON values, and thousands of random mutations of payloads.
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { loadExampleFiles, loadSchemas } from "@fwcall/schemas";
import { describe, expect, it } from "vitest";
import { checkLenient, checkStrict } from "../src/generated/check.js";
import * as lenientAjv from "../src/generated/lenient.js";
import * as strictAjv from "../src/generated/strict.js";
import { onCallCreateArb, onCallUpdateArb } from "./arbitraries.js";

// @fwcall/cases depends on @fwcall/validate, so this package cannot depend on it (turbo refuses
// the cycle): its source is loaded by path, and only the part of its API used here is typed.
interface FixturesApi {
  applicableCases(): ReadonlyArray<{ id: string }>;
  buildCase(id: string, options?: { seed?: number; platform?: "2.x" | "3.0" }): unknown;
}
interface MutantsApi {
  mutants(): ReadonlyArray<{ id: string; payload: unknown }>;
}
const fixtureSource = (file: string) => fileURLToPath(new URL(`../../cases/src/${file}`, import.meta.url));
const fixtures = (await import(/* @vite-ignore */ fixtureSource("index.ts"))) as FixturesApi;
const { mutants } = (await import(/* @vite-ignore */ fixtureSource("mutants.ts"))) as MutantsApi;

const TITLES = ["OnCallCreatePayload", "OnCallUpdatePayload"] as const;
const PROFILES = ["strict", "lenient"] as const;
type Title = (typeof TITLES)[number];
type Profile = (typeof PROFILES)[number];

const AJV: Record<Profile, Record<Title, (data: unknown) => boolean>> = {
  strict: { OnCallCreatePayload: (d) => strictAjv.validators().OnCallCreatePayload(d), OnCallUpdatePayload: (d) => strictAjv.validators().OnCallUpdatePayload(d) },
  lenient: { OnCallCreatePayload: (d) => lenientAjv.validators().OnCallCreatePayload(d), OnCallUpdatePayload: (d) => lenientAjv.validators().OnCallUpdatePayload(d) },
};
const CHECK: Record<Profile, Record<Title, (data: unknown) => boolean>> = { strict: checkStrict, lenient: checkLenient };

/** How often each side decided what, so a test can show it was not trivially one-sided. */
class Tally {
  compared = 0;
  accepted: Record<Profile, number> = { strict: 0, lenient: 0 };
  disagreements: string[] = [];

  /** Compares checker and ajv on one value, for both events and both profiles. */
  compare(value: unknown, label: () => string): void {
    for (const profile of PROFILES) {
      for (const title of TITLES) {
        const expected = AJV[profile][title](value);
        const actual = CHECK[profile][title](value);
        this.compared++;
        if (expected) this.accepted[profile]++;
        if (actual !== expected) this.disagreements.push(`${profile} ${title}: ajv ${expected}, checker ${actual} on ${label()}`);
      }
    }
  }

  /** Whether one value got the same decisions (for fast-check's shrinking). */
  agrees(value: unknown): boolean {
    const before = this.disagreements.length;
    this.compare(value, () => show(value));
    return this.disagreements.length === before;
  }
}

/** JSON.stringify, showing undefined, NaN and the infinities rather than dropping them. */
function show(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (v === undefined ? "<undefined>" : typeof v === "number" && !Number.isFinite(v) ? `<${v}>` : v));
  return text && text.length > 2000 ? `${text.slice(0, 2000)}…` : String(text);
}

const expectAgreement = (tally: Tally) => expect(tally.disagreements.slice(0, 5)).toEqual([]);

// ---------------------------------------------------------------------------------------------
// Fixed inputs

const examplePayloads = loadExampleFiles().map(({ file, example }) => ({ name: file, payload: example }));
const cases = fixtures.applicableCases();
const casePayloads = cases.flatMap((cell) =>
  (["2.x", "3.0"] as const).map((platform) => ({ name: `${cell.id} (${platform})`, payload: fixtures.buildCase(cell.id, { platform }) })),
);
const mutantPayloads = mutants().map((m) => ({ name: m.id, payload: m.payload }));

describe("the generated checkers decide as ajv", () => {
  it("on every example of schemas/examples", () => {
    const tally = new Tally();
    for (const { name, payload } of examplePayloads) tally.compare(payload, () => name);
    expectAgreement(tally);
    expect(examplePayloads.filter((e) => (e.payload as { event?: unknown }).event).length).toBeGreaterThanOrEqual(4);
    expect(tally.accepted.strict).toBeGreaterThanOrEqual(4); // each event example passes its own event's schema
  });

  it("on every mutant of @fwcall/cases/mutants", () => {
    const tally = new Tally();
    for (const { name, payload } of mutantPayloads) tally.compare(payload, () => name);
    expectAgreement(tally);
    expect(mutantPayloads.length).toBeGreaterThan(100);
    // mutants that break only the documented contract still pass the lenient profile
    expect(tally.accepted.lenient).toBeGreaterThan(0);
  });

  it("on every applicable case of the matrix, on both platforms", () => {
    const tally = new Tally();
    for (const { name, payload } of casePayloads) tally.compare(payload, () => name);
    expectAgreement(tally);
    expect(casePayloads.length).toBe(cases.length * 2);
    expect(tally.accepted.strict).toBeGreaterThan(0);
    expect(tally.accepted.lenient).toBeGreaterThan(tally.accepted.strict); // the undocumented-status cells
  });

  it("on plain JSON values", () => {
    const tally = new Tally();
    const values: unknown[] = [null, true, false, 0, -0, 1, 1.5, -1, 2 ** 53, "", "onCallUpdate", [], [{}], [null], {}, { event: "onCallCreate" }, { event: "onCallUpdate", data: {} }];
    for (const value of values) tally.compare(value, () => show(value));
    fc.assert(fc.property(fc.jsonValue(), (value) => tally.agrees(value)), { numRuns: 1000 });
    // and as a payload's data, and in place of a whole call
    const [base] = examplePayloads.filter((e) => (e.payload as { event?: unknown }).event === "onCallUpdate");
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const payload = structuredClone(base!.payload) as { data: Record<string, unknown> };
        const other = structuredClone(payload);
        (payload as Record<string, unknown>).data = value;
        other.data.call = value;
        return tally.agrees(payload) && tally.agrees(other);
      }),
      { numRuns: 500 },
    );
    expectAgreement(tally);
  });
});

// ---------------------------------------------------------------------------------------------
// Every node of real payloads, replaced by every edge value

const MAX_LENGTHS = [16, 64, 128, 256, 512, 2048];
/** Values at the edges of what the schemas allow: types, limits, lengths in code points, formats. */
const EDGE_VALUES: unknown[] = [
  null, true, false, [], {}, [1, 2], ["a", "b"], [null],
  0, -0, -1, 1, 1.5, 0.0125, 7, 14, 16, 17, 2 ** 53, 1e300, -1e300,
  "", "seconds", "usd", "US", "incoming", "Customer", "system", "onCallUpdate",
  "2024-03-05T10:15:30Z", "2024-02-30T10:15:30Z", "2024-03-05T10:15:30", "https://a.example/x", "/x",
  // at and just past each maxLength, in UTF-16 units and in code points (astral characters count once)
  ...MAX_LENGTHS.flatMap((n) => ["a".repeat(n), "a".repeat(n + 1), "\u{1F600}".repeat(n), "\u{1F600}".repeat(n + 1), "\ud800".repeat(n + 1)]),
];
const JS_ONLY_EDGE_VALUES: unknown[] = [undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

describe("the generated checkers decide as ajv at every node of real payloads", () => {
  const sweepBases = [
    ...examplePayloads.filter((e) => (e.payload as { event?: unknown }).event),
    // one case (the matrix's last) of each event, direction and update kind, on alternating platforms
    ...[...new Map(cases.map((cell) => [cell.id.split("/").filter((_, i) => i !== 2).join("/"), cell.id])).values()]
      .map((id, i) => {
        const platform = i % 2 ? "2.x" : "3.0";
        return { name: `${id} (${platform})`, payload: fixtures.buildCase(id, { platform }) };
      }),
  ];

  /** Replaces (then restores) the value at every path by each value, removes it, adds a key beside it. */
  function sweep(values: readonly unknown[], tally: Tally): void {
    for (const { name, payload: original } of sweepBases) {
      const payload = structuredClone(original);
      for (const path of pathsOf(payload)) {
        if (!path.length) continue;
        const parent = get(payload, path.slice(0, -1)) as Record<string | number, unknown>;
        const step = path[path.length - 1]!;
        const saved = parent[step];
        const label = (what: string) => () => `${name} with ${what} at /${path.join("/")}`;
        for (const value of values) {
          parent[step] = value;
          tally.compare(payload, label(show(value).slice(0, 40)));
        }
        parent[step] = saved;
        if (Array.isArray(parent)) {
          parent.splice(step as number, 1);
          tally.compare(payload, label("the item removed"));
          parent.splice(step as number, 0, saved);
        } else {
          delete parent[step];
          tally.compare(payload, label("the key removed"));
          parent[step] = saved;
          parent.x_undocumented_field = 1;
          tally.compare(payload, label("an extra key beside it"));
          delete parent.x_undocumented_field;
        }
      }
    }
  }

  it("with JSON values", () => {
    const tally = new Tally();
    sweep(EDGE_VALUES, tally);
    expectAgreement(tally);
    expect(sweepBases.length).toBe(examplePayloads.filter((e) => (e.payload as { event?: unknown }).event).length + 2 + 2 * 6);
  });

  it("with values only the JS API can pass", () => {
    const tally = new Tally();
    sweep(JS_ONLY_EDGE_VALUES, tally);
    expectAgreement(tally);
  });
});

// ---------------------------------------------------------------------------------------------
// Random mutations

type Path = Array<string | number>;

/** Every path to a node of the value, the root's included. */
function pathsOf(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...at, i], out));
  else if (value !== null && typeof value === "object") for (const key of Object.keys(value)) pathsOf((value as Record<string, unknown>)[key], [...at, key], out);
  return out;
}

const get = (root: unknown, path: Path): unknown => path.reduce<unknown>((node, step) => (node as Record<string | number, unknown>)[step], root);

/** Sets an own enumerable property, even one named "__proto__" (as JSON.parse makes it). */
function setOwn(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Every property name the schemas know, so that added keys are often the interesting ones. */
const SCHEMA_KEYS = [
  ...new Set(
    loadSchemas().flatMap(({ schema }) => {
      const names: string[] = [];
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node !== null && typeof node === "object") {
          const props = (node as { properties?: unknown }).properties;
          if (props && typeof props === "object") names.push(...Object.keys(props));
          Object.values(node).forEach(walk);
        }
      };
      walk(schema);
      return names;
    }),
  ),
];

const LENGTH_LIMITS = [0, 3, 16, 64, 128, 256, 512, 2048];
/** Strings at and around every maxLength, in one-unit, astral (two units, one code point) and lone-surrogate characters. */
const edgeLengthString = fc
  .tuple(fc.constantFrom(...LENGTH_LIMITS), fc.constantFrom(-1, 0, 1), fc.constantFrom("a", "\u{1F600}", "\ud800", "é"))
  .map(([limit, delta, unit]) => unit.repeat(Math.max(0, limit + delta)));

const stringValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "seconds",
    "Seconds",
    "usd",
    "US",
    "EUC",
    "us",
    "incoming",
    "Incoming",
    "Customer",
    "agent",
    "system",
    "onCallCreate",
    "onCallUpdate",
    "2024-03-05T10:15:30.000Z",
    "2024-03-05T10:15:30Z",
    "2024-03-05t10:15:30z",
    "2024-03-05 10:15:30+05:30",
    "2024-03-05T07:15:30.000-03:00",
    "2024-02-30T10:15:30.000Z",
    "2024-03-05T10:15:30",
    "2016-12-31T23:59:60Z",
    "https://acme.freshcaller.com/api/v1/recordings/1",
    "/relative/path",
    "mailto:someone@example.com",
    "https://exa mple.com",
    "12345",
  ),
  edgeLengthString,
  fc.string({ maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 40 }),
);

/** Numbers JSON can carry, edges included: fractions, negative zero, huge and unsafe integers. */
const numberValue: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, 1.5, 0.0125, 7, 14, 16, 17, 30, 31, 32, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e21, 1e300, -1e300, Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON),
  fc.integer({ min: -5, max: 40 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: stringValue },
  { weight: 3, arbitrary: numberValue },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null, null], [1, 2], ["a", "b"], [1, 2, 3]) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** What JSON cannot carry but a caller of the JS API can pass. */
const jsOnlyValue: fc.Arbitrary<unknown> = fc.constantFrom(undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);

const keyName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SCHEMA_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom("x_undocumented_field", "", "__proto__", "constructor", "toString", "ID", "id ") },
  { weight: 1, arbitrary: fc.string({ maxLength: 24 }) },
);

type Mutation =
  | { kind: "replace"; pick: number; value: unknown }
  | { kind: "delete"; pick: number }
  | { kind: "add"; pick: number; key: string; value: unknown }
  | { kind: "copy"; pick: number; from: number };

const mutationArb = (values: fc.Arbitrary<unknown>): fc.Arbitrary<Mutation> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant("replace" as const), pick: fc.nat(), value: values }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("add" as const), pick: fc.nat(), key: keyName, value: values }) },
    // a value from elsewhere in the payload: right type, wrong place (a timestamp as a URL, …)
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("copy" as const), pick: fc.nat(), from: fc.nat() }) },
  );

/** Applies a mutation to the payload (in place); returns the possibly new root. */
function mutate(root: unknown, mutation: Mutation): unknown {
  const paths = pathsOf(root);
  const path = paths[mutation.pick % paths.length]!;
  const parentPath = path.slice(0, -1);
  const step = path[path.length - 1];
  const parent = path.length ? (get(root, parentPath) as Record<string | number, unknown>) : undefined;
  const put = (value: unknown) => {
    if (!parent) return value;
    setOwn(parent, step!, value);
    return root;
  };
  switch (mutation.kind) {
    case "replace":
      return put(structuredClone(mutation.value)); // a copy: later mutations must not change fast-check's values
    case "copy":
      return put(structuredClone(get(root, paths[mutation.from % paths.length]!)));
    case "delete":
      if (!parent) return root;
      if (Array.isArray(parent)) parent.splice(step as number, 1);
      else delete parent[step!];
      return root;
    case "add": {
      // the nearest object or array at or above the chosen node
      for (let at = path; ; at = at.slice(0, -1)) {
        const node = get(root, at);
        if (Array.isArray(node)) {
          node.push(structuredClone(mutation.value));
          return root;
        }
        if (node !== null && typeof node === "object") {
          setOwn(node, mutation.key, structuredClone(mutation.value));
          return root;
        }
        if (!at.length) return root;
      }
    }
  }
}

/** Payloads to start from: valid ones of both events and profiles, drift, and near misses. */
const fixedBases = [...examplePayloads.map((e) => e.payload), ...casePayloads.map((c) => c.payload), ...mutantPayloads.map((m) => m.payload)];
const baseArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: onCallCreateArb },
  { weight: 2, arbitrary: onCallUpdateArb },
  { weight: 3, arbitrary: fc.constantFrom(...fixedBases).map((p) => structuredClone(p)) },
);

describe("the generated checkers decide as ajv on random mutations", () => {
  it("of JSON payloads: values replaced, keys removed and added, at random paths", () => {
    const RUNS = 6000;
    const tally = new Tally();
    fc.assert(
      fc.property(baseArb, fc.array(mutationArb(jsonValue), { minLength: 1, maxLength: 4 }), (base, mutations) => {
        const payload = mutations.reduce(mutate, structuredClone(base));
        return tally.agrees(payload);
      }),
      { numRuns: RUNS },
    );
    expectAgreement(tally);
    // both decisions occur, in both profiles: the comparison is not one-sided (a payload passes
    // at most one of the two events' schemas)
    for (const profile of PROFILES) {
      expect(tally.accepted[profile], profile).toBeGreaterThan(RUNS * 0.03);
      expect(tally.accepted[profile], profile).toBeLessThan(RUNS * 0.9);
    }
    expect(tally.accepted.lenient).toBeGreaterThan(tally.accepted.strict);
  });

  it("of the unmutated bases, which the strict and lenient profiles mostly accept", () => {
    const tally = new Tally();
    fc.assert(fc.property(baseArb, (base) => tally.agrees(base)), { numRuns: 1000 });
    expectAgreement(tally);
  });

  it("with values only the JS API can pass: undefined, NaN, infinities", () => {
    const tally = new Tally();
    const values = fc.oneof({ weight: 1, arbitrary: jsOnlyValue }, { weight: 2, arbitrary: jsonValue });
    fc.assert(
      fc.property(baseArb, fc.array(mutationArb(values), { minLength: 1, maxLength: 3 }), (base, mutations) =>
        tally.agrees(mutations.reduce(mutate, structuredClone(base))),
      ),
      { numRuns: 2000 },
    );
    expectAgreement(tally);
  });

  it("with objects ajv walks with for...in: inherited keys, non-enumerable keys", () => {
    const tally = new Tally();
    type Twist = { pick: number; kind: "inherit-all" | "inherit-one" | "proto-extra" | "hidden-extra" | "hidden-known"; key: string; index: number };
    const twistArb: fc.Arbitrary<Twist> = fc.record({
      pick: fc.nat(),
      kind: fc.constantFrom("inherit-all", "inherit-one", "proto-extra", "hidden-extra", "hidden-known"),
      key: keyName,
      index: fc.nat(),
    });
    /** Rebuilds the object at a random path with some of its keys moved to a prototype or hidden. */
    const twist = (root: unknown, t: Twist): unknown => {
      const objects = pathsOf(root).filter((p) => {
        const node = get(root, p);
        return node !== null && typeof node === "object" && !Array.isArray(node);
      });
      if (!objects.length) return root;
      const path = objects[t.pick % objects.length]!;
      const node = get(root, path) as Record<string, unknown>;
      const keys = Object.keys(node);
      const chosen = keys.length ? keys[t.index % keys.length]! : t.key;
      let replacement: object;
      switch (t.kind) {
        case "inherit-all": // every property inherited, none own
          replacement = Object.create(node);
          break;
        case "inherit-one": {
          // one property inherited (enumerable), the rest own
          const own: Record<string, unknown> = Object.create({ [chosen]: node[chosen] });
          for (const key of keys) if (key !== chosen) setOwn(own, key, node[key]);
          replacement = own;
          break;
        }
        case "proto-extra": // an enumerable key on the prototype only
          replacement = Object.assign(Object.create({ [t.key]: 1 }), node);
          break;
        case "hidden-extra": // an own key for...in does not see
          replacement = Object.defineProperty({ ...node }, t.key, { value: "x", enumerable: false });
          break;
        case "hidden-known": // a known key that for...in does not see
          replacement = Object.defineProperty({ ...node }, chosen, { value: node[chosen], enumerable: false });
          break;
      }
      if (!path.length) return replacement;
      setOwn(get(root, path.slice(0, -1)) as object, path[path.length - 1]!, replacement);
      return root;
    };
    fc.assert(
      fc.property(baseArb, fc.array(twistArb, { minLength: 1, maxLength: 2 }), (base, twists) => tally.agrees(twists.reduce(twist, structuredClone(base)))),
      { numRuns: 2000 },
    );
    expectAgreement(tally);
  });
});
