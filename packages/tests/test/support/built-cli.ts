// Where the built `fwcall` executable is: the workspace's CLI package as this package depends on it.
import { createRequire } from "node:module";

/** Path of the built CLI's entry (packages/cli/dist/bin.js), to run with `node`. */
export const builtCli = createRequire(import.meta.url).resolve("fwcall/package.json").replace(/package\.json$/, "dist/bin.js");
