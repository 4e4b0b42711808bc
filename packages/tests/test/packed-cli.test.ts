// fwcall as a new user gets it: the CLI and every workspace package it depends on, packed, installed
// with npm into a fresh FDK app outside the monorepo, and run there exactly as the README tells:
// `npx fwcall fdk export .`, `npx fwcall validate server/test_data --profile strict`,
// `npx fwcall coverage .`, `npx fwcall contracts verify` and `npx fwcall mock`.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDirectory, npmInstall, pack, removeDirectory, repoRoot, runtimeClosure, userEnvironment } from "./support/packed.js";

const template = join(repoRoot, "packages/tests/fresh-fdk-app");

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Every file of the app outside node_modules, relative to it, sorted. */
function appFiles(appDir: string): string[] {
  return readdirSync(appDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(appDir, join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith("node_modules"))
    .sort();
}

describe("packed fwcall installed with npm into a fresh FDK app", () => {
  let workDir: string;
  let appDir: string;
  let filesBefore: string[];

  /** `npx fwcall <args>` in the app, as its developer types it. */
  const npxFwcall = (args: string[]): Run => {
    const result = spawnSync("npx", ["fwcall", ...args], { cwd: appDir, encoding: "utf8", env: { ...userEnvironment(), NO_COLOR: "1" }, timeout: 120_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(() => {
    workDir = freshDirectory("fwcall-cli-");
    appDir = join(workDir, "app");
    cpSync(template, appDir, { recursive: true });
    const names = runtimeClosure(["fwcall"]);
    npmInstall(appDir, pack(names, join(workDir, "tarballs")));
    filesBefore = appFiles(appDir);
  }, 600_000);

  // Generous: removing an install with Pact's native libraries takes seconds on a busy machine.
  afterAll(() => {
    if (workDir) removeDirectory(workDir);
  }, 120_000);

  it("packs fwcall with each workspace package it needs at run time", () => {
    expect(runtimeClosure(["fwcall"])).toEqual(expect.arrayContaining(["fwcall", "@fwcall/types", "@fwcall/validate", "@fwcall/schemas", "@fwcall/cases", "@fwcall/coverage", "@fwcall/msw", "@fwcall/pact"]));
    // npm took every one of them from its tarball: nothing of fwcall's came from a registry.
    const installed = JSON.parse(readFileSync(join(appDir, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    for (const name of runtimeClosure(["fwcall"])) expect(installed.dependencies[name], name).toMatch(/^file:.*\.tgz$/);
  });

  it("npx fwcall fdk export . writes the platform 3.0 test_data files and nothing else", () => {
    const run = npxFwcall(["fdk", "export", "."]);
    expect(run, run.stderr).toMatchObject({ status: 0 });
    for (const event of ["onCallCreate", "onCallUpdate"]) {
      const file = join(appDir, "server/test_data/call", `${event}.json`);
      expect(existsSync(file), file).toBe(true);
      expect((JSON.parse(readFileSync(file, "utf8")) as { event: string }).event).toBe(event);
      expect(run.stdout).toContain(`server/test_data/call/${event}.json`);
    }
    const written = appFiles(appDir).filter((file) => !filesBefore.includes(file));
    expect(written.every((file) => file.startsWith("server/test_data/")), written.join(", ")).toBe(true);
  });

  it("npx fwcall validate server/test_data --profile strict passes what fdk export wrote, judged as the FDK delivers it", () => {
    const run = npxFwcall(["validate", "server/test_data", "--profile", "strict"]);
    expect(run, `${run.stdout}\n${run.stderr}`).toMatchObject({ status: 0 });
    // The two event files, each said to be judged with what the FDK adds when it delivers it;
    // fwcall's own state file (.fwcall-export.json) is not a payload and never judged.
    expect(run.stdout).toMatch(/\b2 files: 2 valid, 0 invalid\b/);
    for (const event of ["onCallCreate", "onCallUpdate"]) expect(run.stdout).toMatch(new RegExp(`call/${event}\\.json: .*as the FDK delivers it`));
    expect(run.stdout).not.toMatch(/\.fwcall-export\.json: (error|warning)/);
  });

  it("npx fwcall coverage . runs the app's handlers over every case and prints a report that fits on a screen", () => {
    const run = npxFwcall(["coverage", "."]);
    // The app logs updates without an outcome: those cases are unhandled, which is exit 1, not a crash.
    expect(run, run.stderr).toMatchObject({ status: 1 });
    expect(run.stdout).toContain("fwcall coverage: . (platform 3.0");
    // The create handler renders { outcome: "ignored" }, the update handler only logs.
    expect(run.stdout).toMatch(/\d+ cells: 0 handled, [1-9]\d* ignored, [1-9]\d* unhandled, 0 threw/);
    // Issue 10: one screen on a first run, and it says how to mark a case ignored on purpose.
    expect(run.stdout.trimEnd().split("\n").length).toBeLessThanOrEqual(60);
    expect(run.stdout).toContain('outcome: "ignored"');
  });

  it("npx fwcall contracts verify --json verifies the committed contracts from the tarballs: one JSON document on stdout, every interaction passed", () => {
    // @fwcall/pact's child process (the verifier's report kept off stdout) and the mock server for the HTTP pact, as installed.
    const run = npxFwcall(["contracts", "verify", "--json", join(repoRoot, "contracts")]);
    expect(run, run.stderr).toMatchObject({ status: 0 });
    const report = JSON.parse(run.stdout) as { summary: { files: number; failed: number; notVerified: number }; files: Array<{ kind: string; providerUsed: { kind: string } }> };
    expect(report.summary).toMatchObject({ files: 2, failed: 0, notVerified: 0 });
    expect(report.files.map((f) => [f.kind, f.providerUsed.kind]).sort()).toEqual([["http", "mock-server"], ["messages", "fixture-catalog"]]);
  });

  it("npx fwcall mock serves the REST API on 127.0.0.1 until stopped", async () => {
    const mock = spawn("npx", ["fwcall", "mock", "--port", "0"], { cwd: appDir, env: { ...userEnvironment(), NO_COLOR: "1" }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    mock.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    mock.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => mock.on("exit", (code) => resolve(code)));
    try {
      const base = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the mock did not print its address within 60 s:\n${output}`)), 60_000);
        mock.stdout.on("data", () => {
          const found = /http:\/\/127\.0\.0\.1:\d+\/api\/v1/.exec(output);
          if (found) {
            clearTimeout(timer);
            resolve(found[0]);
          }
        });
        mock.on("exit", () => reject(new Error(`the mock exited before it listened:\n${output}`)));
      });
      const calls = await fetch(`${base}/calls?per_page=5`, { headers: { "X-Api-Auth": "dev" } });
      expect(calls.status).toBe(200);
      const body = (await calls.json()) as { calls: Array<{ id: number; direction: string }>; meta: { total_count: number } };
      expect(body.calls).toHaveLength(5);
      expect(body.meta.total_count).toBeGreaterThan(5);
      expect(["incoming", "outgoing"]).toContain(body.calls[0]!.direction);
      const one = await fetch(`${base}/calls/${body.calls[0]!.id}`, { headers: { "X-Api-Auth": "dev" } });
      expect(((await one.json()) as { call: { id: number } }).call.id).toBe(body.calls[0]!.id);
      const anonymous = await fetch(`${base}/calls`);
      expect(anonymous.status).toBe(401);
    } finally {
      // npx and the CLI it started are one process group, ours: stop it the way Ctrl-C would.
      if (mock.pid !== undefined && mock.exitCode === null) process.kill(-mock.pid, "SIGINT");
    }
    await exited;
    expect(output).toContain("Mock server stopped.");
  });
});
