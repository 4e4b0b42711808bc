// Rules JSON Schema cannot express: they compare fields with each other. They run in both
// profiles, once the payload has the lenient shape, so every field they read is known to exist.
import {
  CALL_PROPERTIES,
  ConnectionType,
  CHANGE_TUPLE_ORDER,
  matchChangeTuple,
  readChangeTuple,
  type Call,
  type ChangesOrder,
  type CallEventName,
  type OnCallCreatePayload,
  type OnCallUpdatePayload,
  type TupleMatch,
} from "@fwcall/types";
import { describeValue, pointerTo, type Problem, type Severity } from "./problem.js";
import type { Profile } from "./profile.js";

/** How a rule's problems weigh in each profile. */
interface Weight {
  strict: Severity;
  lenient: Severity;
}
/** Broken in both profiles. */
const ALWAYS_ERROR: Weight = { strict: "error", lenient: "error" };
/** Broken promise of the docs: the strict profile enforces it, the lenient one reports drift. */
const DOCUMENTED: Weight = { strict: "error", lenient: "warning" };
/** Suspicious but known to happen in real samples. */
const ALWAYS_WARNING: Weight = { strict: "warning", lenient: "warning" };

type Report = (pointer: string, rule: string, weight: Weight, expected: string, found: unknown, message: string) => void;

const CALL = "/data/call";

/** The onCallCreate invariants the spec lists, each "must be null" field by its rule id. */
const NULL_ON_CREATE: ReadonlyArray<[keyof Call, string]> = [
  ["bill_duration", "create:bill-duration-null"],
  ["recording", "create:recording-null"],
  ["call_notes", "create:call-notes-null"],
  ["parent_call_id", "create:parent-call-id-null"],
  ["root_call_id", "create:root-call-id-null"],
  ["assigned_team_id", "create:team-id-null"],
];

function checkCreateInvariants(payload: OnCallCreatePayload, report: Report): void {
  const { call, actor, associations } = payload.data;
  for (const [field, rule] of NULL_ON_CREATE) {
    const value = call[field];
    // A missing call_notes (older FDK samples) is the schema's finding, not a non-null value.
    if (value !== null && value !== undefined) {
      report(pointerTo(CALL, field), rule, DOCUMENTED, "null", value, `must be null on onCallCreate, found ${describeValue(value)}`);
    }
  }
  if (call.updated_time !== call.created_time) {
    report(`${CALL}/updated_time`, "create:updated-equals-created", DOCUMENTED, JSON.stringify(call.created_time), call.updated_time,
      `must equal created_time on onCallCreate (${call.created_time}), found ${describeValue(call.updated_time)}`);
  }
  call.participants.forEach((participant, i) => {
    const type = participant.connection_type;
    if (type !== ConnectionType.Customer && type !== ConnectionType.PrimaryAgent) {
      report(`${CALL}/participants/${i}/connection_type`, "create:connection-type", DOCUMENTED, "0 or 1", type,
        `must be 0 (customer) or 1 (primary agent) on onCallCreate, found ${describeValue(type)}`);
    }
  });
  if (actor.type !== "system") {
    report("/data/actor/type", "create:actor-system", DOCUMENTED, '"system"', actor.type, `must be "system" on onCallCreate, found ${describeValue(actor.type)}`);
  }
  for (const _key in associations) {
    report("/data/associations", "create:associations-empty", DOCUMENTED, "an empty object", associations,
      `must be empty on onCallCreate, found ${describeValue(associations)}`);
    break;
  }
}

const ORDER_NAMES: Record<ChangesOrder, string> = { "new-old": "[new, old]", "old-new": "[old, new]" };

/** Thrown by sameJson past this depth: matchChangeTuple's iterative walk then answers. */
const DEEPER_THAN_THE_FAST_WALK = 64;
const TOO_DEEP = Symbol("too deep");

/**
 * Deep equality as @fwcall/types' jsonEqual decides it (the same own keys, arrays only equal to
 * arrays), by recursion instead of its stack of pairs: the changes of a typical update compare
 * whole participant lists, and the pairs were a fifth of validating one.
 */
