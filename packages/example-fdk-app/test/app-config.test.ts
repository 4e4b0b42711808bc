// The app's configuration holds together: the manifest's handlers exist, every template the
// server invokes is declared and defined, the templates use only declared iparams, and the
// API key is a secure iparam.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { APP_DIR, loadApp } from "./app.js";

const json = (path: string) => JSON.parse(readFileSync(join(APP_DIR, path), "utf8"));
const manifest = json("manifest.json");
const requests = json("config/requests.json") as Record<string, { schema: Record<string, unknown> }>;
const iparams = json("config/iparams.json") as Record<string, { secure?: boolean; type: string }>;
const server = readFileSync(join(APP_DIR, "server/server.js"), "utf8");

describe("manifest.json", () => {
  it("is a platform 3.0 manifest with the engines the FDK pins", () => {
    expect(manifest["platform-version"]).toBe("3.0");
    expect(manifest.engines).toEqual({ node: "18.20.8", fdk: "9.7.4" });
  });

  it("maps both call events to handlers that server.js exports", async () => {
    const { sandbox } = await loadApp();
    expect(manifest.modules.call.events).toEqual({ onCallCreate: { handler: "onCallCreateHandler" }, onCallUpdate: { handler: "onCallUpdateHandler" } });
    expect(sandbox.handlers).toEqual({ onCallCreate: "onCallCreateHandler", onCallUpdate: "onCallUpdateHandler" });
    expect([...sandbox.exported].sort()).toEqual(["onCallCreateHandler", "onCallUpdateHandler"]);
  });

  it("declares every request template that server.js invokes, and config/requests.json defines each", () => {
    const invoked = [...server.matchAll(/invoke\("(\w+)"/g)].map((m) => m[1]).sort();
    expect(invoked).toEqual(["addNote", "createTicket"]);
    expect(Object.keys(manifest.modules.common.requests).sort()).toEqual(invoked);
    expect(Object.keys(requests).sort()).toEqual(invoked);
  });
});

describe("server.js", () => {
  it("is a plain script for the FDK's sandbox: a bare exports assignment, no module.exports, no timers", () => {
    expect(server).toMatch(/^exports = \{$/m);
    const code = server.replace(/^\s*\/\/.*$/gm, "");
    expect(code).not.toMatch(/module\.exports|\bimport\s|setTimeout|setInterval|setImmediate/);
  });
});

describe("config/requests.json", () => {
  it("posts to Freshdesk on the installed domain with the API key as Basic auth", () => {
    expect(requests.createTicket!.schema).toMatchObject({ method: "POST", host: "<%= iparam.freshdesk_domain %>", path: "/api/v2/tickets" });
    expect(requests.addNote!.schema).toMatchObject({ method: "POST", host: "<%= iparam.freshdesk_domain %>", path: "/api/v2/tickets/<%= context.ticket_id %>/notes" });
    for (const template of Object.values(requests)) {
      expect(template.schema.headers).toEqual({ Authorization: "Basic <%= encode(iparam.freshdesk_api_key) %>", "Content-Type": "application/json" });
    }
  });

  it("uses only iparams that config/iparams.json declares, and the key is secure", () => {
    const used = new Set([...JSON.stringify(requests).matchAll(/iparam\.(\w+)/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(Object.keys(iparams).sort());
    expect(iparams.freshdesk_api_key).toMatchObject({ secure: true, type: "api_key" });
    expect(iparams.freshdesk_domain).toMatchObject({ type: "domain" });
    expect(server).not.toMatch(/iparams/);
  });
});
