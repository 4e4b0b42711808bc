// `fwcall contracts verify` with a Pact Broker configured: the real Pact CLI (pact-broker
// get-pacts) downloads the pacts from a broker on loopback that answers as a Pact Broker would
// (a provider's latest pacts as HAL links, each pact document behind its link, 404 for a provider
// it has never seen, 401 for a wrong token), and the files are verified as local files are.
// The message pact served is three interactions of the committed one (the whole takes ~5 s); the
// HTTP pact is the committed one, verified against the mock server the command starts.
//
// No msw server runs in this file: setupServer would take over the verifier's traffic.
import { readFileSync, readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PROVIDERS } from "@fwcall/pact/check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { VerifyJsonReport } from "../src/commands/contracts-verify.js";
import { lines, run, withFiles } from "./helpers.js";

const CONTRACTS = fileURLToPath(new URL("../../../contracts/", import.meta.url));
const TOKEN = "test-token";

interface PactJson {
  consumer: { name: string };
  provider: { name: string };
  interactions: Array<Record<string, any>>;
  metadata: unknown;
}
const committed = (name: string): PactJson => JSON.parse(readFileSync(join(CONTRACTS, name), "utf8")) as PactJson;

/** Three case-id interactions of the committed message pact; `broken` pins a direction the fixture catalog does not send. */
function messagePact({ broken = false } = {}): PactJson {
  const pact = committed("fwcall-example-fdk-app-freshworks-call-events.json");
  const pick = (description: string) => structuredClone(pact.interactions.find((i) => i.description === description)!);
  const missed = pick("update/incoming/missed/status-change");
  if (broken) missed.contents.content.data.call.direction = "outgoing";
  return { ...pact, consumer: { name: "my-app" }, interactions: [pick("create/incoming/blocked"), pick("create/outgoing/connecting"), missed] };
}
const httpPact = () => committed("fwcall-call-board-freshcaller-rest-api.json");

interface Received {
  url: string;
  authorization: string | undefined;
}

let broker: Server;
let brokerUrl: string;
const received: Received[] = [];
/** What the broker holds: per provider it knows, the latest pact of each consumer. Unknown providers get 404. */
let held: Record<string, PactJson[]> = {};

const json = (status: number, body: unknown) => ({ status, body });

function answer(request: IncomingMessage): { status: number; body: unknown } {
  if (request.headers.authorization !== `Bearer ${TOKEN}`) return json(401, { error: "Unauthorized" });
  const url = new URL(request.url ?? "/", brokerUrl);
  // What get-pacts asks for: /pacts/provider/{p}[/consumer/{c}]/branch[/{b}]/latest.
  const latest = /^\/pacts\/provider\/([^/]+)(?:\/consumer\/([^/]+))?\/branch(?:\/([^/]+))?\/latest$/.exec(url.pathname);
  if (request.method === "GET" && latest) {
    const provider = decodeURIComponent(latest[1]!);
    const consumer = latest[2] === undefined ? undefined : decodeURIComponent(latest[2]);
    const pacts = held[provider];
    if (!pacts) return json(404, { error: `No provider with name '${provider}' found` });
    const links = pacts
      .filter((p) => consumer === undefined || p.consumer.name === consumer)
      .map((p) => ({ href: `${brokerUrl}/pacts/provider/${provider}/consumer/${p.consumer.name}/version/1.0.0`, title: `Pact between ${p.consumer.name} (1.0.0) and ${provider}`, name: p.consumer.name }));
    return json(200, { _links: { self: { href: `${brokerUrl}${url.pathname}` }, provider: { href: `${brokerUrl}/pacticipants/${provider}`, name: provider }, "pb:pacts": links } });
  }
  const document = /^\/pacts\/provider\/([^/]+)\/consumer\/([^/]+)\/version\/([^/]+)$/.exec(url.pathname);
  const pact = document && held[decodeURIComponent(document[1]!)]?.find((p) => p.consumer.name === decodeURIComponent(document[2]!));
  if (request.method === "GET" && pact) {
    // A broker's pact document: the pact, with links naming its parties and consumer version.
    const links = { "pb:consumer": { name: pact.consumer.name }, "pb:provider": { name: pact.provider.name }, "pb:consumer-version": { name: document[3], number: document[3] } };
    return json(200, { ...pact, _links: links });
  }
  return json(404, { error: `no ${request.method} ${url.pathname} here` });
}

