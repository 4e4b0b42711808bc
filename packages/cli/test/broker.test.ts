// `fwcall contracts publish | can-i-deploy` drive the real Pact CLI against a broker on loopback
// that records what it is sent and answers as a Pact Broker would for these two calls.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { run, tempDir } from "./helpers.js";

interface Received {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

let broker: Server;
let brokerUrl: string;
const received: Received[] = [];
/** The broker's answer to the next publish: 200, or an error status. */
let publishStatus = 200;

function answer(request: IncomingMessage, body: string): { status: number; json: unknown } {
  const url = new URL(request.url ?? "/", brokerUrl);
  if (request.method === "GET" && url.pathname === "/") {
    return { status: 200, json: { _links: { "pb:publish-contracts": { href: `${brokerUrl}/contracts/publish` } } } };
  }
  if (request.method === "POST" && url.pathname === "/contracts/publish") {
    if (publishStatus !== 200) return { status: publishStatus, json: { errors: { contracts: ["refused by the test broker"] } } };
    const { pacticipantName, pacticipantVersionNumber } = JSON.parse(body) as { pacticipantName: string; pacticipantVersionNumber: string };
    return { status: 200, json: { logs: [{ level: "info", message: `Published ${pacticipantName} ${pacticipantVersionNumber}` }], _embedded: {}, _links: {} } };
  }
  if (request.method === "GET" && url.pathname === "/matrix") {
    const deployable = url.searchParams.get("q[][version]") !== "broken";
    const reason = deployable ? "All required verification results are published and successful" : "The verification for the pact between the versions failed";
    return { status: 200, json: { summary: { deployable, reason, success: deployable ? 1 : 0, failed: deployable ? 0 : 1, unknown: 0 }, matrix: [], notices: [] } };
  }
  return { status: 404, json: { error: `no ${request.method} ${url.pathname} here` } };
}

beforeAll(async () => {
  broker = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      received.push({ method: request.method ?? "", url: request.url ?? "", authorization: request.headers.authorization, body });
      const { status, json } = answer(request, body);
      response.writeHead(status, { "content-type": "application/hal+json" }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => broker.listen(0, "127.0.0.1", resolve));
  brokerUrl = `http://127.0.0.1:${(broker.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => broker.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
  publishStatus = 200;
});

function pactDir(): string {
  const dir = tempDir();
  for (const [consumer, provider] of [["call-board", "freshcaller-api"], ["fdk-app", "call-events"]] as const) {
    const pact = { consumer: { name: consumer }, provider: { name: provider }, interactions: [], metadata: { pactSpecification: { version: "4.0" } } };
    writeFileSync(join(dir, `${consumer}-${provider}.json`), `${JSON.stringify(pact, null, 2)}\n`);
  }
  return dir;
}

const env = (extra: Record<string, string> = {}) => ({ PACT_BROKER_BASE_URL: brokerUrl, PACT_BROKER_TOKEN: "test-token", PACT_BROKER_HTTP_RETRIES: "0", ...extra });

describe("fwcall contracts publish", () => {
  it("sends every pact of the directory, with the version, branch and token", async () => {
    const dir = pactDir();
    const result = await run(["contracts", "publish", dir, "--consumer-version", "1.4.0", "--branch", "main", "--tag", "rc"], { env: env() });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const publishes = received.filter((r) => r.url === "/contracts/publish");
    expect(publishes.length).toBeGreaterThan(0);
    const contracts = publishes.flatMap((r) => (JSON.parse(r.body) as { contracts: { consumerName: string; providerName: string; content: string }[] }).contracts);
    expect(contracts.map((c) => `${c.consumerName}-${c.providerName}`).sort()).toEqual(["call-board-freshcaller-api", "fdk-app-call-events"]);
    for (const contract of contracts) {
      const file = readFileSync(join(dir, `${contract.consumerName}-${contract.providerName}.json`), "utf8");
      // The Pact CLI re-serialises a pact and adds its own metadata; what the consumer wrote is kept.
      expect(JSON.parse(Buffer.from(contract.content, "base64").toString("utf8"))).toMatchObject(JSON.parse(file));
    }
    const first = JSON.parse(publishes[0]!.body) as { pacticipantVersionNumber: string; branch: string; tags: string[] };
    expect(first).toMatchObject({ pacticipantVersionNumber: "1.4.0", branch: "main", tags: ["rc"] });
    expect(received.every((r) => r.authorization === "Bearer test-token")).toBe(true);
  });

  it("says how to configure a broker when none is, and sends nothing", async () => {
    const result = await run(["contracts", "publish", pactDir(), "--consumer-version", "1"], { env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no Pact Broker configured: set PACT_BROKER_BASE_URL/);
    expect(result.stderr).toMatch(/verification reads contracts\//);
    expect(received).toEqual([]);
  });

  it("refuses a file that is not a pact, naming it, before anything is sent", async () => {
    const dir = pactDir();
    const stray = join(dir, "zz-notes.json");
    writeFileSync(stray, '{"hello": "world"}');
    const result = await run(["contracts", "publish", dir, "--consumer-version", "1"], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`'${stray}' is not a pact file: it names no consumer and provider`);
    expect(received).toEqual([]);
  });

  it("refuses a missing version, a missing path, an empty directory and a URL that is not one", async () => {
    const empty = tempDir();
    mkdirSync(join(empty, "sub"));
    const cases: [string[], Record<string, string>, RegExp][] = [
      [["contracts", "publish", pactDir()], env(), /--consumer-version <v> or --auto-detect-version/],
      [["contracts", "publish", join(empty, "nope"), "--consumer-version", "1"], env(), /does not exist/],
      [["contracts", "publish", empty, "--consumer-version", "1"], env(), /holds no \*\.json pact files/],
      [["contracts", "publish", pactDir(), "--consumer-version", "1"], env({ PACT_BROKER_BASE_URL: "broker.example" }), /is not a URL/],
    ];
    for (const [argv, environment, message] of cases) {
      const result = await run(argv, { env: environment });
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(received).toEqual([]);
  });

  it("exits 2 at once, sending nothing, when nothing answers at the broker's address (publish and can-i-deploy)", async () => {
    const nowhere = env({ PACT_BROKER_BASE_URL: "http://127.0.0.1:1" });
    const publish = await run(["contracts", "publish", pactDir(), "--consumer-version", "1"], { env: nowhere });
    expect(publish.stderr).toBe("fwcall contracts publish: cannot reach the Pact Broker at http://127.0.0.1:1 (ECONNREFUSED); nothing was asked or sent\n");
    expect(publish.code).toBe(2);
    const deploy = await run(["contracts", "can-i-deploy", "--pacticipant", "call-board", "--version", "1", "--to-environment", "production"], { env: nowhere });
    expect(deploy.stderr).toBe("fwcall contracts can-i-deploy: cannot reach the Pact Broker at http://127.0.0.1:1 (ECONNREFUSED); nothing was asked or sent\n");
    expect(deploy.code).toBe(2);
  });

  it("exits 1 when the broker refuses the pacts", async () => {
    publishStatus = 400;
    const result = await run(["contracts", "publish", pactDir(), "--consumer-version", "1"], { env: env() });
    expect(result.code).toBe(1);
    expect(received.some((r) => r.url === "/contracts/publish")).toBe(true);
  });
});

describe("fwcall contracts can-i-deploy", () => {
  it("exits 0 when the broker says yes and 1 when it says no, asking for the named version and environment", async () => {
    const yes = await run(["contracts", "can-i-deploy", "--pacticipant", "call-board", "--version", "1.4.0", "--to-environment", "production"], { env: env() });
    expect(yes.code).toBe(0);
    expect(yes.stdout).toMatch(/Computer says yes/);
    const asked = new URL(received.at(-1)!.url, brokerUrl).searchParams;
    expect([asked.get("q[][pacticipant]"), asked.get("q[][version]"), asked.get("environment")]).toEqual(["call-board", "1.4.0", "production"]);

    const no = await run(["contracts", "can-i-deploy", "--pacticipant", "call-board", "--version", "broken", "--to-environment", "production"], { env: env() });
    expect(no.code).toBe(1);
    expect(no.stdout + no.stderr).toMatch(/Computer says no/);
  });

  it("--dry-run reports but exits 0", async () => {
    const result = await run(["contracts", "can-i-deploy", "--pacticipant", "call-board", "--version", "broken", "--to-environment", "production", "--dry-run"], { env: env() });
    expect(result.code).toBe(0);
  });

  it("checks that every --pacticipant has one version selector after it, and a target", async () => {
    const cases: [string[], RegExp][] = [
      [["--version", "1", "--pacticipant", "a", "--to-environment", "p"], /--version must follow the --pacticipant/],
      [["--pacticipant", "a", "--to-environment", "p"], /--pacticipant 'a' needs --version, --latest or --branch/],
      [["--pacticipant", "a", "--pacticipant", "b", "--latest", "--to-environment", "p"], /--pacticipant 'a' needs --version/],
      [["--pacticipant", "a", "--version", "1", "--latest", "--to-environment", "p"], /takes one of --version, --latest or --branch/],
      [["--pacticipant", "a", "--version", "1"], /--to-environment <env>/],
      [["--pacticipant", "a", "--version", "1", "--to", "prod", "--retry-interval", "soon"], /--retry-interval must be a whole number/],
    ];
    for (const [argv, message] of cases) {
      const result = await run(["contracts", "can-i-deploy", ...argv], { env: env() });
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(received).toEqual([]);
  });
});
