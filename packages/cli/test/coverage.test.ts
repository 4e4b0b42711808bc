import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { applicableCases, caseMatrix } from "@fwcall/cases";
import { UsageError } from "../src/args.js";
import { COVERAGE_HELP, coverageCommand } from "../src/commands/coverage.js";
import { MAIN_HELP } from "../src/main.js";
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
    expect(MAIN_HELP).toMatch(/\n  coverage  run an app's handlers over every case/);
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
    const dir = gappyApp();
    const result = await coverage([dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`✗ ${IN_PROGRESS_UPDATES} cases: onCallUpdate: in progress (8)\n      unhandled: no side effect and no outcome`);
    expect(result.stdout).toContain(`FAILED: ${IN_PROGRESS_UPDATES} cases`);
    expect(result.stdout).toContain(`fwcall coverage ${dir} --write-allowlist writes a starting one`);
    const verbose = await coverage([dir, "--verbose"]);
    expect(verbose.stdout).toContain("✗ onCallUpdate > incoming > in progress (8) > status change\n      unhandled: no side effect and no outcome");
  });

  it("exits 0 when the app's allowlist excuses the failures, with their reason", async () => {
    const dir = gappyApp({ "fwcall-coverage.allow.json": { allow: [{ case: "update/*/in-progress/*", reason: "nothing to do while the call is under way" }] } });
    const result = await coverage([dir, "--verbose"]);
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
    const out = join(tempDir(), "coverage.xml");
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

  it("writes updates' changes tuples [old, new] with --changes-order old-new", async () => {
    const dir = withFiles({ "handlers.mjs": "export const onCallUpdate = (p) => ({ outcome: 'handled', detail: JSON.stringify(p.data.changes.call_notes ?? null) });\n" });
    const notesOf = async (extra: string[]) => {
      const report = JSON.parse((await coverage(["--module", join(dir, "handlers.mjs"), "--format", "json", ...extra])).stdout);
      return JSON.parse(report.cells.find((c: { id: string }) => c.id === "update/incoming/missed/notes").outcome.detail) as [unknown, unknown];
    };
    const documented = await notesOf([]);
    expect(documented[1]).toBeNull();
    expect(await notesOf(["--changes-order", "new-old"])).toEqual(documented);
    expect(await notesOf(["--changes-order", "old-new"])).toEqual([null, documented[0]]);
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
    [["a", "--force"], /--force applies to --write-allowlist only/],
    [["--module", "m.mjs", "--write-allowlist"], /--write-allowlist needs an app directory/],
    [["a", "--memory", "1"], /--memory must be a whole number ≥ 16/],
    [["a", "--changes-order", "newest"], /--changes-order must be one of new-old, old-new; found 'newest'/],
  ])("rejects %j with exit 2", async (args, message) => {
    const result = await coverage(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it.each([
    ["a missing app directory", () => ["/nonexistent/app"], /app directory not found/],
    ["an app without manifest", () => [withFiles({ "server/server.js": "exports = {};" })], /manifest.json: cannot read the app's manifest/],
    ["a handler the manifest names that server.js does not export", () => [withFiles({ "manifest.json": MANIFEST, "server/server.js": "exports = { onCallCreateHandler() {} };" })], /^fwcall coverage: manifest.json names onCallUpdateHandler \(onCallUpdate\) as handler, but server\/server.js exports no function of that name \(it exports: onCallCreateHandler\); fix the manifest or the exports\n$/],
    ["an iparams file that is not an object", () => [goodApp(), "--iparams", join(withFiles({ "i.json": "[1]" }), "i.json")], /the iparams file .* must hold a JSON object/],
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

  it("takes --iparams and never prints them, secure or not, plain or encoded", async () => {
    const key = "live-key-7d41c2e9";
    const dir = withFiles({
      "manifest.json": MANIFEST,
      "config/iparams.json": { api_key: { display_name: "API key", type: "text", secure: true }, domain: { display_name: "Domain", type: "text" } },
      "server/server.js": `exports = {
        onCallCreateHandler(p) {
          const k = p.iparams.api_key;
          console.log(k, Buffer.from("me@example.test:" + k).toString("base64"), Buffer.from(k).toString("base64"), encodeURIComponent(k + "/"), Buffer.from(k).toString("hex"));
          throw new Error("Basic " + Buffer.from("x:" + k).toString("base64") + " for " + p.iparams.domain);
        },
        onCallUpdateHandler(p) { return p.iparams.domain === "acme.example.test" ? { outcome: "handled" } : { outcome: "ignored", reason: "no domain" }; },
      };`,
    });
    const iparams = join(withFiles({ "i.json": { api_key: key, domain: "acme.example.test" } }), "i.json");
    const result = await coverage([dir, "--iparams", iparams, "--format", "json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.summary.handled).toBe(applicableCases().filter((c) => c.event === "onCallUpdate").length);
    const forms = [key, Buffer.from(`me@example.test:${key}`).toString("base64"), Buffer.from(key).toString("base64"), encodeURIComponent(`${key}/`), Buffer.from(key).toString("hex"), Buffer.from(`x:${key}`).toString("base64"), "acme.example.test"];
    for (const form of forms) expect(result.stdout + result.stderr).not.toContain(form);
    expect(report.cells.find((c: { id: string }) => c.id === "create/incoming/connecting").outcome.error).toBe("Error: Basic [redacted iparam] for [redacted iparam] (server/server.js:5)");
  });

  it("exits 1 with the report when the app calls process.exit(0): a crashed case, never a silent pass", async () => {
    const dir = withFiles({
      "manifest.json": MANIFEST,
      "server/server.js": `exports = {
        onCallCreateHandler(p) { if (p.data.call.direction === "outgoing") Buffer.constructor("return process")().exit(0); return { outcome: "handled" }; },
        onCallUpdateHandler() { return { outcome: "handled" }; },
      };`,
    });
    const result = await coverage([dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^connecting \(13\)\s+1\/1 ✓\s+0\/1 ✗1\s+3\/3 ✓\s+3\/3 ✓$/m);
    expect(result.stdout).toContain("crashed: the app ended the sandbox (process.exit(0))");
    expect(result.stdout).toContain("FAILED:");
  });

  it("--write-allowlist writes every failing case with a reason to fill in, refuses to overwrite without --force, and never follows a link", async () => {
    const dir = gappyApp();
    const path = join(dir, "fwcall-coverage.allow.json");
    const written = await coverage([dir, "--write-allowlist"]);
    expect(written).toMatchObject({ code: 0, stderr: "" });
    expect(written.stdout).toBe(`Wrote ${path}: ${IN_PROGRESS_UPDATES} failing cases, each with the reason "TODO: …" to replace with why it may fail.\n`);
    const allow = JSON.parse(readFileSync(path, "utf8")).allow;
    expect(allow).toHaveLength(IN_PROGRESS_UPDATES);
    expect(allow[0]).toEqual({ case: "update/incoming/in-progress/status-change", reason: "TODO: say why this case may fail (unhandled)" });
    expect((await coverage([dir])).code).toBe(0);
    const again = await coverage([dir, "--write-allowlist"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`fwcall coverage: ${path} exists: give --force to replace it (its entries are not kept)\n`);
    expect((await coverage([dir, "--write-allowlist", "--force"])).code).toBe(0);

    const linked = gappyApp();
    const outside = join(withFiles({ "victim.json": "untouched" }), "victim.json");
    symlinkSync(outside, join(linked, "fwcall-coverage.allow.json"));
    const refused = await coverage([linked, "--write-allowlist", "--force"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is a symbolic link: fwcall does not write through links/);
    expect(readFileSync(outside, "utf8")).toBe("untouched");
    expect(readdirSync(linked).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("gives 2.x apps $request.get/post/… and tells 3.0 apps they do not have them", async () => {
    const v2 = withFiles({
      "manifest.json": { "platform-version": "2.3", product: { freshcaller: { events: { onCallCreate: { handler: "h" } } } } },
      "server/server.js": `exports = { async h() { const r = await $request.get("https://crm.example.test/contacts", { headers: {} }); return { outcome: "handled", detail: r.response }; } };`,
    });
    const responses = join(withFiles({ "r.json": { "GET https://crm.example.test/contacts": { found: 1 } } }), "r.json");
    const report2 = JSON.parse((await coverage([v2, "--responses", responses, "--format", "json"])).stdout);
    expect(report2.cells.find((c: { id: string }) => c.id === "create/incoming/connecting").outcome).toEqual({ kind: "handled", detail: '{"found":1}' });
    const v3 = withFiles({ "manifest.json": { "platform-version": "3.0", modules: { call: { events: { onCallCreate: { handler: "h" } } } } }, "server/server.js": `exports = { async h() { await $request.post("https://crm.example.test/x", {}); } };` });
    const report3 = JSON.parse((await coverage([v3, "--format", "json"])).stdout);
    expect(report3.cells.find((c: { id: string }) => c.id === "create/incoming/connecting").outcome.error).toBe("Error: $request.post is not available on platform 3.0: use $request.invokeTemplate with a template in config/requests.json (server/server.js:1)");
  });

  it("refuses an allowlist, --iparams or --responses file that is a FIFO, a device or a folder (exit 2, one line), without reading it", async () => {
    const dir = goodApp();
    const fifo = join(tempDir(), "pipe.json");
    execFileSync("mkfifo", [fifo]);
    for (const [option, path, kind] of [["--allowlist", fifo, "a named pipe \\(FIFO\\)"], ["--iparams", "/dev/zero", "a device"], ["--responses", tempDir(), "a folder"]] as const) {
      const run = await coverage([dir, option, path]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^fwcall coverage: the (allowlist|iparams file|responses file) is ${kind}`));
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("warns about duplicate keys in the allowlist with their line and column", async () => {
    const dir = goodApp();
    const allowlist = join(withFiles({ "a.json": '{ "allow": [],\n  "allow": [] }' }), "a.json");
    const run = await coverage([dir, "--allowlist", allowlist]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`fwcall coverage: warning: ${allowlist}: key "allow" appears twice in this object: at line 2, column 3, first at line 1, column 3`);
  });

  it("refuses a --timeout or --load-timeout a timer cannot wait (exit 2, one line)", async () => {
    for (const option of ["--timeout", "--load-timeout"]) {
      const run = await coverage([goodApp(), option, "99999999999"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`fwcall coverage: ${option} must be at most 2147483647 ms (about 24.8 days, the longest a timer can wait); found 99999999999\n`);
    }
  });

  it("refuses an --output in a folder that does not exist, and creates none", async () => {
    const missing = join(tempDir(), "no-such-folder");
    const run = await coverage([goodApp(), "--format", "json", "--output", join(missing, "x.json")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`fwcall coverage: --output ${join(missing, "x.json")}: the folder ${missing} does not exist (create it first)\n`);
    expect(existsSync(missing)).toBe(false);
  });

  it("runs --module in a worker: process.exit, an endless loop and a rejection nobody handled are failing cases, never a silent pass or a hang", async () => {
    const dir = withFiles({
      "exits.mjs": "export const onCallCreate = () => { process.exit(0); };\n",
      "loops.mjs": "export const onCallCreate = () => { for (;;) {} };\n",
      "rejects.mjs": "export const onCallCreate = () => { Promise.reject(new Error('nobody caught me')); return { outcome: 'handled' }; };\n",
      "exits-on-load.mjs": "process.exit(0);\nexport const onCallCreate = () => ({ outcome: 'handled' });\n",
    });
    const exits = await coverage(["--module", join(dir, "exits.mjs"), "--format", "json"]);
    expect(exits.code).toBe(1);
    expect(JSON.parse(exits.stdout).cells.find((c: { id: string }) => c.id === "create/incoming/connecting").outcome).toEqual({ kind: "crashed", detail: "the app ended the sandbox (process.exit(0))" });

    const loops = await coverage(["--module", join(dir, "loops.mjs"), "--timeout", "50", "--format", "json"]);
    expect(loops.code).toBe(1);
    const loopCells = JSON.parse(loops.stdout).cells.filter((c: { outcome: { kind: string } }) => c.outcome.kind !== "not-applicable");
    expect(loopCells[0].outcome).toMatchObject({ kind: "timed-out", afterMs: 50 });
    expect(loopCells.at(-1).outcome).toMatchObject({ kind: "timed-out", notRun: true });

    const rejects = await coverage(["--module", join(dir, "rejects.mjs"), "--format", "json"]);
    expect(rejects.code).toBe(1);
    expect(JSON.parse(rejects.stdout).cells.find((c: { id: string }) => c.id === "create/incoming/connecting").outcome).toEqual({ kind: "threw", error: "unhandled promise rejection: Error: nobody caught me" });

    const onLoad = await coverage(["--module", join(dir, "exits-on-load.mjs")]);
    expect(onLoad.code).toBe(2);
    expect(onLoad.stderr).toBe("fwcall coverage: the app ended the sandbox (process.exit(0))\n");
  }, 60_000);
});

describe("fwcall coverage --usage", () => {
  const readingApp = () =>
    withFiles({
      "manifest.json": MANIFEST,
      "server/server.js": `exports = {
        onCallCreateHandler(p) { return { outcome: "ignored", reason: p.data.call.direction }; },
        onCallUpdateHandler(p) { const leg = p.data.call.participants.find((l) => l.connection_type === 0); return { outcome: "ignored", reason: String(leg && leg.call_status) + p.iparams.api_key }; },
      };`,
    });

  it("prints the payload paths each event's handler read, with counts", async () => {
    const run = await coverage([readingApp(), "--usage", "--iparams", withFiles({ "i.json": { api_key: "SECRET-USAGE-KEY" } }) + "/i.json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Payload paths read");
    expect(run.stdout).toMatch(/onCallCreate: 1 path over 11 cases\n\s+data\.call\.direction\s+11\/11/);
    expect(run.stdout).toMatch(/data\.call\.participants\[\]\.call_status\s+\d+\/\d+/);
    expect(run.stdout).not.toContain("SECRET-USAGE-KEY");
    expect(run.stdout).not.toMatch(/^\s+iparams\./m);
  });

  it("carries them in the JSON and HTML reports, and leaves them out without --usage", async () => {
    const dir = readingApp();
    const json = await coverage([dir, "--usage", "--format", "json"]);
    const report = JSON.parse(json.stdout) as { usage: { events: Record<string, { paths: string[] }> }; cells: Array<{ id: string; reads?: string[] }> };
    expect(report.usage.events.onCallCreate!.paths).toEqual(["data.call.direction"]);
    expect(report.cells.find((c) => c.id === "create/incoming/connecting")!.reads).toEqual(["data.call.direction"]);
    const html = await coverage([dir, "--usage", "--format", "html"]);
    expect(html.stdout).toContain("<h2>Payload paths read</h2>");
    expect(html.stdout).toContain("<code>data.call.participants[].connection_type</code>");
    const plain = await coverage([dir, "--format", "json"]);
    expect(plain.stdout).not.toContain('"reads"');
    expect(plain.stdout).not.toContain('"usage"');
  });

  it("refuses --usage with --write-allowlist", async () => {
    const run = await coverage([readingApp(), "--usage", "--write-allowlist"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--usage reports what the handlers read");
  });
});
