// A second, independent provider proves the OpenAPI document complete: Prism mocks it on 127.0.0.1
// and the call board's HTTP pact (contracts/) is verified against Prism as against fwcall's mock,
// with @fwcall/pact's verifyHttpPact (the official Pact verifier; the 302 replayed by fwcall).
//
// Prism knows only the document: no data set and no provider states. Where it answers otherwise
// than fwcall's mock, DIFFERENCES below names the interaction and why; the test shows that the
// plain verification fails exactly there, and that with Prism's own `Prefer: code=…` header the
// document's declared answers for those cases satisfy the pact too.
//
// No msw server runs in this file: setupServer would take over the verifier's traffic.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { IncomingMessage } from "node:http";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PactVerificationError, providerStateHeader, verifyHttpPact, type RequestFilter, type VerificationFailure } from "@fwcall/pact";
import { SCENARIO_HEADER } from "@fwcall/msw/core";
import { startMockServer, type MockServer } from "@fwcall/msw/server";
import { openApiPath } from "@fwcall/interop";

const CONTRACT = fileURLToPath(new URL("../../../contracts/fwcall-call-board-freshcaller-rest-api.json", import.meta.url));

/** A request as the verifier's request filter sees it. */
type FilteredRequest = Pick<IncomingMessage, "headers"> & { url?: string | undefined };

/**
 * Where Prism, mocking the document, and fwcall's mock answer the board's pact differently: the
 * interaction, why, and the status the document declares for that case (asked of Prism with
 * `Prefer: code=…`).
 */
const DIFFERENCES = [
  {
    interaction: "a call that does not exist",
    why: "Prism has no data set: it answers every call id with the document's example call (200), so it cannot say that call 1 does not exist",
    status: 404,
    applies: (request: FilteredRequest) => /^\/api\/v1\/calls\/1(\?|$)/.test(request.url ?? ""),
  },
  {
    interaction: "a page of calls in a time range that ends before it starts",
    why: "by_time[from] after by_time[to] breaks a rule between two parameters, which OpenAPI cannot state: Prism checks each parameter alone and answers 200",
    status: 422,
    applies: (request: FilteredRequest) => (request.url ?? "").includes("by_time"),
  },
  {
    interaction: "a page of calls while rate limited",
    why: "the provider state rate-limited is a scenario of fwcall's mock; Prism has no provider states and answers 200",
    status: 429,
    applies: (request: FilteredRequest) => request.headers[SCENARIO_HEADER.toLowerCase()] === "rate-limited",
  },
] as const;

/** A free port on 127.0.0.1 (Prism takes a port number, not 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Prism's CLI script, from its package. */
function prismScript(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve("@stoplight/prism-cli/package.json");
  const bin = (JSON.parse(readFileSync(manifest, "utf8")) as { bin: Record<string, string> }).bin.prism!;
  return join(dirname(manifest), bin);
}

let prism: ChildProcess | undefined;
let prismUrl: string;
let mock: MockServer;

/** Starts `prism mock` on the generated document; resolves once it listens (its own log line says so). */
async function startPrism(): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, [prismScript(), "mock", "-h", "127.0.0.1", "-p", String(port), openApiPath], { stdio: ["ignore", "pipe", "pipe"] });
  prism = child;
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start within 90 s:\n${output}`)), 90_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with ${code} before it listened:\n${output}`));
    });
  });
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  [prismUrl, mock] = await Promise.all([startPrism(), startMockServer({ port: 0, host: "127.0.0.1" })]);
}, 120_000);
afterAll(async () => {
  if (prism && prism.exitCode === null) {
    const exited = new Promise((resolve) => prism!.once("exit", resolve));
    prism.kill("SIGTERM");
    await exited;
  }
  await mock?.close();
});

/** verifyHttpPact over the board's pact, each provider state sent as X-Fwcall-Scenario, then `extra`. */
function verify(providerBaseUrl: string, extra?: RequestFilter) {
  const hooks = providerStateHeader([CONTRACT], { header: SCENARIO_HEADER });
  const requestFilter: RequestFilter = extra ? (request, response, next) => hooks.requestFilter(request, response, () => extra(request, response, next)) : hooks.requestFilter;
  return verifyHttpPact({ pactFiles: [CONTRACT], providerBaseUrl, ...hooks, requestFilter });
}

/** The unmet interactions of a verification, [] when it passes. */
async function failuresOf(verification: ReturnType<typeof verify>): Promise<VerificationFailure[]> {
  try {
    await verification;
    return [];
  } catch (error) {
    if (error instanceof PactVerificationError && error.failures.length > 0) return [...error.failures];
    throw error;
  }
}

const interactions = (JSON.parse(readFileSync(CONTRACT, "utf8")) as { interactions: Array<{ description: string }> }).interactions.map((i) => i.description);

describe("the call board's HTTP pact against two providers", () => {
  it("passes against fwcall's mock server", async () => {
    const report = await verify(mock.url);
    expect(report.interactions.map((r) => r.description).sort()).toEqual([...interactions].sort());
    expect(report.interactions.filter((r) => !r.ok)).toEqual([]);
  });

  it("against Prism mocking the generated document, fails exactly where the two differ, each for the named reason", async () => {
    const failures = await failuresOf(verify(prismUrl));
    expect(failures.map((f) => f.interaction).sort()).toEqual(DIFFERENCES.map((d) => d.interaction).sort());
    for (const difference of DIFFERENCES) {
      const failure = failures.find((f) => f.interaction === difference.interaction)!;
      // The status Prism gave instead: its default success, as `why` says.
      expect(failure.problems.join("\n"), `${difference.interaction}: ${difference.why}`).toContain(`expected ${difference.status} but was 200`);
    }
    // Every other interaction, the 302 included, Prism answers as the pact expects.
    expect(interactions.length - failures.length).toBeGreaterThanOrEqual(4);
  });

  it("passes against Prism when each difference asks Prism for the status the document declares for that case", async () => {
    const prefer: RequestFilter = (request, _response, next) => {
      const difference = DIFFERENCES.find((d) => d.applies(request));
      if (difference) request.headers.prefer = `code=${difference.status}`;
      next();
    };
    const report = await verify(prismUrl, prefer);
    expect(report.interactions.filter((r) => !r.ok)).toEqual([]);
    expect(report.interactions.filter((r) => r.replayed).map((r) => r.description)).toEqual(["the redirect to a call's recording"]);
  });
});
