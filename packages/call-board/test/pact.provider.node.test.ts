// The committed HTTP pact, verified against the real mock server (startMockServer, on 127.0.0.1)
// with verifyHttpPact: each interaction's provider state names the mock scenario, sent as
// X-Fwcall-Scenario. Then a provider broken on purpose, a small proxy in front of the mock that
// changes its answers, must fail verification, on the interactions it breaks and for that reason.
//
// The recording's 302 is replayed by @fwcall/pact, not checked by the official verifier: the
// verifier follows redirects (pact_ffi's HTTP client does by default, and pact-core 19.2.0 does not
// expose pactffi_verifier_set_follow_redirects), so it would fetch the Location, a Freshcaller host
// no test may reach. A test below pins the verifier's behaviour, the evidence for that replay, so
// it is noticed when it changes.
//
// No msw server runs in this file: setupServer would take over the verifier's traffic.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Verifier, type VerifierOptions } from "@pact-foundation/pact";
import { ensurePactDoesNotTrack, PactVerificationError, providerStateHeader, verifyHttpPact } from "@fwcall/pact";
import { callStore, DEFAULT_SEED, MAX_PER_PAGE, SCENARIO_HEADER } from "@fwcall/msw/core";
import { startMockServer, type MockServer } from "@fwcall/msw/server";
import { CONTRACT, INTERACTIONS, PROVIDER, type InteractionName } from "./pact-contract.js";

/** What this file reads of an interaction of the committed contract. */
interface ContractInteraction {
  description: string;
  providerStates?: Array<{ name: string }>;
  response: { status: number };
}

const committed = JSON.parse(readFileSync(CONTRACT, "utf8")) as { interactions: ContractInteraction[] };
const isRedirect = (interaction: ContractInteraction) => interaction.response.status >= 300 && interaction.response.status < 400;

const dir = mkdtempSync(join(tmpdir(), "fwcall-call-board-provider-"));