function sameJson(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (depth === DEEPER_THAN_THE_FAST_WALK) throw TOO_DEEP;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key)) return false;
    if (!sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/** matchChangeTuple of @fwcall/types, the same answer sooner (see sameJson); exported for the equivalence test. */
export function matchTuple(tuple: readonly [unknown, unknown], current: unknown): TupleMatch {
  let first: boolean;
  let second: boolean;
  try {
    first = sameJson(tuple[0], current, 0);
    second = sameJson(tuple[1], current, 0);
  } catch (error) {
    if (error === TOO_DEEP) return matchChangeTuple(tuple, current);
    throw error;
  }
  if (first === second) return first ? "both" : "neither";
  return first ? "new-old" : "old-new";
}

/**
 * Decides the payload's tuple order from the tuples whose one side alone equals `call[key]`, reports
 * an order other than the documented one (drift) or tuples that disagree (broken in both
 * profiles), then checks every tuple's new value against the call in that order. Returns the order.
 */
function checkChanges(payload: OnCallUpdatePayload, report: Report, defaultOrder: ChangesOrder): ChangesOrder {
  const { call, changes } = payload.data;
  const unmatched: Array<keyof Call> = [];
  const decided: Record<ChangesOrder, string[]> = { "new-old": [], "old-new": [] };
  for (const key in changes) {
    if (!Object.hasOwn(changes, key)) continue;
    if (!CALL_PROPERTIES.has(key as keyof Call)) {
      report(pointerTo("/data/changes", key), "changes:call-attribute", ALWAYS_ERROR, "a call attribute", key, `${describeValue(key)} is not a call attribute`);
      continue;
    }
    const match = matchTuple(changes[key] as [unknown, unknown], call[key as keyof Call]);
    if (match === "neither") unmatched.push(key as keyof Call);
    else if (match !== "both") decided[match].push(key);
  }
  // Tuples that disagree: the fewer (on a tie, those not in the default order) are the ones in error.
  const other = (order: ChangesOrder): ChangesOrder => (order === "new-old" ? "old-new" : "new-old");
  const newOld = decided["new-old"].length;
  const oldNew = decided["old-new"].length;
  const order: ChangesOrder = newOld > oldNew ? "new-old" : oldNew > newOld ? "old-new" : defaultOrder;
  if (newOld > 0 && oldNew > 0) {
    const majority = decided[order].join(", ");
    for (const key of decided[other(order)]) {
      report(pointerTo("/data/changes", key), "changes:order-consistent", ALWAYS_ERROR, `${ORDER_NAMES[order]}, as ${majority}`, ORDER_NAMES[other(order)],
        `tuple reads as ${ORDER_NAMES[other(order)]} against call.${key}, while ${majority} read as ${ORDER_NAMES[order]}`);
    }
  }
  if (order !== CHANGE_TUPLE_ORDER && decided[order].length > 0 && decided[other(order)].length === 0) {
    report("/data/changes", "changes:order", DOCUMENTED, `${ORDER_NAMES[CHANGE_TUPLE_ORDER]} tuples`, `${ORDER_NAMES[order]} tuples`,
      `changes are ${ORDER_NAMES[order]}; the docs say ${ORDER_NAMES[CHANGE_TUPLE_ORDER]}`);
  }
  for (const key of unmatched) {
    const current = call[key];
    const { to } = readChangeTuple(changes[key] as [unknown, unknown], order);
    report(pointerTo("/data/changes", key), "changes:new-value-matches-call", ALWAYS_ERROR, describeValue(current), to,
      `new value ${describeValue(to)} differs from call.${key} (${describeValue(current)})`);
  }
  return order;
}

/** The spec gives every time "in the UTC format"; real REST responses carry offsets such as -03:00. */
function checkUtc(value: string | null, at: string, field: string, report: Report): void {
  if (value === null || value.endsWith("Z")) return;
  report(`${at}/${field}`, "time:utc", DOCUMENTED, "a UTC time ending in Z", value, `expected a UTC time ending in Z, found ${describeValue(value)}`);
}

function checkParticipants(call: Call, report: Report): void {
  checkUtc(call.created_time, CALL, "created_time", report);
  checkUtc(call.updated_time, CALL, "updated_time", report);
  call.participants.forEach((participant, i) => {
    const at = `${CALL}/participants/${i}`;
    checkUtc(participant.enqueued_time, at, "enqueued_time", report);
    checkUtc(participant.created_time, at, "created_time", report);
    checkUtc(participant.updated_time, at, "updated_time", report);
    if (participant.call_id !== call.id) {
      report(`${at}/call_id`, "participant:call-id", ALWAYS_ERROR, String(call.id), participant.call_id,
        `must equal call.id (${call.id}), found ${describeValue(participant.call_id)}`);
    }
    if (
      participant.connection_type === ConnectionType.PrimaryAgent &&
      call.assigned_agent_id !== null &&
      participant.participant_id !== call.assigned_agent_id
    ) {
      report(`${at}/participant_id`, "participant:primary-agent", ALWAYS_WARNING, String(call.assigned_agent_id), participant.participant_id,
        `primary agent leg is ${describeValue(participant.participant_id)} but call.assigned_agent_id is ${call.assigned_agent_id}`);
    }
  });
}

/** What the rules found: problems weighed for the profile, and an update's tuple order. */
export interface RulesOutcome {
  problems: Problem[];
  /** onCallUpdate only: the order its tuples decided, or the default when none did. */
  changesOrder?: ChangesOrder;
}

/**
 * Runs every rule that applies to the event and returns its problems, weighed for the profile;
 * `defaultOrder` reads the changes of an update whose tuples decide no order.
 */
export function checkRules(event: CallEventName, payload: OnCallCreatePayload | OnCallUpdatePayload, profile: Profile, defaultOrder: ChangesOrder): RulesOutcome {
  const problems: Problem[] = [];
  const report: Report = (pointer, rule, weight, expected, found, message) => {
    problems.push({ pointer, rule, severity: weight[profile], expected, found: describeValue(found), message });
  };
  let changesOrder: ChangesOrder | undefined;
  if (event === "onCallCreate") checkCreateInvariants(payload as OnCallCreatePayload, report);
  else changesOrder = checkChanges(payload as OnCallUpdatePayload, report, defaultOrder);
  checkParticipants(payload.data.call, report);
  return changesOrder ? { problems, changesOrder } : { problems };
}
