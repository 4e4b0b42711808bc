import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applicableCases, caseMatrix } from "@fwcall/cases";
import { validateCallEvent } from "@fwcall/validate";
import { lines, run } from "./helpers.js";

describe("fwcall fixtures list", () => {
  it("lists every case that can happen, one id a line", async () => {
    const result = await run(["fixtures", "list"]);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual(applicableCases().map((c) => c.id));
  });

  it("filters by event, direction, status (name or code) and kind", async () => {
    const byName = await run(["fixtures", "list", "--event", "update", "--direction", "outgoing", "--status", "missed", "--kind", "billing"]);
    expect(lines(byName.stdout)).toEqual(["update/outgoing/missed/billing"]);
    const byCode = await run(["fixtures", "list", "--event", "create", "--status", "13"]);
    expect(lines(byCode.stdout)).toEqual(["create/incoming/connecting", "create/outgoing/connecting"]);
  });

  it("shows the cases that cannot happen with --all, each with its reason", async () => {
    const result = await run(["fixtures", "list", "--all", "--direction", "outgoing", "--status", "queued", "--event", "create"]);
    expect(lines(result.stdout)).toEqual(["create/outgoing/queued  (n/a: only incoming calls are routed to a call queue)"]);
    const json = JSON.parse((await run(["fixtures", "list", "--all", "--json"])).stdout) as unknown[];
    expect(json).toHaveLength(caseMatrix().length);
  });

  it.each([
    [["fixtures", "list", "--status", "sleeping"], /--status must be one of default, answered/],
    [["fixtures", "list", "--kind", "fax"], /--kind must be one of status-change, recording/],
    [["fixtures", "list", "--colour"], /unknown option '--colour'/],
    [["fixtures", "frobnicate"], /unknown subcommand 'frobnicate' \(subcommands: list, show, sequence\)/],
    [["fixtures"], /missing a subcommand/],
  ])("rejects %j with exit 2 and a clear message", async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
  });

  it("prints its help", async () => {
    const result = await run(["fixtures", "list", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: fwcall fixtures <list|show|sequence>");
  });
});

describe("fwcall fixtures show", () => {
  it("prints the payload of a case, the same every time, in both envelopes", async () => {
    const first = await run(["fixtures", "show", "update/incoming/voicemail/recording"]);
    expect(first.code).toBe(0);
    const payload = JSON.parse(first.stdout);
    expect(payload.data.call.participants[0].call_status).toBe(10);
    expect(payload.currentHost).toBeDefined();
    expect((await run(["fixtures", "show", "update/incoming/voicemail/recording"])).stdout).toBe(first.stdout);
    const v2 = JSON.parse((await run(["fixtures", "show", "create/outgoing/connecting", "--platform", "2.x", "--seed", "9"])).stdout);
    expect(v2.account_id).toBe("82918");
    expect(validateCallEvent("onCallCreate", v2, { profile: "strict" }).problems).toEqual([]);
  });

  it("writes an update's changes tuples [old, new] with --changes-order old-new, a create as it is", async () => {
    const id = "update/incoming/voicemail/recording";
    const documented = JSON.parse((await run(["fixtures", "show", id])).stdout);
    const reversed = JSON.parse((await run(["fixtures", "show", id, "--changes-order", "old-new"])).stdout);
    expect(Object.keys(reversed.data.changes).length).toBeGreaterThan(0);
    for (const [key, tuple] of Object.entries(documented.data.changes as Record<string, unknown[]>)) expect(reversed.data.changes[key]).toEqual([...tuple].reverse());
    expect(validateCallEvent("onCallUpdate", reversed).problems.map((p) => p.rule)).toContain("changes:order");
    expect((await run(["fixtures", "show", id, "--changes-order", "new-old"])).stdout).toBe((await run(["fixtures", "show", id])).stdout);
    expect((await run(["fixtures", "show", "create/incoming/connecting", "--changes-order", "old-new"])).stdout).toBe((await run(["fixtures", "show", "create/incoming/connecting"])).stdout);
    const bad = await run(["fixtures", "show", id, "--changes-order", "backwards"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--changes-order must be one of new-old, old-new; found 'backwards'/);
  });

  it("names an unknown id and suggests near ones", async () => {
    const result = await run(["fixtures", "show", "update/incoming/voicemale/recording"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown case id "update\/incoming\/voicemale\/recording"; cases that start alike: update\/incoming\//);
  });

  it("explains a case that cannot happen", async () => {
    const result = await run(["fixtures", "show", "create/incoming/missed"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/create\/incoming\/missed cannot happen: onCallCreate fires when the call starts/);
  });
});

describe("fwcall fixtures sequence", () => {
  it("prints a lifecycle as JSON lines: a create, then valid updates", async () => {
    const result = await run(["fixtures", "sequence", "--direction", "incoming", "--seed", "7"]);
    expect(result.code).toBe(0);
    const events = lines(result.stdout).map((line) => JSON.parse(line));
    expect(events[0].event).toBe("onCallCreate");
    expect(events.length).toBeGreaterThan(1);
    for (const event of events) expect(validateCallEvent(event.event, event, { profile: "strict" }).problems).toEqual([]);
    expect((await run(["fixtures", "sequence", "--direction", "incoming", "--seed", "7"])).stdout).toBe(result.stdout);
  });

  it("replays without the create on request", async () => {
    const result = await run(["fixtures", "sequence", "--seed", "3", "--replay", "without-create"]);
    expect(lines(result.stdout).every((line) => JSON.parse(line).event === "onCallUpdate")).toBe(true);
  });

  it("writes the updates' changes tuples [old, new] with --changes-order old-new: lenient warns once per update, strict refuses", async () => {
    const args = ["fixtures", "sequence", "--direction", "outgoing", "--seed", "5"];
    const documented = lines((await run(args)).stdout).map((line) => JSON.parse(line));
    const reversed = lines((await run([...args, "--changes-order", "old-new"])).stdout).map((line) => JSON.parse(line));
    expect(reversed).toHaveLength(documented.length);
    reversed.forEach((event, i) => {
      const before = documented[i]!;
      for (const [key, tuple] of Object.entries((before.data.changes ?? {}) as Record<string, unknown[]>)) expect(event.data.changes[key]).toEqual([...tuple].reverse());
      if (event.event !== "onCallUpdate" || Object.keys(event.data.changes).length === 0) return;
      expect(validateCallEvent("onCallUpdate", event).problems.filter((p) => p.rule === "changes:order")).toHaveLength(1);
      expect(validateCallEvent("onCallUpdate", event, { profile: "strict" }).valid).toBe(false);
    });
  });

  it("rejects a bad seed", async () => {
    const result = await run(["fixtures", "sequence", "--seed", "seven"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--seed must be a whole number/);
  });
});

describe("fwcall fdk export", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const app = () => {
    const dir = mkdtempSync(join(tmpdir(), "fwcall-cli-fdk-"));
    dirs.push(dir);
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ "platform-version": "3.0", modules: { call: { events: { onCallCreate: { handler: "a" }, onCallUpdate: { handler: "b" } } } } }));
    return dir;
  };

  it("writes the files and says which case each holds", async () => {
    const dir = app();
    const result = await run(["fdk", "export", dir]);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([
      "written   server/test_data/call/onCallCreate.json  (create/incoming/connecting)",
      "written   server/test_data/call/onCallUpdate.json  (update/incoming/answered/recording)",
    ]);
  });

  it("exits 1 when it refuses to overwrite an edited file, and --force overwrites it", async () => {
    const dir = app();
    await run(["fdk", "export", dir]);
    const edited = join(dir, "server/test_data/call/onCallCreate.json");
    writeFileSync(edited, "{}\n");
    const refused = await run(["fdk", "export", dir, "--case", "create/outgoing/connecting"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^refused\s+server\/test_data\/call\/onCallCreate\.json .*use --force/);
    expect(readFileSync(edited, "utf8")).toBe("{}\n");
    expect((await run(["fdk", "export", dir, "--case", "create/outgoing/connecting", "--force"])).code).toBe(0);
  });

  it.each([
    [["fdk", "export"], /missing the app directory/],
    [["fdk", "import", "x"], /unknown subcommand 'import'/],
    [["fdk", "export", "/no/such/fwcall/app"], /no such app directory/],
  ])("rejects %j with exit 2", async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
