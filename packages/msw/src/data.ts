// The calls each scenario serves, in the REST shape, built once per (seed, scenario) and cached.
import {
  applicableCases,
  buildCase,
  callIdentity,
  hashSeed,
  randomWalk,
  renderCall,
  seededRandom,
  STATES,
  DIRECTIONS,
  type CallSpec,
} from "@fwcall/cases";
import { CallStatus, type Call, type RestCall, type RestParticipant } from "@fwcall/types";
import type { MockResponse } from "./core.js";

/** The data sets the mock can serve. */
export type ScenarioName = "every-case" | "empty" | "busy-week" | "rate-limited";

/** Every scenario, with what it serves. */
export const SCENARIOS: ReadonlyArray<{ name: ScenarioName; description: string }> = [
  { name: "every-case", description: "one call per applicable case of the fixture matrix (the default)" },
  { name: "empty", description: "no calls at all" },
  { name: "busy-week", description: "500 calls spread over a week, along valid call lifecycles" },
  { name: "rate-limited", description: "every authenticated request answers 429 with Retry-After: 30" },
];

export const DEFAULT_SCENARIO: ScenarioName = "every-case";
export const DEFAULT_SEED = 1;

export const isScenarioName = (value: string): value is ScenarioName => SCENARIOS.some((s) => s.name === value);

/** Calls of one data set: newest first (ties by id), and by id. */
export interface CallStore {
  calls: readonly RestCall[];
  byId: ReadonlyMap<number, RestCall>;
  /** Answers already given, by list query (see core.ts). */
  lists: Map<string, MockResponse>;
  /** Answers already given, by call (see core.ts). */
  callResponses: WeakMap<RestCall, MockResponse>;
}

const AGENT_NAMES = ["Ada Moreno", "Bilal Okafor", "Chen Wei", "Dana Kowalski", "Elif Yilmaz", "Farah Haddad", "Goran Petrov", "Hana Sato"];
const CALLER_NAMES = ["Ivy Lindqvist", "Jonas Weber", "Kira Novak", "Luis Ortega", "Maya Patel", "Noor Rahman"];

/** The event's call plus the fields only the REST API returns, all derived from the call's ids. */
export function toRestCall(call: Call, seed: number): RestCall {
  const rng = seededRandom(hashSeed(seed, `rest/${call.id}`));
  const knownCaller = rng.next() < 0.6;
  const callerName = knownCaller ? rng.pick(CALLER_NAMES) : null;
  const ticketed = rng.next() < 0.4;
  const participants: RestParticipant[] = call.participants.map((p) => ({
    ...p,
    caller_name: p.participant_type === "Customer" ? callerName : null,
  }));
  return {
    ...call,
    participants,
    assigned_agent_name: call.assigned_agent_id === null ? null : AGENT_NAMES[call.assigned_agent_id % AGENT_NAMES.length]!,
    assigned_team_name: call.assigned_team_id === null ? null : `Team ${call.assigned_team_id}`,
    assigned_call_queue_name: call.assigned_call_queue_id === null ? null : `Queue ${call.assigned_call_queue_id}`,
    assigned_ivr_name: call.assigned_ivr_id === null ? null : `Main menu ${call.assigned_ivr_id}`,
    integrated_resources: ticketed ? [{ integration_name: "freshdesk", type: "ticket", id: rng.int(1_000, 9_999) }] : [],
    parallel_call_groups: [],
  };
}

/** Gives a call a new id (and its legs the matching call_id). */
function withId(call: Call, id: number): Call {
  return { ...call, id, participants: call.participants.map((p) => ({ ...p, call_id: id })) };
}

/** Makes ids unique: a clash moves the later call to the next free id, deterministically. */
function uniqueIds(calls: Call[]): Call[] {
  const used = new Set<number>();
  return calls.map((call) => {
    let id = call.id;
    while (used.has(id)) id += 1;
    used.add(id);
    return id === call.id ? call : withId(call, id);
  });
}

function everyCase(seed: number): Call[] {
  return applicableCases().map((cell) => buildCase(cell, { seed }).data.call);
}

/** Monday 2024-03-04T00:00Z: the busy week runs from here for seven days. */
const WEEK_START = Date.UTC(2024, 2, 4);
const DAY = 86_400_000;
/** When the live stream's first call starts: after the last call of every scenario, so a board that lists newest first shows live calls on top. */
export const LIVE_START = WEEK_START + 7 * DAY;

function busyWeek(seed: number): Call[] {
  const calls: Call[] = [];
  for (let i = 0; i < 500; i++) {
    const name = `busy-week/${i}`;
    const rng = seededRandom(hashSeed(seed, name));
    const direction = rng.next() < 0.65 ? DIRECTIONS[0]! : DIRECTIONS[1]!;
    // Most calls in office hours (08:00 to 18:00 UTC), a few at any time; about one in ten still going.
    const day = rng.int(0, 6);
    const offset = rng.next() < 0.85 ? rng.int(8 * 3_600, 18 * 3_600 - 1) * 1_000 : rng.int(0, DAY - 1);
    const startedAt = WEEK_START + day * DAY + offset;
    const path = randomWalk(direction, hashSeed(seed, `${name}/walk`), rng.next() < 0.1 ? rng.int(1, 3) : 12);
    const identity = callIdentity(seed, name, direction, startedAt);
    let at = startedAt;
    let spec: CallSpec = STATES[path.states[0]!]({ customerStatus: CallStatus.Default, agentStatus: null }, direction, rng);
    let call = renderCall(identity, spec, at);
    for (const state of path.states.slice(1)) {
      at += rng.int(3, 90) * 1_000;
      spec = STATES[state](spec, direction, rng);
      call = renderCall(identity, spec, at, call);
    }
    calls.push(call);
  }
  return calls;
}

const newestFirst = (a: RestCall, b: RestCall) => (a.created_time < b.created_time ? 1 : a.created_time > b.created_time ? -1 : a.id - b.id);

/** Stores by seed, then by scenario: every request looks its store up, so no key string is built for it. */
const cache = new Map<number, Map<ScenarioName, CallStore>>();

/** The calls of a scenario for a seed; built on first use, then served from the cache. */
export function callStore(seed: number, scenario: ScenarioName): CallStore {
  let stores = cache.get(seed);
  if (!stores) cache.set(seed, (stores = new Map()));
  let store = stores.get(scenario);
  if (!store) {
    const events = scenario === "every-case" ? everyCase(seed) : scenario === "busy-week" ? busyWeek(seed) : [];
    const calls = uniqueIds(events).map((call) => toRestCall(call, seed)).sort(newestFirst);
    store = { calls, byId: new Map(calls.map((call) => [call.id, call])), lists: new Map(), callResponses: new WeakMap() };
    stores.set(scenario, store);
  }
  return store;
}
