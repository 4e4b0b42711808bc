import { describe, expect, it } from "vitest";
import { Platform, type Realm } from "../src/fakes.js";

/** The fakes in our own realm, so the test can await them directly. */
const realm: Realm = {
  resolve: (v) => Promise.resolve(v),
  reject: (e) => Promise.reject(e),
  follow: (p) => p,
  clone: (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v))),
  error: (message) => new Error(message),
};

const platform = (responses: Record<string, unknown> = {}) => new Platform(realm, new Set(["createTicket", "addNote"]), responses);

describe("$db", () => {
  it("sets, gets a copy, and rejects a missing key with the FDK's 404", async () => {
    const { $db, recording } = platform();
    const value = { a: 1, nested: { b: [1, 2] } };
    await expect($db.set("k", value)).resolves.toEqual({ Created: true });
    value.a = 2;
    const got = (await $db.get("k")) as { a: number };
    expect(got).toEqual({ a: 1, nested: { b: [1, 2] } });
    got.a = 3;
    await expect($db.get("k")).resolves.toMatchObject({ a: 1 });
    await expect($db.get("nope")).rejects.toEqual({ status: 404, message: "Record not found" });
    expect(recording.db.map((op) => `${op.op} ${op.key}`)).toEqual(["set k", "get k", "get k", "get nope"]);
  });

  it("honours setIf exist / not_exist", async () => {
    const { $db } = platform();
    await expect($db.set("k", { v: 1 }, { setIf: "exist" })).rejects.toMatchObject({ status: 400 });
    await expect($db.set("k", { v: 1 }, { setIf: "not_exist" })).resolves.toEqual({ Created: true });
    await expect($db.set("k", { v: 2 }, { setIf: "not_exist" })).rejects.toEqual({ status: 400, message: "The setIf conditional request failed" });
    await expect($db.set("k", { v: 3 }, { setIf: "exist" })).resolves.toEqual({ Created: true });
    await expect($db.get("k")).resolves.toEqual({ v: 3 });
  });

  it("refuses an empty key or a value that is not a non-empty object", async () => {
    const { $db } = platform();
    await expect($db.set("", { v: 1 })).rejects.toMatchObject({ status: 400 });
    await expect($db.set("k", {})).rejects.toMatchObject({ status: 400 });
    await expect($db.set("k", "text")).rejects.toMatchObject({ status: 400 });
  });

  it("updates with set, increment, append and remove, paths included", async () => {
    const { $db } = platform();
    await $db.set("k", { count: 1, list: ["a"], profile: { name: "x", city: "y" } });
    await expect($db.update("k", "increment", { count: 2, "stats.calls": 1 })).resolves.toEqual({ Updated: true });
    await $db.update("k", "append", { list: ["b", "c"], fresh: [1] });
    await $db.update("k", "set", { "profile.name": "z", flag: true });
    await $db.update("k", "remove", ["profile.city", "flag"]);
    await expect($db.get("k")).resolves.toEqual({ count: 3, stats: { calls: 1 }, list: ["a", "b", "c"], fresh: [1], profile: { name: "z" } });
  });

  it("rejects an update of a missing key, of a bad type, or on mismatched attributes", async () => {
    const { $db } = platform();
    await expect($db.update("nope", "set", { a: 1 })).rejects.toEqual({ status: 404, message: "Record not found" });
    await $db.set("k", { n: "text", list: 1 });
    await expect($db.update("k", "multiply", { n: 2 })).rejects.toMatchObject({ status: 400, message: expect.stringContaining("Invalid update type") });
    await expect($db.update("k", "increment", { n: 1 })).rejects.toMatchObject({ status: 400 });
    await expect($db.update("k", "append", { list: [2] })).rejects.toMatchObject({ status: 400 });
  });

  it("refuses attribute paths that would reach a prototype", async () => {
    const { $db } = platform();
    await $db.set("k", { v: 1 });
    for (const [type, attrs] of [["set", { "__proto__.polluted": 1 }], ["set", { "constructor.prototype.polluted": 1 }], ["append", { "__proto__.list": [1] }], ["remove", ["__proto__.x"]]] as const) {
      await expect($db.update("k", type, attrs)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/Invalid attribute path/) });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("list");
    await expect($db.get("k")).resolves.toEqual({ v: 1 });
  });

  it("deletes, with 404 for a missing key; reset empties the store", async () => {
    const p = platform();
    await p.$db.set("k", { v: 1 });
    await expect(p.$db.delete("k")).resolves.toEqual({ Deleted: true });
    await expect(p.$db.delete("k")).rejects.toMatchObject({ status: 404 });
    await p.$db.set("k", { v: 1 });
    p.reset();
    await expect(p.$db.get("k")).rejects.toMatchObject({ status: 404 });
  });
});

