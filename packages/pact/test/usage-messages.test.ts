import { describe, expect, it } from "vitest";
import { buildCase } from "@fwcall/cases";
import { MatchersV3 } from "@pact-foundation/pact";
import { caseMessage, IDENTIFYING_PATHS, NotApplicableCaseError, parseReadPath, prunePayload, ReadPathError, usageMessage, usageMessages } from "../src/index.js";

/** Every Pact JSON path a template holds a matcher at (eachLike items as [*]). */
function matcherPaths(template: unknown, path = "$", out: string[] = []): string[] {
  if (Array.isArray(template)) template.forEach((item, i) => matcherPaths(item, `${path}[${i}]`, out));
  else if (typeof template === "object" && template !== null) {
    const record = template as Record<string, unknown>;
    if ("pact:matcher:type" in record) {
      out.push(path);
      if (Array.isArray(record.value) && record.min !== undefined && record.value.length > 0) matcherPaths(record.value[0], `${path}[*]`, out);
    } else for (const [key, value] of Object.entries(record)) matcherPaths(value, `${path}.${key}`, out);
  }
  return out;
}

describe("parseReadPath", () => {
  it("reads keys, quoted keys and array items", () => {
    expect(parseReadPath('data.changes["call notes"][].$id')).toEqual([{ key: "data" }, { key: "changes" }, { key: "call notes" }, { items: true }, { key: "$id" }]);
    expect(parseReadPath('["a\\"]b"].c')).toEqual([{ key: 'a"]b' }, { key: "c" }]);
  });

  it.each([
    ["", /it is empty/],
    [".data", /starts with a dot/],
    ["data..call", /a key must start with a letter/],
    ["data.call[0]", /\[ must be followed by \] or a quoted key/],
    ['data["open', /not closed/],
    ["data call", /a key must follow a dot/],
  ])("refuses %j with a clear error", (path, message) => {
    expect(() => parseReadPath(path)).toThrow(ReadPathError);
    expect(() => parseReadPath(path)).toThrow(message);
  });
});

describe("prunePayload", () => {
  const payload = {
    event: "onCallUpdate",
    data: {
      call: { id: 7, direction: "incoming", recording: { id: 1, url: "u", duration: 3 }, participants: [{ a: 1, b: 2 }, { a: 3, b: 4 }] },
      changes: { recording: [{ id: 1, url: "u" }, null], participants: [[{ a: 1 }], []] },
      actor: { type: "system" },
    },
  };

  it("keeps the paths read, each array item in its place, and nothing else", () => {
    expect(prunePayload(payload, ["data.call.id", "data.call.participants[].b", "data.changes.recording[].url"])).toEqual({
      data: { call: { id: 7, participants: [{ b: 2 }, { b: 4 }] }, changes: { recording: [{ url: "u" }, null] } },
    });
  });

  it("keeps the whole subtree of a path that ends at a leaf-bearing read (coverage lists the leaves of what was read whole)", () => {
    expect(prunePayload(payload, ["data.call.recording.id", "data.call.recording.url", "data.call.recording.duration"])).toEqual({ data: { call: { recording: payload.data.call.recording } } });
  });

  it("keeps an object whose own path was read (tested, nothing under it) as an empty object, or whole with `subtree`", () => {
    expect(prunePayload(payload, ["data.changes", "event"])).toEqual({ event: "onCallUpdate", data: { changes: {} } });
    expect(prunePayload(payload, ["data.changes"], "subtree")).toEqual({ data: { changes: payload.data.changes } });
    expect(prunePayload({ data: { changes: {} } }, ["data.changes"])).toEqual({ data: { changes: {} } });
  });

  it("keeps nothing for paths the payload does not have", () => {
    expect(prunePayload(payload, ["data.call.call_notes", "nothing.here[]"])).toEqual({});
    expect(prunePayload(payload, ["data.call.id.deeper"])).toEqual({ data: { call: { id: 7 } } });
  });
});

