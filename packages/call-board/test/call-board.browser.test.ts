// End to end in real headless Chromium (Debian's package, driven by playwright-core): the board is
// built in mock mode with Vite's build(), served from 127.0.0.1, and must run on the msw worker,
// render every status and direction of the every-case scenario, and follow the live stream.
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumLaunchOptions } from "@fwcall/vitest-config/chromium";
import { CALL_STATUS_NAMES, callStatusName, DIRECTION_NAMES, type Call } from "@fwcall/types";
import { callStore, DEFAULT_SEED, RETRY_AFTER_SECONDS, timelineOf } from "@fwcall/msw";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
/** Generous: CI runs every package at once on two cores. Nothing here measures speed. */
const WAIT = { timeout: 60_000 };

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
};

interface RenderedRow {
  id: number;
  status: string;
  statusCode: string;
  direction: string;
  statusText: string;
}

let outDir: string | undefined;
let server: Server | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let origin = "";
/** Every path the static server was asked for: an /api/ path here means the worker let it through. */
const served: string[] = [];

/** Serves the built board from outDir on 127.0.0.1 at a free port. */
async function serve(dir: string): Promise<Server> {
  const root = resolve(dir);
  const http = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    served.push(path);
    const file = resolve(root, `.${path === "/" ? "/index.html" : path}`);
    if (!file.startsWith(root + sep)) return void res.writeHead(403).end();
    readFile(file).then(
      (body) => res.writeHead(200, { "Content-Type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream", "Cache-Control": "no-store" }).end(body),
      () => res.writeHead(404, { "Content-Type": "text/plain" }).end(`not found: ${path}`),
    );
  });
  await new Promise<void>((done, fail) => {
    http.once("error", fail);
    http.listen(0, "127.0.0.1", done);
  });
  return http;
}

/** Why the setup failed, if it did: every test then fails with it (vitest would only skip them). */
let setupError: unknown;

beforeAll(async () => {
  try {
    const launch = chromiumLaunchOptions();
    outDir = await mkdtemp(join(tmpdir(), "fwcall-call-board-"));
    await build({ root: PACKAGE_DIR, configFile: join(PACKAGE_DIR, "vite.config.ts"), mode: "mock", logLevel: "warn", build: { outDir, emptyOutDir: true } });
    server = await serve(outDir);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch(launch);
    context = await browser.newContext();
  } catch (error) {
    setupError = error;
  }
}, 180_000);

afterAll(async () => {
  // Each step on its own, so one that fails does not leave the others running.
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  if (server) await new Promise<void>((done) => server!.close(() => done()));
  server?.closeAllConnections();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/** Opens the board with the given query; collects the API requests the page made and its errors. */
async function openBoard(query: string): Promise<{ page: Page; apiRequests: Array<{ url: URL; auth: string | undefined }>; pageErrors: string[] }> {
  if (setupError !== undefined || !context) throw setupError ?? new Error("the browser context was not set up");
  const page = await context.newPage();
  const apiRequests: Array<{ url: URL; auth: string | undefined }> = [];
  const pageErrors: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/")) apiRequests.push({ url, auth: request.headers()["x-api-auth"] });
  });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(`${origin}/${query}`);
  await page.waitForFunction(() => document.documentElement.dataset["mock"] === "active", undefined, WAIT);
  return { page, apiRequests, pageErrors };
}

const rowsOf = (page: Page): Promise<RenderedRow[]> =>
  page.$$eval("tbody tr", (rows) =>
    rows.map((row) => {
      const tr = row as HTMLTableRowElement;
      return {
        id: Number(tr.dataset["callId"]),
        status: tr.dataset["status"] ?? "",
        statusCode: tr.dataset["statusCode"] ?? "",
        direction: tr.dataset["direction"] ?? "",
        statusText: tr.cells[2]?.textContent ?? "",
      };
    }),
  );

const customerStatus = (call: Call) => (call.participants.find((p) => p.connection_type === 0) ?? call.participants[0])!.call_status;
const statusKey = (code: number) => callStatusName(code) ?? "unknown";

