// Property-based tests: generated valid payloads validate with zero problems under both profiles,
// and every single mutation of one is caught by the strict profile at the mutated spot, with the
// rule that was broken. Drift mutations (what Freshworks really sends but the docs do not
// promise) are also shown to pass the lenient profile with a warning at that spot.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fullFormats } from "ajv-formats/dist/formats.js";
import {
  CALL_PROPERTIES,
  PARTICIPANT_PROPERTIES,
  RECORDING_PROPERTIES,
  readChangeTuple,
  writeChangeTuple,
  type CallEventName,
} from "@fwcall/types";
import {
  formatProblem,
  isOnCallCreate,
  isOnCallUpdate,
  normalizeCallEvent,
  parseCallEvent,
  validateCallEvent,
  validateOnCallCreate,
  validateOnCallUpdate,
  type Problem,
  type Profile,
} from "@fwcall/validate";
import { DIRECTIONS, DOCUMENTED_STATUSES, REGIONS, callEventArb, dateTimeArb, dateTimeShape, onCallCreateArb, onCallUpdateArb } from "./arbitraries.js";
import { envelopeIdentityKeys, fieldsOf } from "./schema-facts.js";

const RUNS = { numRuns: 200 };

// ---------------------------------------------------------------------------------------------
// Helpers

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** A JSON pointer from unescaped steps (RFC 6901). */
const ptr = (...steps: Array<string | number>) => steps.map((s) => `/${String(s).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");

const isAtOrUnder = (pointer: string, base: string) => pointer === base || pointer.startsWith(`${base}/`);

const show = (problems: readonly Problem[]) => (problems.length ? problems.map((p) => `  [${p.severity}] ${p.rule} ${formatProblem(p)}`).join("\n") : "  (none)");

function validate(event: CallEventName, payload: unknown, profile: Profile) {
  return validateCallEvent(event, payload, { profile });
}

/** Sets an own property even when its name is "__proto__". */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A value of the same kind that is not equal to the given one. */
function different(value: unknown): unknown {
  if (value === null) return 0;
  if (typeof value === "number") return value + 1;
  if (typeof value === "string") return `${value}~`;
  if (typeof value === "boolean") return !value;
  if (Array.isArray(value)) return value.length ? value.slice(1) : [null];
  const object = value as Record<string, unknown>;
  return { ...object, id: typeof object.id === "number" ? object.id + 1 : 1 };
}

type Gen = fc.GeneratorValue;
const pick = <T,>(g: Gen, items: readonly T[]): T => g(() => fc.constantFrom(...items));
const index = (g: Gen, length: number): number => g(fc.nat, { max: length - 1 });

// ---------------------------------------------------------------------------------------------
// Valid payloads

describe("generated valid payloads", () => {
  it("validate with zero problems under strict and lenient, through every entry point", () => {
    const seen = {
      events: new Set<string>(),
      statuses: new Set<number>(),
      directions: new Set<string>(),
      envelopes: new Set<string>(),
      zones: new Set<string>(),
      fractions: new Set<number>(),
      regions: new Set<string>(),
      connectionTypes: new Set<number>(),
      changeCounts: new Set<number>(),
    };
    fc.assert(
      fc.property(callEventArb, ({ event, payload }) => {
        const before = structuredClone(payload);
        for (const profile of ["strict", "lenient"] as const) {
          const result = validate(event, payload, profile);
          if (!result.valid || result.problems.length) {
            throw new Error(`${event} under ${profile} reported:\n${show(result.problems)}`);
          }
          expect(result.payload).toBe(payload);
          const byName = event === "onCallCreate" ? validateOnCallCreate(payload, { profile }) : validateOnCallUpdate(payload, { profile });
          expect(byName.problems).toEqual([]);
          const parsed = parseCallEvent(payload, { profile });
          expect(parsed).toMatchObject({ ok: true, event, problems: [] });
          expect(event === "onCallCreate" ? isOnCallCreate(payload, { profile }) : isOnCallUpdate(payload, { profile })).toBe(true);
          expect(event === "onCallCreate" ? isOnCallUpdate(payload, { profile }) : isOnCallCreate(payload, { profile })).toBe(false);
        }
        const normalized = normalizeCallEvent(payload);
        expect(normalized.payload).toBe(payload);
        expect(normalized.problems).toEqual([]);
        expect(payload).toEqual(before);

        // What the generator covered, checked below.
        const p = payload as Loose;
        seen.events.add(event);
        seen.directions.add(p.data.call.direction);
        seen.envelopes.add("currentHost" in p ? "3.0" : "2.x");
        seen.regions.add(p.region);
        if (event === "onCallUpdate") seen.changeCounts.add(Math.min(Object.keys(p.data.changes).length, 2));
        const times: string[] = [p.data.call.created_time, p.data.call.updated_time];
        for (const participant of p.data.call.participants) {
          seen.statuses.add(participant.call_status);
          seen.connectionTypes.add(participant.connection_type);
          times.push(participant.created_time, participant.updated_time);
        }
        for (const time of times) {
          const shape = dateTimeShape(time);
          seen.zones.add(shape.zone);
          seen.fractions.add(Math.min(shape.fraction, 4));
        }
      }),
      { ...RUNS, numRuns: 400 },
    );
    expect([...seen.events].sort()).toEqual(["onCallCreate", "onCallUpdate"]);
    expect([...seen.statuses].sort((a, b) => a - b)).toEqual([...DOCUMENTED_STATUSES]);
    expect([...seen.directions].sort()).toEqual([...DIRECTIONS].sort());
    expect([...seen.envelopes].sort()).toEqual(["2.x", "3.0"]);
    expect([...seen.regions].sort()).toEqual([...REGIONS].sort());
    expect([...seen.zones].sort()).toEqual(["Z"]);
    expect([...seen.fractions].sort()).toEqual([0, 1, 2, 3, 4]);
    expect([...seen.connectionTypes].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect([...seen.changeCounts].sort()).toEqual([0, 1, 2]);
  });

  it("onCallCreate payloads keep the create invariants the generator promises", () => {
    fc.assert(
      fc.property(onCallCreateArb, (payload) => {
        const { call, actor, associations } = payload.data;
        expect([call.bill_duration, call.recording, call.call_notes, call.parent_call_id, call.root_call_id, call.assigned_team_id]).toEqual([
          null, null, null, null, null, null,
        ]);
        expect(call.updated_time).toBe(call.created_time);
        expect(actor.type).toBe("system");
        expect(associations).toEqual({});
        for (const participant of call.participants) expect([0, 1]).toContain(participant.connection_type);
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Single mutations

/** Where a mutation broke the payload and what each profile must say about it. */
interface Expectation {
  /** Pointer of the mutated spot; a problem must be at it or under it. */
  at: string;
  /** The rule the strict profile must report there, as an error. */
  rule: string;
  /**
   * What the lenient profile does: `error` = rejects with the same rule at the same spot;
   * `warning` = drift: accepts, with a warning of `lenientRule ?? rule` at that spot.
   */
  lenient: "error" | "warning";
  lenientRule?: string;
}

interface Mutation {
  name: string;
  /** The events it applies to. */
  events: readonly CallEventName[];
  /** Changes the payload in place and says what must be reported. */
  apply: (payload: Loose, g: Gen, event: CallEventName) => Expectation;
  /**
   * Whether \`changes\` is brought back in line with the mutated call afterwards (default), so the
   * mutation is the only thing wrong; off for the mutations that target \`changes\` themselves.
   */
  resync?: false;
}

/** Rewrites each well-formed changes tuple's new value from the call, keeping its old value. */
function resyncChanges(p: Loose): void {
  const { call, changes } = p?.data ?? {};
  if (!changes || typeof changes !== "object" || !call || typeof call !== "object") return;
  for (const key of Object.keys(changes)) {
    const tuple = changes[key];
    // A field the mutation deleted from the call (call_notes may be missing) cannot have changed either.
    if (CALL_PROPERTIES.has(key as never) && !Object.hasOwn(call, key)) delete changes[key];
    if (!CALL_PROPERTIES.has(key as never) || !Object.hasOwn(call, key) || !Array.isArray(tuple) || tuple.length !== 2) continue;
    changes[key] = writeChangeTuple({ from: readChangeTuple(tuple as [unknown, unknown]).from, to: structuredClone(call[key]) });
  }
}

const CALL = ["data", "call"] as const;

/** A field of the payload that a mutation can break, with what each profile must say. */
interface Spot {
  owner: Loose;
  key: string;
  at: string;
  rule: string;
  lenient: Expectation["lenient"];
}

/** The objects of a payload whose fields the schemas describe, each with its schema (file and path inside it) and pointer. */
function describedObjects(p: Loose, event: CallEventName): Array<{ owner: Loose; file: string; path?: string[]; base: Array<string | number> }> {
  const eventFile = event === "onCallCreate" ? "on-call-create.json" : "on-call-update.json";
  const out: Array<{ owner: Loose; file: string; path?: string[]; base: Array<string | number> }> = [
    { owner: p, file: "envelope.json", base: [] },
    { owner: p.data, file: eventFile, path: ["data"], base: ["data"] },
    { owner: p.data.actor, file: "actor.json", base: ["data", "actor"] },
    { owner: p.data.call, file: "call.json", base: [...CALL] },
  ];
  if (p.currentHost) out.push({ owner: p.currentHost, file: "current-host.json", base: ["currentHost"] });
  p.data.call.participants.forEach((participant: Loose, i: number) => out.push({ owner: participant, file: "participant.json", base: [...CALL, "participants", i] }));
  if (p.data.call.recording) out.push({ owner: p.data.call.recording, file: "recording.json", base: [...CALL, "recording"] });
  return out;
}

/**
 * Every field the strict profile requires, with the problem its absence must cause: an error in
 * both profiles, or drift (a lenient warning) for a field only the documented contract requires.
 * Read from the schemas, so an optional field added to them is not expected to be required.
 */
function requiredFields(p: Loose, event: CallEventName): Spot[] {
  const out: Spot[] = [];
  for (const { owner, file, path, base } of describedObjects(p, event)) {
    for (const field of fieldsOf(file, path)) {
      if (!field.strictRequired || !Object.hasOwn(owner, field.key)) continue;
      out.push({ owner, key: field.key, at: ptr(...base, field.key), rule: "schema:required", lenient: field.lenientRequired ? "error" : "warning" });
    }
  }
  // Without its identity an envelope is neither platform: one problem names both variants.
  for (const key of envelopeIdentityKeys()) if (key in p) out.push({ owner: p, key, at: "", rule: "schema:anyOf", lenient: "error" });
  return out;
}

/** A spot in the payload and a value of the wrong JSON type for it. */
function wrongTypes(p: Loose, event: CallEventName): Array<{ owner: Loose; key: string; at: string; value: unknown }> {
  const call = p.data.call;
  const i = 0;
  const participant = call.participants[i];
  const out: Array<{ owner: Loose; key: string; at: string; value: unknown }> = [
    { owner: p, key: "timestamp", at: ptr("timestamp"), value: String(p.timestamp) },
    { owner: p, key: "data", at: ptr("data"), value: [p.data] },
    { owner: p.data, key: "call", at: ptr(...CALL), value: [call] },
    { owner: p.data, key: "actor", at: ptr("data", "actor"), value: "system" },
    { owner: p.data, key: "associations", at: ptr("data", "associations"), value: [] },
    { owner: p.data.actor, key: "type", at: ptr("data", "actor", "type"), value: 1 },
    { owner: call, key: "id", at: ptr(...CALL, "id"), value: String(call.id) },
    { owner: call, key: "phone_number", at: ptr(...CALL, "phone_number"), value: 12025550100 },
    { owner: call, key: "phone_number_id", at: ptr(...CALL, "phone_number_id"), value: true },
    { owner: call, key: "call_notes", at: ptr(...CALL, "call_notes"), value: 42 },
    { owner: call, key: "assigned_agent_id", at: ptr(...CALL, "assigned_agent_id"), value: "2201" },
    { owner: call, key: "bill_duration", at: ptr(...CALL, "bill_duration"), value: "85" },
    { owner: call, key: "participants", at: ptr(...CALL, "participants"), value: { 0: participant } },
    { owner: participant, key: "call_status", at: ptr(...CALL, "participants", i, "call_status"), value: String(participant.call_status) },
    { owner: participant, key: "connection_type", at: ptr(...CALL, "participants", i, "connection_type"), value: [participant.connection_type] },
    { owner: participant, key: "created_time", at: ptr(...CALL, "participants", i, "created_time"), value: 1709633730 },
    { owner: participant, key: "caller_number", at: ptr(...CALL, "participants", i, "caller_number"), value: {} },
    { owner: participant, key: "cost", at: ptr(...CALL, "participants", i, "cost"), value: "0.01" },
  ];
  if (call.recording) out.push({ owner: call.recording, key: "duration", at: ptr(...CALL, "recording", "duration"), value: "73" });
  if (event === "onCallUpdate") {
    out.push({ owner: p.data, key: "changes", at: ptr("data", "changes"), value: [] });
    const keys = Object.keys(p.data.changes);
    if (keys.length) out.push({ owner: p.data.changes, key: keys[0]!, at: ptr("data", "changes", keys[0]!), value: "not a tuple" });
  }
  return out;
}

/**
 * Required fields whose schema does not allow null (read from the schemas): nulling one is a type
 * error, in both profiles unless only the documented contract forbids the null. `event` is left
 * out: it names the schema, so a null there is not a type problem of the field.
 */
function nonNullable(p: Loose, event: CallEventName): Spot[] {
  const out: Spot[] = [];
  for (const { owner, file, path, base } of describedObjects(p, event)) {
    if (file === "current-host.json") continue; // inside the envelope's anyOf: its problems are merged per variant
    for (const field of fieldsOf(file, path)) {
      if (!field.strictRequired || field.strictNullable || field.key === "event" || !Object.hasOwn(owner, field.key)) continue;
      out.push({ owner, key: field.key, at: ptr(...base, field.key), rule: "schema:type", lenient: field.lenientNullable ? "warning" : "error" });
    }
  }
  return out;
}

/** Every date-time in the payload, as [owner, key, pointer]. */
function dateTimes(p: Loose): Array<[Loose, string, string]> {
  const call = p.data.call;
  const out: Array<[Loose, string, string]> = [
    [call, "created_time", ptr(...CALL, "created_time")],
    [call, "updated_time", ptr(...CALL, "updated_time")],
  ];
  call.participants.forEach((participant: Loose, i: number) => {
    for (const key of ["created_time", "updated_time", "enqueued_time"]) {
      if (participant[key] !== null) out.push([participant, key, ptr(...CALL, "participants", i, key)]);
    }
  });
  return out;
}

const BROKEN_DATE_TIMES = [
  "2023-02-29T10:15:30Z", // not a leap year
  "2024-02-30T10:15:30Z",
  "2024-13-05T10:15:30Z",
  "2024-00-05T10:15:30Z",
  "2024-03-32T10:15:30Z",
  "2024-03-05T24:00:00Z",
  "2024-03-05T10:60:00Z",
  "2024-03-05T10:15:30", // no zone
  "2024-03-05T10:15:30+24:00",
  "2024-03-05T10:15:30.Z",
  "2024-03-05",
  "1709633730",
  "yesterday",
  "",
];

const EXTRA_KEYS = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "a/b", "~0", "x~1y", "", " ", "DIRECTION", "Call_ID"),
);

const mutations: Mutation[] = [
  {
    name: "delete a required field at a random depth",
    events: ["onCallCreate", "onCallUpdate"],
    apply(p, g, event) {
      const field = pick(g, requiredFields(p, event));
      delete field.owner[field.key];
      return { at: field.at, rule: field.rule, lenient: field.lenient };
    },
  },
  {
    name: "change a field's JSON type",
    events: ["onCallCreate", "onCallUpdate"],
    apply(p, g, event) {
      const spot = pick(g, wrongTypes(p, event));
      spot.owner[spot.key] = spot.value;
      return { at: spot.at, rule: "schema:type", lenient: "error" };
    },
  },
  {
    name: "null a non-nullable field",
    events: ["onCallCreate", "onCallUpdate"],
    apply(p, g, event) {
      const field = pick(g, nonNullable(p, event));
      field.owner[field.key] = null;
      return { at: field.at, rule: field.rule, lenient: field.lenient };
    },
  },
  {
    name: "an undocumented call_status (drift)",
    events: ["onCallCreate", "onCallUpdate"],
    apply(p, g) {
      const i = index(g, p.data.call.participants.length);
      p.data.call.participants[i].call_status = pick(g, [7, 14, 17, 99, 1000]);
      return { at: ptr(...CALL, "participants", i, "call_status"), rule: "schema:enum", lenient: "warning" };
    },
  },
  {
    name: "an undocumented region, connection type, participant type or unit (drift)",
    events: ["onCallUpdate"],
    apply(p, g) {
      const call = p.data.call;
      const i = index(g, call.participants.length);
      const choice = pick(g, ["region", "connection_type", "participant_type", "bill_duration_unit", "duration_unit"] as const);
      switch (choice) {
        case "region":
          p.region = pick(g, ["APAC", "us", "ME"]);
          return { at: ptr("region"), rule: "schema:enum", lenient: "warning" };
        case "connection_type":
          call.participants[i].connection_type = pick(g, [8, 9, 42]);
          return { at: ptr(...CALL, "participants", i, "connection_type"), rule: "schema:enum", lenient: "warning" };
        case "participant_type":
          call.participants[i].participant_type = pick(g, ["Bot", "customer", "Supervisor"]);
          return { at: ptr(...CALL, "participants", i, "participant_type"), rule: "schema:enum", lenient: "warning" };
        case "bill_duration_unit":
          call.bill_duration_unit = pick(g, ["minutes", "Seconds", "ms"]);
          return { at: ptr(...CALL, "bill_duration_unit"), rule: "schema:const", lenient: "warning" };
        case "duration_unit":
          call.participants[i].duration_unit = "minutes";
          return { at: ptr(...CALL, "participants", i, "duration_unit"), rule: "schema:const", lenient: "warning" };
      }
    },
  },
  {
    name: "an extra property inside data, actor, call, a participant or the recording (drift)",
    events: ["onCallCreate", "onCallUpdate"],
    apply(p, g, event) {
      const call = p.data.call;
      const i = index(g, call.participants.length);
      const spots: Array<[Loose, ReadonlySet<string>, Array<string | number>]> = [
        [p.data, new Set(event === "onCallCreate" ? ["actor", "associations", "call"] : ["actor", "associations", "call", "changes"]), ["data"]],
        [p.data.actor, new Set(["type"]), ["data", "actor"]],
        [call, CALL_PROPERTIES, [...CALL]],
        [call.participants[i], PARTICIPANT_PROPERTIES, [...CALL, "participants", i]],
      ];
      if (call.recording) spots.push([call.recording, RECORDING_PROPERTIES, [...CALL, "recording"]]);
      const [owner, documented, base] = pick(g, spots);
      const key = g(() => EXTRA_KEYS.filter((k) => !documented.has(k)));
      setOwn(owner, key, g(fc.jsonValue, { maxDepth: 3 }));
      return { at: ptr(...base, key), rule: "schema:additionalProperties", lenient: "warning" };
    },
  },
  {
    name: "a fraction where the strict profile wants an integer (drift: float cost, durations)",
    events: ["onCallUpdate"],
    apply(p, g) {
      const call = p.data.call;
      const i = index(g, call.participants.length);
      const fraction = pick(g, [0.0125, 8.5, 0.5, 73.25]);
      const spots: Array<[Loose, string, string]> = [
        [call.participants[i], "cost", ptr(...CALL, "participants", i, "cost")],
        [call.participants[i], "duration", ptr(...CALL, "participants", i, "duration")],
        [call, "bill_duration", ptr(...CALL, "bill_duration")],
      ];
      if (call.recording) spots.push([call.recording, "duration", ptr(...CALL, "recording", "duration")]);
      const [owner, key, at] = pick(g, spots);
      owner[key] = fraction;
      return { at, rule: "schema:type", lenient: "warning" };
    },
  },
  {
    name: "the docs' spelling of direction (drift the normaliser fixes)",
    events: ["onCallCreate", "onCallUpdate"],
    // changes.direction keeps the wire spelling, as the normalised call has it.
    resync: false,
    apply(p, g) {
      const call = p.data.call;
      call.direction = pick(g, call.direction === "incoming" ? ["Incoming", "INCOMING"] : ["Outgoing", "OUTGOING"]);
      return { at: ptr(...CALL, "direction"), rule: "schema:enum", lenient: "warning", lenientRule: "normalize:direction" };
    },
  },
  {
    name: 'direction "sideways"',
    events: ["onCallCreate", "onCallUpdate"],
    apply(p, g) {
      p.data.call.direction = pick(g, ["sideways", "inbound", "", "incoming "]);
      return { at: ptr(...CALL, "direction"), rule: "schema:enum", lenient: "error" };
    },
  },
  {
    name: "break a date-time",
    events: ["onCallCreate", "onCallUpdate"],
    apply(p, g) {
      const [owner, key, at] = pick(g, dateTimes(p));
      owner[key] = pick(g, BROKEN_DATE_TIMES);
      return { at, rule: "schema:format", lenient: "error" };
    },
  },
  {
    name: "a changes tuple whose new value differs from the call",
    events: ["onCallUpdate"],
    resync: false,
    apply(p, g) {
      const { call, changes } = p.data;
      const existing = Object.keys(changes);
      const key = existing.length && g(fc.boolean) ? pick(g, existing) : pick(g, Object.keys(call));
      // Neither side is the call's value: an old value equal to it would read as the other order.
      const to = different(call[key]);
      changes[key] = writeChangeTuple({ from: different(to), to });
      return { at: ptr("data", "changes", key), rule: "changes:new-value-matches-call", lenient: "error" };
    },
  },
  {
    name: "a changes key that is not a call attribute",
    events: ["onCallUpdate"],
    resync: false,
    apply(p, g) {
      const key = g(() => EXTRA_KEYS.filter((k) => !CALL_PROPERTIES.has(k as never)));
      setOwn(p.data.changes, key, writeChangeTuple({ from: null, to: 1 }));
      return { at: ptr("data", "changes", key), rule: "changes:call-attribute", lenient: "error" };
    },
  },
  {
    name: "a changes tuple that is not a pair",
    events: ["onCallUpdate"],
    resync: false,
    apply(p, g) {
      const key = pick(g, Object.keys(p.data.call));
      const length = pick(g, [0, 1, 3]);
      p.data.changes[key] = [p.data.call[key], null, null].slice(0, length);
      return { at: ptr("data", "changes", key), rule: length < 2 ? "schema:minItems" : "schema:maxItems", lenient: "error" };
    },
  },
  {
    name: "a participant's call_id set to another call's id",
    events: ["onCallCreate", "onCallUpdate"],
    apply(p, g) {
      const call = p.data.call;
      const i = index(g, call.participants.length);
      call.participants[i].call_id = call.id + 1 + g(fc.nat, { max: 1000 });
      return { at: ptr(...CALL, "participants", i, "call_id"), rule: "participant:call-id", lenient: "error" };
    },
  },
  {
    name: "an onCallCreate invariant broken",
    events: ["onCallCreate"],
    apply(p, g) {
      const call = p.data.call;
      const i = index(g, call.participants.length);
      const choice = pick(g, [
        "bill_duration", "recording", "call_notes", "parent_call_id", "root_call_id", "assigned_team_id",
        "updated_time", "connection_type", "actor", "associations",
      ] as const);
      const id = g(fc.integer, { min: 1, max: 2 ** 31 - 1 });
      switch (choice) {
        case "bill_duration":
          call.bill_duration = g(fc.nat, { max: 3600 });
          return { at: ptr(...CALL, "bill_duration"), rule: "create:bill-duration-null", lenient: "warning" };
        case "recording":
          call.recording = { id, url: `https://acme.freshcaller.com/api/v1/recordings/${id}`, duration: 73, duration_unit: "seconds" };
          return { at: ptr(...CALL, "recording"), rule: "create:recording-null", lenient: "warning" };
        case "call_notes":
          call.call_notes = g(fc.string, { maxLength: 40 });
          return { at: ptr(...CALL, "call_notes"), rule: "create:call-notes-null", lenient: "warning" };
        case "parent_call_id":
          call.parent_call_id = id;
          return { at: ptr(...CALL, "parent_call_id"), rule: "create:parent-call-id-null", lenient: "warning" };
        case "root_call_id":
          call.root_call_id = id;
          return { at: ptr(...CALL, "root_call_id"), rule: "create:root-call-id-null", lenient: "warning" };
        case "assigned_team_id":
          call.assigned_team_id = id;
          return { at: ptr(...CALL, "assigned_team_id"), rule: "create:team-id-null", lenient: "warning" };
        case "updated_time":
          call.updated_time = g(() => dateTimeArb.filter((t) => t !== call.created_time));
          return { at: ptr(...CALL, "updated_time"), rule: "create:updated-equals-created", lenient: "warning" };
        case "connection_type":
          call.participants[i].connection_type = g(fc.integer, { min: 2, max: 7 });
          return { at: ptr(...CALL, "participants", i, "connection_type"), rule: "create:connection-type", lenient: "warning" };
        case "actor":
          p.data.actor.type = pick(g, ["agent", "user", "System", ""]);
          return { at: ptr("data", "actor", "type"), rule: "create:actor-system", lenient: "warning" };
        case "associations":
          p.data.associations = { ticket: { id, type: "ticket" } };
          return { at: ptr("data", "associations"), rule: "create:associations-empty", lenient: "warning" };
      }
    },
  },
];