let mock: MockServer;
const proxies: Server[] = [];
beforeAll(async () => {
  mock = await startMockServer({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await Promise.all(
    proxies.map(
      (proxy) =>
        new Promise<void>((resolve, reject) => {
          proxy.closeAllConnections();
          proxy.close((error) => (error ? reject(error) : resolve()));
        }),
    ),
  );
  await mock?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** verifyHttpPact over `pactFile`, each provider state sent as the mock's scenario header. */
const verify = (pactFile: string, providerBaseUrl: string) => verifyHttpPact({ pactFiles: [pactFile], providerBaseUrl, ...providerStateHeader([pactFile], { header: SCENARIO_HEADER }) });

/** The name a test uses for an interaction of the contract. */
function nameOf(description: string): InteractionName {
  const name = (Object.keys(INTERACTIONS) as InteractionName[]).find((key) => INTERACTIONS[key].description === description);
  if (name === undefined) throw new Error(`the verifier names an interaction the contract does not have: ${description}`);
  return name;
}

/**
 * The official verifier alone (pact-js's Verifier, no fwcall replay) over the contract's recording
 * interaction: the problems it reports, `[]` when it passes.
 */
async function officialVerifierOnRecording(providerBaseUrl: string): Promise<string[]> {
  const pactFile = join(dir, "recording-only.json");
  writeFileSync(pactFile, JSON.stringify({ ...committed, interactions: committed.interactions.filter(isRedirect) }));
  const hooks = providerStateHeader([pactFile], { header: SCENARIO_HEADER });
  ensurePactDoesNotTrack();
  const verifier = new Verifier({
    provider: PROVIDER,
    providerBaseUrl,
    pactUrls: [pactFile],
    logLevel: "error",
    // pact-js types these as the intersection of its HTTP and message handler types: these are the HTTP ones.
    stateHandlers: hooks.stateHandlers as unknown as NonNullable<VerifierOptions["stateHandlers"]>,
    requestFilter: hooks.requestFilter as unknown as NonNullable<VerifierOptions["requestFilter"]>,
  });
  const report = await verifier.verifyProvider().then(
    () => undefined,
    (error: unknown) => JSON.parse(error instanceof Error ? error.message : String(error)) as { errors: Array<{ mismatch: { mismatches?: Array<{ mismatch: string }> } }> },
  );
  return (report?.errors ?? []).flatMap((e) => (e.mismatch.mismatches ?? []).map((m) => m.mismatch));
}

describe("the committed HTTP pact against the mock server", () => {
  it("holds every interaction the tests name, each stated by its mock scenario", () => {
    const byDescription = (a: { description: string }, b: { description: string }) => a.description.localeCompare(b.description);
    const expected = Object.values(INTERACTIONS).map(({ description, scenario }) => ({ description, state: scenario }));
    const found = committed.interactions.map((i) => ({ description: i.description, state: i.providerStates?.[0]?.name }));
    expect(found.sort(byDescription)).toEqual(expected.sort(byDescription));
    expect(committed.interactions.filter(isRedirect).map((i) => nameOf(i.description))).toEqual(["recording"]);
  });

  it("passes every interaction; the redirect is replayed by @fwcall/pact, the rest verified by the official verifier", async () => {
    const report = await verify(CONTRACT, mock.url);
    expect(report.provider).toBe(PROVIDER);
    expect(report.interactions.map((r) => r.description).sort()).toEqual(committed.interactions.map((i) => i.description).sort());
    expect(report.interactions.filter((r) => !r.ok)).toEqual([]);
    expect(report.interactions.filter((r) => r.replayed).map((r) => nameOf(r.description))).toEqual(["recording"]);
    console.info(`verified ${report.interactions.length} HTTP interactions in ${Math.round(report.durationMs)} ms`);
  });

  it("needs the replay: the official verifier follows a 302 and judges the page it leads to", async () => {
    // Location pointed back at the provider (the list of calls), so the followed request stays on 127.0.0.1.
    const providerBaseUrl = await brokenProvider((answer) => (answer.status === 302 ? { ...answer, headers: { ...answer.headers, location: "/api/v1/calls" } } : answer));
    expect(await officialVerifierOnRecording(providerBaseUrl)).toEqual(["expected 302 but was 200", "Expected a header 'Location' but was missing"]);
    // verifyHttpPact sees the 302 the provider really sent, and its Location meets the pact's rule.
    const report = await verify(CONTRACT, providerBaseUrl);
    expect(report.interactions.filter((r) => !r.ok)).toEqual([]);
  });
});

/** An answer of the mock on its way back through the proxy. */
interface Answer {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** The body's text ("" for none). */
  body: string;
}

/** Headers node:http gives, one string each, without those the proxy recomputes. */
function plainHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || ["content-length", "transfer-encoding", "connection", "keep-alive"].includes(name)) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** A provider that is the mock server with its answers passed through `breakIt` (a proxy on 127.0.0.1); resolves with its base URL. */
async function brokenProvider(breakIt: (answer: Answer) => Answer): Promise<string> {
  const target = new URL(mock.url);
  const proxy = createServer((req, res) => {
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on("data", (chunk: Buffer) => chunks.push(chunk));
      answer.on("end", () => {
        const broken = breakIt({ status: answer.statusCode ?? 502, headers: plainHeaders(answer.headers), body: Buffer.concat(chunks).toString("utf8") });
        res.writeHead(broken.status, { ...broken.headers, "content-length": String(Buffer.byteLength(broken.body)) });
        res.end(broken.body);
      });
    });
    upstream.on("error", (error) => {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`proxy: ${error.message}`);
    });
    req.pipe(upstream);
  });
  proxies.push(proxy);
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

/** The answer with its JSON body changed by `change` (answers without a JSON body pass unchanged). */
function withJson(answer: Answer, change: (body: Record<string, unknown>) => void): Answer {
  if (!answer.headers["content-type"]?.startsWith("application/json") || answer.body === "") return answer;
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  change(body);
  return { ...answer, body: JSON.stringify(body) };
}

/** The problems, by interaction, of a verification that must fail; every interaction it does not name must have passed. */
async function failuresOf(verifying: Promise<unknown>): Promise<Partial<Record<InteractionName, readonly string[]>>> {
  const error = await verifying.then(
    () => expect.fail("the verification of a broken provider passed"),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(PactVerificationError);
  expect((error as Error).message).toMatch(new RegExp(`interactions failed verification against provider "${PROVIDER}"`));
  const { failures, results } = error as PactVerificationError;
  expect(results.filter((r) => !r.ok).map((r) => r.description).sort()).toEqual([...new Set(failures.map((f) => f.interaction))].sort());
  const out: Partial<Record<InteractionName, string[]>> = {};
  for (const failure of failures) (out[nameOf(failure.interaction)] ??= []).push(...failure.problems);
  return out;
}

describe("a broken provider fails verification, for that reason", () => {
  it("a field removed: meta.total_pages, which the board pages by", async () => {
    const providerBaseUrl = await brokenProvider((answer) =>
      withJson(answer, (body) => {
        if (typeof body["meta"] === "object" && body["meta"] !== null) delete (body["meta"] as Record<string, unknown>)["total_pages"];
      }),
    );
    expect(await failuresOf(verify(CONTRACT, providerBaseUrl))).toEqual({
      firstPage: ["$.meta: Actual map is missing the following keys: total_pages"],
      laterPage: ["$.meta: Actual map is missing the following keys: total_pages"],
    });
  });

  it("a wrong type: call ids as strings", async () => {
    const providerBaseUrl = await brokenProvider((answer) =>
      withJson(answer, (body) => {
        const calls = Array.isArray(body["calls"]) ? (body["calls"] as Array<Record<string, unknown>>) : [];
        const one = typeof body["call"] === "object" && body["call"] !== null ? [body["call"] as Record<string, unknown>] : [];
        for (const call of [...calls, ...one]) call["id"] = String(call["id"]);
      }),
    );
    const failures = await failuresOf(verify(CONTRACT, providerBaseUrl));
    expect(Object.keys(failures).sort()).toEqual(["firstPage", "laterPage", "oneCall"]);
    // Every call the provider sends is held to the page's template, so each call of each page fails for its id.
    const served = callStore(DEFAULT_SEED, "every-case").calls.length;
    expect(failures.firstPage).toHaveLength(MAX_PER_PAGE);
    expect(failures.laterPage).toHaveLength(served - MAX_PER_PAGE);
    for (const problem of [...failures.firstPage!, ...failures.laterPage!]) expect(problem).toMatch(/^\$\.calls\[\d+\]\.id: Expected '\d+' \(String\) to be an integer$/);
    expect(failures.oneCall).toEqual([expect.stringMatching(/^\$\.call\.id: Expected '\d+' \(String\) to be an integer$/)]);
  });

  it("a header dropped: Retry-After on the 429", async () => {
    const providerBaseUrl = await brokenProvider((answer) => {
      if (answer.status !== 429) return answer;
      const { "retry-after": _dropped, ...headers } = answer.headers;
      return { ...answer, headers };
    });
    expect(await failuresOf(verify(CONTRACT, providerBaseUrl))).toEqual({ rateLimited: ["Expected a header 'Retry-After' but was missing"] });
  });

  it("a different status: the recording answered 200 with its URL in the body instead of a 302", async () => {
    const providerBaseUrl = await brokenProvider((answer) => {
      if (answer.status !== 302) return answer;
      const { location, ...headers } = answer.headers;
      return { status: 200, headers: { ...headers, "content-type": "application/json; charset=utf-8" }, body: JSON.stringify({ url: location }) };
    });
    // The replay words it as the official verifier does (which the test above shows when it follows a 302 to a 200).
    expect(await failuresOf(verify(CONTRACT, providerBaseUrl))).toEqual({ recording: ["expected 302 but was 200", "Expected a header 'Location' but was missing"] });
  });
});
