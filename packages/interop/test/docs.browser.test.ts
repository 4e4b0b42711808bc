/// <reference lib="dom" />
// The rendered documentation in real headless Chromium (Debian's package, driven by playwright-core,
// launched as every browser test does, @fwcall/vitest-config/chromium): each page is opened from file:// with the
// context offline and every request outside the output folder aborted and counted, and must render
// the two call events and the call routes with no console error, no page error and no failed request.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumLaunchOptions } from "@fwcall/vitest-config/chromium";
import { renderDocs } from "../docs.js";
import { loadAsyncApi, loadOpenApi } from "../index.js";

/** Generous: CI runs every package at once on two cores. Nothing here measures speed. */
const WAIT = { timeout: 60_000 };

let outDir: string | undefined;
let outUrl = "";
let browser: Browser | undefined;
let context: BrowserContext | undefined;
/** Requests for anything outside the output folder, each aborted: none may happen. */
const blocked: string[] = [];
/** Why the setup failed, if it did: every test then fails with it (vitest would only skip them). */
let setupError: unknown;

beforeAll(async () => {
  try {
    const launch = chromiumLaunchOptions();
    outDir = await mkdtemp(join(tmpdir(), "fwcall-docs-"));
    await renderDocs(outDir, { force: true });
    outUrl = pathToFileURL(outDir + sep).href;
    browser = await chromium.launch(launch);
    context = await browser.newContext();
    await context.setOffline(true);
    // Inline data and the blob Redoc's search worker runs from stay inside the page.
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(outUrl) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
      blocked.push(url);
      return route.abort("blockedbyclient");
    });
  } catch (error) {
    setupError = error;
  }
}, 180_000);

afterAll(async () => {
  // Each step on its own, so one that fails does not leave the others running.
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  requests: string[];
  failed: string[];
  consoleErrors: string[];
  pageErrors: string[];
}

/** Opens one page of the output from file://, recording every request, failure and error. */
async function open(file: string): Promise<Opened> {
  if (setupError !== undefined || !context) throw setupError ?? new Error("the browser context was not set up");
  const page = await context.newPage();
  const opened: Opened = { page, requests: [], failed: [], consoleErrors: [], pageErrors: [] };
  page.on("request", (request) => opened.requests.push(request.url()));
  page.on("requestfailed", (request) => opened.failed.push(`${request.url()}: ${request.failure()?.errorText ?? "failed"}`));
  page.on("console", (message) => {
    if (message.type() === "error") opened.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => opened.pageErrors.push(error.message));
  await page.goto(`${outUrl}${file}`);
  return opened;
}

/** What must hold for every page once it has rendered: only its own files asked for, nothing failed. */
function expectSelfContained(opened: Opened): void {
  expect(opened.requests.length).toBeGreaterThan(0);
  expect(opened.requests.filter((url) => !url.startsWith(outUrl) && !url.startsWith("blob:") && !url.startsWith("data:"))).toEqual([]);
  expect(opened.failed).toEqual([]);
  expect(opened.consoleErrors).toEqual([]);
  expect(opened.pageErrors).toEqual([]);
  expect(blocked).toEqual([]);
}

const OPERATIONS = Object.keys(loadAsyncApi().operations as Record<string, unknown>);
const ROUTES = Object.keys(loadOpenApi().paths as Record<string, unknown>);

describe("fwcall docs in headless Chromium, offline, from file://", () => {
  it("the document lists what the pages must show: both call events, the three call routes", () => {
    expect([...OPERATIONS].sort()).toEqual(["onCallCreate", "onCallUpdate"]);
    expect([...ROUTES].sort()).toEqual(["/api/v1/calls", "/api/v1/calls/{id}", "/api/v1/calls/{id}/recording"]);
  });

  it("asyncapi.html: the AsyncAPI React component renders both call events and their messages", async () => {
    const opened = await open("asyncapi.html");
    const { page } = opened;
    await page.locator("#operation-send-onCallUpdate-message").waitFor(WAIT);
    for (const operation of OPERATIONS) {
      const section = page.locator(`#operation-send-${operation}`);
      expect(await section.count(), operation).toBe(1);
      expect(await section.textContent(), operation).toContain(operation);
    }
    // One message per event and envelope, each with its payload schema.
    for (const message of ["onCallCreatePlatform2", "onCallCreatePlatform3", "onCallUpdatePlatform2", "onCallUpdatePlatform3"]) {
      expect(await page.locator(`#message-${message}-payload`).count(), message).toBe(1);
    }
    // The invariants described on the onCallCreate channel are rendered from its Markdown.
    expect(await page.locator("#oncallcreate-invariants").count()).toBe(1);
    expectSelfContained(opened);
    await page.close();
  });

  it("openapi.html: Redoc renders every call route with its operation", async () => {
    const opened = await open("openapi.html");
    const { page } = opened;
    await page.waitForFunction(() => document.documentElement.dataset["rendered"] !== undefined, undefined, WAIT);
    expect(await page.evaluate(() => document.documentElement.dataset["rendered"])).toBe("yes");
    const sections = await page.$$eval("[data-section-id^='operation/']", (els) => els.map((el) => el.getAttribute("data-section-id")));
    expect(sections).toEqual(["operation/listCalls", "operation/getCall", "operation/getCallRecording"]);
    // Each route's path is shown as written, with its method.
    const paths = await page.evaluate(() =>
      [...document.querySelectorAll("span")].filter((el) => el.children.length === 0 && (el.textContent ?? "").startsWith("/api/")).map((el) => el.textContent),
    );
    expect([...new Set(paths)].sort()).toEqual([...ROUTES].sort());
    for (const status of ["401", "404", "422", "429"]) {
      expect(await page.locator(`[data-section-id="operation/getCall"] button, [data-section-id="operation/listCalls"] button`).filter({ hasText: new RegExp(`^${status}`) }).count(), status).toBeGreaterThan(0);
    }
    expectSelfContained(opened);
    await page.close();
  });

  it("index.html: lists the events and routes and links both pages, with no script at all", async () => {
    const opened = await open("index.html");
    const { page } = opened;
    const codes = await page.$$eval("li code", (els) => els.map((el) => el.textContent));
    expect(codes).toEqual([...OPERATIONS, ...ROUTES.map((route) => `GET ${route}`)]);
    expect(await page.$$eval("a", (els) => els.map((el) => el.getAttribute("href")))).toEqual(["openapi.json", "asyncapi.json", "asyncapi.html", "openapi.html"]);
    expect(await page.locator("script").count()).toBe(0);
    expectSelfContained(opened);
    await page.close();
  });
});
