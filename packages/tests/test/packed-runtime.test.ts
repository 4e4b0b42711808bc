// The packages an FDK app's server.js loads at run time (@fwcall/types, @fwcall/validate,
// @fwcall/schemas), packed and installed with npm into a fresh directory outside the monorepo, then
// loaded with require() and import() on the Node under test: this process's Node, or the one
// FWCALL_RUNTIME_NODE names (CI's Node 18 job: FDK 9 runs apps on Node 18.20.8). And the built CLI
// on that Node: it runs, or says which Node it needs.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync } from "node:fs";
import { basename, join } from "node:path";
import { loadExampleFiles, loadSchemas } from "@fwcall/schemas";
import { parseCallEvent } from "@fwcall/validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtCli } from "./support/built-cli.js";
import { freshDirectory, npmInstall, pack, removeDirectory, repoRoot } from "./support/packed.js";

const RUNTIME_PACKAGES = ["@fwcall/types", "@fwcall/validate", "@fwcall/schemas"];
const runtime = process.env.FWCALL_RUNTIME_NODE || process.execPath;
const runtimeVersion = execFileSync(runtime, ["--version"], { encoding: "utf8" }).trim();
const installed = join(repoRoot, "packages/tests/installed");
const exampleApp = join(repoRoot, "packages/example-fdk-app");

interface ExampleVerdict {
  file: string;
  lenient: boolean;
  strict: boolean;
}
interface Verdicts {
  examples: ExampleVerdict[];
  broken: { valid: boolean; pointers: string[] };
  missed: number;
  missedName: string;
  matched: string[];
  schemaFiles: string[];
}
interface RuntimeReport {
  node: string;
  resolved: Record<string, string>;
  exports: Record<string, { require: string[]; import: string[] }>;
  require: Verdicts;
  import: Verdicts;
  json: { callTitle: string; directions: string[] };
}
interface FdkReport {
  node: string;
  typesResolved: string;
  exported: string[];
  results: Array<{ event: string; handler: string; hadTestData?: boolean; rendered?: Array<{ data?: { outcome: string }; error?: unknown }>; error?: string }>;
}