function check(event: CallEventName, mutant: unknown, expectation: Expectation): void {
  const { at, rule, lenient, lenientRule } = expectation;
  const strict = validate(event, mutant, "strict");
  const report = (profile: string, problems: readonly Problem[]) =>
    `${event} under ${profile}: expected ${rule} at ${JSON.stringify(at)}; got:\n${show(problems)}`;
  const matches = (p: Problem, wanted: string) => p.rule === wanted && (at === "" ? p.pointer === "" : isAtOrUnder(p.pointer, at));
  if (strict.valid || !strict.problems.some((p) => p.severity === "error" && matches(p, rule))) throw new Error(report("strict", strict.problems));

  const loose = validate(event, mutant, "lenient");
  if (lenient === "error") {
    if (loose.valid || !loose.problems.some((p) => p.severity === "error" && matches(p, rule))) throw new Error(report("lenient", loose.problems));
  } else {
    const wanted = lenientRule ?? rule;
    const errors = loose.problems.filter((p) => p.severity === "error");
    if (!loose.valid || errors.length || !loose.problems.some((p) => p.severity === "warning" && matches(p, wanted))) {
      throw new Error(`${report("lenient", loose.problems)}\n(drift: lenient must accept it with a ${wanted} warning)`);
    }
  }
}

/** Valid payloads of the given events, each tagged with its event name. */
function payloadsFor(events: readonly CallEventName[]): fc.Arbitrary<{ event: CallEventName; payload: unknown }> {
  if (events.length === 2) return callEventArb;
  return events[0] === "onCallCreate"
    ? onCallCreateArb.map((payload) => ({ event: "onCallCreate" as const, payload }))
    : onCallUpdateArb.map((payload) => ({ event: "onCallUpdate" as const, payload }));
}

