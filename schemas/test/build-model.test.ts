// The model builder as published (@fwcall/schemas/build-model): the same model from import and
// require, the committed model.json is what it builds, and another folder's schemas build too.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildModel, buildModelData } from "../build-model.js";
import { isSchemaFile, loadSchemas, schemasRoot } from "../index.js";

const require = createRequire(import.meta.url);
const temp = mkdtempSync(join(tmpdir(), "fwcall-build-model-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("@fwcall/schemas/build-model", () => {
  it("builds the committed generated/model.json byte for byte", () => {
    expect(`${JSON.stringify(buildModelData(), null, 1)}\n`).toBe(readFileSync(join(schemasRoot, "generated/model.json"), "utf8"));
  });

  it("gives the same builder to require()", () => {
    const cjs = require("../build-model.cjs") as typeof import("../build-model.js");
    expect(JSON.stringify(cjs.buildModelData())).toBe(JSON.stringify(buildModelData()));
  });

  it("builds another folder's schemas (loadSchemas(from)), with their changes", () => {
    cpSync(schemasRoot, temp, { recursive: true, filter: (path) => !path.includes("node_modules") });
    const file = join(temp, "enums/call-status.json");
    const status = JSON.parse(readFileSync(file, "utf8"));
    status["x-strict"].enum.push(17);
    status["x-enum-names"].push("transcribing");
    writeFileSync(file, JSON.stringify(status));
    const files = loadSchemas(temp);
    expect(files.map((f) => f.file)).toEqual(loadSchemas().map((f) => f.file));
    expect(buildModel(files).enums.get("CallStatus")?.values.at(-1)).toBe(17);
    expect(buildModel().enums.get("CallStatus")?.values).not.toContain(17);
  });

  it("refuses a FIFO named like a schema instead of blocking on it", () => {
    const folder = mkdtempSync(join(tmpdir(), "fwcall-fifo-schemas-"));
    try {
      cpSync(schemasRoot, folder, { recursive: true, filter: (path) => !path.includes("node_modules") });
      execFileSync("mkfifo", [join(folder, "enums", "pipe.json")]);
      expect(() => loadSchemas(folder)).toThrow(`${join(folder, "enums", "pipe.json")} is not a regular file: a schema must be a JSON file`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("names the file when x-enum-names does not fit the values", () => {
    const files = loadSchemas().map((f) => (f.file === "enums/direction.json" ? { ...f, schema: { ...f.schema, "x-enum-names": ["incoming"] } } : f));
    expect(() => buildModelData(files)).toThrow(/enums\/direction\.json: x-enum-names has 1 names for 2 values/);
  });

  it("refuses a name generated code cannot declare: a file name that makes no identifier, a title __proto__", () => {
    const direction = loadSchemas().find((f) => f.file === "enums/direction.json")!.schema;
    const { title: _title, ...untitled } = direction;
    const oddFile = [...loadSchemas(), { file: "enums/x++.json", schema: { ...untitled, $id: "https://fwcall.dev/schemas/enums/x++.json" } }];
    expect(() => buildModelData(oddFile)).toThrow(/enums\/x\+\+\.json: its name "EnumsX\+\+", made from the file name, is not an identifier/);
    const proto = [...loadSchemas(), { file: "proto.json", schema: { $id: "https://fwcall.dev/schemas/proto.json", title: "__proto__", type: "object" } }];
    expect(() => buildModelData(proto)).toThrow(/proto\.json: a schema cannot be named __proto__/);
  });

  it("names the file and the place for a set that cannot form a model, instead of a TypeError", () => {
    const base = loadSchemas();
    const edit = (file: string, change: (schema: any) => void) =>
      base.map((f) => {
        if (f.file !== file) return f;
        const schema = structuredClone(f.schema);
        change(schema);
        return { file: f.file, schema };
      });
    const cases: Array<[unknown, RegExp]> = [
      ["call.json", /files must be an array of \{ file, schema \}/],
      [[...base, { file: "x.json", schema: null }], /x\.json: the schema is not a JSON object/],
      [[...base, { file: "x.json", schema: [] }], /x\.json: the schema is not a JSON object/],
      [[...base, { file: "x.json", schema: { title: "X" } }], /x\.json: "\$id" must be an absolute URL/],
      [[...base, { file: "x.json", schema: { $id: "::not a url", title: "X" } }], /x\.json: "\$id" must be an absolute URL/],
      [[...base, { file: "x.json", schema: { $id: "https://fwcall.dev/schemas/call.json", title: "X" } }], /call\.json and x\.json have the same \$id/],
      [edit("call.json", (s) => (s.properties.id = { $ref: "http://[::1" })), /call\.json\/properties\/id: \$ref http:\/\/\[::1 is not a URL/],
      [edit("call.json", (s) => (s.properties = null)), /call\.json\/properties must be an object/],
      [edit("on-call-update.json", (s) => (s.allOf = 5)), /on-call-update\.json: allOf must be an array/],
      [edit("envelope.json", (s) => (s.anyOf = [null])), /envelope\.json: anyOf must be an array of objects/],
      [edit("envelope.json", (s) => (s.anyOf = "x")), /envelope\.json: anyOf must be an array of objects/],
      [edit("on-call-update.json", (s) => (s.properties.event = { const: "onCallCreate" })), /on-call-create\.json and on-call-update\.json both declare the event onCallCreate/],
      [edit("enums/direction.json", (s) => (s["x-enum-names"] = "ab")), /enums\/direction\.json: x-enum-names must be an array of distinct names/],
      [edit("enums/direction.json", (s) => (s["x-enum-names"] = [{}, []])), /enums\/direction\.json: x-enum-names must be an array of distinct names/],
      [edit("enums/direction.json", (s) => (s["x-enum-names"] = ["incoming", "incoming"])), /enums\/direction\.json: x-enum-names must be an array of distinct names/],
    ];
    for (const [files, message] of cases) {
      let thrown: unknown;
      try {
        buildModelData(files as never);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, String(message)).toBeInstanceOf(Error);
      expect(thrown, String(message)).not.toBeInstanceOf(TypeError);
      expect((thrown as Error).message).toMatch(message);
    }
  });

  it("tells schema files from the rest of a schemas folder", () => {
    expect(["call.json", "enums/region.json", "rest/error.json"].every(isSchemaFile)).toBe(true);
    expect(["package.json", "generated/model.json", "examples/on-call-create/a.json", "README.md", "enums/.hidden.json"].some(isSchemaFile)).toBe(false);
  });
});