beforeAll(async () => {
  broker = createServer((request, response) => {
    request.resume().on("end", () => {
      received.push({ url: request.url ?? "", authorization: request.headers.authorization });
      const { status, body } = answer(request);
      response.writeHead(status, { "content-type": "application/hal+json" }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => broker.listen(0, "127.0.0.1", resolve));
  brokerUrl = `http://127.0.0.1:${(broker.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => broker.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
  held = {};
});

// Retries 0: a refusing broker must not be waited on with the Pact CLI's back-off.
const env = (extra: Record<string, string> = {}) => ({ PACT_BROKER_BASE_URL: brokerUrl, PACT_BROKER_TOKEN: TOKEN, PACT_BROKER_HTTP_RETRIES: "0", ...extra });

/** The temp directories the broker download leaves behind (none, once a run is over). */
const downloads = () => readdirSync(tmpdir()).filter((name) => name.startsWith("fwcall-broker-pacts-"));

describe("fwcall contracts verify, with a Pact Broker configured", () => {
  it("downloads the latest pacts of fwcall's two providers and verifies them, sending the bearer token", async () => {
    held = { [PROVIDERS.callEvents]: [messagePact()], [PROVIDERS.restApi]: [httpPact()] };
    const before = downloads();
    const result = await run(["contracts", "verify"], { env: env() });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out[0]).toBe(`pacts from the Pact Broker at ${brokerUrl}: 2 files`);
    expect(out[1]).toBe(
      `broker:${PROVIDERS.callEvents}/my-app-${PROVIDERS.callEvents}-1.0.0.json: my-app → ${PROVIDERS.callEvents}, 3 interactions (asynchronous messages), provider: fwcall's fixture catalog`,
    );
    expect(out).toContain("  ✓ update/incoming/missed/status-change");
    expect(out.some((line) => line.startsWith(`broker:${PROVIDERS.restApi}/fwcall-call-board-${PROVIDERS.restApi}-1.0.0.json: fwcall-call-board → ${PROVIDERS.restApi}, 7 interactions (HTTP)`))).toBe(true);
    expect(out.at(-1)).toBe("2 files (10 interactions): 10 passed, 0 failed");
    expect(received.map((r) => r.url)).toEqual(expect.arrayContaining([`/pacts/provider/${PROVIDERS.callEvents}/branch/latest`, `/pacts/provider/${PROVIDERS.restApi}/branch/latest`]));
    expect(received.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(downloads()).toEqual(before);
  });

  it("exits 1 for a failing pact from the broker; a provider the broker has no pacts for is a line, not a failure", async () => {
    held = { [PROVIDERS.callEvents]: [messagePact({ broken: true })] };
    const result = await run(["contracts", "verify"], { env: env() });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    const out = lines(result.stdout);
    expect(out[0]).toBe(`pacts from the Pact Broker at ${brokerUrl}: 1 file`);
    expect(out[1]).toMatch(new RegExp(`^  ${PROVIDERS.restApi}: no pacts in the broker \\(.*404 Not Found.*\\)$`));
    expect(out).toContain("  ✗ update/incoming/missed/status-change");
    expect(out).toContain("      $.data.call.direction: Expected 'incoming' (String) to be equal to 'outgoing' (String)");
    expect(out.at(-1)).toBe("1 file (3 interactions): 2 passed, 1 failed");
  });

  it("passes --provider, --consumer and --branch to the broker, and reports its source in --json", async () => {
    held = { [PROVIDERS.callEvents]: [messagePact()] };
    const result = await run(["contracts", "verify", "--json", "--provider", PROVIDERS.callEvents, "--consumer", "my-app", "--branch", "main"], { env: env() });
    expect(result.code).toBe(0);
    expect(received.map((r) => r.url)[0]).toBe(`/pacts/provider/${PROVIDERS.callEvents}/consumer/my-app/branch/main/latest`);
    // The source line goes to stderr, so that stdout holds only the report.
    expect(lines(result.stderr)).toEqual([`pacts from the Pact Broker at ${brokerUrl}: 1 file`]);
    const report = JSON.parse(result.stdout) as VerifyJsonReport;
    expect(report.source).toEqual({ kind: "broker", url: brokerUrl, providers: [{ provider: PROVIDERS.callEvents, files: 1 }] });
    expect(report.summary).toEqual({ files: 1, interactions: 3, passed: 3, failed: 0, notVerified: 0 });
  });

  it("exits 2 explaining when the broker holds no pacts for any provider", async () => {
    held = { [PROVIDERS.callEvents]: [] };
    const result = await run(["contracts", "verify"], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const err = lines(result.stderr);
    expect(err[0]).toBe(`  ${PROVIDERS.callEvents}: no pacts in the broker`);
    expect(err[1]).toMatch(new RegExp(`^  ${PROVIDERS.restApi}: no pacts in the broker \\(.*404 Not Found`));
    expect(err[2]).toBe(
      `fwcall contracts verify: the Pact Broker at ${brokerUrl} holds no pacts for ${PROVIDERS.callEvents} or ${PROVIDERS.restApi}: nothing to verify (publish them with 'fwcall contracts publish', or verify ./contracts with --local)`,
    );
  });

  it("exits 2 with the Pact CLI's reason when the broker refuses or cannot be reached", async () => {
    held = { [PROVIDERS.callEvents]: [messagePact()] };
    const refused = await run(["contracts", "verify"], { env: env({ PACT_BROKER_TOKEN: "wrong" }) });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(lines(refused.stderr)).toEqual([
      expect.stringMatching(new RegExp(`^fwcall contracts verify: cannot get the pacts for ${PROVIDERS.callEvents} from the Pact Broker at ${brokerUrl}: .*401 Unauthorized`)),
      "fwcall contracts verify: nothing was verified",
    ]);

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const nowhere = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = await run(["contracts", "verify", "--broker-base-url", nowhere], { env: env() });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(new RegExp(`^fwcall contracts verify: cannot get the pacts for ${PROVIDERS.callEvents} from the Pact Broker at ${nowhere}: Failed to access pact broker path`));
  });

  it("--local reads ./contracts instead, without asking the broker", async () => {
    const dir = withFiles({ "contracts/my-app.json": messagePact() });
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const result = await run(["contracts", "verify", "--local"], { env: env() });
      expect(result.code).toBe(0);
      const out = lines(result.stdout);
      expect(out[0]).toBe("pacts from ./contracts (--local): 1 file");
      expect(out[1]).toMatch(/^contracts\/my-app\.json: my-app → freshworks-call-events, 3 interactions/);
    } finally {
      process.chdir(cwd);
    }
    expect(received).toEqual([]);
  });

  it("verifies the files named on the command line, without asking the broker, and says which broker options go unused", async () => {
    const dir = withFiles({ "my-app.json": messagePact() });
    const result = await run(["contracts", "verify", join(dir, "my-app.json"), "--provider", PROVIDERS.callEvents], { env: env() });
    expect(result.code).toBe(0);
    expect(lines(result.stderr)).toEqual(["fwcall contracts verify: --provider is not used: the files named are verified"]);
    expect(lines(result.stdout)[0]).toBe(`${join(dir, "my-app.json")}: my-app → freshworks-call-events, 3 interactions (asynchronous messages), provider: fwcall's fixture catalog`);
    expect(received).toEqual([]);
  });

  it("says so in its help", async () => {
    const help = (await run(["contracts", "verify", "--help"])).stdout;
    expect(help).toContain("--local");
    expect(help).toContain(`default:\n                            ${PROVIDERS.callEvents} and ${PROVIDERS.restApi})`);
    expect(help).toContain("Files named on the command line are verified\ninstead, and the broker is not asked");
  });
});
