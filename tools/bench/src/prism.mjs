#!/usr/bin/env node
// fwcall's mock server against Prism mocking the generated OpenAPI document (@fwcall/interop), in
// the same run on the same machine: GET /api/v1/calls/:id and a 100-call page, 50 connections,
// autocannon as bench:mock runs it (each server in a child pinned to core 1, autocannon in a child
// pinned to core 0, all on 127.0.0.1). Prints req/s, p50, p99 and the ratio, with PASS/MISS against
// the target of issue 14 (fwcall at least 15x Prism on both routes).
//
// Info row, not judged: a bare node:http server answering the same paths with the fwcall mock's own
// bytes and response headers, looked up by the request target (no auth, routing or scenario): the
// ceiling any Node mock could reach here, so the report says how close fwcall's mock is to it. Each
// server's CPU time per request is printed too (from /proc): it holds when other processes take the
// server's core, which req/s does not.
//
//   node src/prism.mjs [--quick] [--duration S] [--warmup S] [--connections N] [--rounds N]
//
// The servers run at once and their runs alternate (median of --rounds rounds, default 3), so a
// change in load on this shared machine falls on all alike.
//
// Same data: Prism serves a document's examples, so it gets the generated document with the two
// 200 examples replaced by the fwcall mock's own answers (scenario busy-week, seed 1): page 1 of 100
// and the first call. Checked before timing. Prism answers every id with that one call; the fwcall
// mock cycles through 20 ids, as in bench:mock.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadOpenApi } from "@fwcall/interop";
import { startMockServer } from "@fwcall/msw/server";
import { benchArgs } from "./bench-args.mjs";
import { assertBuiltMsw, cpuCell, hasTaskset, load, LOAD_CORE, measuredLoad, SERVER_CORE, startServer } from "./children.mjs";
import { describeMachine, loadAverage, othersBusy, watchOthers } from "./machine.mjs";
import { median } from "./stats.mjs";

const args = benchArgs({ duration: "string", warmup: "string", connections: "string", rounds: "string" });
const DURATION = Number(args.duration ?? (args.quick ? 3 : 10));
const WARMUP = Number(args.warmup ?? (args.quick ? 1 : 2));
const CONNECTIONS = Number(args.connections ?? 50);
const ROUNDS = Number(args.rounds ?? (args.quick ? 1 : 3));
const SCENARIO = "busy-week";
const SEED = 1;
const SINGLE_IDS = 20;
const AUTH = { "X-Api-Auth": "bench" };
const LIST_PATH = "/api/v1/calls?page=1&per_page=100";
/** The target of issue 14. */
const TARGET_RATIO = 15;
/** Measured by hand before this benchmark existed (issue 14: a hand-written document, one call). */
const ISSUE_FIGURES = { prismSingleRps: 1_300, prismSingleP99Ms: 133 };

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
assertBuiltMsw();

async function getJson(url, headers = AUTH) {
  const res = await fetch(url, { headers });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
  return res.json();
}

/** GET with node:http: the body text and the response headers as sent (raw names, in order). */
function getRaw(url, headers = AUTH) {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => (res.statusCode === 200 ? resolve({ text, rawHeaders: res.rawHeaders }) : reject(new Error(`GET ${url}: ${res.statusCode}`))));
    }).on("error", reject);
  });
}

/** Headers node:http adds to every answer by itself (the ceiling server's node adds them too). */
const NODE_HEADERS = new Set(["content-length", "date", "connection", "keep-alive"]);

// ---------------------------------------------------------------------------------------------
// The data, from an instance of the fwcall mock; the document Prism mocks, with it as examples

const workDir = mkdtempSync(join(tmpdir(), "fwcall-bench-prism-"));
process.on("exit", () => rmSync(workDir, { recursive: true, force: true }));

const source = await startMockServer({ port: 0, host: "127.0.0.1", scenario: SCENARIO, seed: SEED });
let page;
let first;
/** For the ceiling: each benchmarked path's body as the mock sends it, and the mock's own headers. */
const ceiling = { headers: [], bodies: {} };
try {
  page = await getJson(source.url + LIST_PATH);
  first = await getJson(`${source.url}/api/v1/calls/${page.calls[0].id}`);
  for (const path of [LIST_PATH, ...page.calls.slice(0, SINGLE_IDS).map((c) => `/api/v1/calls/${c.id}`)]) {
    const { text, rawHeaders } = await getRaw(source.url + path);
    ceiling.bodies[path] = text;
    const headers = [];
    for (let i = 0; i < rawHeaders.length; i += 2) if (!NODE_HEADERS.has(rawHeaders[i].toLowerCase())) headers.push(rawHeaders[i], rawHeaders[i + 1]);
    // The ceiling sends one set of headers: every benchmarked path must have the same.
    if (path !== LIST_PATH && JSON.stringify(headers) !== JSON.stringify(ceiling.headers)) throw new Error(`the mock's headers for ${path} differ from the list page's`);
    ceiling.headers = headers;
  }
} finally {
  await source.close();
}
const ids = page.calls.slice(0, SINGLE_IDS).map((c) => c.id);

