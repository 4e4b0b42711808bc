// `pnpm demo`'s tour (demo/demo.mjs) run as a newcomer sees it. The demo runs the built CLI and the
// built @fwcall/pact, so this test needs a build first: turbo's test task of this package builds it
// (packages/cli/turbo.json); a bare `vitest run` does not, and fails with the demo's own message
// when there is no dist.
// The demo checks each section's output itself and exits 1 when one does not behave as described;
// here the lines of issue 15's two sections are asserted again, and its temp directory must be gone.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const DEMO = fileURLToPath(new URL("../demo/demo.mjs", import.meta.url));

/** Runs a command to its end (spawnSync would block vitest's worker for the whole demo). */
function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The text of a section of the demo's output, from its heading to the next. */
const sectionOf = (output: string, heading: string): string => {
  const start = output.indexOf(`## ${heading}`);
  if (start < 0) return "";
  const next = output.indexOf("\n## ", start + 3);
  return output.slice(start, next < 0 ? undefined : next);
};

/** Kilobytes as the demo prints them ("3,003 KB"). */
const kilobytes = (line: string | undefined): number => Number(/([\d,]+) KB/.exec(line ?? "")?.[1]?.replace(/,/g, "") ?? Number.NaN);

describe("pnpm demo", () => {
  // The demo's temp directories go into a folder of this test's own, which must be empty afterwards.
  const temp = mkdtempSync(join(tmpdir(), "fwcall-demo-test-"));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));
  let run: Awaited<ReturnType<typeof runNode>>;
  beforeAll(async () => {
    run = await runNode([DEMO], { ...process.env, TMPDIR: temp, NO_COLOR: "1" });
  }, 300_000);

  it("every section behaves as described, and exits 0", () => {
    // stderr is the demo's list of sections that did not behave (and any warning of Node's, which is no failure).
    expect(run.code, `${run.stderr}\n${run.stdout.slice(-2000)}`).toBe(0);
    expect(run.stderr).not.toMatch(/did not behave as described/);
    expect(run.stdout).toMatch(/\nEvery section behaved as described\./);
  });

  it("shows the paths the example app reads, per event", () => {
    const usage = sectionOf(run.stdout, "8. What does the app read?");
    expect(usage).toContain("$ fwcall coverage packages/example-fdk-app --usage");
    expect(usage).toMatch(/^ {2}onCallCreate: \d+ paths over 11 cases$/m);
    expect(usage).toMatch(/^ {2}onCallUpdate: \d+ paths over 122 cases$/m);
    expect(usage).toMatch(/^ {4}data\.call\.direction +\d+\/122$/m);
  });

  it("builds the app's pact of what it reads, smaller than the every-field pact, with the same interactions", () => {
    const pacts = sectionOf(run.stdout, "13. A pact of what the app reads");
    const full = /^every field: .* (\d+) interactions .*$/m.exec(pacts);
    const usage = /^what server\.js reads: .* (\d+) interactions .*$/m.exec(pacts);
    expect(full?.[1], pacts).toBe("133");
    expect(usage?.[1], pacts).toBe("133");
    expect(kilobytes(usage?.[0])).toBeLessThan(kilobytes(full?.[0]));
    expect(kilobytes(usage?.[0])).toBeLessThanOrEqual(400);
    expect(pacts).toContain("the usage pact is byte for byte the committed contracts/fwcall-example-fdk-app-freshworks-call-events.json");
  });

  it("fwcall diff on a new call status names the example app as broken, and exits 1", () => {
    const diff = sectionOf(run.stdout, "14. Which consumers does a schema change break?");
    expect(diff).toContain("$ fwcall diff $DEMO/schemas-before $DEMO/schemas-after --pacts contracts --consumers packages/example-fdk-app");
    expect(diff).toMatch(/enum value 17 added/);
    expect(diff).toMatch(/^ {2}BROKEN +@fwcall\/example-fdk-app \(source: packages\/example-fdk-app\)$/m);
    expect(diff).toMatch(/uses matchCallStatus, and CallStatus gains 17/);
    expect(diff).toMatch(/^1 consumer broken: @fwcall\/example-fdk-app\.\n\[exit code 1\]$/m);
  });

  it("removes what it wrote in the temp folder", () => {
    expect(run.code).toBe(0);
    expect(readdirSync(temp)).toEqual([]);
  });
});
