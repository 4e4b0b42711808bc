// The payloads the validation benchmark uses: the one it times (a two-participant onCallUpdate,
// the FDK's default sample), other valid payloads every candidate must accept, and invalid
// mutants every candidate must reject, so that no candidate is fast by checking nothing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { schemasRoot } from "@fwcall/schemas";

/** The file the throughput rows validate and the cold-start scripts read. */
export const BENCH_PAYLOAD_FILE = join(schemasRoot, "examples/on-call-update/fdk-default.json");

const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));
/** A payload as it comes off the wire: fresh objects from JSON.parse, none left in dictionary mode by `delete`. */
const asReceived = (value) => JSON.parse(JSON.stringify(value));

/** The timed payload, parsed fresh (callers may keep it; nothing mutates it). */
export function benchPayload() {
  return readJson(BENCH_PAYLOAD_FILE);
}

/** Valid payloads other than the timed one, each with why it is there. */
export function validPayloads() {
  const platform3 = readJson(join(schemasRoot, "examples/on-call-update/notes-attached-platform-3.json"));
  const withExtras = benchPayload();
  withExtras.data.call.created_time = "2024-03-05T10:15:30.123456Z";
  withExtras.data.call.participants[1].enqueued_time = "2024-03-05T10:15:31Z";
  withExtras.extra_envelope_attribute = { promised: "by the docs" };
  const withChanges = benchPayload();
  withChanges.data.changes = { bill_duration: [85, null] };
  withChanges.data.call.recording_to_redact = { ...withChanges.data.call.recording };
  return [
    { name: "timed payload (platform 2, two participants)", payload: benchPayload() },
    { name: "platform 3 envelope (currentHost)", payload: platform3 },
    { name: "microseconds, enqueued_time, extra envelope attribute", payload: asReceived(withExtras) },
    { name: "changes and recording_to_redact", payload: asReceived(withChanges) },
  ];
}

/**
 * Payloads the schema accepts but a rule of the strict profile rejects: candidates that apply the
 * rules must reject them, the schema checks alone must accept them.
 */
export function ruleBreakingPayloads() {
  const withOffset = benchPayload();
  withOffset.data.call.created_time = "2024-03-05T07:15:30.000-03:00"; // rule time:utc
  return [{ name: "offset date-time (a valid date-time; rule time:utc wants Z)", payload: asReceived(withOffset) }];
}

/** Invalid payloads: each is the timed payload with one thing broken. */
export function invalidPayloads() {
  const mutants = [
    ["call_status 7 (undocumented, strict rejects)", (p) => (p.data.call.participants[1].call_status = 7)],
    ["call_status as a string", (p) => (p.data.call.participants[0].call_status = "3")],
    ["participant missing cost_unit", (p) => delete p.data.call.participants[1].cost_unit],
    ["call missing updated_time", (p) => delete p.data.call.updated_time],
    ["date-time without a zone", (p) => (p.data.call.participants[0].created_time = "2024-03-05T10:15:30")],
    ["date-time 30 February", (p) => (p.data.call.updated_time = "2024-02-30T10:17:05.000Z")],
    ["recording url not a URI", (p) => (p.data.call.recording.url = "recordings/22001")],
    ["extra property in data.call (closed in strict)", (p) => (p.data.call.extra = 1)],
    ["extra property in a participant", (p) => (p.data.call.participants[0].extra = 1)],
    ["region not in the enum", (p) => (p.region = "MARS")],
    ["direction in the docs' spelling", (p) => (p.data.call.direction = "Incoming")],
    ["neither platform 2 nor 3 envelope", (p) => delete p.account_id],
    ["float cost (strict wants an integer)", (p) => (p.data.call.participants[0].cost = 0.0125)],
    ["negative bill_duration", (p) => (p.data.call.bill_duration = -1)],
    ["cost_unit not three letters", (p) => (p.data.call.participants[0].cost_unit = "us")],
    ["changes value not a pair", (p) => (p.data.changes = { bill_duration: [85] })],
    ["event name of the other event", (p) => (p.event = "onCallCreate")],
    ["phone_number over maxLength", (p) => (p.data.call.phone_number = "+1".padEnd(65, "5"))],
  ];
  return mutants.map(([name, mutate]) => {
    const payload = benchPayload();
    mutate(payload);
    return { name, payload: asReceived(payload) };
  });
}
