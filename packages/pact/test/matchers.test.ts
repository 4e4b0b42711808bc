// Matchers derived from the schemas: each schema construct gives the matcher the issue names, the
// example survives unchanged inside the template, overrides pin what a consumer branches on, and
// an example or override that does not fit the schema is refused with the path and the reason.
import { describe, expect, it } from "vitest";
import { buildCase } from "@fwcall/cases";
import type { OnCallUpdatePayload } from "@fwcall/types";
import { isDateTime } from "@fwcall/validate";
import { MatchersV3 } from "@pact-foundation/pact";
import { DATE_TIME_PATTERN, matchersFor, MatcherDerivationError, type Json } from "../src/index.js";

type Template = Record<string, Json>;
const isMatcher = (value: Json): value is Template => typeof value === "object" && value !== null && !Array.isArray(value) && "pact:matcher:type" in value;

/** The node of a template at a path of keys and indexes, looking through matchers' values. */
function at(template: Json, ...path: Array<string | number>): Json {
  let node = template;
  for (const step of path) {
    if (isMatcher(node)) node = node.value!;
    node = (node as Record<string | number, Json>)[step]!;
    if (node === undefined) throw new Error(`nothing at ${path.join(".")}`);
  }
  return node;
}

/** The example a template stands for: every matcher replaced by its value. */
function reify(template: unknown): unknown {
  if (Array.isArray(template)) return template.map(reify);
  if (template === null || typeof template !== "object") return template;
  if (isMatcher(template as Json)) return reify((template as Template).value);
  return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, reify(v)]));
}

const missed = buildCase("update/incoming/missed/recording") as OnCallUpdatePayload;
const { template, itemRules } = matchersFor("OnCallUpdatePayload", missed);

