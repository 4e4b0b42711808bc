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
    // Speed is measured by tools/bench, not by tests: CI runs every package at once on two cores,
    // where the heaviest property and equivalence tests take several times their quiet duration.
    test: { include: ["test/**/*.test.ts"], testTimeout: 120_000, ...overrides.test },
  });
}