/** Runs a script with the Node under test, in the app directory; returns its JSON. */
function runScript<T>(appDir: string, script: string, args: string[] = []): T {
  const out = execFileSync(runtime, [script, ...args], { cwd: appDir, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
  return JSON.parse(out) as T;
}

describe(`packed runtime packages installed with npm, on Node ${runtimeVersion}`, () => {
  let workDir: string;
  let appDir: string;
  let report: RuntimeReport;

  beforeAll(() => {
    workDir = freshDirectory("fwcall-runtime-");
    appDir = join(workDir, "app");
    const tarballs = pack(RUNTIME_PACKAGES, join(workDir, "tarballs"));
    // An FDK app as its developer has it: manifest, server.js and test_data, config, package.json.
    for (const part of ["manifest.json", "server", "config"]) cpSync(join(exampleApp, part), join(appDir, part), { recursive: true });
    npmInstall(appDir, tarballs);
    // The script sits outside the app; it must resolve the packages from the app, as server.js does.
    cpSync(join(installed, "runtime-packages.cjs"), join(appDir, "runtime-packages.cjs"));
    report = runScript<RuntimeReport>(appDir, join(appDir, "runtime-packages.cjs"));
  }, 600_000);

  afterAll(() => {
    if (workDir) removeDirectory(workDir);
  });

  it("runs on the Node it names", () => {
    expect(report.node).toBe(runtimeVersion);
  });

  it("require() takes each package's CommonJS build from the app's node_modules", () => {
    expect(report.resolved).toEqual({
      "@fwcall/types": join(appDir, "node_modules/@fwcall/types/dist/cjs/index.js"),
      "@fwcall/validate": join(appDir, "node_modules/@fwcall/validate/dist/cjs/index.js"),
      "@fwcall/schemas": join(appDir, "node_modules/@fwcall/schemas/index.cjs"),
    });
  });

  it("require() and import() give the same exports", () => {
    for (const name of RUNTIME_PACKAGES) {
      const { require: required, import: imported } = report.exports[name]!;
      expect(required.length, name).toBeGreaterThan(0);
      expect(imported, name).toEqual(required);
    }
    expect(report.exports["@fwcall/validate"]!.require).toEqual(expect.arrayContaining(["validateOnCallCreate", "validateOnCallUpdate", "parseCallEvent", "formatProblem"]));
  });

  for (const loader of ["require", "import"] as const) {
    it(`${loader}: @fwcall/validate judges the shipped examples as the workspace does (all lenient-valid; strict rejects only the FDK's own samples) and points at a broken call id`, () => {
      const verdicts = report[loader];
      const payloadExamples = loadExampleFiles().filter((e) => /^on-call-(create|update)\.json$/.test(e.schemaFile));
      const expected = payloadExamples.map((e) => ({ file: e.file, lenient: true, strict: parseCallEvent(e.example, { profile: "strict" }).ok }));
      expect(expected.filter((e) => !e.strict).every((e) => basename(e.file).startsWith("fdk-sample-"))).toBe(true);
      expect(verdicts.examples).toEqual(expected);
      expect(verdicts.broken).toEqual({ valid: false, pointers: ["/data/call/id"] });
    });

    it(`${loader}: @fwcall/types reads enums and routes an undocumented status to unknown`, () => {
      const verdicts = report[loader];
      expect([verdicts.missed, verdicts.missedName]).toEqual([3, "missed"]);
      expect(verdicts.matched).toEqual(["missed", "unknown 7"]);
    });

    it(`${loader}: @fwcall/schemas lists every schema file`, () => {
      expect(report[loader].schemaFiles).toEqual(loadSchemas().map((s) => s.file));
      expect(report[loader].schemaFiles).toEqual(expect.arrayContaining(["on-call-create.json", "on-call-update.json", "enums/call-status.json", "rest/call.json"]));
    });
  }

  it("require() reads the schemas' JSON subpaths", () => {
    expect(report.json).toEqual({ callTitle: "Call", directions: ["incoming", "outgoing"] });
  });

  it("loads the example app's server.js as the FDK does and runs each handler on its test_data", () => {
    const fdk = runScript<FdkReport>(appDir, join(installed, "fdk-server.cjs"), [appDir]);
    expect(fdk.node).toBe(runtimeVersion);
    expect(fdk.typesResolved).toBe(join(appDir, "node_modules/@fwcall/types/dist/cjs/index.js"));
    expect(fdk.exported).toEqual(["onCallCreateHandler", "onCallUpdateHandler"]);
    expect(fdk.results.map((r) => [r.event, r.handler, r.hadTestData])).toEqual([
      ["onCallCreate", "onCallCreateHandler", true],
      ["onCallUpdate", "onCallUpdateHandler", true],
    ]);
    // Each invocation ends with one renderData, and not with an error: the handlers ran through.
    for (const result of fdk.results) {
      expect(result.rendered, result.event).toHaveLength(1);
      expect(result.rendered![0]!.error, result.event).toBeUndefined();
      expect(["handled", "ignored"], result.event).toContain(result.rendered![0]!.data!.outcome);
    }
  });
});

describe(`the built fwcall CLI on Node ${runtimeVersion}`, () => {
  const [major = 0, minor = 0] = runtimeVersion.slice(1).split(".").map(Number);
  const supported = major > 20 || (major === 20 && minor >= 19);

  it(supported ? "runs (Node >= 20.19)" : "refuses in one line, naming the Node it needs, exit 2", () => {
    const result = spawnSync(runtime, [builtCli, "--version"], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
    if (supported) {
      expect(result, result.stderr).toMatchObject({ status: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    } else {
      expect(result).toMatchObject({ status: 2, stdout: "" });
      expect(result.stderr).toBe(`fwcall: needs Node >= 20.19, this is ${runtimeVersion}; run fwcall with a newer Node (your app's server.js may stay on Node 18: @fwcall/types and @fwcall/validate run there)\n`);
    }
  });
});
