import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { applicableCases, caseMatrix } from "@fwcall/fixtures";
import { UsageError } from "../src/args.js";
import { COVERAGE_HELP, COVERAGE_SUMMARY, coverageCommand } from "../src/commands/coverage.js";
import type { Io } from "../src/index.js";
import { tempDir, withFiles } from "./helpers.js";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `fwcall coverage <args…>` in-process, a usage error ending as main ends it (exit 2). */
async function coverage(args: string[], options: { tty?: boolean; env?: Record<string, string> } = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: Object.assign({ write: (chunk: string) => (stdout += chunk) }, options.tty ? { isTTY: true } : {}),
    stderr: Object.assign({ write: (chunk: string) => (stderr += chunk) }, options.tty ? { isTTY: true } : {}),
    stdin: Readable.from([]),
    ...(options.env ? { env: options.env } : {}),
  };
  try {
    return { code: await coverageCommand(args, io), stdout, stderr };
  } catch (error) {
    if (error instanceof UsageError) return { code: 2, stdout, stderr: `${stderr}fwcall coverage: ${error.message}\n` };
    throw error;
  }
}

const MANIFEST = {
  "platform-version": "3.0",
  modules: { call: { events: { onCallCreate: { handler: "onCallCreateHandler" }, onCallUpdate: { handler: "onCallUpdateHandler" } } } },
};

/** An app that handles every case: a $db write for each. */
const goodApp = () =>
  withFiles({
    "manifest.json": MANIFEST,
    "server/server.js": `exports = {
      async onCallCreateHandler(p) { await $db.set("call-" + p.data.call.id, { ok: true }); },
      async onCallUpdateHandler(p) { await $db.set("call-" + p.data.call.id, { ok: true }); },
    };`,
  });

/** An app that ignores in-progress updates without saying so, and logs its API key. */
const gappyApp = (extra: Record<string, unknown> = {}) =>
  withFiles({
    "manifest.json": MANIFEST,
    "config/requests.json": { notify: { schema: { method: "POST", host: "example.test", path: "/" } } },
    "server/server.js": `exports = {
      onCallCreateHandler(p) { console.log("key", p.iparams.api_key); return { outcome: "handled" }; },
      async onCallUpdateHandler(p) {
        const status = p.data.call.participants[0].call_status;
        if (status === 8) return;
        const answer = await $request.invokeTemplate("notify", {});
        return { outcome: "handled", detail: answer.response };
      },
    };`,
    ...extra,
  });

const IN_PROGRESS_UPDATES = caseMatrix().filter((c) => c.event === "onCallUpdate" && c.status.code === 8 && !c.notApplicable).length;

