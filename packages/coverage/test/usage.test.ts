// The read-tracking view of a payload (ReadTracker) on its own, then through runCoverage's three
// runners: an FDK app in its worker (with a local server/ module), a module file, and in-process.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildCase } from "@fwcall/cases";
import { MAX_READ_PATHS, ReadTracker, trackClones, formatHtml, formatJson, formatTerminal, loadFdkApp, loadModuleFile, runCoverage, unionOfReads } from "../src/index.js";
import { IPARAMS, MODULES, SECRET, SHORT, manifest3, withFiles } from "./helpers.js";

const payload = () => ({
  data: {
    call: { id: 7, direction: "incoming", participants: [{ connection_type: 0, call_status: 1 }, { connection_type: 1, call_status: 2, extra: null }], recording: null, tags: [] },
    changes: { call_status: [1, 2] },
    "odd key": { "x-y": "z" },
  },
  iparams: { api_key: SECRET },
});

/** Runs `read` on a tracked view of the payload; its result, and the paths read. */
function reading<T>(read: (view: ReturnType<typeof payload>) => T, skip = ["iparams"]): { result: T; paths: string[] } {
  const tracker = new ReadTracker(new Set(skip));
  const release = trackClones(tracker);
  try {
    const result = read(tracker.track(payload()));
    return { result, paths: tracker.finish().paths };
  } finally {
    release();
  }
}

