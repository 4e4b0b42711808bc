// Contract verification benchmark: how long the official Pact verifier takes over the whole
// committed contract set (contracts/*.json), driven by @fwcall/pact, against the target of under
// 10 s for at least 100 interactions. Message pacts are verified with the fixture catalog as the
// provider (verifyMessagePact), HTTP pacts against the real mock server (verifyHttpPact with the
// provider state sent as the scenario header; it replays redirects itself). The peer, measured in
// the same run on the same files (less their redirects, see below): the standalone Pact verifier
// CLI (@pact-foundation/pact-cli, no JavaScript in the loop) against minimal node:http providers
// serving the same payloads. The pact-to-schema check (checkPact) is timed too; it has no peer (no
// other tool checks pacts against JSON Schemas).
// Also, in the same rounds: the example app's message pact as committed (what server.js reads,
// issue 15) against the same pact as it was before, with a rule for every field of every case
// (read from git at EVERY_FIELD_REVISION, or --before <revision>): size, and verification by
// fwcall, as a ratio; and that pact verified as it was when issue 15 measured its 4.3 s (pact-js's
// Verifier, a state request before each message, the system's root certificates read for each),
// the reference its 4x target is judged against.
// Run: pnpm bench:contracts (from the repository root; builds first).
import { execFileSync, spawn } from "node:child_process";
import { createServer, request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { buildCase } from "@fwcall/cases";
import { SCENARIO_HEADER } from "@fwcall/msw";
import { startMockServer } from "@fwcall/msw/server";
import { checkPact, fixtureMessageProviders, providerStateHeader, readPact, verifyHttpPact, verifyMessagePact } from "@fwcall/pact";
import { MessageProviderPact, Verifier } from "@pact-foundation/pact";
import { describeMachine, loadAverage, watchOthers } from "./machine.mjs";
import { median } from "./stats.mjs";
import { benchArgs } from "./bench-args.mjs";

process.env.PACT_DO_NOT_TRACK = "true";
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const CONTRACTS = join(ROOT, "contracts");
const args = benchArgs({ rounds: "string", before: "string" });
const ROUNDS = Number(args.rounds) || (args.quick ? 1 : 3);
// The last commit whose example-app pact held every field of every case (3 MB).
const EVERY_FIELD_REVISION = "ed793fa";
const USAGE_PACT = "fwcall-example-fdk-app-freshworks-call-events.json";
const TARGET_MS = 10_000;
const TARGET_INTERACTIONS = 100;

const listen = (server) => new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port)));
const close = (server) => new Promise((resolve) => server.close(() => resolve()));

const workDir = mkdtempSync(join(tmpdir(), "fwcall-bench-contracts-"));
// The Pact verifier follows redirects (pact-core 19 cannot turn that off), so a 302 interaction
// would send it to the recording's Freshcaller host. fwcall's side gets the committed file as it
// is: verifyHttpPact replays redirects itself, without following them, and reports them as
// `replayed`. The peer, the standalone verifier, has no such replay and still needs them stripped:
// it gets a copy without them, so it verifies fewer interactions than fwcall on such a file.
const isRedirect = (interaction) => interaction.response?.status >= 300 && interaction.response?.status < 400;
const contracts = readdirSync(CONTRACTS)
  .filter((name) => name.endsWith(".json"))
  .sort()
  .map((name) => {
    const committedFile = join(CONTRACTS, name);
    const json = JSON.parse(readFileSync(committedFile, "utf8"));
    const kinds = new Set(readPact(json).interactions.map((i) => i.kind));
    if (kinds.size !== 1) throw new Error(`${name} mixes interaction kinds (${[...kinds].join(", ")}); this benchmark verifies one kind per file`);
    const forPeer = { ...json, interactions: json.interactions.filter((i) => !isRedirect(i)) };
    const peerFile = join(workDir, name);
    writeFileSync(peerFile, JSON.stringify(forPeer));
    const redirects = json.interactions.length - forPeer.interactions.length;
    return { name, file: committedFile, peerFile, json, interactions: json.interactions.length, redirects, http: kinds.has("Synchronous/HTTP") };
  });
if (contracts.length === 0) throw new Error(`no contracts in ${relative(process.cwd(), CONTRACTS)}`);

