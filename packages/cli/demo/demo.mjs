// A first look at fwcall: runs the built CLI (`fwcall validate`, `fixtures`, `fdk export`,
// `coverage`, `coverage --usage`, `mock`, `contracts check`, `contracts verify`, `diff`, `validate` on a log) and the
// built @fwcall/pact, and prints what a terminal would show. `pnpm demo` (from the repository root)
// builds first, then runs this file. It exits 1 when the CLI does not behave as the text around its
// output says. It writes only in its own temp directory, removed at the end.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
if (!existsSync(bin)) {
  console.error(`demo: ${bin} is missing. Run \`pnpm demo\` from the repository root: it builds the CLI first.`);
  process.exit(1);
}

const FDK_UPDATE = "schemas/examples/on-call-update/fdk-default.json";
const FDK_CREATE = "schemas/examples/on-call-create/fdk-default.json";
const readJson = (path) => JSON.parse(readFileSync(join(repoRoot, path), "utf8"));

// The payloads of sections 2 to 4, the app of section 6, the pacts of sections 12 and 13, the schemas of
// section 14 and the log of section 15 live in a temp directory, removed at the end (also when a section throws).
const work = mkdtempSync(join(tmpdir(), "fwcall-demo-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));

// What real Freshworks payloads look like next to the docs (see docs/decisions/0007-two-validation-profiles.md).
const drifted = readJson(FDK_UPDATE);
drifted.data.call.direction = "Incoming"; // the docs' spelling; the wire says "incoming"
drifted.data.call.participants[0].cost = 0.0125; // documented as an integer, seen as a fraction
drifted.data.call.participants[1].updated_time = "2024-03-05T07:15:30.000-03:00"; // an offset instead of Z
drifted.data.call.assigned_agent_name = "Jane Doe"; // a REST-only field
writeFileSync(join(work, "drifted-update.json"), `${JSON.stringify(drifted, null, 2)}\n`);

// A hand-edited test_data file with a comma missing at the end of one line.
const createLines = JSON.stringify(readJson(FDK_CREATE), null, 2).split("\n");
const brokenLine = createLines.findIndex((line) => line.startsWith('  "timestamp":'));
createLines[brokenLine] = createLines[brokenLine].replace(/,$/, "");
writeFileSync(join(work, "broken-create.json"), `${createLines.join("\n")}\n`);

const failures = [];

/** The temp directory's own path, shown as $DEMO so the printed commands and output are the same on every run. */
const shown = (text) => text.split(work).join("$DEMO");

/**
 * Prints a section: its heading, what it shows, the command, and the output (from the first line
 * `from` matches, when given); then checks the whole output. Returns the run.
 */
function section({ title, shows, args, cwd, code, stdout = [], stderr = [], from }) {
  console.log(`\n## ${title}\n`);
  console.log(shows);
  console.log(`\n$ fwcall ${shown(args.join(" "))}`);
  const run = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8" });
  const start = from === undefined ? -1 : run.stdout.search(from);
  if (start > 0) console.log("[…]");
  process.stdout.write(shown(run.stderr + (start > 0 ? run.stdout.slice(start) : run.stdout)));
  console.log(`[exit code ${run.status}]`);
  const problems = [];
  if (run.error) problems.push(`could not run: ${run.error.message}`);
  if (run.status !== code) problems.push(`exit code ${run.status}, expected ${code}`);
  for (const pattern of stdout) if (!pattern.test(run.stdout)) problems.push(`stdout does not match ${pattern}`);
  for (const pattern of stderr) if (!pattern.test(run.stderr)) problems.push(`stderr does not match ${pattern}`);
  for (const problem of problems) failures.push(`${title}: ${problem}`);
  return run;
}

console.log("fwcall demo: `fwcall validate` checks Freshworks call-event payloads (onCallCreate, onCallUpdate)");
console.log("against the fwcall schemas. Exit codes: 0 valid, 1 invalid, 2 input unusable.");

section({
  title: "1. A valid payload",
  shows: "The FDK's default onCallUpdate payload is valid: no problems, just the summary, and exit code 0.",
  args: ["validate", FDK_UPDATE],
  cwd: repoRoot,
  code: 0,
  stdout: [/^1 file: 1 valid, 0 invalid, 0 warnings\n$/],
});

section({
  title: "2. A real-world payload, lenient profile (the default)",
  shows:
    "A copy with what real payloads carry (direction \"Incoming\", a cost of 0.0125, a -03:00 offset, the\n" +
    "REST-only assigned_agent_name), in a temp directory: lenient accepts it and reports each drift as a\n" +
    "warning, so the exit code is still 0.",
  args: ["validate", "drifted-update.json"],
  cwd: work,
  code: 0,
  stdout: [
    /warning \/data\/call\/direction: "Incoming" is the docs' spelling/,
    /warning \/data\/call\/assigned_agent_name: not a documented property/,
    /warning \/data\/call\/participants\/0\/cost: expected an integer or null, found 0\.0125/,
    /warning \/data\/call\/participants\/1\/updated_time: expected a UTC time ending in Z/,
    /1 file: 1 valid, 0 invalid, 4 warnings\n$/,
  ],
});

section({
  title: "3. The same payload, strict profile",
  shows:
    "Strict enforces the documented contract: the drifts are now errors, and the exit code is 1. (Cross-field\n" +
    "rules such as \"times in UTC\" run once the payload's shape holds, so fix these first.)",
  args: ["validate", "--profile", "strict", "drifted-update.json"],
  cwd: work,
  code: 1,
  stdout: [
    /error \/data\/call\/direction: "Incoming" is not a documented direction \[schema:enum\]/,
    /error \/data\/call\/assigned_agent_name: not a documented property of Call \[schema:additionalProperties\]/,
    /error \/data\/call\/participants\/0\/cost: expected an integer or null, found 0\.0125 \[schema:type\]/,
    /1 file: 0 valid, 1 invalid, 0 warnings\n$/,
  ],
});

section({
  title: "4. Broken JSON",
  shows:
    `An onCallCreate file with the comma missing at the end of line ${brokenLine + 1}: fwcall names the file, line and column\n` +
    "where the comma belongs, shows the line, and exits 2 because the file cannot be used at all.",
  args: ["validate", "broken-create.json"],
  cwd: work,
  code: 2,
  stdout: [/^1 file: 0 valid, 0 invalid, 1 unusable, 0 warnings\n$/],
  stderr: [new RegExp(`^broken-create\\.json:${brokenLine + 1}:\\d+: invalid JSON: .*is a ',' missing here\\?`)],
});

section({
  title: "5. Every case of the call-event space",
  shows:
    "The fixture catalog has one deterministic payload per case: event × direction × call status × update kind.\n" +
    "Here, every voicemail update an app may receive (the ids also name tests, matrix cells and mock scenarios).",
  args: ["fixtures", "list", "--event", "update", "--status", "voicemail"],
  cwd: work,
  code: 0,
  stdout: [/^update\/incoming\/voicemail\/status-change\nupdate\/incoming\/voicemail\/recording\n/],
});

// A platform 3.0 app that subscribes to both call events, as `fdk create` would lay it out.
const app = join(work, "my-app");
mkdirSync(app);
writeFileSync(join(app, "manifest.json"), JSON.stringify({
  "platform-version": "3.0",
  modules: { common: {}, call: { events: { onCallCreate: { handler: "onCallCreateHandler" }, onCallUpdate: { handler: "onCallUpdateHandler" } } } },
}, null, 2));

section({
  title: "6. Payloads for `fdk run` and `fdk test`",
  shows:
    "fwcall writes an app's server/test_data files in the layout its manifest implies (3.0: <module>/<event>.json),\n" +
    "with a real `changes` object instead of the FDK's empty one. Files edited by hand are never overwritten silently.",
  args: ["fdk", "export", "my-app", "--case", "update/incoming/voicemail/recording"],
  cwd: work,
  code: 0,
  stdout: [/^written\s+server\/test_data\/call\/onCallUpdate\.json\s+\(update\/incoming\/voicemail\/recording\)\n$/],
});

section({
  title: "7. Does an app handle every call status and direction?",
  shows:
    "The example app in packages/example-fdk-app (a platform 3.0 serverless app that opens follow-up tickets for\n" +
    "missed and voicemail calls) runs unmodified in a sandbox over every case; the matrix shows, per status and\n" +
    "event × direction, how many cases it handled or ignored on purpose. A case it fell through on would fail the run.",
  args: ["coverage", "packages/example-fdk-app"],
  cwd: repoRoot,
  code: 0,
  stdout: [/voicemail \(10\)\s+N\/A\s+N\/A\s+6\/6 ✓/, /0 unhandled, 0 threw, 0 timed out/, /OK: every case is handled/],
});

section({
  title: "8. What does the app read?",
  shows:
    "With --usage the sandbox hands each handler a read-tracking view of its payload and records, per case, the paths\n" +
    "it read (destructuring, JSON.stringify of a subtree, Object.keys and iteration count; reading a whole object counts\n" +
    "for everything under it). The example app reads only some of each event's fields:",
  args: ["coverage", "packages/example-fdk-app", "--usage"],
  cwd: repoRoot,
  code: 0,
  from: /^Payload paths read/m,
  stdout: [
    /^Payload paths read/m,
    /^ {2}onCallCreate: \d+ paths over 11 cases$/m,
    /^ {2}onCallUpdate: \d+ paths over 122 cases$/m,
    /^ {4}data\.call\.participants\[\]\.call_status +122\/122$/m,
    /OK: every case is handled/,
  ],
});

// 9. The mock server: started in the background, asked for two calls, stopped with SIGTERM.
await (async () => {
  const title = "9. A local Freshcaller REST API";
  console.log(`\n## ${title}\n`);
  console.log(
    "For frontend work: the mock serves GET /api/v1/calls, /calls/:id and /calls/:id/recording on 127.0.0.1,\n" +
      "with data from the fixture catalog and X-Api-Auth required, like the real API. Here on a free port:",
  );
  console.log("\n$ fwcall mock --port 0 --scenario busy-week");
  const server = spawn(process.execPath, [bin, "mock", "--port", "0", "--scenario", "busy-week"], { cwd: repoRoot });
  let output = "";
  server.stdout.on("data", (chunk) => (output += chunk));
  const url = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), 15_000);
    server.stdout.on("data", () => {
      const found = /at (http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
  });
  process.stdout.write(output);
  if (!url) {
    failures.push(`${title}: the server did not say where it listens`);
    server.kill("SIGTERM");
    return;
  }
  console.log(`\n$ curl -H 'X-Api-Auth: dev' '${url}/api/v1/calls?per_page=2&direction=incoming'`);
  const response = await fetch(`${url}/api/v1/calls?per_page=2&direction=incoming`, { headers: { "X-Api-Auth": "dev" } });
  const body = await response.json();
  console.log(`[HTTP ${response.status}] ${body.calls?.length} calls on this page; meta ${JSON.stringify(body.meta)}`);
  if (response.status !== 200 || body.calls?.length !== 2) failures.push(`${title}: expected 200 and 2 calls, got ${response.status}`);
  const unauthorized = await fetch(`${url}/api/v1/calls`);
  console.log(`Without X-Api-Auth: [HTTP ${unauthorized.status}] ${JSON.stringify(await unauthorized.json())}`);
  if (unauthorized.status !== 401) failures.push(`${title}: expected 401 without X-Api-Auth, got ${unauthorized.status}`);
  const exited = new Promise((resolve) => server.on("exit", resolve));
  server.kill("SIGTERM");
  const code = await exited;
  console.log(`[server stopped on SIGTERM, exit code ${code}]`);
  if (code !== 0) failures.push(`${title}: the server exited with ${code} on SIGTERM`);
})();

// A consumer's pact written by hand, with three expectations the schemas do not promise.
const myPact = readJson(FDK_UPDATE);
myPact.data.call.missed_reason = "no-answer"; // a field no call has
writeFileSync(join(work, "my-app-pact.json"), `${JSON.stringify({
  consumer: { name: "my-app" },
  provider: { name: "freshworks-call-events" },
  messages: [{
    description: "a call update",
    providerStates: [{ name: "an answered call" }],
    contents: myPact,
    matchingRules: { body: {
      "$.data.call.participants[*].call_status": { matchers: [{ match: "regex", regex: "^(1|3|5)$" }] }, // only some statuses
      "$.data.call.direction": { matchers: [{ match: "regex", regex: "^(inbound|outbound)$" }] }, // no such direction
    } },
  }],
  metadata: { pactSpecification: { version: "3.0.0" } },
}, null, 2)}\n`);

section({
  title: "10. Contracts: what consumers rely on, checked against the schemas",
  shows:
    "contracts/ holds the Pact files of the two example consumers (the FDK app's 133 messages, one per case it\n" +
    "decides on, and the call board's REST requests), verified in CI against the fixture catalog and the mock server.\n" +
    "`fwcall contracts check` reads any V3 or V4 pact and reports what the schemas do not promise. Ours pass\n" +
    "(the warnings are the undocumented status 7, on purpose):",
  args: ["contracts", "check", "contracts"],
  cwd: repoRoot,
  code: 0,
  stdout: [/2 files \(\d+ interactions\): 2 passed, 0 failed, 0 errors/],
});

section({
  title: "11. Contracts: verified as their providers would",
  shows:
    "`fwcall contracts verify` runs the official Pact verifier on each file by its kind (--local: contracts/, even when\n" +
    "PACT_BROKER_BASE_URL names a Pact Broker, whose pacts it would verify otherwise): the\n" +
    "message pact against the fixture catalog (each description a case id), the HTTP pact against the mock server,\n" +
    "started for the run on a free port (or against --provider-url). The verifier's own report stays off stdout,\n" +
    "so `--json` prints exactly one document:",
  args: ["contracts", "verify", "--local"],
  cwd: repoRoot,
  code: 0,
  stdout: [
    /provider: fwcall's mock server at http:\/\/127\.0\.0\.1:\d+ \(started for this run\)\n/,
    /✓ the redirect to a call's recording \(replayed\)\n/,
    /freshworks-call-events, 133 interactions \(asynchronous messages\), provider: fwcall's fixture catalog\n/,
    /\n2 files \(140 interactions\): 140 passed, 0 failed\n$/,
    /^(?![\s\S]*Verifying a pact between)/, // nothing of the verifier's own report
  ],
});

// The same with --json on the HTTP pact (quick): stdout must parse as one JSON document.
{
  const args = ["contracts", "verify", "--json", "contracts/fwcall-call-board-freshcaller-rest-api.json"];
  console.log(`\n$ fwcall ${args.join(" ")} | jq .summary`);
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: "utf8" });
  let summary;
  try {
    summary = JSON.parse(run.stdout).summary;
  } catch (error) {
    failures.push(`11. --json: stdout is not one JSON document (${error.message})`);
  }
  console.log(`${JSON.stringify(summary)}\n[exit code ${run.status}]`);
  if (run.status !== 0) failures.push(`11. --json: exit code ${run.status}, expected 0`);
}

