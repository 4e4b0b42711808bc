// fast-check arbitraries for call-event payloads that are valid under the strict profile AND
// satisfy every rule in src/rules.ts, so a validator must report zero problems for them.
//
// What "valid" means here (docs/decisions/0002-two-envelopes.md to 0007-two-validation-profiles.md):
// - both envelopes: platform 2.x (account_id + domain) and 3.0 (currentHost); the envelope stays
//   open in both profiles, so an undocumented envelope attribute is generated now and then;
// - both directions, every documented call status on every leg, connection types 0–7 on updates;
// - date-times in UTC (`Z`; offsets are drift the strict profile rejects), with and without fractions;
// - integers for every field the strict profile types as integer (bill_duration, durations, cost);
// - onCallCreate invariants: null bill_duration, recording, call_notes, parent/root ids and team
//   id; updated_time === created_time; connection_type 0 or 1; actor.type "system"; {} associations;
// - onCallUpdate: every `changes` key is a call attribute present on the call, and the tuple's new
//   value (written through writeChangeTuple, so the order is one switch) equals the call's value;
// - every participant.call_id === call.id; the primary agent leg's participant_id === assigned_agent_id.
import fc from "fast-check";
import {
  CALL_PROPERTIES,
  CALL_STATUS_NAMES,
  DIRECTION_NAMES,
  REGION_NAMES,
  writeChangeTuple,
  type Call,
  type KnownCallStatus,
  type OnCallCreatePayload,
  type OnCallUpdatePayload,
  type Participant,
  type Recording,
} from "@fwcall/types";

/** Every documented call status, in documented order. */
export const DOCUMENTED_STATUSES: readonly KnownCallStatus[] = [...CALL_STATUS_NAMES.keys()];
/** Every documented direction. */
export const DIRECTIONS = [...DIRECTION_NAMES.keys()];
/** Every documented region. */
export const REGIONS = [...REGION_NAMES.keys()];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// ---------------------------------------------------------------------------------------------
// Scalars

/** A positive id as the API hands them out. */
const idArb = fc.integer({ min: 1, max: 2 ** 31 - 1 });

/** A fictional North American number in E.164 (555-0100 … 555-0199). */
const phoneArb = fc
  .tuple(fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 99 }))
  .map(([area, line]) => `+1${area}55501${String(line).padStart(2, "0")}`);

const subdomainArb = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/);

/** Real-world UTC offsets in minutes (whole hours, half and quarter hours, the extremes). */
const OFFSETS = [-720, -600, -570, -480, -300, -210, -180, -60, 0, 60, 120, 330, 345, 540, 570, 600, 780, 840];

const two = (n: number) => String(n).padStart(2, "0");

function offsetText(minutes: number, negativeZero: boolean): string {
  if (minutes === 0 && negativeZero) return "-00:00";
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

/** How a generated date-time spells its fraction and zone: the shape the properties count. */
export interface DateTimeShape {
  zone: "Z" | "offset";
  fraction: number;
}

/**
 * An RFC 3339 date-time between 2000 and 2099: `Z` or an offset (the local wall time is shifted to
 * match it), no fraction, milliseconds, or 1–9 fraction digits.
 */
const dateTimeOf = (zones: fc.Arbitrary<number | "Z">): fc.Arbitrary<string> => fc
  .record({
    ms: fc.integer({ min: Date.UTC(2000, 0, 2), max: Date.UTC(2099, 11, 30, 23, 59, 59, 999) }),
    zone: zones,
    negativeZero: fc.boolean(),
    fraction: fc.oneof(
      fc.constant("millis"),
      fc.constant(""),
      fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 1, maxLength: 9 }),
    ),
  })
  .map(({ ms, zone, negativeZero, fraction }) => {
    const offset = zone === "Z" ? 0 : zone;
    const wall = new Date(ms + offset * 60_000).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
    const digits = fraction === "millis" ? wall.slice(20, 23) : fraction;
    return `${wall.slice(0, 19)}${digits ? `.${digits}` : ""}${zone === "Z" ? "Z" : offsetText(offset, negativeZero)}`;
  });

export const dateTimeArb: fc.Arbitrary<string> = dateTimeOf(fc.oneof(fc.constant<number | "Z">("Z"), fc.constantFrom(...OFFSETS)));

/** A date-time in UTC, as the spec gives every time of a call ("in the UTC format"); offsets are drift. */
const utcDateTimeArb: fc.Arbitrary<string> = dateTimeOf(fc.constant<number | "Z">("Z"));

/** The zone and fraction of a date-time this file generated. */
export function dateTimeShape(value: string): DateTimeShape {
  const fraction = /\.(\d+)/.exec(value)?.[1]?.length ?? 0;
  return { zone: value.endsWith("Z") ? "Z" : "offset", fraction };
}

