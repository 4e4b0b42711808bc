// The FDK's own default call samples (schemas/examples/*/fdk-sample-*.json, reconstructions: see
// schemas/examples/README.md) pass the lenient profile with named warnings; strict holds them to the docs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { applyProfile, loadExampleFiles, loadSchemas, schemasRoot } from "@fwcall/schemas";
import { describe, expect, it } from "vitest";
import { duplicateKeyProblems, findDuplicateKeys, formatProblem, validateCallEvent, type Problem, type Profile } from "@fwcall/validate";
import { MISSING_AS_SHIPPED } from "../src/schema-problems.js";

interface Expected {
  /** Rules reported as warnings under lenient (the payload stays valid). */
  lenientWarnings: string[];
  /** Rules reported as errors under strict; [] when the sample keeps the documented contract. */
  strictErrors: string[];
  /** Keys written twice, as `<pointer>/<key>` (JSON.parse keeps the last). */
  duplicateKeys?: string[];
}

const MISSING_CALL_NOTES = "schema:required /data/call/call_notes";
const CALL_NOTES_ON_CREATE = "create:call-notes-null /data/call/call_notes";
const AGENT_LEG = "participant:primary-agent /data/call/participants/1/participant_id";

/** Every FDK sample kept as an example, with what each profile must say about it. */
const SAMPLES: Record<string, Expected> = {
  "on-call-create/fdk-sample-addons-1.7.5-1.7.7.json": { lenientWarnings: [MISSING_CALL_NOTES, AGENT_LEG], strictErrors: [MISSING_CALL_NOTES] },
  "on-call-create/fdk-sample-addons-1.7.8.json": {
    lenientWarnings: [CALL_NOTES_ON_CREATE, AGENT_LEG],
    strictErrors: [CALL_NOTES_ON_CREATE],
    duplicateKeys: ["/data/call/phone_number", "/data/call/participants/0/caller_id"],
  },
  "on-call-create/fdk-sample-current.json": { lenientWarnings: [CALL_NOTES_ON_CREATE, AGENT_LEG], strictErrors: [CALL_NOTES_ON_CREATE] },
  "on-call-update/fdk-sample-current.json": { lenientWarnings: [], strictErrors: [] },
};

const examplesDir = join(schemasRoot, "examples");
const textOf = (file: string) => readFileSync(join(examplesDir, file), "utf8");
const ruleAt = (p: Problem) => `${p.rule} ${p.pointer}`;

/** A sample as `fwcall validate` judges a file: duplicate keys first, then the payload JSON.parse gives. */
function judge(file: string, profile: Profile) {
  const text = textOf(file);
  const payload = JSON.parse(text) as { event: "onCallCreate" | "onCallUpdate" };
  return { duplicates: duplicateKeyProblems(findDuplicateKeys(text), profile), result: validateCallEvent(payload.event, payload, { profile }), payload };
}

describe("the FDK's default call samples", () => {
  it("are all listed here, so a new one gets its expectations", () => {
    const files = loadExampleFiles().map((e) => e.file.replace(/^examples\//, "")).filter((file) => /\/fdk-sample-[^/]+\.json$/.test(file));
    expect(files.sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  it.each(Object.entries(SAMPLES))("%s is valid under lenient, with only the warnings it is known for", (file, expected) => {
    const { duplicates, result } = judge(file, "lenient");
    expect(result.valid, result.problems.map(formatProblem).join("\n")).toBe(true);
    expect(result.problems.every((p) => p.severity === "warning")).toBe(true);
    expect(result.problems.map(ruleAt).sort()).toEqual([...expected.lenientWarnings].sort());
    expect(duplicates.every((p) => p.severity === "warning")).toBe(true);
    expect(duplicates.map((p) => p.pointer)).toEqual(expected.duplicateKeys ?? []);
  });

  it.each(Object.entries(SAMPLES))("%s fails strict exactly by the documented rules it breaks", (file, expected) => {
    const { duplicates, result } = judge(file, "strict");
    expect(result.valid).toBe(expected.strictErrors.length === 0);
    expect(result.problems.filter((p) => p.severity === "error").map(ruleAt).sort()).toEqual([...expected.strictErrors].sort());
    expect(duplicates.map((p) => p.severity)).toEqual((expected.duplicateKeys ?? []).map(() => "error"));
  });

  it("a missing call_notes (addons 1.7.5 to 1.7.7) is a warning that says so under lenient, an error under strict, and nothing else", () => {
    const file = "on-call-create/fdk-sample-addons-1.7.5-1.7.7.json";
    const lenient = judge(file, "lenient").result.problems.filter((p) => p.pointer === "/data/call/call_notes");
    expect(lenient.map(formatProblem)).toEqual(["/data/call/call_notes: call_notes is documented but missing, as in older FDK samples"]);
    expect(lenient[0]!.severity).toBe("warning");
    const strict = judge(file, "strict").result.problems.filter((p) => p.pointer === "/data/call/call_notes");
    expect(strict.map((p) => [p.severity, p.rule])).toEqual([["error", "schema:required"]]);
  });

  it("the 1.7.8 sample's duplicate phone_number and caller_id are placed by line and column, and the last value is the one validated", () => {
    const file = "on-call-create/fdk-sample-addons-1.7.8.json";
    const { duplicates, payload } = judge(file, "lenient");
    const found = findDuplicateKeys(textOf(file)).map(({ key, line, column, first }) => ({ key, line, column, first }));
    expect(found).toEqual([
      { key: "phone_number", line: 10, column: 7, first: { line: 9, column: 7 } },
      { key: "caller_id", line: 21, column: 11, first: { line: 20, column: 11 } },
    ]);
    expect(duplicates.map((p) => p.rule)).toEqual(["json:duplicate-key", "json:duplicate-key"]);
    const call = (payload as unknown as { data: { call: { phone_number: string; participants: Array<{ caller_id: number }> } } }).data.call;
    expect(call.phone_number).toBe("+12133701559");
    expect(call.participants[0]!.caller_id).toBe(7994085);
  });
});

describe("documented fields real payloads omit", () => {
  const schemas = loadSchemas();
  /** `<title>.<property>` of every property the strict profile requires and the lenient one does not. */
  const strictOnlyRequired = schemas.flatMap(({ schema }) => {
    const lenient = new Set((applyProfile(schema, "lenient") as { required?: string[] }).required ?? []);
    const strict = (applyProfile(schema, "strict") as { required?: string[] }).required ?? [];
    return strict.filter((name) => !lenient.has(name)).map((name) => `${String(schema.title)}.${name}`);
  });

  it("each has the reason the lenient warning gives, and only they have one", () => {
    expect(strictOnlyRequired.sort()).toEqual(Object.keys(MISSING_AS_SHIPPED).sort());
  });

  it("strict requires everything lenient does (x-strict.required repeats the list and adds to it)", () => {
    for (const { schema } of schemas) {
      const strict = new Set((applyProfile(schema, "strict") as { required?: string[] }).required ?? []);
      for (const name of (schema.required as string[] | undefined) ?? []) expect(strict, `${String(schema.title)}.${name}`).toContain(name);
    }
  });
});
