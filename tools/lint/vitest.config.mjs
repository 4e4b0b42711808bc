import { fwcallVitestConfig } from "@fwcall/vitest-config";

export default fwcallVitestConfig({ test: { include: ["test/**/*.test.mjs"] } });
