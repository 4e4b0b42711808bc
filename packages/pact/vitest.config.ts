import { fwcallVitestConfig } from "@fwcall/vitest-config";

// Pact's native library reports usage (with DNS look-ups) unless told not to.
export default fwcallVitestConfig({ test: { env: { PACT_DO_NOT_TRACK: "true" } } });
