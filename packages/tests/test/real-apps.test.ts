// The built fwcall on apps modelled on public Freshworks call-event apps (apps/*/SOURCE.md): what a new user runs
// first (fdk export, validate, coverage) must judge each app as the FDK would, on a copy, never on the committed app.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { builtCli as bin } from "./support/built-cli.js";

const appsDir = fileURLToPath(new URL("../apps/", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "fwcall-real-apps-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type CallEvent = "onCallCreate" | "onCallUpdate";

/** What the FDK would make of one corpus app, and so what fwcall must say. */
interface RealApp {
  name: string;
  /** The call events its manifest subscribes to: cells of any other event are N/A. */
  events: CallEvent[];
  /** test_data files `fdk export` must write, relative to the app. */
  exported: string[];
  /** The right outcome of every applicable coverage cell. */
  verdict: "handled" | "unhandled";
}

const APPS: RealApp[] = [
  { name: "v2-contact-lookup", events: ["onCallCreate"], exported: ["server/test_data/onCallCreate.json"], verdict: "handled" },
  { name: "v2-db-last-call", events: ["onCallCreate"], exported: ["server/test_data/onCallCreate.json"], verdict: "handled" },
  {
    name: "v2-multi-product",
    events: ["onCallCreate", "onCallUpdate"],
    exported: ["server/test_data/freshcaller/onCallCreate.json", "server/test_data/freshcaller/onCallUpdate.json"],
    verdict: "handled",
  },
  {
    name: "v3-call-module-state",
    events: ["onCallCreate", "onCallUpdate"],
    exported: ["server/test_data/call/onCallCreate.json", "server/test_data/call/onCallUpdate.json"],
    verdict: "unhandled",
  },
  { name: "v3-vip-screening", events: ["onCallCreate"], exported: ["server/test_data/call/onCallCreate.json"], verdict: "unhandled" },
  { name: "v3-caller-conversation", events: ["onCallCreate"], exported: ["server/test_data/caller_conversation/onCallCreate.json"], verdict: "unhandled" },
  { name: "v3-event-log-lib", events: ["onCallCreate"], exported: ["server/test_data/call/onCallCreate.json"], verdict: "handled" },
  {
    name: "v3-all-modules",
    events: ["onCallCreate", "onCallUpdate"],
    exported: ["server/test_data/call/onCallCreate.json", "server/test_data/call/onCallUpdate.json"],
    verdict: "unhandled",
  },
];

interface CliRun { status: number | null; stdout: string; stderr: string }

interface Cell { id: string; label: string; event: CallEvent; outcome: { kind: string; detail?: string; reason?: string; error?: string }; logs?: string[] }

/** What an outcome says beside its kind: why it is unhandled or N/A, or what was thrown. */
const explanation = (cell: Cell): string => cell.outcome.detail ?? cell.outcome.error ?? cell.outcome.reason ?? "";

interface CoverageJson { ok: boolean; platform: string; cells: Cell[]; summary: Record<string, number>; sequenceSummary?: Record<string, number> }

function fwcall(...args: string[]): CliRun {
  const run = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" }, maxBuffer: 64 * 1024 * 1024 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Shown when an expectation on a run fails, so the failure says what fwcall printed. */
function transcript(run: CliRun): string {
  return `exit ${run.status}\n--- stdout\n${run.stdout.slice(0, 3000)}\n--- stderr\n${run.stderr.slice(0, 3000)}`;
}

let copies = 0;
function copyOf(app: string): string {
  const dir = join(scratch, `${++copies}-${app}`);
  cpSync(join(appsDir, app), dir, { recursive: true });
  return dir;
}

function filesUnder(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, root) : [relative(root, path).split("\\").join("/")];
  });
}

function coverageJson(run: CliRun): CoverageJson {
  expect(run.stdout.trim().startsWith("{"), transcript(run)).toBe(true);
  return JSON.parse(run.stdout) as CoverageJson;
}

/** Each applicable cell (subscribed event, a case that can happen) whose outcome is not the app's verdict, as "label: kind (detail)". */
function wrongCells(report: CoverageJson, app: RealApp): string[] {
  const accepted = app.verdict === "handled" ? ["handled", "ignored"] : ["unhandled"];
  return report.cells
    .filter((cell) => app.events.includes(cell.event) && cell.outcome.kind !== "not-applicable")
    .filter((cell) => !accepted.includes(cell.outcome.kind))
    .map((cell, index) => `${cell.label}: ${cell.outcome.kind} (${explanation(cell)})${index === 0 && cell.logs ? ` logs: ${cell.logs.join(" | ").slice(0, 500)}` : ""}`);
}

function appNamed(name: string): RealApp {
  const app = APPS.find((candidate) => candidate.name === name);
  if (!app) throw new Error(`no corpus app ${name}`);
  return app;
}

function writeIparams(values: Record<string, string>): string {
  const path = join(scratch, `iparams-${++copies}.json`);
  writeFileSync(path, JSON.stringify(values));
  return path;
}

/** Every form in which a secret can leak into a report: as is, URL-encoded, base64 (also of `key:X`, Basic auth), hex. */
function leakedForms(secret: string): string[] {
  const b64 = (text: string) => Buffer.from(text).toString("base64");
  return [secret, encodeURIComponent(secret), b64(secret), b64(`${secret}:X`), Buffer.from(secret).toString("hex")];
}

/** The fixtures' customer numbers come from the fictional +1 202 555 01xx range: naming all makes every caller a VIP. */
const EVERY_FICTIONAL_NUMBER = Array.from({ length: 100 }, (_, i) => `+1202555${String(100 + i).padStart(4, "0")}`).join(",");