section({
  title: "12. A consumer pact that expects more than the schemas promise",
  shows: "A hand-written V3 message pact: a field that does not exist, a direction no payload has, and a status regex\nthat admits only three statuses (a warning: the app may meet the others).",
  args: ["contracts", "check", "my-app-pact.json"],
  cwd: work,
  code: 1,
  stdout: [/error "a call update" contents \$\.data\.call\.missed_reason: .*\[field:undeclared\]/, /warning .*call_status: the regex \^\(1\|3\|5\)\$ admits only 1, 3, 5/, /\[regex:no-value\]/],
});

// 13. The example app's message pact, built twice with @fwcall/pact from the same coverage run.
await (async () => {
  const title = "13. A pact of what the app reads";
  console.log(`\n## ${title}\n`);
  console.log(
    "A consumer's pact should hold only what the consumer uses: every other field is a promise the provider never\n" +
      "made to it, and a rule its verifier runs for nothing. contracts/ holds the example app's pact made from the reads\n" +
      "of section 8 (`usageMessages` in @fwcall/pact: each case's fixture cut to the paths read, plus the event, direction\n" +
      "and leg statuses that identify the case, with the matchers the schemas imply). Here it is built again in a temp\n" +
      "directory, next to the pact fwcall made before it knew the reads (`caseMessage`: a matcher for every field):",
  );
  const args = ["coverage", "packages/example-fdk-app", "--usage", "--format", "json"];
  console.log(`\n$ fwcall ${args.join(" ")}   # its cells, each with the paths read, go to @fwcall/pact`);
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch (error) {
    failures.push(`${title}: the coverage report is not one JSON document (exit code ${run.status}: ${error.message})`);
    return;
  }
  const { addCaseMessage, caseMessage, formatPact, mergePacts, messagePact, usageMessages } = await import("@fwcall/pact");
  const decided = report.cells.filter((cell) => cell.outcome.kind === "handled" || cell.outcome.kind === "ignored");
  // The consumer test's pins (packages/example-fdk-app/test/pact.consumer.test.ts): what server.js branches on
  // exactly, and any integer as a leg's status or connection type (an undocumented status is a case of its own).
  const integer = (value) => ({ "pact:matcher:type": "integer", value });
  const options = {
    seed: report.seed,
    platform: report.platform,
    overrides: {
      "$.data.call.direction": "exact",
      "$.data.call.participants[0].connection_type": "exact",
      "$.data.call.participants[0].call_status": "exact",
      "$.data.call.participants[*].call_status": integer,
      "$.data.call.participants[*].connection_type": integer,
    },
  };
  const consumer = "fwcall-example-fdk-app";
  const provider = "freshworks-call-events";
  const committedPath = `contracts/${consumer}-${provider}.json`;
  // One pact per interaction, each in its own folder, merged (pact-js rewrites its whole file after every interaction).
  const pactOf = async (name, messages) => {
    const files = [];
    for (const [index, message] of messages.entries()) {
      const dir = join(work, name, String(index));
      await addCaseMessage(messagePact({ consumer, provider, dir }), message).executeTest(async () => {});
      files.push(JSON.parse(readFileSync(join(dir, `${consumer}-${provider}.json`), "utf8")));
    }
    return formatPact(mergePacts(files));
  };
  const usage = await pactOf("usage", usageMessages(decided, options));
  const full = await pactOf("every-field", decided.map((cell) => caseMessage(cell.id, options)));
  const size = (text) => `${Math.round(Buffer.byteLength(text) / 1000).toLocaleString("en")} KB`.padStart(8);
  const count = (text) => JSON.parse(text).interactions.length;
  const missed = usageMessages(decided.filter((cell) => cell.id === "update/incoming/missed/status-change"), options)[0];
  console.log(
    `\nevery field:           caseMessage(id, options) per case     ${count(full)} interactions ${size(full)}\n` +
      `what server.js reads:  usageMessages(report.cells, options)  ${count(usage)} interactions ${size(usage)}` +
      `  (${(Buffer.byteLength(full) / Buffer.byteLength(usage)).toFixed(1)}x smaller)`,
  );
  const same = usage === readFileSync(join(repoRoot, committedPath), "utf8");
  console.log(`the usage pact is ${same ? "byte for byte" : "NOT"} the committed ${committedPath}`);
  console.log(`update/incoming/missed/status-change keeps ${missed?.kept.length} paths:\n  ${missed?.kept.join("\n  ")}`);
  console.log("The verifier has that much less to match: times in BENCHMARKS.md (`pnpm bench:contracts`).");
  if (count(usage) !== decided.length || count(full) !== decided.length) failures.push(`${title}: expected ${decided.length} interactions in both pacts`);
  if (!(Buffer.byteLength(usage) < Buffer.byteLength(full))) failures.push(`${title}: the usage pact is not smaller than the every-field one`);
  if (!same) failures.push(`${title}: the usage pact differs from ${committedPath} (\`pnpm --filter @fwcall/example-fdk-app contracts\` rewrites it)`);
})();