const recordingArb = (callHost: string): fc.Arbitrary<Recording> =>
  fc.record({
    id: idArb,
    url: idArb.map((id) => `https://${callHost}/api/v1/recordings/${id}`),
    duration: fc.nat({ max: 36_000 }),
    duration_unit: fc.constant("seconds"),
  });

const costUnitArb = fc.constantFrom("usd", "USD", "eur", "inr", "aud", "Gbp");

// ---------------------------------------------------------------------------------------------
// Participants

type Leg = "customer" | "primary" | "extra";

function participantArb(leg: Leg, callId: number, agentId: number, create: boolean): fc.Arbitrary<Participant> {
  const agent = leg !== "customer";
  return fc.record({
    id: idArb,
    call_id: fc.constant(callId),
    participant_id: leg === "primary" ? fc.constant(agentId) : leg === "extra" ? fc.option(idArb) : idArb,
    participant_type: fc.constant(agent ? "Agent" : "Customer"),
    connection_type: leg === "customer" ? fc.constant(0) : leg === "primary" ? fc.constant(1) : fc.integer({ min: 2, max: 7 }),
    call_status: fc.constantFrom(...DOCUMENTED_STATUSES),
    caller_id: agent ? fc.constant(null) : idArb,
    caller_number: agent ? fc.constant(null) : phoneArb,
    duration: create ? fc.constant(null) : fc.option(fc.nat({ max: 36_000 })),
    duration_unit: fc.constant("seconds"),
    cost: create ? fc.constant(null) : fc.option(fc.nat({ max: 500 })),
    cost_unit: costUnitArb,
    enqueued_time: fc.option(utcDateTimeArb),
    created_time: utcDateTimeArb,
    updated_time: utcDateTimeArb,
  });
}

// ---------------------------------------------------------------------------------------------
// The call

/** The legs of one call: a customer, maybe the primary agent, and (updates only) further legs. */
const legsArb = (create: boolean): fc.Arbitrary<Leg[]> =>
  fc
    .tuple(fc.boolean(), create ? fc.constant(0) : fc.nat({ max: 2 }))
    .chain(([primary, extras]) =>
      fc.shuffledSubarray<Leg>(["customer", ...(primary ? ["primary" as const] : []), ...Array<Leg>(extras).fill("extra")], {
        minLength: 1 + (primary ? 1 : 0) + extras,
      }),
    );

function callArb(create: boolean, host: string): fc.Arbitrary<Call> {
  return fc
    .record({
      id: idArb,
      direction: fc.constantFrom(...DIRECTIONS),
      agentId: idArb,
      legs: legsArb(create),
      unassigned: fc.boolean(),
      parent: create ? fc.constant(null) : fc.option(idArb),
      root: create ? fc.constant(null) : fc.option(idArb),
      team: create ? fc.constant(null) : fc.option(idArb),
      queue: fc.option(idArb),
      ivr: fc.option(idArb),
      notes: create ? fc.constant(null) : fc.option(fc.string({ maxLength: 200, unit: "grapheme" })),
      bill: create ? fc.constant(null) : fc.option(fc.nat({ max: 36_000 })),
      recording: create ? fc.constant(null) : fc.option(recordingArb(host)),
      redact: fc.constantFrom("absent", "null", "recording"),
      phone: phoneArb,
      phoneId: idArb,
      created: utcDateTimeArb,
      updated: utcDateTimeArb,
    })
    .chain((c) =>
      fc
        .tuple(
          fc.tuple(...c.legs.map((leg) => participantArb(leg, c.id, c.agentId, create))),
          create || c.redact !== "recording" ? fc.constant(null) : recordingArb(host),
        )
        .map(([participants, redaction]) => {
          const hasPrimary = c.legs.includes("primary");
          const call: Call = {
            id: c.id,
            direction: c.direction,
            parent_call_id: c.parent,
            root_call_id: c.root,
            phone_number: c.phone,
            phone_number_id: c.phoneId,
            // With a primary agent leg, the assigned agent is that leg's agent (rule participant:primary-agent).
            assigned_agent_id: hasPrimary || !c.unassigned ? c.agentId : null,
            assigned_team_id: c.team,
            // Queue and IVR belong to incoming calls.
            assigned_call_queue_id: c.direction === "incoming" ? c.queue : null,
            assigned_ivr_id: c.direction === "incoming" ? c.ivr : null,
            call_notes: c.notes,
            bill_duration: c.bill,
            bill_duration_unit: "seconds",
            recording: c.recording,
            participants,
            created_time: c.created,
            updated_time: create ? c.created : c.updated,
          };
          if (c.redact !== "absent") call.recording_to_redact = redaction;
          return call;
        }),
    );
}