describe("the call board in headless Chromium, on the msw worker", () => {
  const every = callStore(DEFAULT_SEED, "every-case").calls;

  it("runs on msw's own worker, which answers every API request", async () => {
    const { page, apiRequests, pageErrors } = await openBoard("?paused=1");
    const controller = await page.evaluate(() => ({ url: navigator.serviceWorker.controller?.scriptURL, state: navigator.serviceWorker.controller?.state }));
    expect(controller).toEqual({ url: `${origin}/mockServiceWorker.js`, state: "activated" });
    const script = await (await fetch(`${origin}/mockServiceWorker.js`)).text();
    expect(script).toBe(readFileSync(createRequire(import.meta.url).resolve("msw/mockServiceWorker.js"), "utf8"));
    await page.waitForFunction((n) => document.querySelectorAll("tbody tr").length === n, every.length, WAIT);
    // Paged through at 100 a call, each request with the key.
    const listPages = apiRequests.filter((r) => r.url.pathname === "/api/v1/calls");
    expect(listPages.map((r) => [r.url.searchParams.get("page"), r.url.searchParams.get("per_page")])).toEqual(
      Array.from({ length: Math.ceil(every.length / 100) }, (_, i) => [String(i + 1), "100"]),
    );
    expect(listPages.every((r) => r.auth !== undefined && r.auth !== "")).toBe(true);
    // The stream is open too, so its request has been answered as well.
    await page.waitForFunction(() => document.querySelector<HTMLElement>(".live")?.dataset["state"] === "live", undefined, WAIT);
    // Nothing under /api/ reached the real server: the worker answered all of it.
    expect(served.filter((path) => path.startsWith("/api/"))).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("renders every call of every-case: each documented status, the undocumented one, both directions", async () => {
    const { page } = await openBoard("?paused=1");
    await page.waitForFunction((n) => document.querySelectorAll("tbody tr").length === n, every.length, WAIT);
    const rows = await rowsOf(page);
    const expectedStatuses = new Set<string>([...CALL_STATUS_NAMES.values(), "unknown"]);
    expect(expectedStatuses.size).toBe(CALL_STATUS_NAMES.size + 1);
    expect(new Set(rows.map((r) => r.status))).toEqual(expectedStatuses);
    expect(new Set(rows.map((r) => r.direction))).toEqual(new Set(DIRECTION_NAMES.values()));
    // Row by row against the data the mock serves: same calls, each with its own status and direction.
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.size).toBe(every.length);
    for (const call of every) {
      const row = byId.get(call.id);
      expect(row, `call ${call.id}`).toBeDefined();
      const code = customerStatus(call);
      expect(row!.status, `call ${call.id}`).toBe(statusKey(code));
      expect(row!.statusCode, `call ${call.id}`).toBe(String(code));
      expect(row!.direction, `call ${call.id}`).toBe(call.direction);
      // The status shows by name; an undocumented code says so, with its number.
      expect(row!.statusText, `call ${call.id}`).toBe(callStatusName(code) === undefined ? `unknown (${code})` : statusKey(code).replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase());
    }
    await page.close();
  });

  it("shows live changes from the stream: a new call appears, then its status changes", async () => {
    const { page, pageErrors } = await openBoard("?paused=1");
    await page.waitForFunction((n) => document.querySelectorAll("tbody tr").length === n, every.length, WAIT);
    await page.waitForFunction(() => document.querySelector<HTMLElement>(".live")?.dataset["state"] === "live", undefined, WAIT);
    const streamId = await page.$eval(".live", (el) => (el as HTMLElement).dataset["streamId"] ?? "");
    expect(streamId).toMatch(/^msw-/);

    // The page opened the stream with no seed or calls, so it replays timelineOf's defaults. Pick
    // the first update that changes its call's customer status, from a call the REST list lacks.
    const timeline = timelineOf({});
    const known = new Set(every.map((c) => c.id));
    const last = new Map<number, number>();
    let target: { index: number; callId: number; before: number; after: number; createIndex: number } | undefined;
    const createdAt = new Map<number, number>();
    timeline.forEach((event, index) => {
      const call = event.payload.data.call;
      const status = customerStatus(call);
      if (event.event === "onCallCreate") createdAt.set(call.id, index);
      const before = last.get(call.id);
      if (!target && event.event === "onCallUpdate" && !known.has(call.id) && before !== undefined && statusKey(before) !== statusKey(status)) {
        target = { index, callId: call.id, before, after: status, createIndex: createdAt.get(call.id)! };
      }
      last.set(call.id, status);
    });
    expect(target, "the default timeline has a status change").toBeDefined();
    const { index, callId, before, after, createIndex } = target!;

    const step = () => page.evaluate(async (id) => (await fetch(`/api/v1/stream/${id}/step`, { method: "POST" })).status, streamId);
    expect(await page.locator(`tbody tr[data-call-id="${callId}"]`).count()).toBe(0);

    const rowHasStatus = ([id, status]: readonly [number, string]) => document.querySelector<HTMLElement>(`tbody tr[data-call-id="${id}"]`)?.dataset["status"] === status;

    // Up to the call's create: a row for it appears, with the create's status (no update before
    // the target changed it, or that update would be the target).
    for (let i = 0; i <= createIndex; i++) expect(await step()).toBe(204);
    await page.waitForFunction(rowHasStatus, [callId, statusKey(before)] as const, WAIT);
    const newIds = new Set(timeline.slice(0, createIndex + 1).map((e) => e.payload.data.call.id).filter((id) => !known.has(id)));
    await page.waitForFunction((n) => document.querySelectorAll("tbody tr").length === n, every.length + newIds.size, WAIT);

    // Then on to the update: the same row now shows the new status.
    for (let i = createIndex + 1; i <= index; i++) expect(await step()).toBe(204);
    expect(statusKey(before)).not.toBe(statusKey(after));
    await page.waitForFunction(rowHasStatus, [callId, statusKey(after)] as const, WAIT);
    expect(await page.$eval(".live", (el) => (el as HTMLElement).dataset["state"])).toBe("live");
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("shows the API's rate limit to the user, with its Retry-After", async () => {
    const { page } = await openBoard("?scenario=rate-limited&paused=1");
    const alert = page.locator('.errors li[data-source="api"]');
    await alert.waitFor(WAIT);
    const text = await alert.textContent();
    expect(text).toContain("429");
    expect(text).toContain("rate_limit_exceeded");
    expect(text).toContain(`retry after ${RETRY_AFTER_SECONDS} s`);
    expect(await page.locator("tbody tr").count()).toBe(0);
    await page.close();
  });
});
