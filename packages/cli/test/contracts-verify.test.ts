// `fwcall contracts verify`: the committed contracts pass (the message pact against the fixture
// catalog, the HTTP pact against the mock server the command starts and stops); a message pact
// whose pinned value the catalog does not send, and an HTTP pact against a provider that answers
// wrongly, exit 1 naming the interaction and the problem; input that cannot be verified exits 2
// before anything is verified. The committed message pact (133 interactions, ~5 s) is verified
// once; the failures use small hand-made pacts.
//
// No msw server runs in this file: setupServer would take over the verifier's traffic.
// From the TypeScript source the verifier runs in this process (see @fwcall/pact verify-runner.ts), so its
// own report shows in the test output; the CLI's stdout is the collector of run().
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VerifyJsonReport } from "../src/commands/contracts-verify.js";
import { lines, run, withFiles } from "./helpers.js";

const CONTRACTS = fileURLToPath(new URL("../../../contracts/", import.meta.url));
const MESSAGE_PACT = join(CONTRACTS, "fwcall-example-fdk-app-freshworks-call-events.json");
const HTTP_PACT = join(CONTRACTS, "fwcall-call-board-freshcaller-rest-api.json");

interface PactJson {
  consumer: { name: string };
  provider: { name: string };
  interactions: Array<Record<string, any>>;
  metadata: unknown;
}
const committed = (file: string): PactJson => JSON.parse(readFileSync(file, "utf8")) as PactJson;

/**
 * Two interactions of the committed message pact; in the second, the pinned direction changed to
 * one the fixture catalog does not send for that case.
 */
function brokenMessagePact(): PactJson {
  const pact = committed(MESSAGE_PACT);
  const pick = (description: string) => structuredClone(pact.interactions.find((i) => i.description === description)!);
  const broken = pick("update/incoming/missed/status-change");
  broken.contents.content.data.call.direction = "outgoing";
  return { ...pact, consumer: { name: "my-app" }, interactions: [pick("create/incoming/blocked"), broken] };
}

/** A V4 HTTP pact: one call, expected as 200 with its id, in the provider state "every-case". */
const httpPact = (path = "/api/v1/calls/7"): PactJson => ({
  consumer: { name: "my-board" },
  provider: { name: "freshcaller-rest-api" },
  interactions: [
    {
      type: "Synchronous/HTTP",
      description: "one call",
      providerStates: [{ name: "every-case" }],
      request: { method: "GET", path, headers: { "X-Api-Auth": ["test-key"] } },
      response: {
        status: 200,
        headers: { "Content-Type": ["application/json"] },
        body: { content: { call: { id: 7 } }, contentType: "application/json", encoded: false },
        matchingRules: { body: { "$.call.id": { combine: "AND", matchers: [{ match: "integer" }] } } },
      },
    },
  ],
  metadata: { pactSpecification: { version: "4.0" } },
});