describe("matchersFor: one matcher per schema construct", () => {
  it("keeps the example: the template's values are the payload", () => {
    expect(reify(template)).toEqual(missed);
    expect(itemRules).toEqual([]);
  });

  it("integers → integer, consts → equality, plain strings → by type", () => {
    expect(at(template, "data", "call", "id")).toEqual({ "pact:matcher:type": "integer", value: missed.data.call.id });
    expect(at(template, "event")).toEqual({ "pact:matcher:type": "equality", value: "onCallUpdate" });
    expect(at(template, "data", "call", "bill_duration_unit")).toEqual({ "pact:matcher:type": "equality", value: "seconds" }); // strict: const "seconds"
    expect(at(template, "data", "call", "phone_number")).toEqual({ "pact:matcher:type": "type", value: missed.data.call.phone_number });
    expect(at(template, "timestamp")).toEqual({ "pact:matcher:type": "number", value: missed.timestamp });
  });

  it("date-times → a regex of the schema's format, which accepts every form the format does", () => {
    expect(at(template, "data", "call", "created_time")).toEqual({ "pact:matcher:type": "regex", regex: DATE_TIME_PATTERN, value: missed.data.call.created_time });
    const regex = new RegExp(DATE_TIME_PATTERN);
    for (const text of ["2024-03-05T10:15:30.000Z", "2024-03-05T10:15:30Z", "2024-03-05T07:15:30.000-03:00", "2024-03-05t10:15:30+0530", "2024-03-05 10:15:30.123456z"]) {
      expect(isDateTime(text), text).toBe(true);
      expect(regex.test(text), text).toBe(true);
    }
    for (const text of ["2024-03-05", "10:15:30Z", "2024-03-05T10:15:30", "yesterday", "2024-03-05T10:15Z"]) {
      expect(isDateTime(text), text).toBe(false);
      expect(regex.test(text), text).toBe(false);
    }
  });

  it("enums → an anchored regex over every allowed value; integer enums also an integer matcher", () => {
    expect(at(template, "data", "call", "direction")).toEqual({ "pact:matcher:type": "regex", regex: "^(incoming|outgoing)$", value: "incoming" });
    expect(at(template, "region")).toEqual({ "pact:matcher:type": "regex", regex: "^(US|EU|EUC|AUS|IND)$", value: "US" });
    expect(at(template, "data", "call", "participants", 0, "call_status")).toEqual({
      "pact:matcher:type": [{ "pact:matcher:type": "integer" }, { "pact:matcher:type": "regex", regex: "^(0|1|2|3|4|5|6|8|9|10|11|12|13|15|16)$" }],
      value: 3,
    });
  });

  it("participants → eachLike: min 1, every item kept, the matchers on the first item (they hold for each)", () => {
    const participants = at(template, "data", "call", "participants") as Template;
    expect(participants["pact:matcher:type"]).toBe("type");
    expect(participants.min).toBe(1);
    const items = participants.value as Json[];
    expect(items).toHaveLength(missed.data.call.participants.length);
    expect(isMatcher(at(items[0]!, "id"))).toBe(true);
    expect(items.slice(1)).toEqual(missed.data.call.participants.slice(1));
  });

  it("nullables: null → the null matcher, a value → its type's matcher; items that differ → a regex of the type or null", () => {
    expect(at(template, "data", "call", "parent_call_id")).toEqual({ "pact:matcher:type": "null", value: null });
    expect(at(template, "data", "call", "bill_duration")).toEqual({ "pact:matcher:type": "integer", value: missed.data.call.bill_duration });
    const call = buildCase("update/incoming/answered/notes") as OnCallUpdatePayload;
    const legs = call.data.call.participants;
    expect(legs.map((leg) => leg.caller_id === null)).toEqual([false, true]);
    const participants = at(matchersFor("OnCallUpdatePayload", call).template, "data", "call", "participants") as Template;
    const first = (participants.value as Json[])[0]!;
    expect(at(first, "caller_id")).toEqual({ "pact:matcher:type": "regex", regex: "^(-?[0-9]+|null)$", value: legs[0]!.caller_id });
  });

  it("open objects and schemaless values → by type, arrays without one items schema position by position", () => {
    expect(at(template, "iparams")).toEqual({});
    const changes = at(template, "data", "changes", "recording") as Json[];
    expect(Array.isArray(changes)).toBe(true);
    expect(at(changes[0]!, "url")).toEqual({ "pact:matcher:type": "type", value: missed.data.call.recording!.url });
    expect(changes[1]).toEqual({ "pact:matcher:type": "null", value: null });
  });

  it("an empty array with one items schema → any array", () => {
    const { template: list } = matchersFor("CallListResponse", { calls: [], meta: { current: 1, total_pages: 0, total_count: 0 } });
    expect(list).toEqual({
      calls: { "pact:matcher:type": "type", value: [] },
      meta: { current: { "pact:matcher:type": "integer", value: 1 }, total_count: { "pact:matcher:type": "integer", value: 0 }, total_pages: { "pact:matcher:type": "integer", value: 0 } },
    });
  });

  it("the lenient profile: numbers where strict says integers, no enum where only the docs list the values", () => {
    const { template: lenient } = matchersFor("OnCallUpdatePayload", missed, { profile: "lenient" });
    expect(at(lenient, "data", "call", "bill_duration")).toEqual({ "pact:matcher:type": "number", value: missed.data.call.bill_duration });
    expect(at(lenient, "region")).toEqual({ "pact:matcher:type": "type", value: "US" });
    expect(at(lenient, "data", "call", "direction")).toEqual({ "pact:matcher:type": "regex", regex: "^(incoming|outgoing)$", value: "incoming" });
  });

  it("is stable: the same input gives the same bytes, keys sorted", () => {
    const again = matchersFor("OnCallUpdatePayload", structuredClone(missed));
    expect(JSON.stringify(again.template)).toBe(JSON.stringify(template));
    const keys = Object.keys(template as Template);
    expect(keys).toEqual([...keys].sort());
  });
});

