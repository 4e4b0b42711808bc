import { describe, expect, it } from "vitest";
import { buildCase } from "@fwcall/cases";
import { FdkAppError, loadFdkApp } from "../src/index.js";
import { IPARAMS, SECRET, SHORT, GENEROUS, app, manifest3, withFiles, MODULES } from "./helpers.js";

describe("loadFdkApp", () => {
  it("reads a platform 3.0 app: handlers from modules.call.events, templates, exported functions", async () => {
    const loaded = await loadFdkApp(app("blackbox-app"));
    expect(loaded.platform).toBe("3.0");
    expect(loaded.handlers).toEqual({ onCallCreate: "onCallCreateHandler", onCallUpdate: "onCallUpdateHandler" });
    expect(loaded.exported.sort()).toEqual(["onCallCreateHandler", "onCallUpdateHandler"]);
    expect(loaded.templates).toEqual(["createTicket", "lookupContact"]);
    expect(loaded.timeoutMs).toBe(20_000);
  });

  it("reads a platform 2.x app: handlers from product.freshcaller.events", async () => {
    const loaded = await loadFdkApp(app("v2-app"));
    expect(loaded.platform).toBe("2.x");
    expect(loaded.handlers).toEqual({ onCallCreate: "onCallCreateCallback", onCallUpdate: "onCallUpdateCallback" });
  });

  it("leaves an event the manifest does not subscribe to undefined", async () => {
    const loaded = await loadFdkApp(app("v3-app"));
    expect(loaded.handlers).toEqual({ onCallCreate: undefined, onCallUpdate: "onCallUpdateHandler" });
    await expect(loaded.invoke("onCallCreate", buildCase("create/incoming/connecting"))).rejects.toThrow(/does not subscribe to onCallCreate/);
  });

  it.each([
    ["no app directory", null, /app directory not found/],
    ["no manifest", { "server/server.js": "exports = {};" }, /manifest.json: cannot read the app's manifest \(ENOENT\); is .* a Freshworks app directory\?/],
    ["a manifest that is not JSON", { "manifest.json": "{", "server/server.js": "exports = {};" }, /manifest.json:1:2: not valid JSON/],
    ["no platform-version", { "manifest.json": {}, "server/server.js": "exports = {};" }, /"platform-version" must be a string such as "3.0"/],
    ["no server.js", { "manifest.json": manifest3({ onCallCreate: "h" }) }, /server\/server.js not found/],
    ["a server.js that does not compile", { "manifest.json": manifest3({ onCallCreate: "h" }), "server/server.js": "exports = {" }, /does not compile/],
    ["a server.js that throws while loading", { "manifest.json": manifest3({ onCallCreate: "h" }), "server/server.js": "throw new Error('no config');" }, /failed to load: Error: no config/],
    ["a handler the manifest names that server.js does not export", { "manifest.json": manifest3({ onCallCreate: "h", onCallUpdate: "u" }), "server/server.js": "exports = { h() {} };" }, /^manifest.json names u \(onCallUpdate\) as handler, but server\/server.js exports no function of that name \(it exports: h\)/],
    ["no exports assignment", { "manifest.json": manifest3({ onCallCreate: "h" }), "server/server.js": "const x = 1;" }, /does not assign `exports = \{ … \}`/],
    ["a handler without a name", { "manifest.json": manifest3({ onCallCreate: "" }), "server/server.js": "exports = {};" }, /modules.call.events.onCallCreate must be \{ "handler": "<function name exported by server\/server.js>" \}/],
  ])("refuses %s with an FdkAppError", async (_what, files, message) => {
    const dir = files === null ? "/nonexistent/fwcall-app" : withFiles(files as Record<string, unknown>);
    const error = await loadFdkApp(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FdkAppError);
    expect((error as Error).message).toMatch(message);
  });

  it("stops a server.js that loops while loading, under a limit of its own", async () => {
    const dir = withFiles({ "manifest.json": manifest3({ onCallCreate: "h" }), "server/server.js": "for (;;) {}" });
    await expect(loadFdkApp(dir, { loadTimeoutMs: SHORT })).rejects.toThrow(`server/server.js did not finish loading within ${SHORT} ms`);
  });

  it("gives loading its own limit: a slow server.js loads though the handler limit is short", async () => {
    const dir = withFiles({
      "manifest.json": manifest3({ onCallCreate: "h" }),
      "server/server.js": "const until = Date.now() + 150; while (Date.now() < until) {} exports = { h() { return { outcome: 'handled' }; } };",
    });
    const loaded = await loadFdkApp(dir, { timeoutMs: 20 });
    expect(loaded.exported).toEqual(["h"]);
  });

  it.each([
    ["exports = …; module.exports = exports (FDK 10.1.2 accepts it)", "exports = { h() { return { outcome: 'handled', detail: 'bare' }; } };\nmodule.exports = exports;", "bare"],
    ["module.exports alone", "module.exports = { h() { return { outcome: 'handled', detail: 'module' }; } };", "module"],
  ])("reads the handlers of %s", async (_what, source, detail) => {
    const dir = withFiles({ "manifest.json": manifest3({ onCallCreate: "h" }), "server/server.js": source });
    const run = await (await loadFdkApp(dir)).invoke("onCallCreate", buildCase("create/incoming/connecting"));
    expect(run.returned).toEqual({ outcome: "handled", detail });
  });

});

describe("the sandbox", () => {
  it("gives the handler its payload with the iparams, and records requests, $db and renderData", async () => {
    const loaded = await loadFdkApp(app("blackbox-app"), { iparams: IPARAMS, responses: { createTicket: { id: 7 } } });
    const run = await loaded.invoke("onCallUpdate", buildCase("update/incoming/missed/status-change"));
    expect(run.error).toBeNull();
    expect(run.timedOut).toBe(false);
    expect(run.requests).toEqual([{ template: "createTicket", options: { body: expect.stringContaining("Missed call") } }]);
    expect(run.db.map((op) => `${op.op} ${op.key}`)).toEqual(["set stats", "update stats", "update stats"]);
    const next = await loaded.invoke("onCallCreate", buildCase("create/incoming/connecting"));
    expect(next.db.map((op) => op.op)).toEqual(["set", "update"]); // the stats record exists now: setIf not_exist refused
    expect(next.schedules).toEqual([{ op: "create", name: expect.stringMatching(/^reminder-/), options: expect.anything() }]);
  });

  it("gives generateTargetUrl on both platforms, 2.x $request.get/post/put/patch/delete by method and URL, and says 3.0 has none", async () => {
    const v2 = withFiles({
      "manifest.json": { "platform-version": "2.3", product: { freshcaller: { events: { onCallCreate: { handler: "h" } } } } },
      "server/server.js": `exports = { async h() {
        const url = await generateTargetUrl();
        const got = await $request.get("https://crm.example.test/a", { headers: { Authorization: "Bearer x" } });
        await $request.post("https://crm.example.test/b", { json: { n: 1 } });
        const failed = await $request.delete("https://crm.example.test/c").catch((e) => e.status);
        return { url, got: got.response, failed };
      } };`,
    });
    const loaded = await loadFdkApp(v2, { responses: { "GET https://crm.example.test/a": { ok: 1 }, "DELETE https://crm.example.test/c": { status: 404, response: "gone" } } });
    const run = await loaded.invoke("onCallCreate", buildCase("create/incoming/connecting", { platform: "2.x" }));
    expect(run.returned).toEqual({ url: "https://fwcall-target-url.test/webhook", got: '{"ok":1}', failed: 404 });
    expect(run.requests.map((r) => r.template)).toEqual(["GET https://crm.example.test/a", "POST https://crm.example.test/b", "DELETE https://crm.example.test/c"]);
    const v3 = withFiles({ "manifest.json": manifest3({ onCallCreate: "h" }), "server/server.js": "exports = { async h() { return { url: await generateTargetUrl(), get: typeof $request.get }; } };" });
    expect((await (await loadFdkApp(v3)).invoke("onCallCreate", buildCase("create/incoming/connecting"))).returned).toEqual({ url: "https://fwcall-target-url.test/webhook", get: "function" });
  });

  it("reports what $db holds after each invocation", async () => {
    const loaded = await loadFdkApp(app("blackbox-app"));
    const run = await loaded.invoke("onCallCreate", buildCase("create/incoming/connecting"));
    expect(run.dbAfter).toEqual({ stats: { missed: 0, created: 1, tickets: [] } });
  });

  it("keeps $db across invocations until reset", async () => {
    const loaded = await loadFdkApp(app("blackbox-app"));
    await loaded.invoke("onCallCreate", buildCase("create/incoming/connecting"));
    const again = await loaded.invoke("onCallCreate", buildCase("create/incoming/connecting"));
    expect(again.schedules).toHaveLength(1);
    expect(again.error).toMatch(/A schedule with this name already exists/);
    loaded.reset();
    expect((await loaded.invoke("onCallCreate", buildCase("create/incoming/connecting"))).error).toBeNull();
  });

  it("has no timers, as on the platform, and gives the 2.x envelope to a 2.x app", async () => {
    const dir = withFiles({
      "manifest.json": { "platform-version": "2.3", product: { freshcaller: { events: { onCallCreate: { handler: "h" } } } } },
      "server/server.js": "exports = { h(p) { renderData(null, { timers: [typeof setTimeout, typeof setInterval, typeof setImmediate, typeof queueMicrotask, typeof process], account: p.account_id, host: p.currentHost === undefined }); } };",
    });
    const run = await (await loadFdkApp(dir)).invoke("onCallCreate", buildCase("create/incoming/connecting", { platform: "2.x" }));
    expect(run.rendered).toEqual({ error: null, data: { timers: ["undefined", "undefined", "undefined", "undefined", "undefined"], account: "82918", host: true } });
  });

  it("lets the app require npm and workspace packages, or the modules given", async () => {
    const dir = withFiles({
      "manifest.json": manifest3({ onCallCreate: "h" }),
      "server/server.js": "const path = require('node:path'); const t = require('@fwcall/types'); exports = { h() { return { outcome: 'handled', detail: path.basename('/a/b') + ' ' + typeof t.matchCallStatus }; } };",
    });
    const run = await (await loadFdkApp(dir, { modules: MODULES })).invoke("onCallCreate", buildCase("create/incoming/connecting"));
    expect(run.returned).toEqual({ outcome: "handled", detail: "b function" });
  });

  it("records the matcher branches an app takes through require('@fwcall/types')", async () => {
    const loaded = await loadFdkApp(app("matcher-gap-app"), { modules: MODULES });
    const handled = await loaded.invoke("onCallUpdate", buildCase("update/incoming/missed/recording"));
    expect(handled.branches).toEqual([{ enumName: "CallStatus", branch: "missed", value: 3 }]);
    const gap = await loaded.invoke("onCallUpdate", buildCase("update/incoming/voicemail/recording"));
    expect(gap.branches).toEqual([{ enumName: "CallStatus", branch: "unknown", value: 10 }]);
  });

  it("hands the app a copy of the payload in its own realm", async () => {
    const dir = withFiles({
      "manifest.json": manifest3({ onCallCreate: "h" }),
      "server/server.js": "exports = { h(p) { const isArray = p.data.call.participants instanceof Array; p.data.call.id = -1; return { isArray }; } };",
    });
    const payload = buildCase("create/incoming/connecting");
    const id = payload.data.call.id;
    const run = await (await loadFdkApp(dir)).invoke("onCallCreate", payload);
    expect(run.returned).toEqual({ isArray: true });
    expect(payload.data.call.id).toBe(id);
  });

  it("captures console output with every iparams value redacted", async () => {
    const loaded = await loadFdkApp(app("v3-app"), { iparams: IPARAMS });
    const run = await loaded.invoke("onCallUpdate", buildCase("update/incoming/answered/recording"));
    expect(run.logs).toEqual([expect.stringMatching(/^log: using key \[redacted iparam\] for call \d+$/)]);
    const failed = await loaded.invoke("onCallUpdate", buildCase("update/incoming/failed/status-change"));
    expect(failed.error).toBe("Error: request with key [redacted iparam] failed (server/server.js:8)");
    expect(JSON.stringify([run, failed].map(({ returned: _r, ...rest }) => rest))).not.toContain(SECRET);
  });

  it("redacts iparams however they are logged: whole objects, JSON, nested values", async () => {
    const dir = withFiles({
      "manifest.json": manifest3({ onCallCreate: "h" }),
      "server/server.js": "exports = { h(p) { console.log(p.iparams); console.info(JSON.stringify(p)); console.warn('%s', p.iparams.nested.token); console.error(new Error('bad ' + p.iparams.api_key)); } };",
    });
    const iparams = { ...IPARAMS, nested: { token: "tok'en\"with-quotes" } };
    const run = await (await loadFdkApp(dir, { iparams })).invoke("onCallCreate", buildCase("create/incoming/connecting"));
    expect(run.logs).toHaveLength(4);
    const text = run.logs.join("\n");
    for (const secret of [SECRET, "tok'en", 'en"with', "en\\\"with", "acme.freshdesk.com"]) expect(text).not.toContain(secret);
    expect(text).toContain("[redacted iparam]");
  });

  it("redacts the iparams a payload brings itself when the load gave none", async () => {
    const loaded = await loadFdkApp(app("v3-app"));
    const run = await loaded.invoke("onCallUpdate", { ...buildCase("update/incoming/failed/notes"), iparams: IPARAMS });
    expect(run.logs).toEqual([expect.stringContaining("using key [redacted iparam]")]);
    expect(run.error).toContain("[redacted iparam]");
    expect(JSON.stringify(run.logs) + run.error).not.toContain(SECRET);
  });

  it("reports a synchronous throw, a rejection and a rendered error with where they happened", async () => {
    const loaded = await loadFdkApp(app("throws-app"));
    expect((await loaded.invoke("onCallCreate", buildCase("create/incoming/connecting"))).error).toBe("TypeError: Cannot read properties of undefined (reading 'id') (server/server.js:4)");
    expect((await loaded.invoke("onCallUpdate", buildCase("update/incoming/missed/notes"))).error).toBe("Record not found (status 404)");
    const rendered = await loaded.invoke("onCallUpdate", buildCase("update/incoming/answered/notes"));
    expect(rendered.error).toBeNull();
    expect(rendered.rendered).toEqual({ error: { status: 500, message: "could not reach the CRM" }, data: null });
  });

  it("waits for a handler that returns nothing but finishes through renderData later", async () => {
    const loaded = await loadFdkApp(app("v2-app"), { responses: { notifySlack: () => Promise.resolve({ ok: true }) } });
    const run = await loaded.invoke("onCallUpdate", buildCase("update/incoming/missed/status-change", { platform: "2.x" }));
    expect(run.returned).toBeUndefined();
    expect(run.rendered).toEqual({ error: null, data: { outcome: "handled", detail: "notified Slack" } });
  });
});

describe("the time limit", () => {
  it.each([
    ["a synchronous loop", "create/incoming/connecting", "onCallCreate"],
    ["an endless promise chain", "update/incoming/missed/status-change", "onCallUpdate"],
    ["a promise that never settles", "update/incoming/voicemail/status-change", "onCallUpdate"],
  ] as const)("stops %s and reports it", async (_what, id, event) => {
    const loaded = await loadFdkApp(app("loop-app"), { timeoutMs: GENEROUS });
    const started = performance.now();
    const run = await loaded.invoke(event, buildCase(id));
    expect(run.timedOut).toBe(true);
    expect(run.error).toBeNull();
    expect(performance.now() - started).toBeLessThan(10_000); // stopped at its limit, not the FDK's 20 s
    // The app is loaded afresh after a stop, and works.
    const next = await loaded.invoke("onCallUpdate", buildCase("update/incoming/answered/recording"));
    expect(next.timedOut).toBe(false);
    expect(next.returned).toEqual({ outcome: "handled", detail: "loaded 1 time(s)" });
  });

  it("defaults to the FDK's 20 s", async () => {
    expect((await loadFdkApp(app("loop-app"))).timeoutMs).toBe(20_000);
  });
});
