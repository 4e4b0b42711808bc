// Whole pact files verified by kind with the real Pact verifier: message pacts against the fixture
// catalog, HTTP pacts against a real provider on loopback (given by URL, or started for the run
// and closed after it), files that cannot be verified as a whole refused before anything runs,
// and the Pact Broker download through the real Pact CLI from a broker stub on 127.0.0.1.
// The child-process isolation is tested as it ships: the module and its child entry bundled from
// this source (the TypeScript source has no child Node 20 can run), then imported as built.
// No msw server runs in this file: it would take over the verifier's traffic.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parsePactText, verifyPactFiles, verifyPlannedPacts, planPactFile, withBrokerPacts, unreachable, type PlannedPact, type ProviderUsed, type VerifiedFile } from "../src/verify.js";
import { readPact } from "../src/check.js";
import { tempFolder, writeTemp } from "./helpers.js";

// The broker download's temp folders are counted: this file gets a temp dir of its own.
process.env.TMPDIR = mkdtempSync(join(tmpdir(), "fwcall-pact-verify-files-test-"));

const CONTRACTS = fileURLToPath(new URL("../../../contracts/", import.meta.url));
const MESSAGE_PACT = join(CONTRACTS, "fwcall-example-fdk-app-freshworks-call-events.json");

interface PactJson {
  consumer: { name: string };
  provider: { name: string };
  interactions: Array<Record<string, any>>;
  metadata: unknown;
}