describe("single mutations of valid payloads", () => {
  for (const mutation of mutations) {
    it(`strict catches: ${mutation.name}`, () => {
      fc.assert(
        fc.property(payloadsFor(mutation.events), fc.gen(), ({ event, payload }, g) => {
          const mutant = structuredClone(payload) as Loose;
          const expectation = mutation.apply(mutant, g, event);
          if (mutation.resync !== false) resyncChanges(mutant);
          check(event, mutant, expectation);
        }),
        RUNS,
      );
    });
  }

  it("exhaustively: every required field deleted, every non-nullable field nulled, every listed type changed, one at a time", () => {
    // The random properties above pick one spot per run; this walks every spot of a few payloads
    // (each event × each envelope), so no spot is left to chance.
    const samples = fc.sample(callEventArb, { numRuns: 60, seed: 20240305 });
    const picked = new Map<string, { event: CallEventName; payload: unknown }>();
    for (const sample of samples) {
      const envelope = "currentHost" in (sample.payload as object) ? "3.0" : "2.x";
      const withRecording = (sample.payload as Loose).data.call.recording ? "recording" : "none";
      picked.set(`${sample.event} ${envelope} ${withRecording}`, sample);
    }
    expect([...picked.keys()].filter((key) => key.includes("recording")).length).toBeGreaterThan(0);
    let checked = 0;
    for (const { event, payload } of picked.values()) {
      const spots = (p: Loose): Array<Omit<Expectation, "lenientRule"> & { mutate: () => void }> => [
        ...requiredFields(p, event).map((f) => ({ at: f.at, rule: f.rule, lenient: f.lenient, mutate: () => delete f.owner[f.key] })),
        ...nonNullable(p, event).map((f) => ({ at: f.at, rule: f.rule, lenient: f.lenient, mutate: () => (f.owner[f.key] = null) })),
        ...wrongTypes(p, event).map((w) => ({ at: w.at, rule: "schema:type", lenient: "error" as const, mutate: () => (w.owner[w.key] = w.value) })),
      ];
      const count = spots(structuredClone(payload)).length;
      for (let i = 0; i < count; i++) {
        const mutant = structuredClone(payload) as Loose;
        const spot = spots(mutant)[i]!;
        spot.mutate();
        resyncChanges(mutant);
        check(event, mutant, { at: spot.at, rule: spot.rule, lenient: spot.lenient });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it("single-character corruptions of a date-time are caught exactly when ajv-formats rejects the string", () => {
    const reference = (fullFormats["date-time"] as { validate: (s: string) => boolean }).validate;
    const alphabet = [..."0123456789-:.+TtZz x/"];
    fc.assert(
      fc.property(
        // The payload does not shrink (it only carries the string); where and how it is corrupted does.
        fc.noShrink(callEventArb),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(...alphabet),
        ({ event, payload }, spotIndex, positionIndex, character) => {
          const mutant = structuredClone(payload) as Loose;
          const spots = dateTimes(mutant);
          const [owner, key, at] = spots[spotIndex % spots.length]!;
          const original: string = owner[key];
          const position = positionIndex % original.length;
          const corrupted = `${original.slice(0, position)}${character}${original.slice(position + 1)}`;
          fc.pre(corrupted !== original);
          owner[key] = corrupted;
          const result = validate(event, mutant, "strict");
          const flagged = result.problems.some((p) => p.rule === "schema:format" && p.pointer === at);
          const valid = reference(corrupted);
          if (flagged === valid) {
            throw new Error(`${JSON.stringify(corrupted)} (from ${JSON.stringify(original)}) at ${at}: ajv-formats says it is ${valid ? "valid" : "invalid"}, the strict validator ${flagged ? "flagged" : "accepted"} it`);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
