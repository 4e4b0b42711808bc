// fwcall's own packages, read from their TypeScript source: the fixture catalog (@fwcall/cases) for
// the documents' examples and the mock's core (@fwcall/msw/core) for its routes, limits and answers.
// The drift gate runs before any package is built (tools/ci/test-all.mjs), so no dist can be
// assumed: esbuild bundles the source in memory with the export condition the tests use, leaving
// no import but Node's own modules.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const repoFile = (path) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));
const loaded = new Map();

/** The module at a repository path, bundled from its source and loaded once. */
function loadSource(path) {
  if (!loaded.has(path)) {
    loaded.set(
      path,
      (async () => {
        const result = await build({
          entryPoints: [repoFile(path)],
          bundle: true,
          write: false,
          format: "esm",
          platform: "node",
          target: "node20",
          conditions: ["@fwcall/source"],
          logLevel: "silent",
        });
        return import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString("base64")}`);
      })(),
    );
  }
  return loaded.get(path);
}

/** @returns {Promise<typeof import("@fwcall/cases")>} */
export const loadCases = () => loadSource("packages/cases/src/index.ts");

/** @returns {Promise<typeof import("@fwcall/msw/core")>} */
export const loadMockCore = () => loadSource("packages/msw/src/core.ts");