// Two copies of the schemas: the one "after" gains a call status no consumer has heard of.
const before = join(work, "schemas-before");
const after = join(work, "schemas-after");
for (const copy of [before, after]) {
  cpSync(join(repoRoot, "schemas"), copy, { recursive: true, filter: (path) => !/[\\/](node_modules|generated|test)$/.test(path) });
}
const callStatus = JSON.parse(readFileSync(join(after, "enums/call-status.json"), "utf8"));
callStatus["x-strict"].enum.push(17);
callStatus["x-enum-names"].push("callbackRequested");
callStatus["x-enum-descriptions"].push("The caller asked to be called back.");
writeFileSync(join(after, "enums/call-status.json"), `${JSON.stringify(callStatus, null, 2)}\n`);

section({
  title: "14. Which consumers does a schema change break?",
  shows:
    "`fwcall diff <base> <head>` compares two versions of the schemas (folders, or git revisions) and judges every\n" +
    "consumer it can see: pacts by the paths they read, source by the exhaustive matchers of @fwcall/types it uses.\n" +
    "Here the copy after the change documents a new call status, 17. The example app's pact survives it (it matches\n" +
    "any integer there), but server.js switches over every status with matchCallStatus, which has no branch for 17:\n" +
    "the app is named with the lines, and the exit code is 1 (0 when nothing breaks; --markdown for a pull request).",
  args: ["diff", before, after, "--pacts", "contracts", "--consumers", "packages/example-fdk-app"],
  cwd: repoRoot,
  code: 1,
  stdout: [
    /^ {2}strict +enum value added +participant\.json: call_status: enum value 17 added$/m,
    /matchCallStatus \(enums\/call-status\.json\): gains 17/,
    /^ {2}ok +fwcall-example-fdk-app \(pact: contracts\/fwcall-example-fdk-app-freshworks-call-events\.json\)$/m,
    /^ {2}BROKEN +@fwcall\/example-fdk-app \(source: packages\/example-fdk-app\)$/m,
    /packages\/example-fdk-app\/server\/server\.js:\d+/,
    /^1 consumer broken: @fwcall\/example-fdk-app\.$/m,
  ],
});

