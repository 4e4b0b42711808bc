// The conventions schemas/README.md states, checked on every schema.
import { describe, expect, it } from "vitest";
import { loadSchemas } from "../index.js";

const schemas = loadSchemas();

/** Every subschema that declares `properties`, with its path, however deeply nested. */
function objectSchemas(node: unknown, path: string): Array<[string, Record<string, unknown>]> {
  if (node === null || typeof node !== "object") return [];
  const here: Array<[string, Record<string, unknown>]> = [];
  const record = node as Record<string, unknown>;
  if (record.properties && typeof record.properties === "object") here.push([path, record.properties as Record<string, unknown>]);
  return [...here, ...Object.entries(record).flatMap(([key, value]) => objectSchemas(value, `${path}/${key}`))];
}

describe("every schema", () => {
  it.each(schemas.map((s) => [s.file, s.schema] as const))("%s has a stable $id, a description and draft-07", (file, schema) => {
    expect(schema.$id).toBe(`https://fwcall.dev/schemas/${file}`);
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(typeof schema.description).toBe("string");
  });

  it.each(schemas.map((s) => [s.file, s.schema] as const))("%s describes every property", (file, schema) => {
    const undescribed = objectSchemas(schema, file).flatMap(([path, properties]) =>
      Object.entries(properties)
        .filter(([, property]) => typeof (property as { description?: unknown }).description !== "string")
        .map(([name]) => `${path}/${name}`),
    );
    expect(undescribed).toEqual([]);
  });

  it("has a unique title", () => {
    const titles = schemas.map((s) => s.schema.title).filter(Boolean);
    expect(new Set(titles).size).toBe(titles.length);
  });
});

describe("named enums", () => {
  const enums = schemas.filter((s) => s.schema["x-enum-names"]);

  it("cover call status, direction, connection type, participant type and region", () => {
    expect(enums.map((s) => s.schema.title).sort()).toEqual(["CallStatus", "ConnectionType", "Direction", "ParticipantType", "Region"]);
  });

  it.each(enums.map((s) => [s.file, s.schema] as const))("%s names and describes every value", (_file, schema) => {
    const values = (schema.enum ?? (schema["x-strict"] as { enum?: unknown[] } | undefined)?.enum) as unknown[];
    expect(values.length).toBeGreaterThan(1);
    expect((schema["x-enum-names"] as string[]).length).toBe(values.length);
    expect((schema["x-enum-descriptions"] as string[]).length).toBe(values.length);
    expect(new Set(schema["x-enum-names"] as string[]).size).toBe(values.length);
  });

  it("document the 15 call status codes, without 7 and 14", () => {
    const status = schemas.find((s) => s.schema.title === "CallStatus")!.schema;
    const codes = (status["x-strict"] as { enum: number[] }).enum;
    expect(codes).toHaveLength(15);
    expect(codes).not.toContain(7);
    expect(codes).not.toContain(14);
  });
});
