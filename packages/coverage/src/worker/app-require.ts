// The `require` an app gets in the sandbox. Like the FDK's: the app's own files and its
// node_modules dependencies, and only the Node built-ins that compute (no file system, no
// processes, no timers, no network, no threads), so a coverage run never lets an app reach what
// the platform would refuse it.
import { builtinModules, createRequire } from "node:module";

/** The Node built-ins an app may require (with or without the `node:` prefix). */
export const ALLOWED_BUILTINS: readonly string[] = ["assert", "buffer", "crypto", "events", "path", "punycode", "querystring", "stream", "string_decoder", "url", "util", "zlib"];

const BUILTINS = new Set(builtinModules);
const allowed = new Set(ALLOWED_BUILTINS);

/** The top-level built-in a specifier names ("node:fs/promises" → "fs"), or undefined for a package or file. */
function builtinOf(specifier: string): string | undefined {
  const bare = specifier.startsWith("node:") ? specifier.slice(5) : specifier;
  if (!BUILTINS.has(bare) && !specifier.startsWith("node:")) return undefined;
  return bare.split("/")[0];
}

/**
 * A require resolved from server/server.js that refuses the built-ins the platform does not give;
 * `overrides` (name → file) answer chosen names first.
 * @example appRequire("/app/server/server.js", {})("fs") // throws: the FDK's sandbox offers no "fs"
 */
export function appRequire(serverJs: string, overrides: Readonly<Record<string, string>>): (specifier: string) => unknown {
  const real = createRequire(serverJs);
  return (specifier: unknown) => {
    const name = String(specifier);
    if (Object.hasOwn(overrides, name)) return real(overrides[name] as string);
    const builtin = builtinOf(name);
    if (builtin !== undefined && !allowed.has(builtin)) {
      const error = new Error(`Cannot find module '${name}': the FDK's serverless sandbox does not give apps this Node built-in (allowed: ${ALLOWED_BUILTINS.join(", ")}; use $request, $db and $schedule for I/O)`);
      (error as { code?: string }).code = "MODULE_NOT_FOUND";
      throw error;
    }
    return real(name);
  };
}