describe("matchersFor: overrides", () => {
  it('"exact" pins a value, "type" loosens one, a function returns any matcher', () => {
    const { template: pinned } = matchersFor("OnCallUpdatePayload", missed, {
      overrides: {
        "$.data.call.direction": "exact",
        "$['region']": "type",
        "$.data.call.id": (example, derived) => ({ ...(derived() as Template), note: `was ${String(example)}` }),
        "$.data.call.participants[*].call_status": () => MatchersV3.integer(3),
      },
    });
    expect(at(pinned, "data", "call", "direction")).toEqual({ "pact:matcher:type": "equality", value: "incoming" });
    expect(at(pinned, "region")).toEqual({ "pact:matcher:type": "type", value: "US" });
    expect(at(pinned, "data", "call", "id")).toEqual({ "pact:matcher:type": "integer", value: missed.data.call.id, note: `was ${missed.data.call.id}` });
    expect(at(pinned, "data", "call", "participants", 0, "call_status")).toEqual({ "pact:matcher:type": "integer", value: 3 });
  });

  it("one item of an eachLike → a rule for that item, beside the template (which every item shares)", () => {
    const { template: pinned, itemRules: rules } = matchersFor("OnCallUpdatePayload", missed, {
      overrides: { "$.data.call.participants[0].call_status": "exact", "$.data.call.participants[0].connection_type": () => MatchersV3.integer(0) },
    });
    expect(pinned).toEqual(template);
    expect(rules).toEqual([
      { path: "$.data.call.participants[0].call_status", rules: [{ "pact:matcher:type": "equality" }] },
      { path: "$.data.call.participants[0].connection_type", rules: [{ "pact:matcher:type": "integer" }] },
    ]);
  });

  it("refuses an override that matches nothing, and an exact pin over items that differ", () => {
    expect(() => matchersFor("OnCallUpdatePayload", missed, { overrides: { "$.data.call.directon": "exact" } })).toThrow(
      "$.data.call.directon: this override matches no value of the example (check the path: fields by .name, array items by [*] or [n])",
    );
    expect(() => matchersFor("OnCallUpdatePayload", missed, { overrides: { "$.data.call.participants[9].call_status": "exact" } })).toThrow(MatcherDerivationError);
    const twoLegs = buildCase("update/incoming/answered/notes");
    expect(() => matchersFor("OnCallUpdatePayload", twoLegs, { overrides: { "$.data.call.participants[*].connection_type": "exact" } })).toThrow(
      '$.data.call.participants[*].connection_type: "exact" cannot pin this path: the items of its array hold different values (0, 1)',
    );
    expect(() => matchersFor("OnCallUpdatePayload", missed, { overrides: { "data.call": "exact" } })).toThrow('"data.call" is not a JSON path: it must start with $');
  });
});

describe("matchersFor: examples that do not fit the schema", () => {
  it("an undocumented status under strict: says which values are allowed and what to do", () => {
    const unknown = buildCase("update/incoming/unknown/status-change");
    expect(() => matchersFor("OnCallUpdatePayload", unknown)).toThrow(
      "$.data.call.participants[*].call_status: the example holds 7, which is not one of the values the strict OnCallUpdatePayload schema allows (0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 15, 16); derive with the lenient profile or override the path",
    );
    expect(() => matchersFor("OnCallUpdatePayload", unknown, { profile: "lenient" })).not.toThrow();
  });

  it("a field the schema does not have, and a value of the wrong type", () => {
    const extra = structuredClone(missed) as unknown as { data: { call: Record<string, unknown> } };
    extra.data.call.customer_name = "Ada";
    expect(() => matchersFor("OnCallUpdatePayload", extra)).toThrow(/^\$\.data\.call\.customer_name: the strict OnCallUpdatePayload schema does not have this field \(Call declares assigned_agent_id, .*\); a consumer cannot rely on it$/);
    const wrong = structuredClone(missed) as unknown as { data: { call: Record<string, unknown> } };
    wrong.data.call.id = "42";
    expect(() => matchersFor("OnCallUpdatePayload", wrong)).toThrow('$.data.call.id: the example holds a string ("42"), but the strict OnCallUpdatePayload schema allows an integer here');
  });

  it("a string that breaks its format or pattern", () => {
    const late = structuredClone(missed);
    late.data.call.created_time = "yesterday";
    expect(() => matchersFor("OnCallUpdatePayload", late)).toThrow(`$.data.call.created_time: the example "yesterday" does not match ${DATE_TIME_PATTERN}, which the schema asks for`);
  });

  it("an unknown schema", () => {
    expect(() => matchersFor("Nope" as never, {})).toThrow('no schema of fwcall has the title "Nope"');
  });
});