describe.each(APPS)("real app $name", (app) => {
  const committedTestData = join(appsDir, app.name, "server", "test_data");
  const hasCommittedCallData = existsSync(committedTestData) && filesUnder(committedTestData).some((f) => /onCall(Create|Update)\.json$/.test(f));

  if (hasCommittedCallData) {
    it("its committed test_data validates under lenient, judged as the FDK delivers it", () => {
      const run = fwcall("validate", join(copyOf(app.name), "server", "test_data"));
      expect(run.status, transcript(run)).toBe(0);
    });

    it("fdk export without --force leaves the hand-written test_data as it was and says how to replace it", () => {
      const dir = copyOf(app.name);
      const testData = join(dir, "server", "test_data");
      const before = new Map(filesUnder(testData).map((file) => [file, readFileSync(join(testData, file), "utf8")]));
      const run = fwcall("fdk", "export", dir);
      expect(run.status, transcript(run)).toBe(1);
      expect(run.stdout + run.stderr).toMatch(/--force/);
      for (const [file, text] of before) expect(readFileSync(join(testData, file), "utf8"), file).toBe(text);
    });
  }

  it("fdk export writes the FDK's layout and nothing else; the test_data folder then passes strict", () => {
    const dir = copyOf(app.name);
    const before = filesUnder(dir).filter((f) => !f.startsWith("server/test_data/"));
    const exported = fwcall("fdk", "export", dir, "--force");
    expect(exported.status, transcript(exported)).toBe(0);
    for (const file of app.exported) expect(existsSync(join(dir, file)), `${file} missing\n${transcript(exported)}`).toBe(true);
    expect(filesUnder(dir).filter((f) => !f.startsWith("server/test_data/"))).toEqual(before);
    const strict = fwcall("validate", "--profile", "strict", join(dir, "server", "test_data"));
    expect(strict.status, transcript(strict)).toBe(0);
  });

  it(`coverage loads the app and finds every applicable case ${app.verdict}`, () => {
    const run = fwcall("coverage", copyOf(app.name), "--format", "json");
    const report = coverageJson(run);
    const unsubscribed = report.cells.filter((cell) => !app.events.includes(cell.event) && cell.outcome.kind !== "not-applicable");
    expect(unsubscribed.map((cell) => cell.label)).toEqual([]);
    expect(report.cells.some((cell) => app.events.includes(cell.event) && cell.outcome.kind !== "not-applicable")).toBe(true);
    expect(wrongCells(report, app)).toEqual([]);
    expect(run.status, run.stderr).toBe(app.verdict === "handled" ? 0 : 1);
  });
});

describe("real apps: installation parameters", () => {
  it("v2-contact-lookup with its secure api key: every case handled, the key in no form in any report", () => {
    const secret = "fd-Secret-Key-7781";
    const iparams = writeIparams({ domainName: "acme", apiKey: secret });
    const dir = copyOf("v2-contact-lookup");
    const json = fwcall("coverage", dir, "--iparams", iparams, "--format", "json");
    const terminal = fwcall("coverage", dir, "--iparams", iparams, "--verbose");
    expect(wrongCells(coverageJson(json), appNamed("v2-contact-lookup"))).toEqual([]);
    expect(json.status, json.stderr).toBe(0);
    expect(terminal.status, transcript(terminal)).toBe(0);
    for (const run of [json, terminal]) {
      const output = run.stdout + run.stderr;
      for (const form of leakedForms(secret)) expect(output.includes(form), `secret leaked as ${form}\n${transcript(run)}`).toBe(false);
    }
  });

  it("v3-vip-screening with every caller a VIP: each case throws, saying $request.post is not on platform 3.0", () => {
    const iparams = writeIparams({ vip_numbers: EVERY_FICTIONAL_NUMBER, vip_queue_id: "42", api_key: "vip-Secret-0042" });
    const run = fwcall("coverage", copyOf("v3-vip-screening"), "--iparams", iparams, "--format", "json");
    expect(run.status, transcript(run)).toBe(1);
    const applicable = coverageJson(run).cells.filter((cell) => cell.outcome.kind !== "not-applicable");
    expect(applicable.length).toBeGreaterThan(0);
    for (const cell of applicable) {
      expect(cell.outcome.kind, cell.label).toBe("threw");
      expect(explanation(cell), cell.label).toMatch(/\$request\.post/);
      expect(explanation(cell), cell.label).toMatch(/3\.0/);
    }
    for (const form of leakedForms("vip-Secret-0042")) expect(run.stdout.includes(form), form).toBe(false);
  });
});

describe("real apps: call lifecycles", () => {
  it("v2-multi-product over every lifecycle, also replayed with duplicates, out of order and without its create: nothing unhandled or thrown", () => {
    const run = fwcall("coverage", copyOf("v2-multi-product"), "--sequences", "--replay", "--format", "json");
    const report = coverageJson(run);
    const failing = Object.entries(report.sequenceSummary ?? {}).filter(([kind, count]) => count > 0 && !["handled", "ignored", "not-applicable"].includes(kind));
    expect(report.sequenceSummary?.["handled"] ?? 0).toBeGreaterThan(0);
    expect(failing).toEqual([]);
    expect(run.status, run.stderr).toBe(0);
  });
});

describe("real apps: an ordinary first run", () => {
  it("v3-call-module-state (renders a reply, takes no action): one screen, and how to mark a case ignored", () => {
    const run = fwcall("coverage", copyOf("v3-call-module-state"));
    expect(run.status, transcript(run)).toBe(1);
    expect(run.stdout.trimEnd().split("\n").length, transcript(run)).toBeLessThanOrEqual(50);
    expect(run.stdout, transcript(run)).toMatch(/outcome: "ignored"/);
    expect(run.stdout, transcript(run)).toMatch(/allowlist/);
  });
});
