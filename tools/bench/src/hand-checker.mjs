// A hand-written checker for the strict onCallUpdate contract: the same checks as the strict
// profile's JSON Schema (schemas/on-call-update.json with envelope, call, participant, recording,
// changes, actor, associations, current-host, timestamp and the enums, x-strict merged in), in
// plain code with no error reporting. It is the practical limit a generated validator can reach.
//
// Same semantics as ajv on JSON input:
// - "integer" is Number.isInteger, "number" is a finite number, "object" excludes null and arrays;
// - a required property is one whose value is not undefined;
// - maxLength counts code points (a string no longer in UTF-16 units is within it at once);
// - date-time and uri use the fast formats of @fwcall/validate (exact ajv-formats semantics);
// - the objects inside data are closed: with every required key present, an object has no key
//   beyond the documented ones exactly when its count of enumerable keys equals the count of
//   documented keys it holds.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { schemasRoot } from "@fwcall/schemas";
import { isDateTime, isUri } from "@fwcall/validate";

/** Length in Unicode code points, as JSON Schema's maxLength counts it. */
function codePoints(s) {
  let length = 0;
  for (let i = 0; i < s.length; i++, length++) {
    const code = s.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return length;
}

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const isInt = Number.isInteger;
const isIntOrNull = (v) => v === null || Number.isInteger(v);
const isCount = (v) => Number.isInteger(v) && v >= 0;
const isCountOrNull = (v) => v === null || (Number.isInteger(v) && v >= 0);
const isString = (v, max) => typeof v === "string" && (v.length <= max || codePoints(v) <= max);
const isStringOrNull = (v, max) => v === null || (typeof v === "string" && (v.length <= max || codePoints(v) <= max));
const isTimestamp = (v) => typeof v === "string" && (v.length <= 64 || codePoints(v) <= 64) && isDateTime(v);
const isUriString = (v) => typeof v === "string" && (v.length <= 2048 || codePoints(v) <= 2048) && isUri(v);

function keyCount(o) {
  let n = 0;
  for (const _ in o) n++;
  return n;
}

// enums/call-status.json (strict): 0–16 without 7 and 14, as a bit set.
const CALL_STATUS_BITS = 0x1ffff & ~(1 << 7) & ~(1 << 14);
const isCallStatus = (v) => Number.isInteger(v) && v >= 0 && v <= 16 && ((CALL_STATUS_BITS >>> v) & 1) === 1;
// enums/connection-type.json (strict): 0–7.
const isConnectionType = (v) => Number.isInteger(v) && v >= 0 && v <= 7;
const isRegion = (v) => v === "US" || v === "EU" || v === "EUC" || v === "AUS" || v === "IND";
const isDirection = (v) => v === "incoming" || v === "outgoing";
const isParticipantType = (v) => v === "Customer" || v === "Agent";

/** participant.json's cost_unit: ^[A-Za-z]{3}$ */
function isCurrencyCode(v) {
  if (typeof v !== "string" || v.length !== 3) return false;
  for (let i = 0; i < 3; i++) {
    const c = v.charCodeAt(i) | 0x20; // fold to lower case; only letters land in a–z
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/** recording.json, strict: closed, integer duration, unit "seconds". */
function isRecording(r) {
  return (
    isObject(r) &&
    isInt(r.id) &&
    isUriString(r.url) &&
    isCount(r.duration) &&
    r.duration_unit === "seconds" &&
    keyCount(r) === 4
  );
}
const isRecordingOrNull = (r) => r === null || isRecording(r);

/** participant.json, strict: closed, fifteen required properties. */
function isParticipant(p) {
  return (
    isObject(p) &&
    isInt(p.id) &&
    isInt(p.call_id) &&
    isIntOrNull(p.participant_id) &&
    isParticipantType(p.participant_type) &&
    isConnectionType(p.connection_type) &&
    isCallStatus(p.call_status) &&
    isIntOrNull(p.caller_id) &&
    isStringOrNull(p.caller_number, 64) &&
    isCountOrNull(p.duration) &&
    p.duration_unit === "seconds" &&
    isCountOrNull(p.cost) &&
    isCurrencyCode(p.cost_unit) &&
    (p.enqueued_time === null || isTimestamp(p.enqueued_time)) &&
    isTimestamp(p.created_time) &&
    isTimestamp(p.updated_time) &&
    keyCount(p) === 15
  );
}

function isParticipantList(list) {
  if (!Array.isArray(list) || list.length > 1000) return false;
  for (let i = 0; i < list.length; i++) if (!isParticipant(list[i])) return false;
  return true;
}

/** call.json, strict: closed, seventeen required properties and the optional recording_to_redact. */
function isCall(c) {
  if (!isObject(c)) return false;
  const redact = c.recording_to_redact;
  return (
    isInt(c.id) &&
    isDirection(c.direction) &&
    isIntOrNull(c.parent_call_id) &&
    isIntOrNull(c.root_call_id) &&
    isString(c.phone_number, 64) &&
    isInt(c.phone_number_id) &&
    isIntOrNull(c.assigned_agent_id) &&
    isIntOrNull(c.assigned_team_id) &&
    isIntOrNull(c.assigned_call_queue_id) &&
    isIntOrNull(c.assigned_ivr_id) &&
    isStringOrNull(c.call_notes, 100000) &&
    isCountOrNull(c.bill_duration) &&
    c.bill_duration_unit === "seconds" &&
    isRecordingOrNull(c.recording) &&
    (redact === undefined || isRecordingOrNull(redact)) &&
    isParticipantList(c.participants) &&
    isTimestamp(c.created_time) &&
    isTimestamp(c.updated_time) &&
    keyCount(c) === (Object.hasOwn(c, "recording_to_redact") ? 18 : 17)
  );
}

/** changes.json: every value a pair. */
function isChanges(changes) {
  if (!isObject(changes)) return false;
  for (const key in changes) {
    const pair = changes[key];
    if (!Array.isArray(pair) || pair.length !== 2) return false;
  }
  return true;
}

/** on-call-update.json's data, strict: closed, actor closed. */
function isUpdateData(d) {
  const actor = d.actor;
  return (
    isObject(actor) &&
    isString(actor.type, 64) &&
    keyCount(actor) === 1 &&
    isObject(d.associations) &&
    isChanges(d.changes) &&
    isCall(d.call) &&
    keyCount(d) === 4
  );
}

/** current-host.json (open). */
function isCurrentHost(h) {
  if (!isObject(h)) return false;
  const modules = h.subscribed_modules;
  if (!Array.isArray(modules) || modules.length > 256) return false;
  for (let i = 0; i < modules.length; i++) if (!isString(modules[i], 256)) return false;
  const urls = h.endpoint_urls;
  if (!isObject(urls)) return false;
  for (const key in urls) if (!isUriString(urls[key])) return false;
  return true;
}

/** The strict onCallUpdate schema: envelope (open, platform 2 or 3) around closed data. */
export function handCheckOnCallUpdate(p) {
  if (!isObject(p) || p.event !== "onCallUpdate") return false;
  const timestamp = p.timestamp;
  if (typeof timestamp !== "number" || !Number.isFinite(timestamp)) return false;
  if (!isRegion(p.region)) return false;
  const data = p.data;
  if (!isObject(data)) return false;
  if (p.iparams !== undefined && !isObject(p.iparams)) return false;
  if (p.app_settings !== undefined && !isObject(p.app_settings)) return false;
  const platform2 = isString(p.account_id, 64) && isString(p.domain, 512);
  if (!platform2 && (p.currentHost === undefined || !isCurrentHost(p.currentHost))) return false;
  return isUpdateData(data);
}

// The semantic rules of packages/validate/src/rules.ts that can make an onCallUpdate invalid under
// the strict profile: a changes key must be a call attribute whose new value (first of the
// [new, old] pair) equals call[key]; each participant's call_id must equal call.id; the call's
// and each participant's times are in UTC (end in "Z"). (The primary-agent rule only warns.)
const CALL_ATTRIBUTES = new Set(Object.keys(JSON.parse(readFileSync(join(schemasRoot, "call.json"), "utf8")).properties));

function jsonEqual(a, b) {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (!Object.hasOwn(b, key) || !jsonEqual(a[key], b[key])) return false;
  return true;
}

/** The strict schema check plus the rules: what validateOnCallUpdate(…, {profile: "strict"}).valid decides. */
export function handCheckOnCallUpdateWithRules(p) {
  if (!handCheckOnCallUpdate(p)) return false;
  const { call, changes } = p.data;
  for (const key in changes) {
    if (!Object.hasOwn(changes, key)) continue;
    if (!CALL_ATTRIBUTES.has(key) || !jsonEqual(changes[key][0], call[key])) return false;
  }
  if (!call.created_time.endsWith("Z") || !call.updated_time.endsWith("Z")) return false;
  const participants = call.participants;
  for (let i = 0; i < participants.length; i++) {
    const p = participants[i];
    if (p.call_id !== call.id) return false;
    if ((p.enqueued_time !== null && !p.enqueued_time.endsWith("Z")) || !p.created_time.endsWith("Z") || !p.updated_time.endsWith("Z")) return false;
  }
  return true;
}
