// The files an app is made of: its own required files evaluated the FDK way, and files that are
// not regular files (a FIFO, a device, a folder) refused before anything reads them.
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCase } from "@fwcall/cases";
import { FdkAppError, loadFdkApp, loadModuleFile, runCoverage } from "../src/index.js";
import { GENEROUS, manifest3, withFiles } from "./helpers.js";

const HANDLER = `exports = { async h(args) { await log.append("created"); renderData(null, { outcome: "handled", entries: (await log.read()).length, local: typeof helper.shout, viaModule: viaModule.twice(2) }); } };`;

describe("the app's own required files", () => {
  it("exports what a bare `exports = { … }` assigns, as server.js does, with the platform's globals in reach", async () => {
    const dir = withFiles({
      "manifest.json": manifest3({ onCallCreate: "h" }),
      "server/server.js": `const log = require("./lib/event-log"); const helper = require("./lib/helper.js"); const viaModule = require("./lib/via-module");\n${HANDLER}`,
      // Freshworks' generated lib files: a bare assignment, using $db like server.js.
      "server/lib/event-log.js": `async function append(e) { const old = await read(); await $db.set("log", { entries: [...old, e] }); }\nasync function read() { try { return (await $db.get("log")).entries; } catch (err) { if (err.status === 404) return []; throw err; } }\nexports = { append, read };`,
      "server/lib/helper.js": `exports.shout = (s) => s.toUpperCase();`,
      "server/lib/via-module.js": `const helper = require("./helper"); module.exports = { twice: (n) => n * 2, shout: helper.shout };`,
    });
    const loaded = await loadFdkApp(dir, { timeoutMs: GENEROUS * 5 });
    const run = await loaded.invoke("onCallCreate", buildCase("create/incoming/connecting"));
    expect(run.error).toBeNull();
    expect(run.rendered).toEqual({ error: null, data: { outcome: "handled", entries: 1, local: "function", viaModule: 4 } });
    await loaded.close?.();
  });
});

const APP = { "manifest.json": manifest3({ onCallCreate: "h" }) };

describe("files that are not regular files", () => {
  const mkfifo = (path: string) => execFileSync("mkfifo", [path]);

  it("refuses a server.js that is a FIFO, without reading it", async () => {
    const dir = withFiles(APP);
    mkdirSync(join(dir, "server"));
    mkfifo(join(dir, "server", "server.js"));
    await expect(loadFdkApp(dir)).rejects.toThrow(/server\/server.js is a named pipe \(FIFO\), not a regular file/);
  });

  it("refuses a server.js that links to /dev/zero", async () => {
    const dir = withFiles(APP);
    mkdirSync(join(dir, "server"));
    symlinkSync("/dev/zero", join(dir, "server", "server.js"));
    await expect(loadFdkApp(dir)).rejects.toThrow(/server\/server.js is a device, not a regular file/);
  });

  it("says a server.js that is a folder is a folder, not missing", async () => {
    const dir = withFiles(APP);
    mkdirSync(join(dir, "server", "server.js"), { recursive: true });
    await expect(loadFdkApp(dir)).rejects.toThrow(FdkAppError);
    await expect(loadFdkApp(dir)).rejects.toThrow(/server\/server.js is a folder/);
  });

  it("follows a link to a regular file", async () => {
    const dir = withFiles({ ...APP, "server/real.js": `exports = { h() { return { outcome: "handled" }; } };` });
    symlinkSync(join(dir, "server", "real.js"), join(dir, "server", "server.js"));
    expect((await loadFdkApp(dir)).exported).toEqual(["h"]);
  });

  it("refuses a module file that is a FIFO, and limits a timer cannot wait", async () => {
    const dir = withFiles({});
    mkfifo(join(dir, "m.mjs"));
    await expect(loadModuleFile(join(dir, "m.mjs"))).rejects.toThrow(/the module is a named pipe \(FIFO\), not a regular file/);
    await expect(loadFdkApp(withFiles({ ...APP, "server/server.js": "exports = { h() {} };" }), { timeoutMs: 99_999_999_999 })).rejects.toThrow("timeoutMs must be at most 2147483647; found 99999999999");
  });

  it("makes a required file that is a FIFO a load failure that names it", async () => {
    const dir = withFiles({ ...APP, "server/server.js": `const lib = require("./lib.js"); exports = { h() {} };` });
    mkfifo(join(dir, "server", "lib.js"));
    await expect(loadFdkApp(dir, { loadTimeoutMs: GENEROUS * 5 })).rejects.toThrow(/'\.\/lib.js' \(required\) is a named pipe \(FIFO\), not a regular file: .*server\/lib.js/);
  });

  it("refuses a required JSON file that is a FIFO before Node's require reads it (the worker would block for ever)", async () => {
    const dir = withFiles({ ...APP, "server/server.js": `const data = require("./data.json"); exports = { h() {} };` });
    mkfifo(join(dir, "server", "data.json"));
    await expect(loadFdkApp(dir, { loadTimeoutMs: GENEROUS * 5 })).rejects.toThrow(/failed to load: Error: '\.\/data.json' \(required\) is a named pipe \(FIFO\)/);
  });
});

describe("a module file", () => {
  it("is imported in a worker of its own and run over the matrix like an app, its console captured and redacted", async () => {
    const dir = withFiles({ "m.cjs": `module.exports = { onCallUpdate(p) { console.log("key", p.iparams.key); return { outcome: "ignored", reason: "status " + p.data.call.participants[0].call_status }; } };` });
    const module = await loadModuleFile(join(dir, "m.cjs"), { iparams: { key: "k-secret-99" }, name: "m.cjs" });
    try {
      expect(module.exported).toEqual(["onCallUpdate"]);
      const report = await runCoverage(module);
      expect(report.target).toBe("m.cjs");
      const cell = report.cells.find((c) => c.id === "update/incoming/missed/notes")!;
      expect(cell.outcome).toEqual({ kind: "ignored", reason: "status 3" });
      expect(cell.logs).toEqual(["log: key [redacted iparam]"]);
      expect(report.cells.find((c) => c.id === "create/incoming/connecting")!.outcome.kind).toBe("not-applicable");
    } finally {
      await module.close?.();
    }
  });
});