// A log as logs hold events, one payload per line: 20,000 distinct fixture events, one line cut short.
const { PLATFORMS, applicableCases, buildCase } = await import("@fwcall/cases");
const LOG_EVENTS = 20_000;
const CUT_LINE = 4_321;
const logLines = [];
for (let seed = 1; logLines.length < LOG_EVENTS; seed++) {
  for (const cell of applicableCases()) for (const platform of PLATFORMS) if (logLines.length < LOG_EVENTS) logLines.push(JSON.stringify(buildCase(cell, { platform, seed })));
}
logLines[CUT_LINE - 1] = logLines[CUT_LINE - 1].slice(0, -40); // as a log rotated mid-write leaves one
writeFileSync(join(work, "calls.jsonl"), `${logLines.join("\n")}\n`);

section({
  title: "15. A log of events (JSON Lines)",
  shows:
    `Logs hold events one per line: \`fwcall validate\` reads a *.jsonl file as a stream, each line its own item (file:line),\n` +
    `in constant memory, on every core. Here ${LOG_EVENTS.toLocaleString("en-US")} events with line ${CUT_LINE} cut short: that line is unusable (exit code 2)\n` +
    "and the lines after it are still checked; the undocumented call status 7 is a warning on each line that carries it\n" +
    "(shown from the summary on). Most lines are judged from their bytes by a WebAssembly scanner generated from the\n" +
    "schemas (BENCHMARKS.md, \"Validating JSON Lines\"); `validateJsonLines` in @fwcall/validate does the same in code.",
  args: ["validate", "calls.jsonl"],
  cwd: work,
  code: 2,
  from: /\d+ items:/,
  stdout: [/^calls\.jsonl:\d+: warning \/data\/call\/participants\/\d+\/call_status: 7 is not a documented call status \[schema:enum\]$/m, new RegExp(`^${LOG_EVENTS} items: ${LOG_EVENTS - 1} valid, 0 invalid, 1 unusable, \\d+ warnings\n$`, "m")],
  stderr: [new RegExp(`^calls\\.jsonl:${CUT_LINE}:\\d+: invalid JSON`)],
});

if (failures.length > 0) {
  console.error(`\ndemo: the CLI did not behave as described:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log(
  "\nEvery section behaved as described. Next: `pnpm fwcall --help` (here at the root) and packages/cli/README.md; for a live call board on\n" +
    "the mock (msw in the browser), `pnpm --filter @fwcall/call-board dev` and open the URL it prints.",
);
