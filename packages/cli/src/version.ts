// The version of this package, read from its package.json (one level above src/ and dist/ alike).
import { readFileSync } from "node:fs";

/**
 * The `version` field of fwcall's package.json.
 * @example readVersion() // "0.1.0"
 */
export function readVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: unknown };
    return typeof manifest.version === "string" ? manifest.version : "unknown";
  } catch {
    return "unknown";
  }
}