const document = loadOpenApi();
const listOk = document.paths["/api/v1/calls"]?.get?.responses?.["200"]?.content?.["application/json"];
const callOk = document.paths["/api/v1/calls/{id}"]?.get?.responses?.["200"]?.content?.["application/json"];
if (!listOk || !callOk) throw new Error("the generated OpenAPI document has no JSON 200 for /api/v1/calls or /api/v1/calls/{id}: regenerate it (pnpm generate)");
listOk.examples = { page: { summary: `Page 1 of 100, ${SCENARIO} seed ${SEED}`, value: page } };
callOk.examples = { call: { summary: `The first call of ${SCENARIO} seed ${SEED}`, value: first } };
const documentFile = join(workDir, "openapi.json");
writeFileSync(documentFile, JSON.stringify(document));
const ceilingFile = join(workDir, "ceiling.json");
writeFileSync(ceilingFile, JSON.stringify(ceiling));

const SERVERS = [
  { name: "fwcall mock (@fwcall/msw)", key: "fwcall", script: here("./mock-server/fwcall.mjs"), args: [SCENARIO, String(SEED)] },
  { name: "Prism 5.14.2 (static)", key: "prism", script: here("./prism/server.mjs"), args: [documentFile] },
  { name: "node:http, same bytes and headers (ceiling, info)", key: "node:http", script: here("./mock-server/plain.mjs"), args: [ceilingFile] },
];
const ROUTES = [
  { key: "single", label: `GET /api/v1/calls/:id (${SINGLE_IDS} ids round-robin)`, paths: ids.map((id) => `/api/v1/calls/${id}`) },
  { key: "list", label: "GET /api/v1/calls, page 1 of 100", paths: [LIST_PATH] },
];

const runs = Object.fromEntries(SERVERS.map((spec) => [spec.key, Object.fromEntries(ROUTES.map((route) => [route.key, []]))]));

/** Before timing: the server answers the list and the first call with the very data of the fwcall mock. */
async function assertSameData(server, spec) {
  const list = await getJson(server.url + LIST_PATH);
  if (JSON.stringify(list) !== JSON.stringify(page)) throw new Error(`${spec.name}: page 1 of 100 differs from the fwcall mock's`);
  const call = await getJson(`${server.url}/api/v1/calls/${ids[0]}`);
  if (JSON.stringify(call) !== JSON.stringify(first)) throw new Error(`${spec.name}: call ${ids[0]} differs from the fwcall mock's`);
}

// ---------------------------------------------------------------------------------------------
// The run

const loadBefore = loadAverage();
const before = await othersBusy(1000);
const watch = watchOthers();
// The servers run at once (an idle one costs nothing) and the runs alternate, round after round, so
// that a change in the machine's load falls on all alike; each figure is the median of the rounds.
const servers = [];
try {
  for (const spec of SERVERS) {
    const server = await startServer(spec.name, spec.script, { args: spec.args });
    servers.push(server);
    await assertSameData(server, spec);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const route of ROUTES) {
      for (const [i, spec] of SERVERS.entries()) {
        // autocannon's default 10 s request timeout: Prism's slowest list answers come near it on a busy machine.
        const options = { url: servers[i].url, connections: CONNECTIONS, timeout: 30, headers: AUTH, requests: route.paths.map((path) => ({ method: "GET", path })) };
        await load({ ...options, duration: WARMUP });
        runs[spec.key][route.key].push(await measuredLoad(servers[i].child, { ...options, duration: DURATION }, `${spec.name} ${route.key}`));
      }
    }
  }
} finally {
  await Promise.all(servers.map((server) => server.stop()));
}
const results = Object.fromEntries(
  SERVERS.map((spec) => [spec.key, Object.fromEntries(ROUTES.map((route) => {
    const list = runs[spec.key][route.key];
    const cpu = list.map((r) => r.cpuPerRequestUs).filter((us) => us !== null);
    const share = list.map((r) => r.cpuShare).filter((x) => x !== null);
    return [route.key, { rps: median(list.map((r) => r.rps)), p50: median(list.map((r) => r.p50)), p99: median(list.map((r) => r.p99)), cpuUs: cpu.length > 0 ? median(cpu) : null, cpuShare: share.length > 0 ? median(share) : null }];
  }))]),
);
const busy = watch.stop();
const loadAfter = loadAverage();

// ---------------------------------------------------------------------------------------------
// Report