// The peer of the example app's pact: the same consumer and provider, every field of every case.
const beforeRevision = args.before ?? EVERY_FIELD_REVISION;
const usagePact = contracts.find((contract) => contract.name === USAGE_PACT);
if (!usagePact) throw new Error(`no ${USAGE_PACT} in ${relative(process.cwd(), CONTRACTS)}`);
const everyFieldText = execFileSync("git", ["show", `${beforeRevision}:contracts/${USAGE_PACT}`], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
const everyField = { name: `${USAGE_PACT} at ${beforeRevision}`, file: join(workDir, `every-field-${USAGE_PACT}`), json: JSON.parse(everyFieldText), bytes: Buffer.byteLength(everyFieldText), http: false };
writeFileSync(everyField.file, everyFieldText);
everyField.interactions = everyField.json.interactions.length;
const usageBytes = readFileSync(usagePact.file).byteLength;
// The verifier's floor for these interactions: the same descriptions and provider states, each
// message expected to be an empty object (no fields, no rules), so all that is left is the
// verifier's own work per message (its state-change and message requests to pact-js's proxy).
const floorJson = { ...usagePact.json, interactions: usagePact.json.interactions.map((i) => ({ ...i, contents: { ...i.contents, content: {} }, matchingRules: {} })) };
const floor = { name: `${USAGE_PACT}, bodies emptied`, file: join(workDir, `floor-${USAGE_PACT}`), json: floorJson, interactions: floorJson.interactions.length, http: false };
writeFileSync(floor.file, JSON.stringify(floorJson));
// Its size as a pact file is written (pretty-printed, like the committed ones), to compare with them.
const floorBytes = Buffer.byteLength(JSON.stringify(floorJson, null, 2));
const descriptions = (json) => json.interactions.map((i) => i.description).sort().join("\n");
if (descriptions(everyField.json) !== descriptions(usagePact.json)) throw new Error(`${everyField.name} and the committed pact hold different interactions`);

/** fwcall's way: @fwcall/pact over pact-js's Verifier (the native core, in this process). */
async function verifyWithFwcall(contract, mockUrl) {
  if (!contract.http) return verifyMessagePact({ pactFiles: [contract.file] });
  return verifyHttpPact({ pactFiles: [contract.file], providerBaseUrl: mockUrl, ...providerStateHeader([contract.file], { header: SCENARIO_HEADER }) });
}

/** The every-field pact as issue 15 timed it: pact-js's Verifier, no certificate scope (rejects when one interaction fails). */
function verifyAsIssued(contract) {
  const ids = contract.json.interactions.map((i) => i.description);
  return new Verifier({ provider: contract.json.provider.name, pactUrls: [contract.file], messageProviders: fixtureMessageProviders(ids), logLevel: "error" }).verifyProvider();
}

/** The floor pact as verifyMessagePact verifies it, but with the system's root certificates (no empty store): what reading them costs per message. */
function verifyWithSystemCertificates(contract) {
  const ids = contract.json.interactions.map((i) => i.description);
  return new MessageProviderPact({ provider: contract.json.provider.name, pactUrls: [contract.file], messageProviders: fixtureMessageProviders(ids), logLevel: "error" }).verify();
}

// The peer's providers. Messages: the verifier POSTs { description, providerStates } and takes the
// answer's body as the message. HTTP: a state-change endpoint that remembers the scenario, and a
// proxy that forwards everything else to the mock server with it.
const messageProvider = createServer((req, res) => {
  let body = "";
  req.setEncoding("utf8").on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    const { description } = JSON.parse(body);
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(buildCase(description)));
  });
});
let scenario;
let mockPort;
const stateProxy = createServer((req, res) => {
  if (req.method === "POST" && req.url === "/_pact/state") {
    let body = "";
    req.setEncoding("utf8").on("data", (chunk) => (body += chunk));
    return void req.on("end", () => {
      const change = JSON.parse(body);
      scenario = change.action === "teardown" ? undefined : change.state;
      res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    });
  }
  const headers = { ...req.headers, host: `127.0.0.1:${mockPort}` };
  if (scenario !== undefined) headers[SCENARIO_HEADER.toLowerCase()] = scenario;
  const upstream = httpRequest({ host: "127.0.0.1", port: mockPort, method: req.method, path: req.url, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  req.pipe(upstream);
});

const verifierBin = createRequire(import.meta.url).resolve("@pact-foundation/pact-cli/bin/pact-verifier.js");

/** The peer: the standalone Pact verifier, a process of its own, including its start-up (async: the providers live in this process). */
async function verifyWithStandalone(contract, ports) {
  const port = contract.http ? ports.stateProxy : ports.messageProvider;
  const report = join(workDir, `${contract.name}.report.json`);
  const args = [verifierBin, "--file", contract.peerFile, "--hostname", "127.0.0.1", "--port", String(port), "--json", report, "--loglevel", "error"];
  if (contract.http) args.push("--state-change-url", `http://127.0.0.1:${port}/_pact/state`, "--state-change-teardown");
  const child = spawn(process.execPath, args, { env: { ...process.env, PACT_DO_NOT_TRACK: "true" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk) => (output += chunk));
  const code = await new Promise((resolve, reject) => child.once("error", reject).once("close", resolve));
  if (code !== 0) throw new Error(`the standalone verifier failed ${contract.name}:\n${output.slice(-3000)}`);
  return JSON.parse(readFileSync(report, "utf8"));
}

const mock = await startMockServer({ port: 0 });
mockPort = Number(new URL(mock.url).port);
const ports = { messageProvider: await listen(messageProvider), stateProxy: await listen(stateProxy) };

const rows = contracts.map((contract) => ({ contract, fwcall: [], standalone: [], check: [], replayed: 0 }));
const usageTimes = { usage: [], everyField: [], floor: [], asIssued: [], floorSystemCertificates: [] };
const loadBefore = loadAverage();
const watch = watchOthers();
try {
  for (let round = 0; round < ROUNDS; round++) {
    // The example app's pact, what it reads against every field, by fwcall; the order alternates.
    for (const who of round % 2 === 0 ? ["asIssued", "everyField", "usage", "floor", "floorSystemCertificates"] : ["floorSystemCertificates", "floor", "usage", "everyField", "asIssued"]) {
      const contract = who === "usage" ? usagePact : who.startsWith("floor") ? floor : everyField;
      const start = performance.now();
      if (who === "asIssued") await verifyAsIssued(contract);
      else if (who === "floorSystemCertificates") await verifyWithSystemCertificates(contract);
      else {
        const report = await verifyWithFwcall(contract, mock.url);
        if (report.interactions.length !== contract.interactions || report.interactions.some((r) => !r.ok)) throw new Error(`fwcall verified ${contract.name} wrongly`);
      }
      usageTimes[who].push(performance.now() - start);
    }
    for (const row of rows) {
      // Alternate which goes first, so neither always runs on a warmer machine.
      const order = round % 2 === 0 ? ["fwcall", "standalone"] : ["standalone", "fwcall"];
      for (const who of order) {
        const start = performance.now();
        if (who === "fwcall") {
          const report = await verifyWithFwcall(row.contract, mock.url);
          row.replayed = report.interactions.filter((r) => r.replayed).length;
          if (report.interactions.length !== row.contract.interactions || report.interactions.some((r) => !r.ok) || row.replayed !== row.contract.redirects) {
            throw new Error(`fwcall verified ${row.contract.name} wrongly`);
          }
        } else {
          await verifyWithStandalone(row.contract, ports);
        }
        row[who].push(performance.now() - start);
      }
      const start = performance.now();
      const check = checkPact(row.contract.json);
      row.check.push(performance.now() - start);
      row.errors = check.errors;
    }
  }
} finally {
  await Promise.all([mock.close(), close(messageProvider), close(stateProxy)]);
  rmSync(workDir, { recursive: true, force: true });
}
const busy = watch.stop();
const loadAfter = loadAverage();

const ms = (value) => `${Math.round(value).toLocaleString("en-US")} ms`;
console.log(`Machine: ${describeMachine()}`);
console.log(`Load average (1, 5, 15 min): ${loadBefore} before the run, ${loadAfter} after it.`);
if (busy !== null && busy > 0.1) console.log(`WARNING: other processes used ${(busy * 100).toFixed(0)}% of the CPU meanwhile; do not record these figures.`);
console.log(`\nMedian of ${ROUNDS} rounds per contract (wall time, verifier start to report):\n`);
console.log("| contract | kind | interactions | fwcall (@fwcall/pact + pact-js) | standalone pact-verifier (peer) | peer ÷ fwcall | schema check (checkPact) | check errors |");
console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
let total = { interactions: 0, fwcall: 0, standalone: 0, check: 0 };
for (const row of rows) {
  const [fwcall, standalone, check] = [median(row.fwcall), median(row.standalone), median(row.check)];
  total = { interactions: total.interactions + row.contract.interactions, fwcall: total.fwcall + fwcall, standalone: total.standalone + standalone, check: total.check + check };
  console.log(`| ${row.contract.name} | ${row.contract.http ? "HTTP" : "messages"} | ${row.contract.interactions}${row.replayed ? ` (${row.replayed} redirect replayed by fwcall; the peer verifies ${row.contract.interactions - row.contract.redirects})` : ""} | ${ms(fwcall)} | ${ms(standalone)} | ${(standalone / fwcall).toFixed(2)}x | ${ms(check)} | ${row.errors} |`);
}
console.log(`| **whole set** | | **${total.interactions}** | **${ms(total.fwcall)}** | ${ms(total.standalone)} | ${(total.standalone / total.fwcall).toFixed(2)}x | ${ms(total.check)} | |`);
const [usageMs, everyFieldMs, floorMs, asIssuedMs, floorCertsMs] = ["usage", "everyField", "floor", "asIssued", "floorSystemCertificates"].map((who) => median(usageTimes[who]));
const kb = (bytes) => `${(bytes / 1000).toFixed(0)} KB`;
console.log(`\nThe example app's message pact, what server.js reads (committed) against every field (${beforeRevision}), verified by fwcall in the same rounds (median of ${ROUNDS}):\n`);
console.log("| pact | verified by | interactions | size | verification | as issued ÷ this | every field ÷ this |");
console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
const ratios = (value) => `${(asIssuedMs / value).toFixed(2)}x | ${(everyFieldMs / value).toFixed(2)}x`;
console.log(`| every field of every case (${beforeRevision}) | as when issue 15 was filed: pact-js Verifier, system certificates | ${everyField.interactions} | ${kb(everyField.bytes)} | ${ms(asIssuedMs)} | 1.00x | ${(everyFieldMs / asIssuedMs).toFixed(2)}x |`);
console.log(`| every field of every case (${beforeRevision}) | fwcall now (verifyMessagePact) | ${everyField.interactions} | ${kb(everyField.bytes)} | ${ms(everyFieldMs)} | ${ratios(everyFieldMs)} |`);
console.log(`| what server.js reads (committed) | fwcall now | ${usagePact.interactions} | ${kb(usageBytes)} | ${ms(usageMs)} | ${ratios(usageMs)} |`);
console.log(`| floor: the same interactions, every body an empty object | fwcall now | ${floor.interactions} | ${kb(floorBytes)} | ${ms(floorMs)} | ${ratios(floorMs)} |`);
console.log(`| floor, the system's root certificates left in place (MessageProviderPact alone) | pact-js, no empty store | ${floor.interactions} | ${kb(floorBytes)} | ${ms(floorCertsMs)} | ${ratios(floorCertsMs)} |`);
console.log(`\nReading the root certificates costs the verifier ${((floorCertsMs - floorMs) / floor.interactions).toFixed(1)} ms per message (the two floor rows' difference over ${floor.interactions} messages).`);
const speedup = asIssuedMs / usageMs;
console.log(`\nSize: ${(everyField.bytes / usageBytes).toFixed(1)}x smaller (target: at most 400 KB: ${usageBytes <= 400 * 1000 ? "PASS" : "MISS"}); verification ${speedup.toFixed(2)}x faster than the every-field pact as issue 15 timed it (target: 4x: ${speedup >= 4 ? "PASS" : "MISS"}), ${(everyFieldMs / usageMs).toFixed(2)}x faster than the every-field pact verified the same way now; matching its bodies costs ${ms(Math.max(0, usageMs - floorMs))} over the floor, every field ${ms(Math.max(0, everyFieldMs - floorMs))}.`);
const pass = total.fwcall < TARGET_MS && total.interactions >= TARGET_INTERACTIONS;
console.log(`\nTarget: the whole contract set (≥ ${TARGET_INTERACTIONS} interactions) verified in under ${TARGET_MS / 1000} s: ${pass ? "PASS" : "MISS"} (${total.interactions} interactions in ${(total.fwcall / 1000).toFixed(1)} s, ${(TARGET_MS / total.fwcall).toFixed(1)}x headroom)`);
