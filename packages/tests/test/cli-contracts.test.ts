// The built `fwcall contracts verify` runs the Pact verifier in a child process (dist/verify-child.js)
// so that the verifier's own report, written straight to file descriptor 1, stays off fwcall's
// stdout; only the built CLI takes that path, so it is tested here: stdout must be one JSON document.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { builtCli as bin } from "./support/built-cli.js";

const contract = fileURLToPath(new URL("../../../contracts/fwcall-call-board-freshcaller-rest-api.json", import.meta.url));

describe("built fwcall contracts verify", () => {
  it("prints exactly one JSON document on stdout, every interaction verified", () => {
    const stdout = execFileSync(process.execPath, [bin, "contracts", "verify", "--json", contract], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "", PACT_DO_NOT_TRACK: "true" } });
    const report = JSON.parse(stdout) as { exitCode: number; files: Array<{ interactions: Array<{ description: string; ok: boolean }> }> };
    expect(report.exitCode).toBe(0);
    const interactions = report.files.flatMap((f) => f.interactions);
    expect(interactions.length).toBe(7);
    expect(interactions.filter((i) => !i.ok)).toEqual([]);
  });
});
