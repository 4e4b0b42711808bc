// `fwcall diff` in a temporary git repository laid out like fwcall's: schemas/, contracts/ with the
// example app's message pact, and the example app's package.json and server.js (which uses
// matchCallStatus). A new call status in the working tree names the app broken (exit 1); an added
// optional field breaks nobody (exit 0); unusable input exits 2 with the reason.
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIFF_HELP, DIFF_OPTIONS } from "../src/commands/diff.js";
import { run } from "./helpers.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const PACT = "contracts/fwcall-example-fdk-app-freshworks-call-events.json";
const repo = mkdtempSync(join(tmpdir(), "fwcall-diff-cli-"));
const home = process.cwd();

const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=fwcall test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args], { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const schemaFile = (file: string) => join(repo, "schemas", file);
const readSchema = (file: string) => JSON.parse(readFileSync(schemaFile(file), "utf8"));
const writeSchema = (file: string, schema: unknown) => writeFileSync(schemaFile(file), `${JSON.stringify(schema, null, 2)}\n`);

/** Puts every schema file back as committed. */
const restore = () => git("checkout", "--", "schemas");

beforeAll(() => {
  cpSync(join(ROOT, "schemas"), join(repo, "schemas"), { recursive: true, filter: (path) => !/node_modules|\.turbo|[/\\]test$|generated|examples/.test(path) });
  mkdirSync(join(repo, "contracts"));
  copyFileSync(join(ROOT, PACT), join(repo, PACT));
  mkdirSync(join(repo, "apps/example-fdk-app/server"), { recursive: true });
  copyFileSync(join(ROOT, "packages/example-fdk-app/package.json"), join(repo, "apps/example-fdk-app/package.json"));
  copyFileSync(join(ROOT, "packages/example-fdk-app/server/server.js"), join(repo, "apps/example-fdk-app/server/server.js"));
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("commit", "-q", "-m", "base");
  // The command reads the repository around the folder it runs in, as a user's shell would.
  process.chdir(repo);
});

afterAll(() => {
  process.chdir(home);
  rmSync(repo, { recursive: true, force: true });
});

/** Adds call status 17 ("transcribing") to the working tree's schemas. */
function addCallStatus(): void {
  const status = readSchema("enums/call-status.json");
  status["x-strict"].enum.push(17);
  status["x-enum-names"].push("transcribing");
  status["x-enum-descriptions"].push("A transcript of the call is being made.");
  writeSchema("enums/call-status.json", status);
}

describe("fwcall diff", () => {
  it("with nothing changed: exit 0, the consumers it judged listed", async () => {
    const result = await run(["diff"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("No schema change.");
    expect(result.stdout).toMatch(/ok {6}fwcall-example-fdk-app \(pact: contracts\/fwcall-example-fdk-app-freshworks-call-events\.json\)/);
    expect(result.stdout).toMatch(/ok {6}@fwcall\/example-fdk-app \(source: apps\/example-fdk-app\)/);
  });

  it("a new call status in the working tree: the example app is named broken, exit 1", async () => {
    addCallStatus();
    try {
      const result = await run(["diff"]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain("fwcall diff: HEAD (");
      expect(result.stdout).toContain("→ the working tree (schemas)");
      expect(result.stdout).toMatch(/strict +enum value added +participant\.json: call_status: enum value 17 added/);
      expect(result.stdout).toContain("matchCallStatus (enums/call-status.json): gains 17");
      expect(result.stdout).toMatch(/BROKEN  @fwcall\/example-fdk-app \(source: apps\/example-fdk-app\)\n {10}uses matchCallStatus, and CallStatus gains 17: an exhaustive matcher has no branch for it/);
      expect(result.stdout).toMatch(/apps\/example-fdk-app\/server\/server\.js:\d+/);
      // the pact pins statuses it reads; a new value takes none of them away
      expect(result.stdout).toMatch(/ok {6}fwcall-example-fdk-app \(pact/);
      expect(result.stdout).toContain("1 consumer broken: @fwcall/example-fdk-app.");

      const json = await run(["diff", "--json"]);
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout);
      expect(report.broken).toBe(true);
      expect(report.enums).toEqual([{ enum: "CallStatus", matcher: "matchCallStatus", file: "enums/call-status.json", added: [17], removed: [] }]);
      expect(report.verdicts.filter((v: { broken: boolean }) => v.broken).map((v: { type: string; name: string }) => [v.type, v.name])).toEqual([["matcher", "@fwcall/example-fdk-app"]]);

      const markdown = await run(["diff", "--markdown"]);
      expect(markdown.code).toBe(1);
      expect(markdown.stdout.split("\n")[0]).toBe("### fwcall diff: 1 consumer broken: @fwcall/example-fdk-app");
      expect(markdown.stdout).toMatch(/\| @fwcall\/example-fdk-app \(`apps\/example-fdk-app`\) \| matcher \| \*\*broken\*\* \| uses matchCallStatus/);
      expect(markdown.stdout).toContain("<details><summary>");
    } finally {
      restore();
    }
  });

  it("the same change between two commits, by revision", async () => {
    addCallStatus();
    git("commit", "-q", "-am", "call status 17");
    try {
      const result = await run(["diff", "HEAD~1", "HEAD"]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^fwcall diff: HEAD~1 \([0-9a-f]{7}\) → HEAD \([0-9a-f]{7}\)/);
      expect(result.stdout).toContain("BROKEN  @fwcall/example-fdk-app");
      // and a folder against a revision: the committed change against the folder as it is now
      expect((await run(["diff", "HEAD", "schemas"])).code).toBe(0);
    } finally {
      git("reset", "-q", "--hard", "HEAD~1");
    }
  });

  it("an added optional field breaks nobody: exit 0", async () => {
    const call = readSchema("call.json");
    call.properties.transcript_url = { description: "Where the call's transcript is.", type: ["string", "null"] };
    writeSchema("call.json", call);
    try {
      const result = await run(["diff"]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/both +added optional field +call\.json: transcript_url: optional field added/);
      expect(result.stdout).toContain("no consumer broken (2 consumers judged).");
      expect((await run(["diff", "--markdown"])).stdout.split("\n")[0]).toBe("### fwcall diff: no consumer broken (2 consumers judged)");
    } finally {
      restore();
    }
  });

  it("a removed field the pact reads breaks the pact, with the interactions named", async () => {
    // direction identifies every case, so the app's pact holds it however much else it keeps
    const call = readSchema("call.json");
    delete call.properties.direction;
    call.required = call.required.filter((name: string) => name !== "direction");
    call["x-strict"].required = call["x-strict"].required.filter((name: string) => name !== "direction");
    writeSchema("call.json", call);
    try {
      const result = await run(["diff", "--pacts", "contracts", "--consumers", "apps/example-fdk-app"]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/BROKEN  fwcall-example-fdk-app \(pact: contracts\/fwcall-example-fdk-app-freshworks-call-events\.json\)/);
      expect(result.stdout).toContain("direction: required field removed, and the pact reads it [both]");
      expect(result.stdout).toMatch(/onCallUpdate \$\.data\.call\.direction; read by \d+ interactions: update\//);
      expect(result.stdout).toContain("1 consumer broken: fwcall-example-fdk-app.");
    } finally {
      restore();
    }
  });

  it.each([
    [["diff", "no-such-revision"], "fwcall diff: 'no-such-revision' is neither a folder nor a revision of the git repository at"],
    [["diff", "contracts"], "fwcall diff: contracts is not a schemas folder: it has no on-call-create.json and enums/*.json"],
    [["diff", "HEAD", "--pacts", "schemas/call.json"], "fwcall diff: schemas/call.json: not a pact file"],
    [["diff", "--pacts", "nowhere"], "fwcall diff: nowhere: no such pact file or folder"],
    [["diff", "--consumers", "schemas/call.json"], "fwcall diff: schemas/call.json: a consumer must be a folder"],
    [["diff", "--json", "--markdown"], "fwcall diff: --json and --markdown cannot be combined; choose one"],
    [["diff", "a", "b", "c"], "fwcall diff: expected at most <base> and <head>; found 3 arguments"],
    // an empty value would mean the current folder: its package.json read as a pact, its source as a consumer
    [["diff", "--pacts", ""], "fwcall diff: --pacts was given an empty path"],
    [["diff", "--consumers", "packages/example-fdk-app", "--consumers", ""], "fwcall diff: --consumers was given an empty path"],
    [["diff", "--schemas", ""], "fwcall diff: --schemas was given an empty path"],
    // revisions are never git options
    [["diff", "-n"], "fwcall diff: unknown option '-n'"],
    [["diff", "--", "--upload-pack=touch pwned"], "fwcall diff: '--upload-pack=touch pwned' is neither a folder nor a revision of the git repository at"],
  ])("bad input %j: exit 2 with the reason", async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
  });

  it("a schema file that is not JSON: exit 2, the file named", async () => {
    writeFileSync(schemaFile("call.json"), '{ "title": "Call", ');
    try {
      const result = await run(["diff"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^fwcall diff: the working tree \(schemas\)\/call\.json is not valid JSON: /);
    } finally {
      restore();
    }
  });

  it("its help names exactly the options it parses", async () => {
    const result = await run(["diff", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(DIFF_HELP);
    const named = [...new Set([...DIFF_HELP.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*[a-z0-9])/g)].map((m) => m[1]))].sort();
    expect(named).toEqual(Object.keys(DIFF_OPTIONS).sort());
    expect((await run(["--help"])).stdout).toMatch(/ {2}diff {6}compare two versions of the schemas/);
  });
});