describe("usageMessage", () => {
  const id = "update/incoming/missed/status-change";

  it("holds the reads plus what identifies the case, with schema-derived matchers for exactly those", () => {
    const message = usageMessage(id, ["data.call.id", "data.call.updated_time"]);
    const full = buildCase(id);
    expect(message.kept).toEqual([...new Set([...IDENTIFYING_PATHS, "data.call.id", "data.call.updated_time"])].sort());
    expect(message.payload).toEqual({
      event: "onCallUpdate",
      data: {
        call: {
          id: full.data.call.id,
          direction: "incoming",
          updated_time: full.data.call.updated_time,
          participants: full.data.call.participants.map((leg) => ({ call_status: leg.call_status, connection_type: leg.connection_type })),
        },
      },
    });
    expect(matcherPaths(message.body.template).sort()).toEqual([
      "$.data.call.direction",
      "$.data.call.id",
      "$.data.call.participants",
      "$.data.call.participants[*].call_status",
      "$.data.call.participants[*].connection_type",
      "$.data.call.updated_time",
    ]);
    // The same matcher the every-field expectation derives for a path both hold.
    const every = caseMessage(id).body.template as { data: { call: Record<string, unknown> } };
    expect((message.body.template as { data: { call: Record<string, unknown> } }).data.call.updated_time).toEqual(every.data.call.updated_time);
  });

  it("leaves out rules that say what Pact does by default (equality), outside every other matcher", () => {
    const message = usageMessage(id, [], { overrides: { "$.data.call.direction": "exact", "$.data.call.participants[0].call_status": "exact" } });
    const template = message.body.template as { event: unknown; data: { call: { direction: unknown } } };
    expect(template.event).toBe("onCallUpdate");
    expect(template.data.call.direction).toBe("incoming");
    // Inside the eachLike, a pin is an item rule: the array's type matcher would govern the item otherwise.
    expect(message.body.itemRules).toEqual([{ path: "$.data.call.participants[0].call_status", rules: [{ "pact:matcher:type": "equality" }] }]);
  });

  it("takes overrides per case, and the payload's seed and platform", () => {
    const message = usageMessage("create/incoming/unknown", [], {
      overrides: (caseId) => (caseId.includes("unknown") ? { "$.data.call.participants[*].call_status": (example) => MatchersV3.integer(example as number) } : {}),
      seed: 3,
      platform: "2.x",
    });
    expect(message.payload).toMatchObject({ event: "onCallCreate" });
    expect(JSON.stringify(message.body.template)).toContain('"pact:matcher:type":"integer"');
    expect(() => usageMessage("create/incoming/unknown", [])).toThrow(/not one of the values/);
  });

  it("refuses a case that cannot happen, and a read path it cannot read", () => {
    expect(() => usageMessage("create/incoming/missed", [])).toThrow(NotApplicableCaseError);
    expect(() => usageMessage(id, ["data..call"])).toThrow(ReadPathError);
  });
});

describe("usageMessages", () => {
  it("one message per case, in order; a case whose reads stopped at the cap keeps its whole payload", () => {
    const messages = usageMessages([
      { id: "create/incoming/connecting", reads: ["data.call.id"] },
      { id: "update/incoming/missed/status-change", reads: ["data.call.id"], readsTruncated: true },
    ]);
    expect(messages.map((m) => m.id)).toEqual(["create/incoming/connecting", "update/incoming/missed/status-change"]);
    expect(messages[1]!.payload).toEqual(buildCase("update/incoming/missed/status-change"));
  });

  it("says how to get the reads when a case has none", () => {
    expect(() => usageMessages([{ id: "create/incoming/connecting" }])).toThrow(/case create\/incoming\/connecting has no reads: run the coverage with usage/);
  });
});

describe("rules that restate Pact's default", () => {
  it("an object pinned exact keeps its equality rule (without it, fields it does not name would pass)", () => {
    const message = usageMessage("update/incoming/voicemail/recording", ["data.call.recording.id", "data.call.recording.url"], { overrides: { "$.data.call.recording": "exact" } });
    const template = message.body.template as { data: { call: { recording: Record<string, unknown> } } };
    expect(template.data.call.recording["pact:matcher:type"]).toBe("equality");
  });
});

describe("parseReadPath and prunePayload together", () => {
  it("a key that is no identifier is quoted", () => {
    expect(prunePayload({ "odd key": { a: 1, c: 3 }, b: 2 }, ['["odd key"].a'])).toEqual({ "odd key": { a: 1 } });
    expect(prunePayload({ "odd key": { a: 1 }, b: 2 }, ['["odd key"]'], "subtree")).toEqual({ "odd key": { a: 1 } });
  });
});
