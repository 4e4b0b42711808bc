// The `require` an app gets in the sandbox. Like the FDK's: the app's own files and its
// node_modules dependencies, and only the Node built-ins that compute (no file system, no
// processes, no timers, no network, no threads), so a coverage run never lets an app reach what
// the platform would refuse it.
import { builtinModules, createRequire } from "node:module";
import { sep } from "node:path";
import { MAX_SOURCE_BYTES, checkRegularFile } from "../read-file.js";

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

/** The app's own script files, which the sandbox evaluates as the FDK does (a bare `exports = { … }` is what they export). */
export interface LocalFiles {
  /** The folder whose .js/.cjs files outside node_modules are the app's own (its server/ folder). */
  root: string;
  /** Evaluates one of them (cached by the caller). */
  load: (file: string) => unknown;
}

const isPath = (name: string) => name === "." || name === ".." || name.startsWith("./") || name.startsWith("../") || name.startsWith("/");

/**
 * A require resolved from `fromFile` (server/server.js) that refuses the built-ins the platform does
 * not give; `overrides` (name → file) answer chosen names first; the app's own files go to `local`.
 * @example appRequire("/app/server/server.js", {})("fs") // throws: the FDK's sandbox offers no "fs"
 */
export function appRequire(fromFile: string, overrides: Readonly<Record<string, string>>, local?: LocalFiles): (specifier: string) => unknown {
  const real = createRequire(fromFile);
  return (specifier: unknown) => {
    const name = String(specifier);
    if (Object.hasOwn(overrides, name)) return real(overrides[name] as string);
    const builtin = builtinOf(name);
    if (builtin !== undefined && !allowed.has(builtin)) {
      const error = new Error(`Cannot find module '${name}': the FDK's serverless sandbox does not give apps this Node built-in (allowed: ${ALLOWED_BUILTINS.join(", ")}; use $request, $db and $schedule for I/O)`);
      (error as { code?: string }).code = "MODULE_NOT_FOUND";
      throw error;
    }
    if (builtin !== undefined) return real(name);
    const file = real.resolve(name);
    // A FIFO or a device would block this thread in a read no limit can end: refused before Node reads it.
    try {
      checkRegularFile(file, `'${name}' (required)`, MAX_SOURCE_BYTES);
    } catch (error) {
      // As Node words a require that cannot be read: a plain Error the app can catch.
      throw new Error((error as Error).message);
    }
    const own = local !== undefined && isPath(name) && file.startsWith(local.root + sep) && !file.slice(local.root.length).includes(`${sep}node_modules${sep}`);
    if (own && (file.endsWith(".js") || file.endsWith(".cjs"))) return local.load(file);
    return real(name);
  };
}
