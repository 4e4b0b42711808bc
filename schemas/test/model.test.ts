// The schema model (generated/model.json through model.cjs): resolved, named, and its two profiles
// differ exactly where docs/decisions/0007-two-validation-profiles.md says.
import { describe, expect, it } from "vitest";
import { loadSchemas } from "../index.js";
import { definitionsUnder, ENVELOPES, fieldsOf, isNullable, linkModel, MODEL_PROFILES, schemaModel, toJsonSchema, UnknownDefinitionError, type Definition, type SchemaNode } from "../model.js";
import { readFileSync } from "node:fs";

const model = schemaModel();

/** Every node under a node, with its pointer, not entering referred definitions. */
function nodesOf(node: unknown, pointer = ""): Array<[string, Record<string, unknown>]> {
  if (node === null || typeof node !== "object") return [];
  if (Array.isArray(node)) return node.flatMap((item, i) => nodesOf(item, `${pointer}/${i}`));
  const record = node as Record<string, unknown>;
  return [
    [pointer, record],
    ...Object.entries(record).flatMap(([key, value]) =>
      key === "ref" || key === "enum" || key === "const" ? [] : key === "properties" ? Object.entries(value as object).flatMap(([name, sub]) => nodesOf(sub, `${pointer}/properties/${name}`)) : nodesOf(value, `${pointer}/${key}`),
    ),
  ];
}

describe("the schema model", () => {
  it.each(MODEL_PROFILES)("%s: no $ref, $id, examples or x- keyword is left, and every ref is a definition of the same profile", (profile) => {
    const p = model.profile(profile);
    const roots: Array<[string, SchemaNode]> = [...[...p.definitions.values()].map((d) => [d.name, d.schema] as [string, SchemaNode]), ...[...p.events.values()].flatMap((e) => ENVELOPES.map((k) => [`${e.event}@${k}`, e.envelope(k)] as [string, SchemaNode]))];
    const left: string[] = [];
    for (const [name, root] of roots) {
      for (const [pointer, node] of nodesOf(root)) {
        for (const key of Object.keys(node)) if (key === "$ref" || key === "$id" || key === "$schema" || key === "examples" || key.startsWith("x-")) left.push(`${name}${pointer}/${key}`);
        if (node.ref !== undefined && p.definitions.get((node.ref as Definition).name) !== node.ref) left.push(`${name}${pointer}/ref`);
      }
    }
    expect(left).toEqual([]);
  });

  it("has a definition per schema file, named by its title or its path, and the REST resources and both events", () => {
    const strict = model.profile("strict");
    const files = loadSchemas();
    expect([...strict.definitions.values()].filter((d) => d.pointer === "").map((d) => d.file)).toEqual(files.map((f) => f.file));
    expect(strict.definition("Timestamp").title).toBeUndefined();
    expect(strict.definition("Timestamp").file).toBe("timestamp.json");
    expect([...strict.resources.keys()]).toEqual(["CallListResponse", "CallResponse", "RestCall", "ApiError", "RestParticipant"]);
    expect([...strict.events.keys()]).toEqual(["onCallCreate", "onCallUpdate"]);
    expect(strict.event("onCallUpdate").payload).toBe(strict.definition("OnCallUpdatePayload"));
    expect(strict.definition("Call").schema.properties!.participants).toMatchObject({ items: { ref: strict.definition("Participant") } });
    expect(() => strict.definition("Nope")).toThrow(UnknownDefinitionError);
    expect(() => model.profile("loose" as never)).toThrow(/no profile "loose"/);
  });

  it("keeps enum values with their names, and where each enum is closed", () => {
    const status = model.enums.get("CallStatus")!;
    expect(status.names[status.values.indexOf(3)]).toBe("missed");
    expect(status.closedIn).toBe("strict");
    expect(model.enums.get("Direction")!.closedIn).toBe("both");
    expect(model.enums.get("Direction")!.aliases).toMatchObject({ Incoming: "incoming" });
    expect(model.profile("lenient").definition("CallStatus").enum).toBe(status);
    expect(model.profile("lenient").definition("CallStatus").schema.enum).toBeUndefined();
    expect(model.profile("strict").definition("CallStatus").schema.enum).toEqual(status.values);
  });

  it("gives each event for each envelope alone", () => {
    for (const profile of MODEL_PROFILES) {
      const create = model.profile(profile).event("onCallCreate");
      const v2 = create.envelope("2.x").allOf![0]!.ref!;
      const v3 = create.envelope("3.0").allOf![0]!.ref!;
      expect(v2.name).toBe("Platform2Envelope");
      expect(fieldsOf(v2.schema).filter((f) => f.required).map((f) => f.name)).toEqual(["event", "timestamp", "region", "data", "account_id", "domain"]);
      expect(fieldsOf(v3.schema).filter((f) => f.required).map((f) => f.name)).toEqual(["event", "timestamp", "region", "data", "currentHost"]);
      expect(v3.schema.anyOf).toBeUndefined();
      expect(create.envelope("3.0").properties).toEqual(create.payload.schema.properties);
    }
  });

  it("answers required and nullable per field, following refs and allOf", () => {
    const fields = (profile: "lenient" | "strict", name: string) => Object.fromEntries(fieldsOf(model.profile(profile).definition(name).schema).map((f) => [f.name, [f.required, f.nullable]]));
    expect(fields("lenient", "Call").call_notes).toEqual([false, true]);
    expect(fields("strict", "Call").call_notes).toEqual([true, true]);
    expect(fields("strict", "Call").recording).toEqual([true, true]);
    expect(fields("strict", "Call").direction).toEqual([true, false]);
    // RestCall: the event's call through allOf, plus its own fields
    expect(fields("strict", "RestCall").id).toEqual([true, false]);
    expect(fields("strict", "RestCall").assigned_agent_name).toEqual([false, true]);
    expect(isNullable(true)).toBe(true);
  });

  it("turns back into plain JSON Schema, with refs named by the caller or inlined", () => {
    const call = model.profile("strict").definition("Call").schema;
    const named = toJsonSchema(call, { ref: (d) => `#/components/schemas/${d.name}` }) as { properties: Record<string, Record<string, unknown>> };
    expect(named.properties.direction).toEqual({ description: (call.properties!.direction as SchemaNode).description, $ref: "#/components/schemas/Direction" });
    const inlined = JSON.stringify(toJsonSchema(call));
    expect(inlined).not.toContain("$ref");
    expect(inlined).not.toContain('"ref"');
    expect(JSON.parse(inlined).properties.direction.allOf[0].enum).toEqual(["incoming", "outgoing"]);
  });

  it("lists the definitions a node reaches, in first-reached order", () => {
    const strict = model.profile("strict");
    expect(definitionsUnder(strict.definition("Call").schema).map((d) => d.name)).toEqual(["Direction", "Recording", "Participant", "ParticipantType", "ConnectionType", "CallStatus", "Timestamp"]);
    expect(definitionsUnder(strict.event("onCallCreate").envelope("2.x")).map((d) => d.name)).toContain("Platform2Envelope");
    expect(definitionsUnder(strict.event("onCallCreate").envelope("2.x")).map((d) => d.name)).not.toContain("Envelope");
  });

  it("links the data of another revision, and refuses what is not model data", () => {
    const data = JSON.parse(readFileSync(new URL("../generated/model.json", import.meta.url), "utf8"));
    const other = linkModel(data);
    expect(other.profile("strict").definition("Call").schema.additionalProperties).toBe(false);
    expect(() => linkModel({ format: 99 })).toThrow(/not schema model data of format 1/);
    const broken = JSON.parse(readFileSync(new URL("../generated/model.json", import.meta.url), "utf8"));
    broken.profiles.lenient.definitions.Call.schema.properties.direction.ref = "Gone";
    expect(() => linkModel(broken)).toThrow(/ref "Gone" names no definition/);
  });
});

