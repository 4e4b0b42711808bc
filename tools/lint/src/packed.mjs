// What a publishable package's tarball must pass before it is published, in one place: `pnpm lint`
// (and `pnpm release`) run it over every publishable package, and @fwcall/tests' package-exports
// test over the same tarballs. publint checks files, exports and fields; arethetypeswrong checks
// what TypeScript resolves (node10, node16 from CJS and from ESM, bundler) against what Node loads.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
// This package's own dependencies' commands, whoever imports it.
const bin = (tool) => join(fileURLToPath(new URL("../node_modules/.bin/", import.meta.url)), tool);

/** The packages an FDK app's server.js may require() at run time: they must be right for CommonJS too. */
export const RUNTIME_PACKAGES = ["@fwcall/types", "@fwcall/validate", "@fwcall/schemas"];

// JSON files a user imports from @fwcall/schemas by path: attw checks one of each folder.
const JSON_ENTRY_POINTS = { "@fwcall/schemas": ["./call.json", "./enums/direction.json", "./rest/call.json"] };

/** One linter's run: its exit code and all it printed, so a failure shows the linter's own words. */
async function runLinter(tool, args) {
  try {
    const { stdout, stderr } = await run(bin(tool), args, { encoding: "utf8", maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
    return { exitCode: 0, output: stdout + stderr };
  } catch (error) {
    const failed = /** @type {{ code?: unknown; stdout?: string; stderr?: string; message?: string }} */ (error);
    return { exitCode: typeof failed.code === "number" ? failed.code : -1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` || String(failed.message) };
  }
}

/**
 * publint's verdict (strict: warnings fail too) on the tarball of `name`.
 * @example const verdict = await publintTarball("@fwcall/types", "/tmp/fwcall-types-0.1.0.tgz"); if (!verdict.ok) console.error(verdict.output);
 */
export async function publintTarball(name, tarball) {
  const result = await runLinter("publint", [tarball, "--strict"]);
  return { tool: "publint", name, ...result, ok: result.exitCode === 0 && result.output.includes("All good!") };
}

/**
 * arethetypeswrong's verdict on the tarball of `name`: the runtime packages under the strict profile
 * (CommonJS must resolve with types from node16 CJS), every other package as ESM only.
 * @example const verdict = await attwTarball("fwcall", "/tmp/fwcall-0.1.0.tgz"); if (!verdict.ok) console.error(verdict.output);
 */
export async function attwTarball(name, tarball) {
  const runtime = RUNTIME_PACKAGES.includes(name);
  const entries = JSON_ENTRY_POINTS[name] ? ["--include-entrypoints", ...JSON_ENTRY_POINTS[name]] : [];
  const result = await runLinter("attw", [tarball, "--profile", runtime ? "strict" : "esm-only", "--format", "ascii", ...entries]);
  const ok = result.exitCode === 0 && (!runtime || (result.output.includes("No problems found") && /node16 \(from CJS\): 🟢 \(CJS\)/.test(result.output)));
  return { tool: "attw", name, ...result, ok };
}

/**
 * Both linters' verdicts on the tarball of `name`, publint first.
 * @example for (const verdict of await lintTarball("@fwcall/msw", tarball)) console.log(verdict.tool, verdict.ok);
 */
export async function lintTarball(name, tarball) {
  return [await publintTarball(name, tarball), await attwTarball(name, tarball)];
}
