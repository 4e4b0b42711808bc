// Every schema has at least one example, and every example is valid against its schema.
import { createAjv } from "@fwcall/codegen";
import { loadExampleFiles, loadSchemas } from "@fwcall/schemas";
import { describe, expect, it } from "vitest";
import { formatProblem, validateCallEvent, validateRestResource, type RestResourceName } from "@fwcall/validate";
import { formats } from "../src/formats.js";

const schemas = loadSchemas();
const exampleFiles = loadExampleFiles();
const ajv = createAjv("lenient", formats);

const examplesOf = (file: string, schema: Record<string, unknown>) => [
  ...((schema.examples as unknown[] | undefined) ?? []).map((example, i) => ({ name: `${file} examples[${i}]`, example })),
  ...exampleFiles.filter((e) => e.schemaFile === file).map((e) => ({ name: e.file, example: e.example })),
];

describe("schema examples", () => {
  it.each(schemas.map(({ file, schema }) => [file, schema] as const))("%s has at least one example", (file, schema) => {
    expect(examplesOf(file, schema).length).toBeGreaterThan(0);
  });

  it("every example file belongs to a schema", () => {
    const files = new Set(schemas.map((s) => s.file));
    for (const e of exampleFiles) expect(files, e.file).toContain(e.schemaFile);
  });

  for (const { file, schema } of schemas) {
    for (const { name, example } of examplesOf(file, schema)) {
      it(`${name} is valid against ${file}`, () => {
        const validate = ajv.getSchema(schema.$id)!;
        expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
      });
    }
  }

  // The FDK's own samples break documented rules on purpose: fdk-samples.test.ts holds them to what they break.
  const ours = exampleFiles.filter((e) => (e.example as { event?: string }).event && !/\/fdk-sample-[^/]+$/.test(e.file));
  it.each(ours)("$file passes the strict profile with no problem", ({ example }) => {
    const result = validateCallEvent((example as { event: "onCallCreate" | "onCallUpdate" }).event, example, { profile: "strict" });
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it.each(exampleFiles.filter((e) => e.schemaFile.startsWith("rest/")))("$file passes its REST validator", ({ schemaFile, example }) => {
    const name = schemas.find((s) => s.file === schemaFile)!.schema.title as RestResourceName;
    expect(validateRestResource(name, example).problems).toEqual([]);
  });
});
