// `fwcall contracts check --provider <doc>`: the committed contracts against the generated OpenAPI
// and AsyncAPI documents pass (JSON or YAML); a pact expecting what the document does not promise
// exits 1 naming the interaction and the place; a document that cannot be used exits 2 with why.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ContractsJsonReport } from "../src/commands/contracts.js";
import { lines, run, tempDir, withFiles } from "./helpers.js";

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const OPENAPI = here("../../interop/src/generated/openapi.json");
const ASYNCAPI = here("../../interop/src/generated/asyncapi.json");
const BOARD_PACT = here("../../../contracts/fwcall-call-board-freshcaller-rest-api.json");
const APP_PACT = here("../../../contracts/fwcall-example-fdk-app-freshworks-call-events.json");
const LONG = 60_000;

/** JSON as block YAML (keys and scalars JSON-quoted, which YAML reads as they are): the document as a YAML user would write it. */
function toYaml(value: unknown, indent = ""): string {
  const scalar = (v: unknown) => (typeof v !== "object" || v === null ? JSON.stringify(v) : Array.isArray(v) ? (v.length === 0 ? "[]" : undefined) : Object.keys(v).length === 0 ? "{}" : undefined);
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v) => ["-", v]) : Object.entries(value as object).map(([k, v]) => [`${JSON.stringify(k)}:`, v]);
  return entries.map(([label, v]) => (scalar(v) !== undefined ? `${indent}${label} ${scalar(v)}\n` : `${indent}${label}\n${toYaml(v, `${indent}  `)}`)).join("");
}

describe("fwcall contracts check --provider", () => {
  it("passes the call board's HTTP pact against the OpenAPI document, as JSON and as YAML", async () => {
    const json = await run(["contracts", "check", "--provider", OPENAPI, BOARD_PACT]);
    expect(json.stderr).toBe("");
    expect(json.code).toBe(0);
    expect(lines(json.stdout).at(-1)).toMatch(/^1 file \(7 interactions\): 1 passed, 0 failed, 0 errors, \d+ warnings?$/);
    const dir = withFiles({ "openapi.yaml": toYaml(JSON.parse(readFileSync(OPENAPI, "utf8"))) });
    const yaml = await run(["contracts", "check", "--provider", join(dir, "openapi.yaml"), BOARD_PACT]);
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toBe(json.stdout);
  }, LONG);

  it("passes the example app's message pact against the AsyncAPI document; the JSON report names the document", async () => {
    const result = await run(["contracts", "check", "--provider", ASYNCAPI, "--json", APP_PACT]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as ContractsJsonReport;
    expect(report.provider).toEqual({ file: ASYNCAPI, kind: "asyncapi", version: "3.0.0" });
    expect(report.summary.errors).toBe(0);
    expect(report.files[0]!.checkedBodies).toBe(report.files[0]!.interactions);
    for (const finding of report.files[0]!.findings) expect(finding.schema).toMatch(/^#\/components\/schemas\/OnCall(Create|Update)Platform[23]Payload$/);
  }, LONG);

  it("exits 1 for a pact promising what the document does not: an undocumented status, an extra field, a wrong path, a type mismatch", async () => {
    const pact = JSON.parse(readFileSync(BOARD_PACT, "utf8")) as { interactions: Array<Record<string, any>> };
    const named = (description: string) => pact.interactions.find((i) => i.description === description)!;
    named("one call, with its recording").response.status = 418;
    named("the first page of calls").response.body.content.meta.next_page = 2;
    named("the redirect to a call's recording").request.path = "/api/v1/recordings/136011";
    named("a call that does not exist").response.body.content.errors = "none";
    const dir = withFiles({ "board.json": pact });
    const file = join(dir, "board.json");
    const result = await run(["contracts", "check", "--provider", OPENAPI, file]);
    expect(result.code).toBe(1);
    const errors = lines(result.stdout).filter((line) => line.startsWith(`${file}: error`));
    expect(errors).toEqual([
      `${file}: error "a call that does not exist" response body $.errors: the example must be array under #/components/schemas/ApiError [example:schema:type]`,
      `${file}: error "a call that does not exist" response body $.errors: a type matcher with a string as its example, but the schema allows an array here [matcher:type]`,
      `${file}: error "one call, with its recording" response $.status: the status 418 is not documented for GET /api/v1/calls/{id} (it documents 200, 401, 404, 422, 429) [provider:status]`,
      `${file}: error "the first page of calls" response body $.meta.next_page: the consumer expects a field "next_page", which the #/components/schemas/CallListResponse schema does not have here (PageMeta declares current, total_count, total_pages) [field:undeclared]`,
      `${file}: error "the redirect to a call's recording" request $.path: no path of the document matches /api/v1/recordings/136011 (it documents /api/v1/calls, /api/v1/calls/{id}, /api/v1/calls/{id}/recording) [provider:path]`,
    ]);
    expect(lines(result.stdout).at(-1)).toMatch(/^1 file \(7 interactions\): 0 passed, 1 failed, 5 errors, \d+ warnings?$/);
  }, LONG);

  it("exits 2 for a document that cannot be used, naming it and why", async () => {
    const dir = withFiles({
      "cycle.json": { openapi: "3.1.0", paths: {}, components: { schemas: { A: { $ref: "#/components/schemas/A" } } } },
      "external.yaml": "openapi: 3.1.0\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          $ref: 'shared.yaml#/responses/ok'\n",
      "garbage.yaml": "openapi: [3.1.0\n  paths: {",
      "swagger.json": { swagger: "2.0", paths: {} },
    });
    const cases: Array<[string, RegExp]> = [
      [join(dir, "cycle.json"), /cycle: #\/components\/schemas\/A → #\/components\/schemas\/A/],
      [join(dir, "external.yaml"), /points outside the document \(shared\.yaml#\/responses\/ok\)/],
      [join(dir, "garbage.yaml"), /neither JSON nor valid YAML \(line \d+, column \d+\)/],
      [join(dir, "swagger.json"), /Swagger 2\.0 document/],
      [join(dir, "missing.json"), /no such file/],
      [dir, /a directory/],
    ];
    for (const [doc, reason] of cases) {
      const result = await run(["contracts", "check", "--provider", doc, BOARD_PACT]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr.startsWith(`fwcall contracts check: --provider ${doc}: `)).toBe(true);
      expect(result.stderr).toMatch(reason);
    }
  }, LONG);

  it("refuses a named pipe as the provider document instead of waiting for a writer", async () => {
    const fifo = join(tempDir(), "doc.yaml");
    execFileSync("mkfifo", [fifo]);
    const result = await run(["contracts", "check", "--provider", fifo, BOARD_PACT]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`fwcall contracts check: --provider ${fifo}: it is a named pipe (FIFO), not an OpenAPI or AsyncAPI document\n`);
  }, LONG);

  it("lists --provider in its help", async () => {
    const result = await run(["contracts", "check", "--help"]);
    expect(result.stdout).toContain("--provider <doc>");
    expect(result.stdout).toContain("bi-directional contract testing");
  });
});
