// The built `fwcall` on a real process's stdout that fails: a file or device (`> /dev/full`) is
// written synchronously and throws from write(); a pipe whose reader stopped (`| head -1`) fails
// with EPIPE later. Both must end in exit 2 (1 means "invalid"), never in a stack trace.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtCli as bin } from "./support/built-cli.js";

const env = { ...process.env, NODE_OPTIONS: "" };

/** A folder of strict-invalid payloads whose report (about 1.5 MB) outlasts any pipe buffer. */
function invalidFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "fwcall-output-"));
  const call: Record<string, unknown> = {};
  for (let i = 0; i < 200; i++) call[`extra_${i}`] = i;
  const text = JSON.stringify({ event: "onCallUpdate", data: { call } });
  for (let i = 0; i < 200; i++) writeFileSync(join(dir, `p${i}.json`), text);
  return dir;
}

describe("built fwcall with a stdout that cannot be written", () => {
  it.each([["validate", "--help"], ["fixtures", "list"]])("`fwcall %s %s > /dev/full` says so in one line and exits 2", (...args) => {
    const full = openSync("/dev/full", "w");
    try {
      const result = spawnSync(process.execPath, [bin, ...args], { stdio: ["ignore", full, "pipe"], encoding: "utf8", env, timeout: 60_000 });
      expect(result.stderr).toMatch(/^fwcall \w+: cannot write to standard output: .*\(ENOSPC\); the output is incomplete\n$/);
      expect(result.status).toBe(2);
    } finally {
      closeSync(full);
    }
  });

  it("`fwcall validate <invalid> | head -1` ends quietly with 2, not 0 and not 1", async () => {
    const child = spawn(process.execPath, [bin, "validate", "--profile", "strict", invalidFolder()], { stdio: ["ignore", "pipe", "pipe"], env });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // Like `head -1`: read the first chunk, then close the pipe.
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on("close", (status) => resolve(status)));
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(code).toBe(2);
  });
});