/** A provider that answers every request with a 500, recording the headers it was sent. */
let wrong: Server;
let wrongUrl: string;
const received: IncomingHttpHeaders[] = [];
beforeAll(async () => {
  wrong = createServer((request, response) => {
    received.push(request.headers);
    response.writeHead(500, { "Content-Type": "application/json" }).end('{"error":"down"}');
  });
  await new Promise<void>((resolve) => wrong.listen(0, "127.0.0.1", resolve));
  wrongUrl = `http://127.0.0.1:${(wrong.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => wrong.close(() => resolve())));

/** Whether anything still listens at a URL. */
const listening = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
    () => true,
    () => false,
  );

describe("fwcall contracts verify", () => {
  it("passes the committed contracts: the message pact against the fixture catalog, the HTTP pact against the mock server it starts and stops", async () => {
    const result = await run(["contracts", "verify", CONTRACTS]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out[0]).toMatch(
      new RegExp(`^${HTTP_PACT.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: fwcall-call-board → freshcaller-rest-api, 7 interactions \\(HTTP\\), provider: fwcall's mock server at (http://127\\.0\\.0\\.1:\\d+) \\(started for this run\\)$`),
    );
    expect(out.slice(1, 8)).toContain("  ✓ the redirect to a call's recording (replayed)");
    expect(out[8]).toBe(`${MESSAGE_PACT}: fwcall-example-fdk-app → freshworks-call-events, 133 interactions (asynchronous messages), provider: fwcall's fixture catalog`);
    expect(out[9]).toBe("  ✓ create/incoming/blocked");
    expect(out.filter((line) => line.startsWith("  ✓ ")).length).toBe(140);
    expect(out.at(-1)).toBe("2 files (140 interactions): 140 passed, 0 failed");
    expect(out.length).toBe(1 + 7 + 1 + 133 + 1);
    // The mock server was closed once the run ended.
    expect(await listening(/at (http:\S+)/.exec(out[0]!)![1]!)).toBe(false);
  });

  it("exits 1 for a message pact the fixture catalog does not meet, naming the interaction and the problem", async () => {
    const dir = withFiles({ "my-app.json": brokenMessagePact() });
    const file = join(dir, "my-app.json");
    const result = await run(["contracts", "verify", file]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    expect(lines(result.stdout)).toEqual([
      `${file}: my-app → freshworks-call-events, 2 interactions (asynchronous messages), provider: fwcall's fixture catalog`,
      "  ✓ create/incoming/blocked",
      "  ✗ update/incoming/missed/status-change",
      "      $.data.call.direction: Expected 'incoming' (String) to be equal to 'outgoing' (String)",
      "1 file (2 interactions): 1 passed, 1 failed",
    ]);
  });

  it("exits 1 for an HTTP pact against a --provider-url that answers wrongly, sending each provider state in --scenario-header", async () => {
    received.length = 0;
    const dir = withFiles({ "board.json": httpPact() });
    const file = join(dir, "board.json");
    const result = await run(["contracts", "verify", file, "--provider-url", wrongUrl, "--scenario-header", "X-Test-State"]);
    expect(result.code).toBe(1);
    const out = lines(result.stdout);
    expect(out[0]).toBe(`${file}: my-board → freshcaller-rest-api, 1 interaction (HTTP), provider: ${wrongUrl} (--provider-url)`);
    expect(out[1]).toBe("  ✗ one call");
    expect(out.slice(2, -1).join("\n")).toMatch(/expected 200 but was 500/);
    expect(out.at(-1)).toBe("1 file (1 interaction): 0 passed, 1 failed");
    expect(received.map((headers) => headers["x-test-state"])).toContain("every-case");
  });

  it("prints one JSON report with --json: per file, per interaction; the mock server is closed after a failure too", async () => {
    const dir = withFiles({ "a-my-app.json": brokenMessagePact(), "b-board.json": httpPact("/api/v1/calls/999999999") });
    const result = await run(["contracts", "verify", "--json", dir]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as VerifyJsonReport;
    expect(report.exitCode).toBe(1);
    expect(report.summary).toEqual({ files: 2, interactions: 3, passed: 1, failed: 2, notVerified: 0 });
    expect(report.files.map((f) => [f.file, f.status, f.kind, f.providerUsed.kind])).toEqual([
      [join(dir, "a-my-app.json"), "failed", "messages", "fixture-catalog"],
      [join(dir, "b-board.json"), "failed", "http", "mock-server"],
    ]);
    expect(report.files[0]).toMatchObject({ consumer: "my-app", provider: "freshworks-call-events", interactionCount: 2, error: null });
    expect(report.files[0]!.interactions).toEqual([
      { description: "create/incoming/blocked", ok: true, replayed: false, durationMs: expect.any(Number), problems: [] },
      {
        description: "update/incoming/missed/status-change",
        ok: false,
        replayed: false,
        durationMs: expect.any(Number),
        problems: ["$.data.call.direction: Expected 'incoming' (String) to be equal to 'outgoing' (String)"],
      },
    ]);
    expect(report.files[1]!.interactions).toEqual([
      { description: "one call", ok: false, replayed: false, durationMs: expect.any(Number), problems: ["$: Actual map is missing the following keys: call", "expected 200 but was 404"] },
    ]);
    expect(await listening(report.files[1]!.providerUsed.url!)).toBe(false);
  });

  it("fails, with the reason, an interaction of the committed HTTP pact whose provider state holds a CRLF; the others pass against the mock server", async () => {
    const pact = committed(HTTP_PACT);
    const smuggling = pact.interactions.find((i) => i.response.status === 404)!;
    smuggling.providerStates[0].name = "every-case\r\nX-Evil: 1";
    const dir = withFiles({ "crlf.json": pact });
    const result = await run(["contracts", "verify", join(dir, "crlf.json")]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    const out = lines(result.stdout);
    const at = out.indexOf(`  ✗ ${smuggling.description}`);
    expect(out[at + 1]).toBe(
      '      the provider state "every-case\\r\\nX-Evil: 1" cannot be sent in the X-Fwcall-Scenario header: it holds a carriage return (U+000D) at character 11, and a header value holds only visible characters, spaces and tabs',
    );
    expect(out.filter((line) => line.startsWith("  ✓ "))).toHaveLength(6);
    expect(out.at(-1)).toBe("1 file (7 interactions): 6 passed, 1 failed");
  });

  it("exits 2 with @fwcall/pact's reason when the fixture catalog cannot provide an interaction", async () => {
    const pact = brokenMessagePact();
    pact.interactions = [{ ...pact.interactions[0], description: "a missed call", providerStates: [] }];
    const dir = withFiles({ "odd.json": pact });
    const file = join(dir, "odd.json");
    const result = await run(["contracts", "verify", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`fwcall contracts verify: ${file}: the fixture catalog cannot provide these interactions:`);
    expect(result.stderr).toContain('"a missed call" is not a case id of the fixture catalog');
    expect(lines(result.stdout).slice(1)).toEqual(["  not verified (the reason is on stderr)", "1 file (1 interaction): 0 passed, 0 failed, 1 not verified"]);
  });
});

describe("fwcall contracts verify: input it cannot use exits 2, verifying nothing", () => {
  it("invalid JSON with its line and column, a file that is no pact, and files it cannot verify as a whole", async () => {
    const message = brokenMessagePact().interactions[0]!;
    const http = httpPact().interactions[0]!;
    const pactOf = (interactions: unknown[], provider: unknown = { name: "p" }) => ({ consumer: { name: "c" }, provider, interactions, metadata: { pactSpecification: { version: "4.0" } } });
    const dir = withFiles({
      "a-broken.json": '{\n  "consumer": { "name": "c" }\n  "interactions": []\n}\n',
      "b-payload.json": { event: "onCallCreate" },
      "c-mixed.json": pactOf([message, http]),
      "d-sync.json": pactOf([{ type: "Synchronous/Messages", description: "ask", request: { contents: {} }, response: [{ contents: {} }] }]),
      "e-empty.json": pactOf([]),
      "f-anonymous.json": pactOf([message], null),
      "g-good.json": httpPact(),
    });
    received.length = 0;
    const result = await run(["contracts", "verify", dir, "--provider-url", wrongUrl]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(lines(result.stderr)).toEqual([
      `${join(dir, "a-broken.json")}:2:30: invalid JSON: expected ',' or '}' after a property value, found '"' at line 3, column 3 (is a ',' missing here?)`,
      '  2 |   "consumer": { "name": "c" }',
      "    |                              ^",
      `${join(dir, "b-payload.json")}: not a pact file: it has neither an "interactions" nor a "messages" array`,
      `${join(dir, "c-mixed.json")}: cannot verify this pact: it mixes 1 asynchronous message and 1 HTTP interaction, which fwcall verifies against different providers: split it into one pact per kind`,
      `${join(dir, "d-sync.json")}: cannot verify this pact: it holds 1 synchronous message interaction, which fwcall cannot verify (it verifies asynchronous messages against the fixture catalog and HTTP interactions against an HTTP provider)`,
      `${join(dir, "e-empty.json")}: cannot verify this pact: it holds no interactions: nothing to verify`,
      `${join(dir, "f-anonymous.json")}: cannot verify this pact: it names no provider, and the verifier reports by provider`,
      "fwcall contracts verify: nothing was verified",
    ]);
    expect(received).toEqual([]);
  });

  it.each([
    [["contracts", "verify", "/nonexistent/fwcall-pacts"], "fwcall contracts: '/nonexistent/fwcall-pacts' does not exist"],
    [["contracts", "verify", "--provider-url", "localhost:8080", "x.json"], "fwcall contracts: --provider-url 'localhost:8080' must be an http or https URL"],
    [["contracts", "verify", "--provider-url", "not a url"], "fwcall contracts: --provider-url 'not a url' is not a URL (e.g. http://127.0.0.1:8080)"],
    [["contracts", "verify", "--scenario-header", "X Scenario"], "fwcall contracts: --scenario-header 'X Scenario' is not a header name"],
    [["contracts", "verify", "--profile", "strict"], "fwcall contracts: unknown option '--profile'"],
  ])("%j exits 2", async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(lines(result.stderr)).toEqual([message, "Run 'fwcall contracts --help' for usage."]);
  });

  it("reads ./contracts when no path is given", async () => {
    const dir = withFiles({ "contracts/notes.json": { hello: "world" } });
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const result = await run(["contracts", "verify"], { env: {} }); // no broker configured, whatever this shell says
      expect(result.code).toBe(2);
      expect(lines(result.stderr)[0]).toBe(`${join("contracts", "notes.json")}: not a pact file: it has neither an "interactions" nor a "messages" array`);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe("fwcall contracts verify: help", () => {
  it("has its help, and `fwcall contracts --help` lists it", async () => {
    const help = await run(["contracts", "verify", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: fwcall contracts verify \[options\] \[<pact\.json\|dir>\.\.\.\]\n/);
    expect(help.stdout).toContain("--provider-url <url>");
    expect(help.stdout).toContain("--scenario-header <name>");
    expect((await run(["contracts", "--help"])).stdout).toContain("  verify        verify pact files as the provider (fixture catalog, mock server or a URL)");
  });
});