/** Every leaf path of a plain value, arrays collapsed (what reading it whole records). */
function leaves(value: unknown, path = ""): string[] {
  if (Array.isArray(value)) return value.length ? [...new Set(value.flatMap((item) => leaves(item, `${path}[]`)))] : [path];
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value);
    if (!keys.length) return [path];
    return keys.flatMap((key) => leaves((value as Record<string, unknown>)[key], /^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`));
  }
  return [path];
}

describe("the tracked view behaves as the payload", () => {
  it("answers typeof, Array.isArray, instanceof, JSON.stringify, keys, entries, spread, in, iteration and identity as the payload does", () => {
    const plain = payload();
    const { result } = reading((view) => {
      const call = view.data.call;
      const seenForIn: string[] = [];
      for (const key in call) seenForIn.push(key);
      const seenForOf: number[] = [];
      for (const leg of call.participants) seenForOf.push(leg.call_status);
      const { id, direction, ...rest } = call;
      return {
        typeofs: [typeof view, typeof call, typeof call.id, typeof call.participants],
        isArray: [Array.isArray(call.participants), Array.isArray(call)],
        instance: [call instanceof Object, call.participants instanceof Array],
        json: JSON.stringify(view),
        keys: Object.keys(call),
        entries: JSON.stringify(Object.entries(view.data.changes)),
        spread: JSON.stringify({ ...call }),
        arraySpread: JSON.stringify([...call.participants]),
        has: ["id" in call, "missing" in call],
        forIn: seenForIn,
        forOf: seenForOf,
        destructured: [id, direction, Object.keys(rest)],
        same: view.data.call === view.data.call && view.data.call.participants[0] === call.participants[0],
        cloned: JSON.stringify(structuredClone(view.data)),
        assigned: JSON.stringify(Object.assign({}, view.data.call)),
      };
    });
    expect(result.typeofs).toEqual(["object", "object", "number", "object"]);
    expect(result.isArray).toEqual([true, false]);
    expect(result.instance).toEqual([true, true]);
    expect(result.json).toBe(JSON.stringify(plain));
    expect(result.keys).toEqual(Object.keys(plain.data.call));
    expect(result.entries).toBe(JSON.stringify(Object.entries(plain.data.changes)));
    expect(result.spread).toBe(JSON.stringify({ ...plain.data.call }));
    expect(result.arraySpread).toBe(JSON.stringify(plain.data.call.participants));
    expect(result.has).toEqual([true, false]);
    expect(result.forIn).toEqual(Object.keys(plain.data.call));
    expect(result.forOf).toEqual([1, 2]);
    expect(result.destructured).toEqual([7, "incoming", ["participants", "recording", "tags"]]);
    expect(result.same).toBe(true);
    expect(result.cloned).toBe(JSON.stringify(plain.data));
    expect(result.assigned).toBe(JSON.stringify(plain.data.call));
  });

  it("keeps the handler's writes: set, push, delete, define, and an object moved within the payload", () => {
    const tracker = new ReadTracker();
    const view = tracker.track(payload()) as ReturnType<typeof payload> & { data: { note?: string; copy?: unknown } };
    view.data.note = "mine";
    view.data.call.participants.push({ connection_type: 2, call_status: 3 });
    delete (view.data as { changes?: unknown }).changes;
    Object.defineProperty(view.data, "defined", { value: 1, enumerable: true, configurable: true, writable: true });
    view.data.copy = view.data.call;
    expect(view.data.note).toBe("mine");
    expect(view.data.call.participants.length).toBe(3);
    expect("changes" in view.data).toBe(false);
    expect((view.data as unknown as { defined: number }).defined).toBe(1);
    expect(view.data.copy).toBe(view.data.call);
    expect(JSON.parse(JSON.stringify(view.data.copy)).id).toBe(7);
    // What the handler wrote is not payload it read.
    expect(tracker.finish().paths).not.toContain("data.note");
  });

  it("works on a frozen subtree (a Proxy must hand over a frozen object as it is: read whole)", () => {
    const { result, paths } = reading((view) => {
      Object.freeze(view.data);
      return view.data.call.id;
    });
    expect(result).toBe(7);
    expect(paths).toContain("data.call.participants[].call_status");
  });

  it("lets a handler freeze what it wrote, or define it read-only, as it could the payload itself (Proxy invariants)", () => {
    const frozen = reading((view) => {
      const call = view.data.call;
      view.data.call = call;
      Object.freeze(view.data);
      return [view.data.call.id, Object.isFrozen(view.data)];
    });
    expect(frozen.result).toEqual([7, true]);
    expect(frozen.paths).toContain("data.call.participants[].call_status");
    const defined = reading((view) => {
      const call = view.data.call;
      Object.defineProperty(view.data, "call", { value: call, writable: false, configurable: false });
      Object.defineProperty(view.data, "same", { value: call });
      return [view.data.call === call, (view.data as { same?: unknown }).same === call, view.data.call.participants[0]!.call_status];
    });
    expect(defined.result).toEqual([true, true, 1]);
    expect(defined.paths).toContain("data.call.participants[].call_status");
  });
});

describe("what counts as a read", () => {
  it("records the paths a handler reads, arrays collapsed, deepest only", () => {
    const { paths } = reading((view) => {
      const { id } = view.data.call;
      const statuses = view.data.call.participants.map((leg) => leg.call_status);
      return [id, statuses];
    });
    expect(paths).toEqual(["data.call.id", "data.call.participants[].call_status"]);
  });

  it("records nothing for a handler that reads nothing", () => {
    expect(reading(() => 1).paths).toEqual([]);
  });

  it("counts JSON.stringify of a subtree, Object.keys and spread for the whole subtree", () => {
    expect(reading((view) => JSON.stringify(view.data.changes)).paths).toEqual(["data.changes.call_status[]"]);
    expect(reading((view) => Object.keys(view.data.call)).paths).toEqual(leaves(payload().data.call, "data.call").sort());
    expect(reading((view) => ({ ...view.data["odd key"] })).paths).toEqual(['data["odd key"]["x-y"]']);
  });

  it("counts the whole payload, less iparams, for a handler that serialises all of it", () => {
    const { paths } = reading((view) => JSON.stringify(view));
    const { iparams: _iparams, ...data } = payload();
    expect(paths).toEqual(leaves(data).sort());
    expect(paths.join(" ")).not.toMatch(/iparams|SECRET/);
  });

  it("counts `in` and Object.hasOwn as the key's presence, a tested object as itself, and lists no key the payload lacks", () => {
    const { paths } = reading((view) => ["id" in view.data.call, Object.hasOwn(view.data.changes, "call_status"), Boolean(view.data.call.recording), (view.data.call as Record<string, unknown>).missing]);
    expect(paths).toEqual(["data.call.id", "data.call.recording", "data.changes.call_status"]);
  });

  it("runs none of the app's own Proxy traps for what it logs or clones (inspect and structuredClone run none), a revoked one included", () => {
    const tracker = new ReadTracker();
    const release = trackClones(tracker);
    try {
      const { proxy: revoked, revoke } = Proxy.revocable({}, {});
      revoke();
      let ran = 0;
      const trap = () => {
        ran++;
        throw new Error("the app's trap ran");
      };
      const trapping = new Proxy({}, { ownKeys: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap, get: trap });
      const view = tracker.track(payload());
      expect(() => tracker.consume([{ revoked, trapping, changes: view.data.changes }, trapping, revoked])).not.toThrow();
      expect(() => structuredClone({ trapping })).toThrow(/could not be cloned/);
      expect(ran).toBe(0);
      expect(tracker.finish().paths).toEqual(["data.changes.call_status[]"]);
    } finally {
      release();
    }
  });

  it("clones an array holding a view as structuredClone clones the payload: its holes and length kept", () => {
    const { result, paths } = reading((view) => {
      const holey: unknown[] = new Array(4);
      holey[0] = view.data.changes;
      holey[2] = 1;
      const clone = structuredClone(holey);
      return [clone.length, 1 in clone, clone[0], clone[2]];
    });
    expect(result).toEqual([4, false, { call_status: [1, 2] }, 1]);
    expect(paths).toEqual(["data.changes.call_status[]"]);
  });

  it("looks at the first values of a huge logged array only, and into no typed array (it took 50 s and 1.5 GB for ten million numbers)", () => {
    const tracker = new ReadTracker();
    const view = tracker.track(payload());
    const many: unknown[] = new Array(100_000).fill(0);
    many[99_999] = view.data.changes;
    many[1] = view.data["odd key"];
    expect(() => tracker.consume([many, new Uint8Array(1_000_000)])).not.toThrow();
    // data.changes was got (a read of itself), not logged whole; the odd key's subtree was logged whole
    expect(tracker.finish().paths).toEqual(["data.changes", 'data["odd key"]["x-y"]']);
  });

  it("counts what goes to structuredClone whole", () => {
    expect(reading((view) => structuredClone({ legs: view.data.call.participants })).paths).toEqual(["data.call.participants[].call_status", "data.call.participants[].connection_type", "data.call.participants[].extra"]);
  });

  it("caps the paths of one invocation, and says so; a path read a million times is one path", () => {
    const wide = { data: Object.fromEntries(Array.from({ length: MAX_READ_PATHS + 500 }, (_, i) => [`k${i}`, i])) };
    const tracker = new ReadTracker();
    const view = tracker.track(wide);
    let sum = 0;
    for (const key of Object.keys(wide.data)) sum += view.data[key]!;
    for (let i = 0; i < 1_000_000; i++) sum += view.data.k1!;
    expect(sum).toBeGreaterThan(0);
    const record = tracker.finish();
    expect(record.truncated).toBe(true);
    // The cap counts every path recorded ("data" too, before it is pruned under its keys).
    expect(record.paths.length).toBeGreaterThan(MAX_READ_PATHS - 10);
    expect(record.paths.length).toBeLessThanOrEqual(MAX_READ_PATHS);
  });

  it("merges cases: a union with counts, deepest only", () => {
    expect(unionOfReads([["data.call.id"], ["data.call", "data.call.id", "data.x"]])).toEqual({ paths: ["data.call.id", "data.x"], counts: { "data.call.id": 2, "data.x": 1 } });
  });
});

const files = (server: string, extra: Record<string, string> = {}) =>
  withFiles({ "manifest.json": manifest3({ onCallCreate: "create", onCallUpdate: "update" }), "config/iparams.json": { api_key: { secure: true } }, "server/server.js": server, ...extra });

describe("runCoverage with usage", () => {
  it("records nothing of a handler that reads nothing, and no usage without the option", async () => {
    const dir = files(`exports = { create() { return { outcome: "ignored", reason: "no" }; }, update() { return { outcome: "ignored", reason: "no" }; } };`);
    const report = await runCoverage(dir, { usage: true, iparams: IPARAMS });
    const ran = report.cells.filter((cell) => cell.outcome.kind !== "not-applicable");
    expect(ran.length).toBeGreaterThan(100);
    expect(ran.every((cell) => Array.isArray(cell.reads) && cell.reads.length === 0)).toBe(true);
    expect(report.usage?.events.onCallCreate).toEqual({ paths: [], counts: {}, cases: 11 });
    const without = await runCoverage(dir, { iparams: IPARAMS });
    expect(without.usage).toBeUndefined();
    expect(without.cells.some((cell) => cell.reads !== undefined)).toBe(false);
  });

  it("counts every path for an app that serialises the whole payload, iparams left out and never shown", async () => {
    const dir = files(`exports = {
      create(payload) { $request.invokeTemplate("t", { body: JSON.stringify(payload.data) }).catch(() => {}); return { outcome: "handled" }; },
      update(payload) { console.log(payload); return { outcome: "handled" }; },
    };`, { "config/requests.json": JSON.stringify({ t: {} }) });
    const report = await runCoverage(dir, { usage: true, iparams: IPARAMS, seed: 3 });
    const cell = report.cells.find((c) => c.id === "create/incoming/connecting")!;
    const { iparams: _iparams, ...delivered } = buildCase("create/incoming/connecting", { seed: 3 }) as unknown as Record<string, unknown>;
    expect(cell.reads).toEqual(leaves((delivered as { data: unknown }).data, "data").sort());
    const update = report.cells.find((c) => c.id === "update/incoming/missed/recording")!;
    expect(update.reads).toEqual(expect.arrayContaining(["data.call.recording.url", "data.changes.recording[].url", "currentHost.subscribed_modules[]"]));
    for (const text of [formatJson(report), formatHtml(report), formatTerminal(report)]) expect(text).not.toContain(SECRET);
    const reads = JSON.stringify([report.usage, report.cells.map((c) => c.reads)]);
    expect(reads).not.toMatch(/iparams|api_key|SECRET/);
  });

  it("counts what local server/ modules read, and a read through a lifecycle", async () => {
    const dir = files(`const { statusOf } = require("./lib/legs");
      exports = {
        create(payload) { return { outcome: "ignored", reason: String(statusOf(payload.data.call)) }; },
        update(payload) { return { outcome: "ignored", reason: payload.data.call.direction }; },
      };`, { "server/lib/legs.js": `exports = { statusOf(call) { return call.participants.find((leg) => leg.connection_type === 0).call_status; } };` });
    const report = await runCoverage(dir, { usage: true, sequences: { maxLength: 2 } });
    expect(report.usage?.events.onCallCreate?.paths).toEqual(["data.call.participants[].call_status", "data.call.participants[].connection_type"]);
    expect(report.usage?.events.onCallUpdate?.paths).toEqual(["data.call.direction"]);
    const event = report.sequences?.[0]?.events[0];
    expect(event?.reads).toEqual(["data.call.participants[].call_status", "data.call.participants[].connection_type"]);
  });

  it("behaves as before inside the FDK sandbox: the app's own realm sees the same values", async () => {
    const dir = files(`exports = {
      create(payload) {
        const call = payload.data.call;
        const checks = [typeof call, Array.isArray(call.participants), call instanceof Object, call.participants instanceof Array,
          JSON.stringify(call) === JSON.stringify(JSON.parse(JSON.stringify(call))), Object.keys(call).length > 3,
          payload.data.call === payload.data.call, "id" in call, [...call.participants].length === call.participants.length];
        payload.data.mine = 1;
        checks.push(payload.data.mine === 1);
        return { outcome: "ignored", reason: checks.join(",") };
      },
      update() { return { outcome: "ignored", reason: "-" }; },
    };`);
    const loaded = await loadFdkApp(dir);
    try {
      const [run] = await loaded.invokeMany!([{ event: "onCallCreate", payload: buildCase("create/incoming/connecting"), reset: true }], { stopOnLoss: true, usage: true });
      expect(run!.error).toBeNull();
      expect((run!.returned as { reason: string }).reason).toBe("object,true,true,true,true,true,true,true,true,true");
      expect(run!.reads).toContain("data.call.id");
    } finally {
      await loaded.close?.();
    }
  });

  it("records the reads of a module file and of handlers run in-process", async () => {
    const dir = withFiles({
      "m.mjs": `export function onCallCreate(p) { return { outcome: "ignored", reason: String(structuredClone(p.data.call).id) }; }
export function onCallUpdate(p) { console.log({ changes: p.data.changes }); return { outcome: "ignored", reason: "logged" }; }`,
    });
    const module = await loadModuleFile(`${dir}/m.mjs`);
    try {
      const report = await runCoverage(module, { usage: true });
      expect(report.cells.find((c) => c.id === "create/incoming/connecting")?.outcome.kind).toBe("ignored");
      expect(report.usage?.events.onCallCreate?.paths).toContain("data.call.participants[].call_status");
      // Logged inside a plain object: util.inspect reads the payload behind the view, so the log counts it whole.
      const logged = report.cells.find((c) => c.id === "update/incoming/missed/recording")!;
      expect(logged.reads).toEqual(expect.arrayContaining(["data.changes.recording[].url", "data.changes.updated_time[]"]));
      expect(logged.logs?.[0]).toContain("changes");
    } finally {
      await module.close?.();
    }
    const inProcess = await runCoverage({ onCallUpdate: (p) => ({ outcome: "ignored", reason: String((p as { data: { call: { id: number } } }).data.call.id) }) }, { usage: true });
    expect(inProcess.usage?.events.onCallUpdate?.paths).toEqual(["data.call.id"]);
    expect(structuredClone).toBe(globalThis.structuredClone);
  });

  it("refuses usage for an FdkApp that cannot record reads (no invokeMany), instead of reporting that nothing was read", async () => {
    const app = await loadFdkApp(withFiles({ "manifest.json": manifest3({ onCallCreate: "onCreate" }), "server/server.js": "exports = { onCreate(p) { renderData(null, { outcome: \"handled\", reason: String(p.data.call.id) }); } };" }));
    try {
      const { invokeMany: _, ...withoutBatches } = app;
      const custom = { ...withoutBatches, invoke: app.invoke.bind(app), reset: app.reset.bind(app), redact: app.redact.bind(app) };
      await expect(runCoverage(custom, { usage: true })).rejects.toThrow(/usage option needs the app's invokeMany/);
      // without usage the same app runs, case by case
      expect((await runCoverage(custom)).cells.find((c) => c.id === "create/incoming/connecting")?.outcome.kind).toBe("handled");
    } finally {
      await app.close?.();
    }
  });
});

describe("a handler that reads in a loop, in the sandbox", () => {
  it("costs no memory per read: a million reads and a thousand whole-payload serialisations make one bounded record", async () => {
    const dir = files(`exports = {
      create(payload) {
        let n = 0;
        for (let i = 0; i < 1000000; i++) n += payload.data.call.id > 0 ? 1 : 0;
        for (let i = 0; i < 1000; i++) n += JSON.stringify(payload).length > 0 ? 1 : 0;
        for (let i = 0; i < 1000; i++) n += Object.keys(payload.data).length;
        return { outcome: "ignored", reason: String(n) };
      },
      update() { return { outcome: "ignored", reason: "-" }; },
    };`);
    const loaded = await loadFdkApp(dir, { memoryMb: 64 });
    try {
      const [run] = await loaded.invokeMany!([{ event: "onCallCreate", payload: buildCase("create/incoming/connecting"), reset: true }], { stopOnLoss: true, usage: true });
      expect(run!.crashed).toBeNull();
      expect(run!.timedOut).toBe(false);
      expect(run!.error).toBeNull();
      expect(run!.readsTruncated).toBeUndefined();
      expect(run!.reads).toContain("data.call.id");
      expect(run!.reads!.length).toBeLessThan(200);
    } finally {
      await loaded.close?.();
    }
  }, 120_000);
});

describe("the sandbox's limits hold with the view", () => {
  it("stops a handler that loops reading its payload at the time limit, and the next case records its reads", async () => {
    const dir = files(`exports = {
      create(payload) { for (;;) JSON.stringify(payload.data.call); },
      update(payload) { return { outcome: "ignored", reason: payload.data.call.direction }; },
    };`);
    const loaded = await loadFdkApp(dir, { timeoutMs: SHORT });
    try {
      const [looped, next] = await loaded.invokeMany!(
        [
          { event: "onCallCreate", payload: buildCase("create/incoming/connecting"), reset: true },
          { event: "onCallUpdate", payload: buildCase("update/incoming/missed/status-change"), reset: true },
        ],
        { stopOnLoss: false, usage: true },
      );
      expect(looped!.timedOut).toBe(true);
      expect(looped!.reads).toContain("data.call.id");
      expect(next!.error).toBeNull();
      expect(next!.reads).toEqual(["data.call.direction"]);
    } finally {
      await loaded.close?.();
    }
  }, 120_000);
});

describe("the example FDK app", () => {
  const exampleApp = fileURLToPath(new URL("../../example-fdk-app", import.meta.url));

  it("reads what its server.js reads, and not what it never touches", async () => {
    const report = await runCoverage(exampleApp, { usage: true, modules: MODULES });
    const create = report.usage?.events.onCallCreate?.paths;
    const update = report.usage?.events.onCallUpdate?.paths;
    // onCallCreate stores the call's direction, created_time and the customer leg's status.
    expect(create).toEqual(["data.call.created_time", "data.call.direction", "data.call.id", "data.call.participants[].call_status", "data.call.participants[].connection_type"]);
    // onCallUpdate: the transfer ids, the customer leg (found by connection_type), its caller number for the ticket, the attached notes and recording.
    expect(update).toEqual(
      expect.arrayContaining(["data.call.parent_call_id", "data.call.root_call_id", "data.call.participants[].caller_number", "data.call.phone_number", "data.call.recording.url", "data.changes.call_notes[]", "data.changes.recording[].url"]),
    );
    for (const never of ["data.call.assigned_agent_id", "data.call.participants[].participant_id", "data.changes.call_status", "data.call.bill_duration", "data.actor", "data.associations", "timestamp", "iparams", "currentHost"]) {
      expect(update!.some((path) => path === never || path.startsWith(`${never}.`) || path.startsWith(`${never}[`))).toBe(false);
    }
    expect(report.usage?.events.onCallUpdate?.counts["data.call.participants[].connection_type"]).toBe(report.usage?.events.onCallUpdate?.cases);
  });
});
