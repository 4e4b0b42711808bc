// `fwcall contracts check`: the committed contracts are clean, a pact that relies on what the
// schemas do not promise exits 1 naming each interaction and path, and input that is no pact file
// exits 2 with a reason (a JSON syntax error with its line and column), as `fwcall validate` does.
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ContractsJsonReport } from "../src/commands/contracts.js";
import { lines, run, withFiles } from "./helpers.js";

const CONTRACTS = fileURLToPath(new URL("../../../contracts/", import.meta.url));
const MESSAGE_PACT = join(CONTRACTS, "fwcall-example-fdk-app-freshworks-call-events.json");

/** A V4 pact whose one message expects a status regex no documented status matches, and narrows the direction. */
const badPact = {
  consumer: { name: "ticketing" },
  provider: { name: "freshworks-call-events" },
  interactions: [
    {
      type: "Asynchronous/Messages",
      description: "a missed call",
      contents: { content: { event: "onCallUpdate", data: { call: { direction: "incoming", participants: [{ call_status: 3 }] } } }, contentType: "application/json", encoded: false },
      matchingRules: {
        body: {
          "$.data.call.direction": { combine: "AND", matchers: [{ match: "regex", regex: "^incoming$" }] },
          "$.data.call.participants[*].call_status": { combine: "AND", matchers: [{ match: "regex", regex: "^(7|14)$" }] },
        },
      },
    },
  ],
  metadata: { pactSpecification: { version: "4.0" } },
};

describe("fwcall contracts check", () => {
  it("passes the committed message pact: no errors, the undocumented-status cases as warnings", async () => {
    const result = await run(["contracts", "check", MESSAGE_PACT]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out.slice(0, -1).every((line) => line.startsWith(`${MESSAGE_PACT}: warning "`) && line.endsWith("7 is not a documented call status [example:schema:enum]"))).toBe(true);
    expect(out.at(-1)).toMatch(/^1 file \(133 interactions\): 1 passed, 0 failed, 0 errors, 14 warnings$/);
  });

  it("checks every pact file under a directory", async () => {
    const result = await run(["contracts", "check", CONTRACTS]);
    expect(result.code).toBe(0);
    expect(lines(result.stdout).at(-1)).toMatch(/^\d+ files? \(\d+ interactions\): \d+ passed, 0 failed, 0 errors, \d+ warnings$/);
  });

  it("exits 1 for a pact that relies on what the schemas do not promise, one line per finding", async () => {
    const dir = withFiles({ "bad.json": badPact });
    const file = join(dir, "bad.json");
    const result = await run(["contracts", "check", file]);
    expect(result.code).toBe(1);
    expect(lines(result.stdout)).toEqual([
      `${file}: warning "a missed call" contents $.data.call.direction: the regex ^incoming$ admits only "incoming" of the values the schema allows; the provider may also send "outgoing" [regex:narrower]`,
      `${file}: error "a missed call" contents $.data.call.participants[*].call_status: the regex ^(7|14)$ matches none of the values the schema allows (0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 15, 16) [regex:no-value]`,
      `${file}: error "a missed call" contents $.data.call.participants[*].call_status: the example 3 does not match the interaction's own regex ^(7|14)$ [regex:example]`,
      "1 file (1 interaction): 0 passed, 1 failed, 2 errors, 1 warning",
    ]);
  });

  it("prints one JSON report with --json", async () => {
    const dir = withFiles({ "bad.json": badPact });
    const result = await run(["contracts", "check", "--json", join(dir, "bad.json"), MESSAGE_PACT]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as ContractsJsonReport;
    expect(report.exitCode).toBe(1);
    expect(report.summary).toEqual({ files: 2, passed: 1, failed: 1, unusable: 0, interactions: 134, errors: 2, warnings: 15 });
    expect(report.files[0]).toMatchObject({ status: "failed", consumer: "ticketing", provider: "freshworks-call-events", specification: "4.0", interactions: 1, checkedBodies: 1, error: null });
    expect(report.files[0]!.findings[1]).toEqual({
      severity: "error",
      interaction: "a missed call",
      index: 0,
      part: "contents",
      path: "$.data.call.participants[*].call_status",
      rule: "regex:no-value",
      message: "the regex ^(7|14)$ matches none of the values the schema allows (0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 15, 16)",
      schema: "OnCallUpdatePayload",
    });
    expect(report.files[1]).toMatchObject({ status: "passed", consumer: "fwcall-example-fdk-app", interactions: 133 });
  });

  it("reads a pact file from standard input", async () => {
    const result = await run(["contracts", "check", "-"], { stdin: JSON.stringify(badPact) });
    expect(result.code).toBe(1);
    expect(lines(result.stdout)[0]).toMatch(/^<stdin>: warning "a missed call"/);
  });
});

describe("fwcall contracts check: duplicate keys", () => {
  // The direction written twice: JSON.parse (and the Pact verifier) keep "incoming", the second.
  const text = JSON.stringify(badPact, null, 2).replace('"direction": "incoming"', '"direction": "outgoing",\n              "direction": "incoming"');
  const at = text.split("\n").findIndex((line) => line.includes('"direction": "outgoing"')) + 1;
  const message = `key "direction" appears twice in this object: at line ${at + 1}, column 15, first at line ${at}, column 15 (JSON.parse keeps the last value)`;

  it("are a warning with their line and column; the last value is the one checked", async () => {
    const dir = withFiles({ "dup.json": text });
    const file = join(dir, "dup.json");
    const result = await run(["contracts", "check", file]);
    expect(result.code).toBe(1); // for the regex errors below, as without the duplicate
    const out = lines(result.stdout);
    expect(out[0]).toBe(`${file}: warning /interactions/0/contents/content/data/call/direction: ${message} [json:duplicate-key]`);
    expect(out.filter((line) => line.includes("admits only \"incoming\""))).toHaveLength(1);
    expect(out.at(-1)).toBe("1 file (1 interaction): 0 passed, 1 failed, 2 errors, 2 warnings");
  });

  it("are listed per file in --json", async () => {
    const dir = withFiles({ "dup.json": text });
    const report = JSON.parse((await run(["contracts", "check", "--json", join(dir, "dup.json")])).stdout) as ContractsJsonReport;
    expect(report.files[0]!.duplicateKeys).toEqual([
      expect.objectContaining({ severity: "warning", rule: "json:duplicate-key", pointer: "/interactions/0/contents/content/data/call/direction", message }),
    ]);
    expect(report.summary.warnings).toBe(2);
  });
});

describe("fwcall contracts check: input it cannot use exits 2", () => {
  it("invalid JSON, with its line and column and the line itself", async () => {
    const dir = withFiles({ "broken.json": '{\n  "interactions": [\n    { "description": "x" }\n  ]\n  "metadata": {}\n}\n' });
    const file = join(dir, "broken.json");
    const result = await run(["contracts", "check", file]);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)[0]).toBe(`${file}:4:4: invalid JSON: expected ',' or '}' after a property value, found '"' at line 5, column 3 (is a ',' missing here?)`);
    expect(lines(result.stdout).at(-1)).toBe("1 file (0 interactions): 0 passed, 0 failed, 1 unusable, 0 errors, 0 warnings");
  });

  it("JSON that is no pact file, an empty file, a missing file", async () => {
    const dir = withFiles({ "payload.json": { event: "onCallCreate" }, "empty.json": "", "odd.json": { interactions: [{ description: "x" }] } });
    const result = await run(["contracts", "check", join(dir, "payload.json"), join(dir, "empty.json"), join(dir, "odd.json")]);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([
      `${join(dir, "payload.json")}: not a pact file: it has neither an "interactions" nor a "messages" array`,
      `${join(dir, "empty.json")}: empty input: expected a pact file, found nothing`,
      `${join(dir, "odd.json")}: interaction 1 ("x") is neither a message nor an HTTP interaction: it has no request or response`,
    ]);
    const missing = await run(["contracts", "check", join(dir, "nope.json")]);
    expect(missing).toEqual({ code: 2, stdout: "", stderr: `fwcall contracts check: ${join(dir, "nope.json")}: no such file or directory\n` });
  });

  it("reports an unusable file in --json with its line and column", async () => {
    const dir = withFiles({ "broken.json": "{ nope" });
    const result = await run(["contracts", "check", "--json", join(dir, "broken.json")]);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as ContractsJsonReport;
    expect(report.files[0]).toMatchObject({ status: "unusable", findings: [], error: { line: 1, column: 3 } });
  });
});

