import { fwcallVitestConfig } from "@fwcall/vitest-config";

export default fwcallVitestConfig({ test: { setupFiles: ["test/bounded-runs.ts"] } });