describe("$request.invokeTemplate", () => {
  it("answers the FDK's default response and records each call", async () => {
    const p = platform();
    await expect(p.$request.invokeTemplate("createTicket", { body: "{}" })).resolves.toEqual({ status: 200, headers: {}, response: "{}" });
    expect(p.recording.requests).toEqual([{ template: "createTicket", options: { body: "{}" } }]);
  });

  it("answers scripted bodies, full responses and functions; a status of 400 or more rejects", async () => {
    const p = platform({
      createTicket: (_options: unknown, call: number) => ({ id: 100 + call }),
      addNote: { status: 429, headers: { "retry-after": "1" }, response: { message: "slow down" } },
    });
    await expect(p.$request.invokeTemplate("createTicket", {})).resolves.toEqual({ status: 200, headers: {}, response: '{"id":101}' });
    await expect(p.$request.invokeTemplate("createTicket", {})).resolves.toMatchObject({ response: '{"id":102}' });
    await expect(p.$request.invokeTemplate("addNote", {})).rejects.toMatchObject({ status: 429, headers: { "retry-after": "1" }, response: '{"message":"slow down"}' });
  });

  it("answers a promise a function returns, counting it as pending meanwhile", async () => {
    const p = platform({ createTicket: () => Promise.resolve({ status: 201, response: "created" }) });
    const answer = p.$request.invokeTemplate("createTicket", {});
    expect(p.pending).toBe(1);
    await expect(answer).resolves.toEqual({ status: 201, headers: {}, response: "created" });
    expect(p.pending).toBe(0);
  });

  it("rejects a template config/requests.json does not declare, like the FDK", async () => {
    const p = platform();
    await expect(p.$request.invokeTemplate("deleteEverything", {})).rejects.toMatchObject({
      status: 400,
      errorSource: "APP",
      message: "Request template 'deleteEverything' is not declared in config/requests.json",
    });
  });
});

describe("$schedule", () => {
  it("creates, fetches, updates and deletes by name, and records every call", async () => {
    const p = platform();
    const s = p.$schedule;
    await expect(s.create({ name: "r", data: { a: 1 }, schedule_at: "2030-01-01T00:00:00Z" })).resolves.toEqual({ Created: true });
    await expect(s.create({ name: "r", data: {} })).rejects.toMatchObject({ status: 400 });
    await expect(s.update({ name: "r", data: { a: 2 } })).resolves.toEqual({ Updated: true });
    await expect(s.fetch({ name: "r" })).resolves.toMatchObject({ name: "r", data: { a: 2 } });
    await expect(s.delete({ name: "r" })).resolves.toEqual({ Deleted: true });
    await expect(s.fetch({ name: "r" })).rejects.toMatchObject({ status: 404 });
    await expect(s.create({ data: {} })).rejects.toMatchObject({ status: 400 });
    expect(p.recording.schedules.map((c) => c.op)).toEqual(["create", "create", "update", "fetch", "delete", "fetch", "create"]);
  });
});