/** Three case-id interactions of the committed message pact; `broken` pins a direction the fixture catalog does not send. */
function messagePact({ broken = false } = {}): PactJson {
  const pact = JSON.parse(readFileSync(MESSAGE_PACT, "utf8")) as PactJson;
  const pick = (description: string) => structuredClone(pact.interactions.find((i) => i.description === description)!);
  const missed = pick("update/incoming/missed/status-change");
  if (broken) missed.contents.content.data.call.direction = "outgoing";
  return { ...pact, consumer: { name: "my-app" }, interactions: [pick("create/incoming/blocked"), pick("create/outgoing/connecting"), missed] };
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

/** A real HTTP provider on loopback: call 7 in the state "every-case" (sent in X-Test-State), 404 otherwise; it records what it was sent. */
async function startProvider(): Promise<{ url: string; received: IncomingHttpHeaders[]; close(): Promise<void>; listening(): boolean }> {
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    received.push(request.headers);
    if (request.url === "/api/v1/calls/7" && request.headers["x-test-state"] === "every-case") response.writeHead(200, { "Content-Type": "application/json" }).end('{"call":{"id":7}}');
    else response.writeHead(404, { "Content-Type": "application/json" }).end('{"error_type":"record_not_found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    listening: () => server.listening,
  };
}

/** A loopback URL nothing listens at. */
async function closedUrl(): Promise<string> {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  return url;
}

const DIRECTION_PROBLEM = "$.data.call.direction: Expected 'incoming' (String) to be equal to 'outgoing' (String)";

describe("verifyPactFiles, in this process", () => {
  it("verifies each file by its kind: messages against the fixture catalog, HTTP against the provider URL with each state in the header", async () => {
    const provider = await startProvider();
    try {
      const messages = writeTemp("my-app.json", messagePact({ broken: true }));
      const http = writeTemp("board.json", httpPact());
      const events: string[] = [];
      const run = await verifyPactFiles([messages, { path: http, name: "the board's pact" }], {
        isolate: false,
        providerUrl: `${provider.url}/`,
        scenarioHeader: "X-Test-State",
        onFileStart: (file: PlannedPact, used: ProviderUsed) => events.push(`start ${file.file} ${file.kind} ${used.kind} ${used.url}`),
        onFileDone: (file: VerifiedFile) => events.push(`done ${file.file} ${file.status}`),
      });
      expect(events).toEqual([`start ${messages} messages fixture-catalog null`, `done ${messages} failed`, `start the board's pact http url ${provider.url}`, "done the board's pact passed"]);
      expect(run.verified).toBe(true);
      if (!run.verified) return;
      expect(run.status).toBe("failed");
      expect(run.summary).toEqual({ files: 2, interactions: 4, passed: 3, failed: 1, notVerified: 0 });
      expect(run.files[0]).toMatchObject({ file: messages, consumer: "my-app", provider: "freshworks-call-events", kind: "messages", status: "failed", interactionCount: 3, error: null });
      expect(run.files[0]!.interactions.map((v) => [v.description, v.ok, v.problems])).toEqual([
        ["create/incoming/blocked", true, []],
        ["create/outgoing/connecting", true, []],
        ["update/incoming/missed/status-change", false, [DIRECTION_PROBLEM]],
      ]);
      expect(run.files[1]).toMatchObject({ kind: "http", providerUsed: { kind: "url", url: provider.url }, status: "passed", interactions: [{ description: "one call", ok: true, replayed: false, problems: [] }] });
      expect(provider.received.map((headers) => headers["x-test-state"])).toContain("every-case");
    } finally {
      await provider.close();
    }
  });

  it("starts the mock server only for HTTP pacts, reports against it, and closes it after a failure too", async () => {
    const provider = await startProvider();
    let started = 0;
    let closed = 0;
    const mockServer = async () => {
      started++;
      return { url: provider.url, close: async () => void closed++ };
    };
    try {
      const onlyMessages = await verifyPactFiles([writeTemp("my-app.json", messagePact())], { isolate: false, mockServer });
      expect(onlyMessages).toMatchObject({ verified: true, status: "passed", summary: { files: 1, interactions: 3, passed: 3, failed: 0, notVerified: 0 } });
      expect(started).toBe(0);

      // No state header named: the provider is not told the state, so it answers 404.
      const run = await verifyPactFiles([writeTemp("board.json", httpPact())], { isolate: false, mockServer });
      expect([started, closed]).toEqual([1, 1]);
      expect(run).toMatchObject({ verified: true, status: "failed" });
      if (!run.verified) return;
      expect(run.files[0]!.providerUsed).toEqual({ kind: "mock-server", url: provider.url });
      expect(run.files[0]!.interactions[0]!.problems).toContain("expected 200 but was 404");
      expect(provider.received.every((headers) => headers["x-test-state"] === undefined)).toBe(true);
    } finally {
      await provider.close();
    }
  });

  it("a file the verifier cannot run is an error, its interactions not verified; the other files are still verified", async () => {
    const odd = messagePact();
    odd.interactions = [{ ...odd.interactions[0], description: "a missed call", providerStates: [] }];
    const run = await verifyPactFiles([writeTemp("odd.json", odd), writeTemp("my-app.json", messagePact())], { isolate: false });
    expect(run).toMatchObject({ verified: true, status: "error", summary: { files: 2, interactions: 4, passed: 3, failed: 0, notVerified: 1 } });
    if (!run.verified) return;
    expect(run.files[0]).toMatchObject({ status: "error", interactions: [] });
    expect(run.files[0]!.error).toMatch(/^the fixture catalog cannot provide these interactions:\n.*"a missed call" is not a case id of the fixture catalog/);
    expect(run.files[1]!.status).toBe("passed");
  });
});

describe("verifyPactFiles: nothing is verified when anything is unusable", () => {
  it("refuses a lone path or a missing list with a TypeError saying what to pass (JavaScript callers)", async () => {
    await expect(verifyPactFiles("a.json" as never)).rejects.toThrow("verifyPactFiles: files must be an array of pact file paths, got a string (wrap it: [path])");
    await expect(verifyPactFiles(null as never)).rejects.toThrow("verifyPactFiles: files must be an array of pact file paths, got null");
    await expect(withBrokerPacts({ url: "http://127.0.0.1:1", providers: "p" as never }, async () => 0)).rejects.toThrow(
      "withBrokerPacts: query.providers must be an array of provider names, got a string (wrap it: [name])",
    );
  });


  it("refuses every file it cannot verify as a whole, in order, with its reason; the provider gets no request", async () => {
    const provider = await startProvider();
    try {
      const message = messagePact().interactions[0]!;
      const http = httpPact().interactions[0]!;
      const pactOf = (interactions: unknown[], party: unknown = { name: "p" }) => ({ consumer: { name: "c" }, provider: party, interactions, metadata: { pactSpecification: { version: "4.0" } } });
      const files = [
        writeTemp("a-broken.json", '{ "consumer": { "name": "c" } "interactions": [] }'),
        writeTemp("b-payload.json", { event: "onCallCreate" }),
        writeTemp("c-mixed.json", pactOf([message, http])),
        writeTemp("d-sync.json", pactOf([{ type: "Synchronous/Messages", description: "ask", request: { contents: {} }, response: [{ contents: {} }] }])),
        writeTemp("e-empty.json", pactOf([])),
        writeTemp("f-anonymous.json", pactOf([message], null)),
        join(tempFolder(), "g-missing.json"),
        writeTemp("h-good.json", httpPact()),
      ];
      const run = await verifyPactFiles(files, { isolate: false, providerUrl: provider.url });
      expect(run.verified).toBe(false);
      if (run.verified || run.reason !== "refused") throw new Error(`expected a refusal, got ${JSON.stringify(run)}`);
      expect(run.problems).toEqual([
        `${files[0]}:1:30: invalid JSON: expected ',' or '}' after a property value, found '"' at line 1, column 31 (is a ',' missing here?)`,
        `  1 | { "consumer": { "name": "c" } "interactions": [] }`,
        `    |                              ^`,
        `${files[1]}: not a pact file: it has neither an "interactions" nor a "messages" array`,
        `${files[2]}: cannot verify this pact: it mixes 1 asynchronous message and 1 HTTP interaction, which fwcall verifies against different providers: split it into one pact per kind`,
        `${files[3]}: cannot verify this pact: it holds 1 synchronous message interaction, which fwcall cannot verify (it verifies asynchronous messages against the fixture catalog and HTTP interactions against an HTTP provider)`,
        `${files[4]}: cannot verify this pact: it holds no interactions: nothing to verify`,
        `${files[5]}: cannot verify this pact: it names no provider, and the verifier reports by provider`,
        `${files[6]}: cannot read: no such file or directory`,
      ]);
      expect(provider.received).toEqual([]);
      expect(await verifyPactFiles([])).toEqual({ verified: false, reason: "refused", problems: ["nothing to verify: no pact file was given"], warnings: [] });
    } finally {
      await provider.close();
    }
  });

  it("says where a pact file is not JSON, and warns of keys written twice, as the CLI does", async () => {
    const text = JSON.stringify(httpPact(), null, 2).replace('"consumer": {', '"provider": { "name": "twice" },\n  "consumer": {');
    const file = writeTemp("twice.json", text);
    const run = await verifyPactFiles([file], { isolate: false });
    expect(run.warnings).toEqual([expect.stringMatching(new RegExp(`^${file}: warning .*"provider".* \\[json:duplicate-key\\]$`))]);
    expect(parsePactText('{"interactions": [] "x": 1}')).toMatchObject({ ok: false, problem: { line: 1, column: 20 } });
    expect(parsePactText("[]")).toMatchObject({ ok: false, problem: { message: "not a pact file: expected a JSON object with \"interactions\" or \"messages\", found an array", line: null } });
    const empty = writeTemp("empty.json", " ");
    expect(await verifyPactFiles([empty], { isolate: false })).toEqual({
      verified: false,
      reason: "refused",
      problems: [`${empty}: empty input: expected a pact file, found only whitespace`],
      warnings: [],
    });
  });

  it("an HTTP pact with no provider to verify it against is refused", async () => {
    const file = writeTemp("board.json", httpPact());
    expect(await verifyPactFiles([file], { isolate: false })).toEqual({
      verified: false,
      reason: "refused",
      problems: [`${file}: cannot verify this pact: it is an HTTP pact, and no provider was given (providerUrl or mockServer)`],
      warnings: [],
    });
  });

  it("a provider URL nothing listens at, and a mock server that cannot start: said, nothing verified", async () => {
    const nowhere = await closedUrl();
    const files = [writeTemp("my-app.json", messagePact()), writeTemp("board.json", httpPact())];
    expect(await verifyPactFiles(files, { isolate: false, providerUrl: nowhere })).toEqual({ verified: false, reason: "unreachable", providerUrl: nowhere, why: "ECONNREFUSED", warnings: [] });
    const failing = async (): Promise<never> => {
      throw new Error("port 4010 is taken");
    };
    expect(await verifyPactFiles(files, { isolate: false, mockServer: failing })).toEqual({ verified: false, reason: "mock-server", message: "port 4010 is taken", warnings: [] });
    expect(await unreachable(nowhere)).toBe("ECONNREFUSED");
  });

  it("a provider URL that is none, a header name that is none, and isolation asked of the TypeScript source, throw saying so", async () => {
    const planned = planPactFile({ file: "board.json", path: "board.json", pact: readPact(httpPact()) });
    expect(planned).toMatchObject({ ok: true, planned: { kind: "http", consumer: "my-board", provider: "freshcaller-rest-api", interactionCount: 1 } });
    if (!planned.ok) return;
    await expect(verifyPlannedPacts([planned.planned], { isolate: false, providerUrl: "localhost:4010" })).rejects.toThrow("providerUrl 'localhost:4010' must be an http or https URL");
    await expect(verifyPlannedPacts([planned.planned], { isolate: false, providerUrl: "not a url" })).rejects.toThrow("providerUrl 'not a url' is not a URL (e.g. http://127.0.0.1:8080)");
    await expect(verifyPlannedPacts([planned.planned], { isolate: false, providerUrl: "http://127.0.0.1:1", scenarioHeader: "X Scenario" })).rejects.toThrow("scenarioHeader 'X Scenario' is not a header name");
    await expect(verifyPlannedPacts([planned.planned], { isolate: true })).rejects.toThrow("isolate: true needs the built @fwcall/pact (dist/verify-child.js)");
  });
});

describe("withBrokerPacts, against a Pact Broker stub on loopback, through the real Pact CLI", () => {
  const TOKEN = "test-token";
  let broker: Server;
  let brokerUrl: string;
  const asked: Array<{ url: string; authorization: string | undefined }> = [];
  /** The latest pact of each consumer, per provider the broker knows; others get 404. */
  let held: Record<string, PactJson[]> = {};

  function answer(request: IncomingMessage): { status: number; body: unknown } {
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return { status: 401, body: { error: "Unauthorized" } };
    const url = new URL(request.url ?? "/", brokerUrl);
    // What get-pacts asks for: /pacts/provider/{p}[/consumer/{c}]/branch[/{b}]/latest.
    const latest = /^\/pacts\/provider\/([^/]+)(?:\/consumer\/([^/]+))?\/branch(?:\/([^/]+))?\/latest$/.exec(url.pathname);
    if (latest) {
      const provider = decodeURIComponent(latest[1]!);
      const pacts = held[provider];
      if (!pacts) return { status: 404, body: { error: `No provider with name '${provider}' found` } };
      const links = pacts
        .filter((p) => latest[2] === undefined || p.consumer.name === decodeURIComponent(latest[2]))
        .map((p) => ({ href: `${brokerUrl}/pacts/provider/${provider}/consumer/${p.consumer.name}/version/1.0.0`, title: `Pact between ${p.consumer.name} (1.0.0) and ${provider}`, name: p.consumer.name }));
      return { status: 200, body: { _links: { self: { href: `${brokerUrl}${url.pathname}` }, provider: { href: `${brokerUrl}/pacticipants/${provider}`, name: provider }, "pb:pacts": links } } };
    }
    const document = /^\/pacts\/provider\/([^/]+)\/consumer\/([^/]+)\/version\/([^/]+)$/.exec(url.pathname);
    const pact = document && held[decodeURIComponent(document[1]!)]?.find((p) => p.consumer.name === decodeURIComponent(document[2]!));
    if (pact) return { status: 200, body: { ...pact, _links: { "pb:consumer": { name: pact.consumer.name }, "pb:provider": { name: pact.provider.name }, "pb:consumer-version": { name: document[3], number: document[3] } } } };
    return { status: 404, body: { error: `no ${request.method} ${url.pathname} here` } };
  }

  beforeAll(async () => {
    broker = createServer((request, response) => {
      request.resume().on("end", () => {
        asked.push({ url: request.url ?? "", authorization: request.headers.authorization });
        const { status, body } = answer(request);
        response.writeHead(status, { "content-type": "application/hal+json" }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => broker.listen(0, "127.0.0.1", resolve));
    brokerUrl = `http://127.0.0.1:${(broker.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => broker.close(() => resolve())));
  beforeEach(() => {
    asked.length = 0;
    held = {};
  });

  // Retries 0: a refusing broker must not be waited on with the Pact CLI's back-off.
  const env = (token = TOKEN) => ({ PACT_BROKER_TOKEN: token, PACT_BROKER_HTTP_RETRIES: "0" });
  const downloads = () => readdirSync(tmpdir()).filter((name) => name.startsWith("fwcall-broker-pacts-"));

  it("downloads each provider's latest pacts with the token, names them by provider, and the files verify as local ones do; the download is removed afterwards", async () => {
    held = { "freshworks-call-events": [messagePact({ broken: true })] };
    const query = { url: brokerUrl, providers: ["freshworks-call-events", "freshcaller-rest-api"], consumer: "my-app", branch: "main", env: env() };
    let downloaded: string[] = [];
    const run = await withBrokerPacts(query, async (pacts) => {
      expect(pacts.ok ? "ok" : pacts.reason).toBe("ok");
      if (!pacts.ok) return undefined;
      expect(pacts.providers.map((p) => [p.provider, p.files.map((f) => f.name), p.notFound === null])).toEqual([
        ["freshworks-call-events", ["broker:freshworks-call-events/my-app-freshworks-call-events-1.0.0.json"], true],
        ["freshcaller-rest-api", [], false],
      ]);
      expect(pacts.providers[1]!.notFound).toMatch(/404 Not Found/);
      downloaded = pacts.providers.flatMap((p) => p.files.map((f) => f.path));
      expect(downloads()).toHaveLength(1);
      return verifyPactFiles(
        pacts.providers.flatMap((p) => p.files),
        { isolate: false },
      );
    });
    expect(run).toMatchObject({ verified: true, status: "failed", files: [{ file: "broker:freshworks-call-events/my-app-freshworks-call-events-1.0.0.json", status: "failed" }] });
    expect(asked.map((a) => a.url)).toContain("/pacts/provider/freshworks-call-events/consumer/my-app/branch/main/latest");
    expect(asked.every((a) => a.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(downloads()).toEqual([]);
    expect(downloaded).toHaveLength(1);
  });

  it("a broker that refuses (401), or that nothing answers at: the Pact CLI's reason; a `use` that throws still has the download removed", async () => {
    held = { "freshworks-call-events": [messagePact()] };
    const refused = await withBrokerPacts({ url: brokerUrl, providers: ["freshworks-call-events"], env: env("wrong") }, async (pacts) => pacts);
    expect(refused).toMatchObject({ ok: false, provider: "freshworks-call-events", reason: expect.stringMatching(/401 Unauthorized/) });

    const nowhere = await closedUrl();
    const unanswered = await withBrokerPacts({ url: nowhere, providers: ["freshworks-call-events"], env: env() }, async (pacts) => pacts);
    expect(unanswered).toMatchObject({ ok: false, reason: expect.stringMatching(/^Failed to access pact broker path/) });

    await expect(
      withBrokerPacts({ url: brokerUrl, providers: ["freshworks-call-events"], env: env() }, async () => {
        throw new Error("the caller broke");
      }),
    ).rejects.toThrow("the caller broke");
    expect(downloads()).toEqual([]);
  });
});

describe("verifyPactFiles as built: each file in a child process", () => {
  let built: string;
  let verify: typeof import("../src/verify.js");

  beforeAll(async () => {
    // Inside the package, so that the bundle finds @pact-foundation/pact in its node_modules.
    const root = join(fileURLToPath(new URL("..", import.meta.url)), "node_modules", ".fwcall-test");
    mkdirSync(root, { recursive: true });
    built = mkdtempSync(join(root, "verify-"));
    // Node reads .js under node_modules as CommonJS unless a package.json says otherwise.
    writeFileSync(join(built, "package.json"), '{ "type": "module" }\n');
    await build({
      absWorkingDir: fileURLToPath(new URL("..", import.meta.url)),
      entryPoints: { verify: "src/verify.ts", "verify-child": "src/verify-child.ts" },
      outdir: built,
      bundle: true,
      // Dynamic imports stay lazy in their own chunks, as in the built package.
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      conditions: ["@fwcall/source"],
      external: ["@pact-foundation/pact"],
      // Bundled CommonJS dependencies call require: give the ES module one.
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
      logLevel: "warning",
    });
    verify = (await import(pathToFileURL(join(built, "verify.js")).href)) as typeof import("../src/verify.js");
  });
  afterAll(() => {
    if (built) rmSync(built, { recursive: true, force: true });
  });

  it("gives the same verdicts as in this process; the verifier's report goes to verifierOutput", async () => {
    const file = writeTemp("my-app.json", messagePact({ broken: true }));
    let report = "";
    const run = await verify.verifyPactFiles([file], { env: { PACT_DO_NOT_TRACK: "true" }, verifierOutput: (chunk) => (report += chunk) });
    expect(run).toMatchObject({ verified: true, status: "failed", summary: { files: 1, interactions: 3, passed: 2, failed: 1, notVerified: 0 } });
    if (!run.verified) return;
    expect(run.files[0]!.interactions.find((v) => !v.ok)).toMatchObject({ description: "update/incoming/missed/status-change", problems: [DIRECTION_PROBLEM] });
    expect(report).toContain("Verifying a pact between");
    expect(report).toContain("update/incoming/missed/status-change");
  });

  it("importing it loads no Pact library: only a file verified in this process does", () => {
    const pactModules = "Object.keys(require.cache).filter((file) => file.includes('@pact-foundation')).length";
    const script = `import { createRequire } from "node:module";
      const require = createRequire(import.meta.url);
      const { verifyPactFiles } = await import(${JSON.stringify(pathToFileURL(join(built, "verify.js")).href)});
      const before = ${pactModules};
      await verifyPactFiles([${JSON.stringify(writeTemp("my-app.json", messagePact()))}], { isolate: false });
      process.stderr.write(JSON.stringify([before, ${pactModules}]));`;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: { ...process.env, PACT_DO_NOT_TRACK: "true" }, timeout: 120_000 });
    expect(child.status, child.stderr).toBe(0);
    const [before, after] = JSON.parse(child.stderr) as [number, number];
    expect(before).toBe(0);
    expect(after).toBeGreaterThan(0);
  });

  it("keeps the verifier's report off the caller's stdout: a script printing the result prints one JSON document", () => {
    const file = writeTemp("my-app.json", messagePact());
    const script = `const { verifyPactFiles } = await import(${JSON.stringify(pathToFileURL(join(built, "verify.js")).href)});
      process.stdout.write(JSON.stringify(await verifyPactFiles([${JSON.stringify(file)}])));`;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: { ...process.env, PACT_DO_NOT_TRACK: "true" }, timeout: 120_000 });
    expect(child.status, child.stderr).toBe(0);
    const run = JSON.parse(child.stdout) as { verified: boolean; status: string; summary: { passed: number } };
    expect(run).toMatchObject({ verified: true, status: "passed", summary: { passed: 3 } });
  });
});
