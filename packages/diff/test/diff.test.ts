// Each change kind on a small edit of the real schema set, and how consumers are judged for it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSchemas, schemasRoot, type SchemaFile } from "@fwcall/schemas";
import { buildModel } from "@fwcall/schemas/build-model";
import { afterAll, describe, expect, it } from "vitest";
import { diffEnums, diffModels, DiffInputError, diffSchemas, findMatcherConsumers, formatMarkdown, formatText, judgeConsumers, readPactConsumers, readSchemaVersion, toJson, type SchemaChange } from "../src/index.js";

const temp = mkdtempSync(join(tmpdir(), "fwcall-diff-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const baseFiles = loadSchemas();
const baseModel = buildModel(baseFiles);

/** The schema files with one file's schema changed by `edit` (on a copy). */
function edited(file: string, edit: (schema: any) => void): SchemaFile[] {
  return baseFiles.map((f) => {
    if (f.file !== file) return f;
    const schema = structuredClone(f.schema);
    edit(schema);
    return { file: f.file, schema };
  });
}

const changesOf = (files: SchemaFile[]) => diffModels(baseModel, buildModel(files));
const at = (changes: SchemaChange[], subject: string, path: string) => changes.filter((c) => c.subject === subject && c.path === path);

/** A V4 message pact of one update whose body holds `content`. */
function messagePact(name: string, content: unknown): string {
  const file = join(temp, `${name}.json`);
  const pact = {
    consumer: { name },
    provider: { name: "freshworks-call-events" },
    interactions: [{ type: "Asynchronous/Messages", description: "update/incoming/missed/status-change", pending: false, providerStates: [], contents: { content, contentType: "application/json", encoded: false }, matchingRules: {} }],
    metadata: { pactSpecification: { version: "4.0" } },
  };
  writeFileSync(file, JSON.stringify(pact));
  return file;
}

const reader = messagePact("reads-caller-number", { event: "onCallUpdate", currentHost: {}, data: { call: { direction: "outgoing", participants: [{ caller_number: "+12025550100", call_status: 3 }] } } });

/** A source folder whose server.js uses matchCallStatus from @fwcall/types. */
function matcherApp(): string {
  const dir = join(temp, "matcher-app");
  mkdirSync(join(dir, "server"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "matcher-app", dependencies: { "@fwcall/types": "0.1.0" } }));
  writeFileSync(join(dir, "server/server.js"), 'const { matchCallStatus } = require("@fwcall/types");\nexports.handle = (s) => matchCallStatus(s, {});\n');
  // named only in comments: not a use
  writeFileSync(join(dir, "server/notes.js"), 'const types = require("@fwcall/types"); // unlike matchCallStatus\n/* matchCallStatus\n   matchDirection */\nexports.url = "https://example.com/";\n');
  return dir;
}

function verdicts(files: SchemaFile[]) {
  const head = buildModel(files);
  const changes = diffModels(baseModel, head);
  const enums = diffEnums(baseModel, head);
  const matchers = findMatcherConsumers([matcherApp()], ["matchCallStatus", "matchDirection"], temp);
  return judgeConsumers(changes, enums, { pacts: readPactConsumers([reader], temp), matchers });
}

describe("diffModels", () => {
  it("finds nothing between a set and itself", () => {
    expect(diffModels(baseModel, buildModel(baseFiles))).toEqual([]);
  });

  it("an added optional field, in both profiles and every body that holds the call; it breaks nobody", () => {
    const files = edited("call.json", (s) => (s.properties.transcript_url = { type: ["string", "null"] }));
    const changes = changesOf(files);
    const found = at(changes, "onCallUpdate", "$.data.call.transcript_url");
    expect(found.map((c) => [c.profile, c.kind])).toEqual([["lenient", "field-added-optional"], ["strict", "field-added-optional"]]);
    expect(found[0]?.origin).toEqual({ file: "call.json", place: "transcript_url" });
    expect(at(changes, "CallResponse", "$.call.transcript_url").length).toBe(2);
    expect(verdicts(files).filter((v) => v.broken)).toEqual([]);
  });

  it("an added required field (strict lists its own required)", () => {
    const changes = changesOf(
      edited("call.json", (s) => {
        s.properties.team_name = { type: "string" };
        s.required.push("team_name");
        s["x-strict"].required.push("team_name");
      }),
    );
    expect(at(changes, "onCallCreate", "$.data.call.team_name").map((c) => c.kind)).toEqual(["field-added-required", "field-added-required"]);
  });

  it("a removed field breaks the pact that reads it, not one that does not", () => {
    const removeCaller = edited("participant.json", (s) => {
      delete s.properties.caller_number;
      s.required = s.required.filter((n: string) => n !== "caller_number");
      if (s["x-strict"]?.required) s["x-strict"].required = s["x-strict"].required.filter((n: string) => n !== "caller_number");
    });
    const changes = changesOf(removeCaller);
    expect(at(changes, "onCallUpdate", "$.data.call.participants[*].caller_number").map((c) => c.kind)).toEqual(["field-removed", "field-removed"]);
    const broken = verdicts(removeCaller).filter((v) => v.broken);
    expect(broken.map((v) => v.name)).toEqual(["reads-caller-number"]);
    expect(broken[0]?.reasons[0]).toMatchObject({ kind: "field-removed", path: "$.data.call.participants[*].caller_number", interactions: ["update/incoming/missed/status-change"], profiles: ["lenient", "strict"] });

    const removeOther = edited("call.json", (s) => {
      delete s.properties.phone_number_id;
      s.required = s.required.filter((n: string) => n !== "phone_number_id");
      s["x-strict"].required = s["x-strict"].required.filter((n: string) => n !== "phone_number_id");
    });
    expect(at(changesOf(removeOther), "onCallUpdate", "$.data.call.phone_number_id")[0]?.kind).toBe("field-removed");
    expect(verdicts(removeOther).filter((v) => v.broken)).toEqual([]);
  });

  it("a field made optional (lenient only: strict lists its own required)", () => {
    const changes = changesOf(edited("call.json", (s) => (s.required = s.required.filter((n: string) => n !== "phone_number"))));
    expect(at(changes, "onCallCreate", "$.data.call.phone_number").map((c) => [c.profile, c.kind])).toEqual([["lenient", "field-made-optional"]]);
  });

  it("a type narrowed and a type widened", () => {
    const widened = changesOf(edited("call.json", (s) => (s.properties.phone_number_id.type = ["integer", "string"])));
    expect(at(widened, "onCallCreate", "$.data.call.phone_number_id").map((c) => c.kind)).toEqual(["type-widened", "type-widened"]);
    expect(at(widened, "onCallCreate", "$.data.call.phone_number_id")[0]?.message).toBe("phone_number_id: type widened from integer to integer or string");
    const number = changesOf(edited("call.json", (s) => (s.properties.id.type = "number")));
    expect(at(number, "onCallCreate", "$.data.call.id")[0]?.kind).toBe("type-widened");
    const back = diffModels(buildModel(edited("call.json", (s) => (s.properties.id.type = "number"))), baseModel);
    expect(at(back, "onCallCreate", "$.data.call.id")[0]).toMatchObject({ kind: "type-narrowed", message: "id: type narrowed from number to integer" });
    // a narrowed type breaks the pact that reads the place
    const breaking = edited("participant.json", (s) => (s.properties.caller_number = { type: "integer" }));
    expect(at(changesOf(breaking), "onCallUpdate", "$.data.call.participants[*].caller_number").map((c) => c.kind)).toContain("type-changed");
    expect(verdicts(breaking).find((v) => v.name === "reads-caller-number")?.broken).toBe(true);
  });

  it("nullability changed, both ways", () => {
    const notNull = changesOf(edited("call.json", (s) => (s.properties.parent_call_id.type = "integer")));
    expect(at(notNull, "onCallCreate", "$.data.call.parent_call_id")[0]).toMatchObject({ kind: "nullability-removed", before: "integer or null", after: "integer" });
    const nullable = changesOf(edited("call.json", (s) => (s.properties.id.type = ["integer", "null"])));
    expect(at(nullable, "onCallCreate", "$.data.call.id")[0]?.kind).toBe("nullability-added");
  });

  it("an enum value added: strict sees it on the wire, the matcher gains a branch, an exhaustive consumer breaks", () => {
    const files = edited("enums/call-status.json", (s) => {
      s["x-strict"].enum.push(17);
      s["x-enum-names"].push("transcribing");
      s["x-enum-descriptions"].push("A transcript is being made.");
    });
    const changes = changesOf(files);
    const found = at(changes, "onCallUpdate", "$.data.call.participants[*].call_status");
    expect(found).toMatchObject([{ profile: "strict", kind: "enum-value-added", enum: "CallStatus", values: [17] }]);
    expect(diffEnums(baseModel, buildModel(files))).toEqual([{ enum: "CallStatus", matcher: "matchCallStatus", file: "enums/call-status.json", added: [17], removed: [] }]);
    const broken = verdicts(files).filter((v) => v.broken);
    expect(broken.map((v) => [v.type, v.name])).toEqual([["matcher", "matcher-app"]]);
    expect(broken[0]?.reasons[0]?.uses).toEqual([{ file: "matcher-app/server/server.js", line: 1 }, { file: "matcher-app/server/server.js", line: 2 }]);
  });

  it("an enum value removed breaks a pact that pins it, and a consumer of the matcher", () => {
    const files = edited("enums/direction.json", (s) => {
      const i = s.enum.indexOf("outgoing");
      s.enum.splice(i, 1);
      s["x-enum-names"].splice(i, 1);
      if (s["x-enum-descriptions"]) s["x-enum-descriptions"].splice(i, 1);
    });
    const changes = changesOf(files);
    expect(at(changes, "onCallCreate", "$.data.call.direction").map((c) => [c.profile, c.kind, c.values])).toEqual([["lenient", "enum-value-removed", ["outgoing"]], ["strict", "enum-value-removed", ["outgoing"]]]);
    const matchers = findMatcherConsumers([matcherApp()], ["matchDirection"], temp);
    expect(matchers).toEqual([]); // matcher-app uses matchCallStatus only
    const pact = verdicts(files).find((v) => v.name === "reads-caller-number");
    expect(pact?.broken).toBe(true);
    expect(pact?.reasons[0]?.message).toBe('direction: enum value "outgoing" removed, and the pact expects "outgoing" there');
  });

  it("a place made nullable through anyOf keeps the limits of its other branch", () => {
    const changes = changesOf(edited("participant.json", (s) => (s.properties.call_status = { description: "x", anyOf: [{ $ref: "enums/call-status.json" }, { type: "null" }] })));
    expect(at(changes, "onCallUpdate", "$.data.call.participants[*].call_status").map((c) => [c.profile, c.kind])).toEqual([["lenient", "nullability-added"], ["strict", "nullability-added"]]);
  });

  it("a place limited to values (strict's const) and constraints tightened or loosened", () => {
    const changes = changesOf(edited("call.json", (s) => (s.properties.phone_number.maxLength = 32)));
    expect(at(changes, "onCallCreate", "$.data.call.phone_number")[0]).toMatchObject({ kind: "constraint-tightened", message: "phone_number: maxLength 64 → 32" });
    const closed = changesOf(edited("call.json", (s) => (s.properties.phone_number.enum = ["+12025550100"])));
    expect(at(closed, "onCallCreate", "$.data.call.phone_number")[0]?.kind).toBe("enum-closed");
  });

  it("an event's envelope: a change to one variant is marked with it", () => {
    const changes = changesOf(edited("envelope.json", (s) => {
      const branch = s.anyOf.find((b: any) => b.title === "Platform2Envelope");
      branch.properties.domain.maxLength = 10;
    }));
    const found = changes.find((c) => c.subject === "onCallCreate" && c.path === "$.domain");
    expect(found).toMatchObject({ kind: "constraint-tightened", envelopes: ["2.x"] });
  });
});

describe("map values and whole reports", () => {
  it("a change under a map's values (changes.*) reaches a pact that reads any key of it", () => {
    const files = edited("changes.json", (s) => (s.additionalProperties.type = ["array", "null"]));
    const changes = changesOf(files);
    expect(at(changes, "onCallUpdate", "$.data.changes.*").map((c) => c.kind)).toEqual(["nullability-added", "nullability-added"]);
    const pact = messagePact("reads-changes", { event: "onCallUpdate", data: { changes: { recording: [null, null] } } });
    const head = buildModel(files);
    const [verdict] = judgeConsumers(diffModels(baseModel, head), diffEnums(baseModel, head), { pacts: readPactConsumers([pact], temp), matchers: [] });
    expect(verdict).toMatchObject({ broken: true, reasons: [{ kind: "nullability-added", path: "$.data.changes.*", message: "<any key>: may now be null (array → array or null), and the pact reads it" }] });
  });

  it("diffSchemas between two folders, with the pacts and consumers given", () => {
    const head = join(temp, "head-schemas");
    mkdirSync(join(head, "enums"), { recursive: true });
    mkdirSync(join(head, "rest"), { recursive: true });
    for (const { file, schema } of edited("enums/call-status.json", (s) => {
      s["x-strict"].enum.push(17);
      s["x-enum-names"].push("transcribing");
    })) writeFileSync(join(head, file), JSON.stringify(schema));
    const report = diffSchemas({ cwd: temp, base: schemasRoot, head: "head-schemas", pacts: [reader], consumers: [matcherApp()] });
    expect(report.head).toBe("head-schemas");
    expect(report.broken).toBe(true);
    expect(report.verdicts.map((v) => [v.type, v.name, v.broken])).toEqual([["pact", "reads-caller-number", false], ["matcher", "matcher-app", true]]);
    expect(report.searched).toEqual({ pacts: ["reads-caller-number.json"], consumers: ["matcher-app"] });
    expect(formatText(report)).toContain("1 consumer broken: matcher-app.");
    expect(formatMarkdown(report).split("\n")[0]).toBe("### fwcall diff: 1 consumer broken: matcher-app");
    expect(toJson(report)).toMatchObject({ broken: true, enums: [{ enum: "CallStatus", added: [17] }] });
  });
});

describe("bad input", () => {
  it("a folder without schemas, a broken schema file, a revision that does not exist", () => {
    expect(() => readSchemaVersion(temp, { cwd: temp })).toThrow(DiffInputError);
    expect(() => readSchemaVersion(temp, { cwd: temp })).toThrow(/is not a schemas folder: it has no on-call-create\.json/);
    const broken = join(temp, "broken");
    mkdirSync(join(broken, "enums"), { recursive: true });
    writeFileSync(join(broken, "on-call-create.json"), "{ nope");
    writeFileSync(join(broken, "enums/region.json"), "{}");
    expect(() => readSchemaVersion(broken, { cwd: temp })).toThrow(/broken\/enums\/region\.json is not one of fwcall's schemas: it has no "\$id"|broken\/on-call-create\.json is not valid JSON/);
    expect(() => readSchemaVersion("no-such-revision-xyz", { cwd: process.cwd() })).toThrow(/'no-such-revision-xyz' is neither a folder nor a revision of the git repository/);
  });

  it("a pact that is not JSON, or not a pact", () => {
    writeFileSync(join(temp, "bad.json"), "{");
    writeFileSync(join(temp, "array.json"), "[]");
    expect(() => readPactConsumers(["bad.json"], temp)).toThrow(/bad\.json: not valid JSON/);
    expect(() => readPactConsumers(["array.json"], temp)).toThrow(/array\.json: not a pact file/);
    expect(() => readPactConsumers(["missing"], temp)).toThrow(/missing: no such pact file or folder/);
  });
});
