// fwcall validate on the test_data of FDK apps (issue 10 item 2): a stored file is judged as the
// FDK delivers it (with currentHost on 3.0, iparams and app_settings added), and the output says
// so; fwcall's .fwcall-export.json and other events' files are skipped with a note.
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import * as fdk from "@fwcall/fdk";
import { describe, expect, it } from "vitest";
import { EXPORT_STATE_FILE, TEST_DATA_DIR } from "../src/commands/validate-fdk.js";
import { lines, readExample, run, withFiles } from "./helpers.js";

// validate-fdk.ts spells these two names itself so that a file outside any app does not load @fwcall/fdk.
it("spells @fwcall/fdk's test_data folder and export record as @fwcall/fdk does", () => {
  expect(TEST_DATA_DIR).toBe(fdk.TEST_DATA_DIR);
  expect(EXPORT_STATE_FILE).toBe(fdk.EXPORT_STATE_FILE);
});

/** A platform 3.0 test_data file as public apps commit it (see payloads/README.md). */
const stored3 = (): Record<string, any> => JSON.parse(readFileSync(new URL("./payloads/fdk-3.0-test-data-onCallCreate.json", import.meta.url), "utf8"));

/** The manifest of a 3.0 app as public apps write it: call events under `call`, another module with `"events": []`. */
const MANIFEST_3 = {
  "platform-version": "3.0",
  modules: {
    call: { events: { onCallCreate: { handler: "onCallCreateHandler" } } },
    support_ticket: { events: [] },
    common: { location: { full_page_app: { url: "index.html", icon: "styles/images/icon.svg" } }, events: {}, functions: { getLastCallPayload: {} }, requests: {} },
  },
  engines: { node: "18.20.8", fdk: "9.7.4" },
};

const MANIFEST_2 = {
  "platform-version": "2.3",
  product: { freshcaller: { events: { onCallCreate: { handler: "onCallCreateHandler" }, onCallUpdate: { handler: "onCallUpdateHandler" } } } },
  engines: { node: "18.20.8", fdk: "9.7.4" },
};

/** A 2.x stored file: the FDK's onCallUpdate sample without what the FDK adds. */
function stored2Update(): Record<string, unknown> {
  const { iparams: _iparams, app_settings: _settings, ...stored } = readExample("on-call-update/fdk-default.json");
  return stored;
}

