// The Vite side of the mock: the dev server serves msw's own worker script, a mock build emits it,
// a build against the real API has neither the script nor the mock's code. Real servers run here,
// so this file never uses msw's setupServer.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, createServer, type ViteDevServer } from "vite";
import { afterAll, describe, expect, it } from "vitest";
import { MOCK_WORKER_FILE, mockWorkerScript } from "../config/mock-worker-plugin.js";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const CONFIG_FILE = join(PACKAGE_DIR, "vite.config.ts");
const mswWorker = readFileSync(createRequire(import.meta.url).resolve("msw/mockServiceWorker.js"), "utf8");

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function buildInto(mode: string): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), `fwcall-call-board-${mode}-`));
  cleanups.push(() => rm(outDir, { recursive: true, force: true }));
  await build({ root: PACKAGE_DIR, configFile: CONFIG_FILE, mode, logLevel: "silent", build: { outDir, emptyOutDir: true } });
  return outDir;
}

const bundleText = (outDir: string) =>
  readdirSync(join(outDir, "assets"))
    .filter((name) => name.endsWith(".js"))
    .map((name) => readFileSync(join(outDir, "assets", name), "utf8"))
    .join("\n");

describe("the mock worker plugin", () => {
  it("reads msw's own worker script, not a copy", () => {
    expect(mockWorkerScript()).toBe(mswWorker);
    expect(mswWorker).toMatch(/PACKAGE_VERSION = '2\.\d+\.\d+'/);
  });

  it("serves /mockServiceWorker.js from the dev server on 127.0.0.1", async () => {
    const server: ViteDevServer = await createServer({
      root: PACKAGE_DIR,
      configFile: CONFIG_FILE,
      logLevel: "silent",
      server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false, ws: false },
      optimizeDeps: { noDiscovery: true, include: [] },
    });
    cleanups.push(() => server.close());
    await server.listen();
    const local = server.resolvedUrls?.local[0];
    expect(local).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await fetch(new URL(MOCK_WORKER_FILE, local));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(await response.text()).toBe(mswWorker);
  });

  it("emits the script into a mock build, with the mock's code", async () => {
    const outDir = await buildInto("mock");
    expect(readFileSync(join(outDir, MOCK_WORKER_FILE), "utf8")).toBe(mswWorker);
    expect(bundleText(outDir)).toContain("mockServiceWorker.js");
  });

  it("leaves both out of a build against the real API", async () => {
    const outDir = await buildInto("production");
    expect(existsSync(join(outDir, MOCK_WORKER_FILE))).toBe(false);
    expect(existsSync(join(outDir, "index.html"))).toBe(true);
    const code = bundleText(outDir);
    expect(code).not.toContain("mockServiceWorker.js");
    expect(code).toContain("/api/v1/");
  });
});
