import { fwcallVitestConfig } from "@fwcall/vitest-config";

export default fwcallVitestConfig();
