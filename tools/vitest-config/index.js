// Tests import workspace packages through the "@fwcall/source" export condition, so they run on
// the TypeScript source with no build step first.
import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

const conditions = ["@fwcall/source", ...defaultServerConditions];

/** The shared vitest config; pass overrides for a package's own needs. */
export function fwcallVitestConfig(overrides = {}) {
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    ...overrides,
    test: { include: ["test/**/*.test.ts"], ...overrides.test },
  });
}