describe("fwcall validate: a 3.0 app's test_data", () => {
  const app = () =>
    withFiles({
      "manifest.json": MANIFEST_3,
      "server/test_data/call/onCallCreate.json": stored3(),
      "server/test_data/.fwcall-export.json": { version: 1, files: {} },
      "server/test_data/validateVIPCall.json": { data: { actions: [{ name: "validateVIPCall" }] } },
    });

  it("judges a stored file as the FDK delivers it and says so; lenient accepts it (exit 0)", async () => {
    const dir = app();
    const folder = join(dir, "server/test_data");
    const file = join(folder, "call/onCallCreate.json");
    const result = await run(["validate", folder]);
    expect(result.stderr).toBe("");
    const out = lines(result.stdout);
    expect(out).toContain(`${join(folder, ".fwcall-export.json")}: note: skipped: fwcall's record of exported test_data files, not a payload`);
    expect(out).toContain(`${file}: note: judged as the FDK delivers it to the platform 3.0 app in ${dir}: currentHost, iparams, app_settings added`);
    expect(out).toContain(
      `${join(folder, "validateVIPCall.json")}: note: skipped: not a call event's test_data (it names no event; fwcall checks onCallCreate and onCallUpdate)`,
    );
    expect(out.filter((line) => line.includes(" error "))).toEqual([]);
    expect(out).toContain(`${file}: warning /data/call/call_notes: must be null on onCallCreate, found "customer wants to change the delivery date" [create:call-notes-null]`);
    expect(out.at(-1)).toMatch(/^1 file: 1 valid, 0 invalid, \d+ warnings?$/);
    expect(result.code).toBe(0);
  });

  it("holds the delivered payload to the documented contract under strict", async () => {
    const dir = app();
    const result = await run(["validate", "--profile", "strict", "--json", join(dir, "server/test_data")]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.notes.map((n: { note: string }) => n.note)).toEqual([
      "skipped: fwcall's record of exported test_data files, not a payload",
      `judged as the FDK delivers it to the platform 3.0 app in ${dir}: currentHost, iparams, app_settings added`,
      "skipped: not a call event's test_data (it names no event; fwcall checks onCallCreate and onCallUpdate)",
    ]);
    const rules = report.files[0].problems.map((p: { rule: string }) => p.rule);
    expect(rules).toContain("create:call-notes-null");
    expect(rules.filter((rule: string) => rule.startsWith("schema:"))).toEqual([]);
  });

  it("validates the same file as it is outside an app, where nothing is added", async () => {
    const dir = withFiles({ "onCallCreate.json": stored3() });
    const result = await run(["validate", join(dir, "onCallCreate.json")]);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain("note:");
    expect(result.stdout).toContain("[schema:anyOf]");
  });

  it("names the app as the path was written, relative paths included", async () => {
    const dir = withFiles({ "manifest.json": MANIFEST_3, "server/test_data/call/onCallCreate.json": stored3() });
    const before = process.cwd();
    process.chdir(dir);
    try {
      const inside = await run(["validate", "server/test_data/call/onCallCreate.json"]);
      expect(inside.stdout).toContain("server/test_data/call/onCallCreate.json: note: judged as the FDK delivers it to the platform 3.0 app in .: currentHost");
      process.chdir(join(dir, ".."));
      const beside = await run(["validate", join(basename(dir), "server/test_data")]);
      expect(beside.stdout).toContain(`note: judged as the FDK delivers it to the platform 3.0 app in ${basename(dir)}: currentHost`);
    } finally {
      process.chdir(before);
    }
  });

  it("warns when a file's event differs from the event the FDK reads it as", async () => {
    const dir = withFiles({ "manifest.json": MANIFEST_3, "server/test_data/call/onCallCreate.json": { ...stored3(), event: "onCallUpdate" } });
    const result = await run(["validate", join(dir, "server/test_data/call/onCallCreate.json")]);
    expect(result.stdout).toContain(
      "warning /event: the FDK reads this file as the onCallCreate payload (server/test_data/call/onCallCreate.json), but its event is \"onCallUpdate\" [fdk:event-file]",
    );
  });

  it("exits 2 naming the manifest when the app's manifest cannot be read", async () => {
    const dir = withFiles({ "manifest.json": { "platform-version": "4.0", modules: {} }, "server/test_data/call/onCallCreate.json": stored3() });
    const file = join(dir, "server/test_data/call/onCallCreate.json");
    const result = await run(["validate", file]);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: cannot tell how the FDK delivers this test_data file: .*manifest\\.json`));
  });
});

describe("fwcall validate: a 2.x app's test_data", () => {
  it("adds iparams and app_settings only, and strict accepts the FDK's sample", async () => {
    const dir = withFiles({ "manifest.json": MANIFEST_2, "server/test_data/onCallUpdate.json": stored2Update() });
    const file = join(dir, "server/test_data/onCallUpdate.json");
    const result = await run(["validate", "--profile", "strict", file]);
    expect(lines(result.stdout)).toEqual([
      `${file}: note: judged as the FDK delivers it to the platform 2.3 app in ${dir}: iparams, app_settings added`,
      "1 file: 1 valid, 0 invalid, 0 warnings",
    ]);
    expect(result.code).toBe(0);
  });
});

describe("fwcall fdk export, then fwcall validate --profile strict on the test_data folder", () => {
  const events = { onCallCreate: { handler: "onCallCreateHandler" }, onCallUpdate: { handler: "onCallUpdateHandler" } };
  it.each([
    ["2.x", { "platform-version": "2.3", product: { freshcaller: { events } } }],
    ["2.x multi-product", { "platform-version": "2.3", product: { freshdesk: { events: [] }, freshcaller: { events } } }],
    ["3.0", { "platform-version": "3.0", modules: { common: {}, call: { events } } }],
    ["3.0 caller_conversation", { "platform-version": "3.0", modules: { common: {}, caller_conversation: { events } } }],
  ])("passes for a %s app, the export record skipped", async (_layout, manifest) => {
    const dir = withFiles({ "manifest.json": manifest });
    expect((await run(["fdk", "export", dir])).code).toBe(0);
    const result = await run(["validate", "--profile", "strict", join(dir, "server/test_data")]);
    expect(result.stderr).toBe("");
    const out = lines(result.stdout);
    expect(out.filter((line) => !line.includes(": note: "))).toEqual(["2 files: 2 valid, 0 invalid, 0 warnings"]);
    expect(out.filter((line) => line.includes("note: skipped: fwcall's record"))).toHaveLength(1);
    expect(out.filter((line) => line.includes("note: judged as the FDK delivers it"))).toHaveLength(2);
    expect(result.code).toBe(0);
  });
});