describe("fwcall coverage", () => {
  it("has a summary and a help", async () => {
    expect(COVERAGE_SUMMARY).toMatch(/every case/);
    const result = await coverage(["--help"]);
    expect(result).toEqual({ code: 0, stdout: COVERAGE_HELP, stderr: "" });
    expect(COVERAGE_HELP).toContain("Usage: fwcall coverage <app-dir> [options]");
  });

  it("prints the matrix and exits 0 when every case is handled", async () => {
    const result = await coverage([goodApp()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^connecting \(13\)\s+1\/1 ✓\s+1\/1 ✓\s+3\/3 ✓\s+3\/3 ✓$/m);
    expect(result.stdout).toContain(`${caseMatrix().length} cells: ${applicableCases().length} handled`);
    expect(result.stdout).toContain("OK: every case");
    expect(result.stdout).not.toContain("\u001b[");
    expect(result.stderr).toBe("");
  });

  it("exits 1 when a case falls through, and names it", async () => {
    const result = await coverage([gappyApp()]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("✗ onCallUpdate > incoming > in progress (8) > status change\n      unhandled: no side effect and no outcome");
    expect(result.stdout).toContain(`FAILED: ${IN_PROGRESS_UPDATES} cases`);
  });

  it("exits 0 when the app's allowlist excuses the failures, with their reason", async () => {
    const dir = gappyApp({ "fwcall-coverage.allow.json": { allow: [{ case: "update/*/in-progress/*", reason: "nothing to do while the call is under way" }] } });
    const result = await coverage([dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("allowed: nothing to do while the call is under way");
    const other = withFiles({ "allow.json": { allow: [{ case: "update/incoming/in-progress/*", reason: "incoming only" }] } });
    expect((await coverage([dir, "--allowlist", join(other, "allow.json")])).code).toBe(1);
  });

  it("exits 2 for an allowlist entry without a reason", async () => {
    const dir = gappyApp({ "fwcall-coverage.allow.json": { allow: [{ case: "update/*/in-progress/*" }] } });
    const result = await coverage([dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/fwcall coverage: .*fwcall-coverage.allow.json: allow\[0\] \(update\/\*\/in-progress\/\*\) has no "reason"/);
    expect(result.stdout).toBe("");
  });

  it.each(["json", "junit", "html"] as const)("prints the %s report on stdout", async (format) => {
    const result = await coverage([gappyApp(), "--format", format]);
    expect(result.code).toBe(1);
    if (format === "json") expect(JSON.parse(result.stdout).cells).toHaveLength(caseMatrix().length);
    if (format === "junit") expect(result.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="fwcall coverage"/);
    if (format === "html") expect(result.stdout).toMatch(/^<!doctype html>/);
  });

  it("writes the report to --output and still prints the terminal report", async () => {
    const out = join(tempDir(), "reports", "coverage.xml");
    const result = await coverage([gappyApp(), "--format", "junit", "--output", out]);
    expect(result.code).toBe(1);
    expect(readFileSync(out, "utf8")).toContain("<testsuites");
    expect(result.stdout).toContain("FAILED:");
    expect(result.stdout).toContain(`Report (junit) written to ${out}`);
  });

  it("never prints iparams: payloads carry none, and what apps log is redacted", async () => {
    const result = await coverage([gappyApp(), "--format", "json"]);
    expect(JSON.parse(result.stdout).cells.find((c: { id: string }) => c.id === "create/incoming/connecting").logs).toEqual(["log: key undefined"]);
  });

  it("shows a progress line on stderr only when it is a terminal, and colours stdout there unless NO_COLOR", async () => {
    const tty = await coverage([goodApp()], { tty: true });
    expect(tty.stderr).toContain(`\r1/${caseMatrix().length} cells`);
    expect(tty.stderr).toContain(`\r${caseMatrix().length}/${caseMatrix().length} cells`);
    expect(tty.stderr.endsWith("\r\u001b[K")).toBe(true);
    expect(tty.stdout).toContain("\u001b[32m");
    const plain = await coverage([goodApp()], { tty: true, env: { NO_COLOR: "1" } });
    expect(plain.stdout).not.toContain("\u001b[");
    expect((await coverage([goodApp()])).stderr).toBe("");
  });

  it("runs lifecycle sequences with --sequences, and replays them with --replay", async () => {
    const result = await coverage([goodApp(), "--sequences", "--replay", "--format", "json"], { tty: true });
    const report = JSON.parse(result.stdout);
    expect(report.sequences.length).toBeGreaterThan(100);
    expect(new Set(report.sequences.map((s: { mode: string }) => s.mode)).size).toBe(4);
    expect(result.stderr).toContain("cells and sequences");
  });

  it("scripts request answers with --responses and takes --seed", async () => {
    const dir = gappyApp();
    const responses = join(withFiles({ "r.json": { notify: { ticket: 7 } } }), "r.json");
    const result = await coverage([dir, "--responses", responses, "--seed", "9", "--format", "json"]);
    const report = JSON.parse(result.stdout);
    expect(report.seed).toBe(9);
    expect(report.cells.find((c: { id: string }) => c.id === "update/incoming/missed/notes").outcome).toEqual({ kind: "handled", detail: '{"ticket":7}' });
  });

  it("stops a handler at --timeout", async () => {
    const dir = withFiles({ "manifest.json": { "platform-version": "3.0", modules: { call: { events: { onCallCreate: { handler: "h" } } } } }, "server/server.js": "exports = { h(p) { if (p.data.call.participants[0].call_status === 13) for (;;) {} return { outcome: 'handled' }; } };" });
    const result = await coverage([dir, "--timeout", "50"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("timed out: stopped after 50 ms");
  });

  it("runs a plain module with --module", async () => {
    const dir = withFiles({
      "handlers.mjs": "export const onCallUpdate = (p) => ({ outcome: 'ignored', reason: 'status ' + p.data.call.participants[0].call_status });\n",
      "handlers.cjs": "module.exports = { onCallCreate: (p) => ({ outcome: 'handled', detail: p.account_id }) };\n",
    });
    const esm = await coverage(["--module", join(dir, "handlers.mjs")]);
    expect(esm.code).toBe(0);
    expect(esm.stdout).toContain(`fwcall coverage: ${join(dir, "handlers.mjs")}`);
    const cjs = JSON.parse((await coverage(["--module", join(dir, "handlers.cjs"), "--platform", "2.x", "--format", "json"])).stdout);
    expect(cjs.cells.find((c: { id: string }) => c.id === "create/incoming/connecting").outcome).toEqual({ kind: "handled", detail: "82918" });
    expect(cjs.platform).toBe("2.x");
  });

  it.each([
    [[], /missing the app directory \(or --module <file>\)/],
    [["a", "b"], /unexpected argument 'b'/],
    [["a", "--module", "m.mjs"], /give an app directory or --module <file>, not both/],
    [["a", "--format", "pdf"], /--format must be one of terminal, json, junit, html; found 'pdf'/],
    [["a", "--seed", "x"], /--seed must be a whole number/],
    [["a", "--timeout", "0"], /--timeout must be a whole number ≥ 1/],
    [["a", "--replay"], /--replay needs --sequences/],
    [["a", "--platform", "2.x"], /--platform applies to --module only/],
    [["a", "--colour"], /unknown option '--colour'/],
  ])("rejects %j with exit 2", async (args, message) => {
    const result = await coverage(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it.each([
    ["a missing app directory", () => ["/nonexistent/app"], /app directory not found/],
    ["an app without manifest", () => [withFiles({ "server/server.js": "exports = {};" })], /manifest.json not found/],
    ["a server.js that does not load", () => [withFiles({ "manifest.json": MANIFEST, "server/server.js": "exports = {" })], /does not compile/],
    ["a missing module", () => ["--module", "/nonexistent/handlers.mjs"], /module not found: \/nonexistent\/handlers.mjs/],
    ["a module without handlers", () => ["--module", join(withFiles({ "m.mjs": "export const x = 1;\n" }), "m.mjs")], /exports neither onCallCreate nor onCallUpdate/],
    ["a responses file that is not JSON", () => [goodApp(), "--responses", join(withFiles({ "r.json": "{" }), "r.json")], /is not valid JSON/],
  ])("exits 2 for %s", async (_what, args, message) => {
    const result = await coverage(args());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
  });
});
