// Development against the mock: msw's service worker answers the board's REST and stream requests
// with the @fwcall/msw handlers, so the board runs with no Freshcaller account and no server.
import { isScenarioName, SCENARIOS } from "@fwcall/msw";
import { startMockWorker } from "@fwcall/msw/browser";
import { ConfigError, type BoardConfig } from "./config.js";

/**
 * Starts the msw worker for the board's API base, with the scenario and seed the page asked for.
 * @example if (config.mocked) await startMock(config);
 */
export async function startMock(config: BoardConfig): Promise<void> {
  const { scenario, seed } = config;
  if (!isScenarioName(scenario)) {
    throw new ConfigError(`Unknown scenario "${scenario}" in ?scenario=; choose one of ${SCENARIOS.map((s) => s.name).join(", ")}`);
  }
  await startMockWorker({
    baseUrl: config.apiBase,
    scenario,
    ...(seed === undefined ? {} : { seed }),
    // The plugin in config/mock-worker-plugin.ts serves msw's own script here, in dev and in mock builds.
    serviceWorkerUrl: `${import.meta.env.BASE_URL}mockServiceWorker.js`,
    // The dev server's console lists each mocked request; a built demo keeps the console quiet.
    quiet: !import.meta.env.DEV,
  });
}