/** Where the strict tree differs from the lenient one: pointer and keyword, per definition. */
function profileDifferences(): string[] {
  const lenient = model.profile("lenient");
  const strict = model.profile("strict");
  const out: string[] = [];
  const compare = (where: string, a: unknown, b: unknown): void => {
    if (a !== null && typeof a === "object" && b !== null && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
      const ra = a as Record<string, unknown>;
      const rb = b as Record<string, unknown>;
      for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
        if (key === "ref") {
          if ((ra.ref as Definition | undefined)?.name !== (rb.ref as Definition | undefined)?.name) out.push(`${where}/ref`);
        } else if (key === "properties" && ra.properties && rb.properties) {
          for (const name of new Set([...Object.keys(ra.properties as object), ...Object.keys(rb.properties as object)])) compare(`${where}/properties/${name}`, (ra.properties as Record<string, unknown>)[name], (rb.properties as Record<string, unknown>)[name]);
        } else if (JSON.stringify(ra[key]) !== JSON.stringify(rb[key]) && (typeof ra[key] !== "object" || typeof rb[key] !== "object" || key === "enum" || key === "required" || key === "type" || ra[key] === undefined || rb[key] === undefined)) {
          out.push(`${where}/${key}`);
        } else if (typeof ra[key] === "object" && typeof rb[key] === "object") compare(`${where}/${key}`, ra[key], rb[key]);
      }
    }
  };
  for (const [name, def] of lenient.definitions) if (def.pointer === "") compare(name, def.schema, strict.definition(name).schema);
  return out;
}

describe("the profiles (docs/decisions/0007-two-validation-profiles.md)", () => {
  it("differ exactly where x-strict says: data closed (the envelope open), documented enums, integer durations and costs, seconds units, call_notes required", () => {
    expect(profileDifferences().sort()).toEqual(
      [
        "Actor/additionalProperties",
        "Call/additionalProperties",
        "Call/required",
        "Call/properties/bill_duration/type",
        "Call/properties/bill_duration_unit/const",
        "CallStatus/enum",
        "ConnectionType/enum",
        "OnCallCreatePayload/properties/data/additionalProperties",
        "OnCallUpdatePayload/properties/data/additionalProperties",
        "Participant/additionalProperties",
        "Participant/properties/cost/type",
        "Participant/properties/duration/type",
        "Participant/properties/duration_unit/const",
        "ParticipantType/enum",
        "Recording/additionalProperties",
        "Recording/properties/duration/type",
        "Recording/properties/duration_unit/const",
        "Region/enum",
      ].sort(),
    );
    const strictCall = model.profile("strict").definition("Call").schema;
    const lenientCall = model.profile("lenient").definition("Call").schema;
    expect(strictCall.required!.filter((name) => !lenientCall.required!.includes(name))).toEqual(["call_notes"]);
    for (const profile of MODEL_PROFILES) expect(model.profile(profile).definition("Envelope").schema.additionalProperties).toBeUndefined();
  });
});

describe("the shared model", () => {
  it("is frozen, so no reader changes what the others see, and leaves the required JSON alone", async () => {
    const call = model.profile("strict").definition("Call");
    expect(Object.isFrozen(call.schema.properties!.direction)).toBe(true);
    expect(() => ((call.schema.required as string[]).push("x"))).toThrow(TypeError);
    const { createRequire } = await import("node:module");
    const raw = createRequire(import.meta.url)("../generated/model.json");
    expect(typeof raw.profiles.strict.definitions.Call.schema.properties.direction.ref).toBe("string");
  });
});