const fmtRps = (n) => Math.round(n).toLocaleString("en-US");
const fmtMs = (ms) => `${Number.isInteger(ms) ? ms : ms.toFixed(2)} ms`;
const fmtX = (x) => `${x.toFixed(2)}x`;
const table = (header, rows) =>
  [`| ${header.join(" | ")} |`, `| ${header.map((_, i) => (i < 2 ? "---" : "---:")).join(" | ")} |`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");

console.log(`Machine: ${describeMachine()}`);
for (const [when, share] of [["for a second before the run", before], ["during the run", busy]]) {
  if (share !== null && share > 0.1) console.log(`WARNING: other processes used ${(share * 100).toFixed(0)}% of the CPU ${when}; do not record these figures.`);
}
if (!hasTaskset) console.log("WARNING: taskset (util-linux) not found: servers and autocannon ran unpinned, competing for the same cores.");
console.log(`Load average (1, 5, 15 min): ${loadBefore} before the run, ${loadAfter} after it.`);
console.log(
  `\nautocannon, ${CONNECTIONS} connections, ${DURATION} s per run after a ${WARMUP} s warm-up, the servers alternating, median of ${ROUNDS} round(s); ` +
    (hasTaskset ? `server pinned to core ${SERVER_CORE}, autocannon to core ${LOAD_CORE}` : "unpinned") +
    `; 127.0.0.1; latencies in whole milliseconds. Data: scenario ${SCENARIO}, seed ${SEED} (list body ${Buffer.byteLength(JSON.stringify(page)).toLocaleString("en-US")} bytes, one call ${Buffer.byteLength(JSON.stringify(first)).toLocaleString("en-US")} bytes).\n`,
);
const rows = [];
for (const route of ROUTES) {
  for (const spec of SERVERS) {
    const r = results[spec.key][route.key];
    rows.push([route.label, spec.name, fmtRps(r.rps), fmtMs(r.p50), fmtMs(r.p99), cpuCell(r.cpuUs, r.cpuShare), fmtX(r.rps / results.prism[route.key].rps)]);
  }
}
console.log(table(["route", "server", "req/s", "p50", "p99", "server CPU per request", "vs Prism"], rows));
console.log(
  `\nPrism mocks the generated OpenAPI document with the fwcall mock's answers as its examples (checked equal before timing), per-request logging off (-v warn).` +
    ` Issue 14's hand measurement: Prism ${fmtRps(ISSUE_FIGURES.prismSingleRps)} req/s, p99 ${ISSUE_FIGURES.prismSingleP99Ms} ms on one call.\n`,
);
for (const route of ROUTES) {
  const rounds = runs.fwcall[route.key].map((r, i) => fmtX(r.rps / runs.prism[route.key][i].rps));
  console.log(`${route.label}: fwcall/Prism per round ${rounds.join(", ")}`);
  // A slow round whose server core sat idle was held up by the load generator, not the server.
  const busy = SERVERS.map((spec) => `${spec.key} ${runs[spec.key][route.key].map((r) => `${fmtRps(r.rps)} (${r.cpuShare === null ? "n/a" : `${(r.cpuShare * 100).toFixed(0)}%`})`).join(", ")}`);
  console.log(`  req/s per round (server core busy): ${busy.join("; ")}`);
}
console.log(
  "\nServer CPU per request: user + system time of the server process (Prism: with its children) over the run, from /proc, divided by the requests answered;" +
    " it holds when other processes take the server's core, which req/s does not. A server core well under 100% busy was waiting for autocannon.",
);
console.log(
  `\nThe node:http row (info, not judged) answers the fwcall mock's bytes with the mock's own headers (${ceiling.headers.filter((_, i) => i % 2 === 0).join(", ")}; node adds Content-Length, Date, Connection, Keep-Alive to both), looked up by the request target: no auth, routing or scenario.`,
);
for (const route of ROUTES) {
  const fw = results.fwcall[route.key];
  const top = results["node:http"][route.key];
  const rounds = runs.fwcall[route.key].map((r, i) => `${((r.rps / runs["node:http"][route.key][i].rps) * 100).toFixed(0)}%`);
  const cpu = fw.cpuUs === null || top.cpuUs === null ? "" : `; CPU per request ${fw.cpuUs.toFixed(1)} µs against ${top.cpuUs.toFixed(1)} µs (${((top.cpuUs / fw.cpuUs) * 100).toFixed(0)}%)`;
  console.log(`${route.label}: fwcall mock at ${((fw.rps / top.rps) * 100).toFixed(0)}% of the node:http ceiling's req/s (per round ${rounds.join(", ")})${cpu}; the ceiling is ${fmtX(top.rps / results.prism[route.key].rps)} Prism.`);
}
console.log("");
for (const route of ROUTES) {
  // Two fair readings: the median req/s of each server divided, and the median of the rounds' own
  // ratios; the target is judged by the lower, so a verdict never rests on the kinder one.
  const ofMedians = results.fwcall[route.key].rps / results.prism[route.key].rps;
  const medianOfRounds = median(runs.fwcall[route.key].map((r, i) => r.rps / runs.prism[route.key][i].rps));
  const ratio = Math.min(ofMedians, medianOfRounds);
  console.log(
    `Target: fwcall at least ${TARGET_RATIO}x Prism on ${route.label}: ${ratio >= TARGET_RATIO ? "PASS" : "MISS"} ` +
      `(${fmtX(ofMedians)} median over median, ${fmtX(medianOfRounds)} median of the rounds' ratios; the lower decides)`,
  );
}
