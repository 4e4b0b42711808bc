// The call board's Vite config. Workspace packages resolve to their TypeScript source through the
// "@fwcall/source" condition (as in tsconfig.base.json), so neither `vite` nor `vite build` needs
// another package built first.
import { fileURLToPath } from "node:url";
import { defaultClientConditions, defineConfig, loadEnv } from "vite";
import { mockWorkerPlugin } from "./config/mock-worker-plugin.js";
import { isMockMode } from "./src/config.js";

export default defineConfig(({ command, mode }) => {
  const env = loadEnv(mode, fileURLToPath(new URL(".", import.meta.url)), "VITE_");
  const mocked = isMockMode({ flag: env["VITE_FWCALL_MOCK"], dev: command === "serve", mode });
  return {
    resolve: { conditions: ["@fwcall/source", ...defaultClientConditions] },
    // The decision made here reaches the bundle as a literal: src/config.ts reads the same answer,
    // and a build against the real API drops the mock's code (main.ts's dynamic import).
    define: { "import.meta.env.VITE_FWCALL_MOCK": JSON.stringify(String(mocked)) },
    plugins: [mockWorkerPlugin({ emit: command === "build" && mocked })],
    server: { host: "127.0.0.1" },
    preview: { host: "127.0.0.1" },
    build: { outDir: "dist", target: "es2022" },
  };
});
