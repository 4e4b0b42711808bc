// Serves msw's own worker script in the dev server and emits it into mock builds, straight from the
// msw package: a copy committed to the repo would drift from the msw version the bundle carries,
// and msw refuses a worker whose integrity checksum does not match its own.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Plugin } from "vite";

/** The file name msw's worker is served under, at the app's base URL. */
export const MOCK_WORKER_FILE = "mockServiceWorker.js";

/** The text of `msw/mockServiceWorker.js`, resolved from this package's own msw dependency. */
export function mockWorkerScript(): string {
  const require = createRequire(import.meta.url);
  return readFileSync(require.resolve("msw/mockServiceWorker.js"), "utf8");
}

/**
 * Serves `/mockServiceWorker.js` (under `base`) in `vite` dev and emits it into the build when `emit` is on.
 * @example plugins: [mockWorkerPlugin({ emit: mode === "mock" })]
 */
export function mockWorkerPlugin(options: { emit: boolean }): Plugin {
  return {
    name: "fwcall:mock-service-worker",
    configureServer(server) {
      const path = `${server.config.base}${MOCK_WORKER_FILE}`;
      server.middlewares.use((req, res, next) => {
        if (req.url?.split("?")[0] !== path) return next();
        res.setHeader("Content-Type", "text/javascript; charset=utf-8");
        res.setHeader("Cache-Control", "no-cache");
        res.end(mockWorkerScript());
      });
    },
    generateBundle() {
      if (options.emit) this.emitFile({ type: "asset", fileName: MOCK_WORKER_FILE, source: mockWorkerScript() });
    },
  };
}
