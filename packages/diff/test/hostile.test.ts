// Hostile input: schema sets whose $refs recur or multiply, files that are no regular files, JSON
// nested past any real schema or pact, enum names that are no identifiers. Each ends in a
// DiffInputError naming the input (the command's exit 2), or a bounded result, never a hang or crash.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSchemas, schemasRoot, type SchemaFile } from "@fwcall/schemas";
import { buildModel } from "@fwcall/schemas/build-model";
import { afterAll, describe, expect, it } from "vitest";
import { diffEnums, diffModels, DiffInputError, findMatcherConsumers, formatText, judgeConsumers, readPactConsumers, readSchemaVersion } from "../src/index.js";

const temp = mkdtempSync(join(tmpdir(), "fwcall-diff-hostile-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const baseFiles = loadSchemas();
const ID = "https://fwcall.dev/schemas/";

/** The schema set with `extra` files added and call.json given a `tree` field referring to `root`. */
function withTree(extra: SchemaFile[], root: string): SchemaFile[] {
  return [
    ...baseFiles.map((f) => {
      if (f.file !== "call.json") return f;
      const schema = structuredClone(f.schema);
      (schema.properties as Record<string, unknown>).tree = { $ref: root };
      return { file: f.file, schema };
    }),
    ...extra,
  ];
}

/** A node.json whose fields each refer back to node.json (a recursive tree), with `more` fields. */
function recursiveNode(more: Record<string, unknown> = {}): SchemaFile {
  const properties: Record<string, unknown> = { ...more };
  for (const name of ["a", "b", "c", "d", "e", "f", "g", "h"]) properties[name] = { $ref: "node.json" };
  return { file: "node.json", schema: { $id: `${ID}node.json`, title: "Node", type: "object", properties } };
}

/** Writes a schema set as a folder. */
function writeFolder(name: string, files: SchemaFile[]): string {
  const dir = join(temp, name);
  mkdirSync(join(dir, "enums"), { recursive: true });
  mkdirSync(join(dir, "rest"), { recursive: true });
  for (const { file, schema } of files) writeFileSync(join(dir, file), JSON.stringify(schema));
  return dir;
}

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("schema sets whose $refs recur or multiply", () => {
  it("a definition that refers to itself from several fields is walked once per path through it, and its change is found", { timeout: 60_000 }, () => {
    const base = buildModel(withTree([recursiveNode()], "node.json"));
    const head = buildModel(withTree([recursiveNode({ label: { type: "string" } })], "node.json"));
    const added = diffModels(base, head).filter((c) => c.kind === "field-added-optional" && c.profile === "lenient" && c.subject === "onCallCreate");
    expect(added.map((c) => c.path)).toContain("$.data.call.tree.label");
  });

  it("a set whose $refs multiply past any real schema (each level refers to the next twice) is refused", { timeout: 60_000 }, () => {
    const levels: SchemaFile[] = [];
    for (let i = 0; i < 30; i++) {
      const next = i === 29 ? { type: "string" } : { $ref: `level${i + 1}.json` };
      levels.push({ file: `level${i}.json`, schema: { $id: `${ID}level${i}.json`, title: `Level${i}`, type: "object", properties: { left: next, right: next } } });
    }
    const base = buildModel(withTree(levels, "level0.json"));
    const headLevels = levels.map((l) => (l.file === "level29.json" ? { ...l, schema: { ...l.schema, properties: { left: { type: "integer" }, right: { type: "integer" } } } } : l));
    const head = buildModel(withTree(headLevels, "level0.json"));
    let thrown: unknown;
    try {
      diffModels(base, head);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DiffInputError);
    expect((thrown as Error).message).toMatch(/more than [\d,]+ places to compare \(reached at onCallCreate \$\.data\.call\.tree\./);
  });
});

describe("files that are no regular files", () => {
  it("a FIFO among the pacts or the schema files is named, not read (reading one waits forever)", () => {
    const pacts = join(temp, "fifo-pacts");
    mkdirSync(pacts);
    execFileSync("mkfifo", [join(pacts, "pipe.json")]);
    expect(() => readPactConsumers(["fifo-pacts"], temp)).toThrow(/fifo-pacts\/pipe\.json: not a regular file/);
    expect(() => readPactConsumers(["fifo-pacts/pipe.json"], temp)).toThrow(/pipe\.json: not a regular file/);
    const schemas = writeFolder("fifo-schemas", baseFiles);
    execFileSync("mkfifo", [join(schemas, "enums/pipe.json")]);
    expect(() => readSchemaVersion("fifo-schemas", { cwd: temp })).toThrow(/fifo-schemas\/enums\/pipe\.json is not a regular file/);
  });

  it("a schema file that is a symbolic link is read through it, as loadSchemas reads it", () => {
    const schemas = writeFolder("linked-schemas", baseFiles.filter((f) => f.file !== "actor.json"));
    const actor = baseFiles.find((f) => f.file === "actor.json")!;
    writeFileSync(join(temp, "actor-elsewhere.json"), JSON.stringify(actor.schema));
    symlinkSync(join(temp, "actor-elsewhere.json"), join(schemas, "actor.json"));
    expect(readSchemaVersion("linked-schemas", { cwd: temp }).files.map((f) => f.file)).toContain("actor.json");
    symlinkSync("/etc/passwd", join(schemas, "passwd.json"));
    expect(() => readSchemaVersion("linked-schemas", { cwd: temp })).toThrow(/linked-schemas\/passwd\.json is not valid JSON/);
  });
});

describe("revisions", () => {
  it("a revision with a line break or a terminal escape is shown escaped in the error", () => {
    expect(() => readSchemaVersion("HEAD\n\u001b[31mred", { cwd: process.cwd() })).toThrow('"HEAD\\n\\u001b[31mred" is neither a folder nor a revision of the git repository at');
  });

  it("a revision-like name is no folder because its path would normalise to one (HEAD:../.. is not the current folder)", () => {
    expect(() => readSchemaVersion("HEAD:../..", { cwd: process.cwd() })).toThrow("'HEAD:../..' is neither a folder nor a revision of the git repository at");
    expect(readSchemaVersion(`${schemasRoot}/../schemas`, { cwd: temp }).files.length).toBe(baseFiles.length);
  });
});

describe("paths that cannot be opened", () => {
  it("a consumer folder or pact behind a loop of symbolic links is named as such, not as missing", () => {
    symlinkSync("loop-b", join(temp, "loop-a"));
    symlinkSync("loop-a", join(temp, "loop-b"));
    expect(() => findMatcherConsumers(["loop-a"], ["matchCallStatus"], temp)).toThrow(/loop-a: cannot open it as a consumer folder: a loop of symbolic links \(ELOOP\)/);
    expect(() => readPactConsumers(["loop-a"], temp)).toThrow(/loop-a: cannot open it as a pact file or folder: a loop of symbolic links \(ELOOP\)/);
    expect(() => readPactConsumers(["nowhere"], temp)).toThrow(/nowhere: no such pact file or folder/);
  });
});

describe("JSON nested past any real schema or pact", () => {
  it("a schema file nested 100,000 deep is named, not a stack overflow", () => {
    const dir = writeFolder("deep-schemas", baseFiles);
    writeFileSync(join(dir, "deep.json"), `{"$id":"${ID}deep.json","x":${nested(100_000)}}`);
    expect(() => readSchemaVersion("deep-schemas", { cwd: temp })).toThrow(/deep-schemas\/deep\.json nests deeper than \d+ levels/);
  });

  it("a pact whose body is nested 100,000 deep is named, not a stack overflow", () => {
    const pact = {
      consumer: { name: "deep" },
      provider: { name: "p" },
      interactions: [{ type: "Asynchronous/Messages", description: "d", contents: { content: { event: "onCallUpdate", data: "HOLE" } } }],
      metadata: { pactSpecification: { version: "4.0" } },
    };
    writeFileSync(join(temp, "deep-pact.json"), JSON.stringify(pact).replace('"HOLE"', nested(100_000)));
    expect(() => readPactConsumers(["deep-pact.json"], temp)).toThrow(DiffInputError);
    expect(() => readPactConsumers(["deep-pact.json"], temp)).toThrow(/deep-pact\.json nests deeper than \d+ levels/);
  });
});

describe("names", () => {
  it("matcher names are matched as text, whatever characters they hold", () => {
    const dir = join(temp, "app");
    mkdirSync(dir);
    writeFileSync(join(dir, "a.js"), 'import { x } from "@fwcall/types";\nmatchA++(1); matchCallStatus(2);\n');
    const found = findMatcherConsumers([dir], ["matchA++", "match(", "matchCallStatus"], temp);
    expect([...found[0]!.uses.keys()].sort()).toEqual(["matchA++", "matchCallStatus"]);
  });

  it("an enum file whose name makes no identifier is refused with the file named", () => {
    const dir = writeFolder("odd-enum", baseFiles);
    const direction = baseFiles.find((f) => f.file === "enums/direction.json")!.schema;
    const { title: _title, ...untitled } = direction;
    writeFileSync(join(dir, "enums/x++.json"), JSON.stringify({ ...untitled, $id: `${ID}enums/x++.json` }));
    expect(() => readSchemaVersion("odd-enum", { cwd: temp })).toThrow(/enums\/x\+\+\.json.*not an identifier/);
  });

  it("an enum value renamed (the same value, another name) breaks a consumer of its matcher: the handler key it wrote is gone", () => {
    const renamed = baseFiles.map((f) => {
      if (f.file !== "enums/call-status.json") return f;
      const schema = structuredClone(f.schema);
      const names = schema["x-enum-names"] as string[];
      names[names.indexOf("missed")] = "unanswered";
      return { file: f.file, schema };
    });
    const base = buildModel(baseFiles);
    const head = buildModel(renamed);
    const enums = diffEnums(base, head);
    expect(enums).toEqual([expect.objectContaining({ enum: "CallStatus", added: [], removed: [], renamed: [{ value: 3, from: "missed", to: "unanswered" }] })]);
    const dir = join(temp, "renamed-app");
    mkdirSync(dir);
    writeFileSync(join(dir, "a.js"), 'const { matchCallStatus } = require("@fwcall/types");\nmatchCallStatus(s, { missed: () => 1 });\n');
    const [verdict] = judgeConsumers(diffModels(base, head), enums, { pacts: [], matchers: findMatcherConsumers([dir], ["matchCallStatus"], temp) });
    expect(verdict).toMatchObject({ broken: true, reasons: [{ kind: "enum-value-renamed", subject: "CallStatus" }] });
    expect(verdict!.reasons[0]!.message).toContain("renames 3 from missed to unanswered");
    const report = { base: "a", head: "b", changes: [], enums, verdicts: [verdict!], searched: { pacts: [], consumers: [dir] }, unjudged: [], broken: true };
    expect(formatText(report)).toContain("matchCallStatus (enums/call-status.json): renames 3 (missed → unanswered)");
  });
});
