import { defineConfig } from "vitest/config";

// No @fwcall/source condition here: these tests load the built packages, as consumers do.
export default defineConfig({ test: { include: ["test/**/*.test.ts"], testTimeout: 120_000 } });