describe("fwcall contracts: the command line", () => {
  it("lists its subcommands, and each has its help", async () => {
    const help = await run(["contracts", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("  check         check pact files against the call-event and REST schemas");
    expect(help.stdout).toContain("  publish       publish pact files to a Pact Broker (PACT_BROKER_BASE_URL)");
    const checkHelp = await run(["contracts", "check", "--help"]);
    expect(checkHelp.stdout).toMatch(/^Usage: fwcall contracts check \[options\] <pact\.json\|dir\|->\.\.\./);
    expect((await run(["--help"])).stdout).toContain("  contracts check Pact files against the schemas, verify providers, publish to a Pact Broker");
  });

  it.each([
    [["contracts"], "fwcall contracts: missing a subcommand (subcommands: check, verify, publish, can-i-deploy)"],
    [["contracts", "lint"], "fwcall contracts: unknown subcommand 'lint' (subcommands: check, verify, publish, can-i-deploy)"],
    [["contracts", "--json"], "fwcall contracts: expected a subcommand before '--json' (subcommands: check, verify, publish, can-i-deploy)"],
    [["contracts", "check"], "fwcall contracts: nothing to check: name a pact file, a directory, or - for standard input"],
    [["contracts", "check", "--profile", "strict", "x.json"], "fwcall contracts: unknown option '--profile'"],
  ])("%j exits 2", async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(lines(result.stderr)).toEqual([message, "Run 'fwcall contracts --help' for usage."]);
  });
});