// ---------------------------------------------------------------------------------------------
// Envelopes

/** The platform-specific part of an envelope, with the host the call's URLs should use. */
interface EnvelopeParts {
  host: string;
  identity: Record<string, Json>;
  extras: Record<string, Json>;
}

const envelopeArb: fc.Arbitrary<EnvelopeParts> = fc
  .record({
    platform: fc.constantFrom("2", "3"),
    sub: subdomainArb,
    product: fc.constantFrom("freshcaller.com", "myfreshworks.com"),
    account: fc.stringMatching(/^[1-9][0-9]{0,11}$/),
    scheme: fc.boolean(),
    slash: fc.boolean(),
    modules: fc.subarray(["call", "caller_conversation", "common"], { minLength: 1 }),
    iparams: fc.option(fc.dictionary(fc.constantFrom("api_key", "domain", "team"), fc.string({ maxLength: 40 })), { nil: undefined }),
    appSettings: fc.option(fc.constant({}), { nil: undefined }),
    // The docs promise more envelope attributes: the envelope stays open in both profiles.
    extra: fc.option(fc.record({ product_context: fc.constantFrom("freshcaller", "freshdesk") }), { nil: undefined }),
  })
  .map((e) => {
    const host = `${e.sub}.${e.product}`;
    const identity: Record<string, Json> =
      e.platform === "2"
        ? { account_id: e.account, domain: e.scheme ? `https://${host}` : host }
        : { currentHost: { subscribed_modules: e.modules, endpoint_urls: { freshcaller: `https://${host}${e.slash ? "/" : ""}` } } };
    const extras: Record<string, Json> = {};
    if (e.iparams) extras.iparams = e.iparams;
    if (e.appSettings) extras.app_settings = e.appSettings;
    if (e.extra) Object.assign(extras, e.extra);
    return { host, identity, extras };
  });

const head = fc.record({
  timestamp: fc.integer({ min: 946_684_800, max: 4_102_444_799 }),
  region: fc.constantFrom(...REGIONS),
});

// ---------------------------------------------------------------------------------------------
// Payloads

/** A valid onCallCreate payload: strict-valid, every create invariant and rule kept. */
export const onCallCreateArb: fc.Arbitrary<OnCallCreatePayload> = fc
  .tuple(head, envelopeArb)
  .chain(([h, env]) =>
    callArb(true, env.host).map(
      (call) =>
        ({
          event: "onCallCreate",
          ...h,
          ...env.identity,
          data: { actor: { type: "system" }, associations: {}, call },
          ...env.extras,
        }) as OnCallCreatePayload,
    ),
  );

/** The value a changes tuple's old end may hold: anything of roughly the attribute's kind. */
const oldValueArb: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.nat({ max: 100_000 }),
  fc.string({ maxLength: 20 }),
  dateTimeArb,
  fc.constantFrom("incoming", "outgoing"),
);

/** `changes` for a call: some of its attributes, each `[new, old]` (in wire order) with new === call[key]. */
function changesArb(call: Call): fc.Arbitrary<Record<string, [unknown, unknown]>> {
  const keys = Object.keys(call).filter((key) => CALL_PROPERTIES.has(key as keyof Call));
  return fc.subarray(keys, { maxLength: 6 }).chain((chosen) =>
    fc.tuple(...chosen.map(() => oldValueArb)).map((olds) => {
      const changes: Record<string, [unknown, unknown]> = {};
      chosen.forEach((key, i) => {
        // A copy, so the rule must compare deeply rather than by identity.
        const to = structuredClone(call[key as keyof Call]);
        changes[key] = writeChangeTuple<unknown>({ from: olds[i], to });
      });
      return changes;
    }),
  );
}

/** A valid onCallUpdate payload: strict-valid, every changes tuple's new value equal to the call's. */
export const onCallUpdateArb: fc.Arbitrary<OnCallUpdatePayload> = fc
  .tuple(head, envelopeArb, fc.constantFrom("system", "agent", "integration"), fc.boolean())
  .chain(([h, env, actor, linked]) =>
    callArb(false, env.host).chain((call) =>
      changesArb(call).map(
        (changes) =>
          ({
            event: "onCallUpdate",
            ...h,
            ...env.identity,
            data: {
              actor: { type: actor },
              // Open bag on updates: its contents are not published.
              associations: linked ? { ticket: { id: call.id, type: "ticket" } } : {},
              call,
              changes,
            },
            ...env.extras,
          }) as OnCallUpdatePayload,
      ),
    ),
  );

/** Either event, tagged with its name. */
export const callEventArb = fc.oneof(
  onCallCreateArb.map((payload) => ({ event: "onCallCreate" as const, payload })),
  onCallUpdateArb.map((payload) => ({ event: "onCallUpdate" as const, payload })),
);
