import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { MOCK_HELP, exposureWarning, isLoopbackHost, mockCommand } from "../src/commands/mock.js";
import { UsageError } from "../src/args.js";
import type { Io } from "../src/io.js";

function collector() {
  const out = { stdout: "", stderr: "" };
  const io: Io = {
    stdout: { write: (chunk: string) => (out.stdout += chunk) },
    stderr: { write: (chunk: string) => (out.stderr += chunk) },
    stdin: Readable.from([]),
  };
  return { io, out };
}

describe("fwcall mock", () => {
  it("serves /api/v1/calls on a free port and stops when told", async () => {
    const { io, out } = collector();
    const controller = new AbortController();
    let url = "";
    let exit: number | undefined;
    const listening = new Promise<void>((resolve) => {
      const done = mockCommand(["--port", "0", "--seed", "4", "--scenario", "busy-week"], io, {
        signal: controller.signal,
        onListening: (u) => {
          url = u;
          resolve();
        },
      });
      void done.then((code) => (exit = code));
    });
    await listening;
    expect(out.stdout).toContain(`${url}/api/v1`);
    const response = await fetch(`${url}/api/v1/calls`, { headers: { "X-Api-Auth": "dev" } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { meta: { total_count: number } };
    expect(body.meta.total_count).toBe(500);
    controller.abort();
    await expect.poll(() => exit).toBe(0);
    expect(out.stdout).toContain("stopped");
    await expect(fetch(`${url}/api/v1/calls`)).rejects.toThrow();
  });

  it("warns on stderr when --host is not a loopback address, and stays quiet on loopback", async () => {
    for (const host of ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"]) expect([host, isLoopbackHost(host)]).toEqual([host, true]);
    for (const host of ["0.0.0.0", "::", "192.168.1.4", "example.test", "::ffff:10.0.0.1"]) {
      expect([host, isLoopbackHost(host)]).toEqual([host, false]);
      expect(exposureWarning(host)).toMatch(new RegExp(`^fwcall mock: warning: --host ${host.replace(/[.:]/g, "\\$&")} is reachable from other machines`));
    }
    const { io, out } = collector();
    const controller = new AbortController();
    const done = mockCommand(["--port", "0", "--host", "127.0.0.2"], io, { signal: controller.signal, onListening: () => controller.abort() });
    expect(await done).toBe(0);
    expect(out.stderr).toBe("");
  });

  it("stops on SIGTERM", async () => {
    const { io } = collector();
    let url = "";
    const done = mockCommand(["--port", "0"], io, { onListening: (u) => (url = u) });
    await expect.poll(() => url).not.toBe("");
    process.emit("SIGTERM");
    expect(await done).toBe(0);
  });

  it("prints help and rejects bad options", async () => {
    const { io, out } = collector();
    expect(await mockCommand(["--help"], io)).toBe(0);
    expect(out.stdout).toBe(MOCK_HELP);
    await expect(mockCommand(["--scenario", "nope"], io)).rejects.toThrow(UsageError);
    await expect(mockCommand(["--port", "99999"], io)).rejects.toThrow(UsageError);
    await expect(mockCommand(["--seed", "x"], io)).rejects.toThrow(UsageError);
  });
});
