#!/usr/bin/env node
// Stream backpressure benchmark of the fwcall mock server (@fwcall/msw, built dist), in two parts:
// 1. memory: 100 clients open the live event stream at the fastest replay and then read nothing
//    for 60 s; the server's RSS is sampled every 5 s, then again after they disconnect;
// 2. REST latency (autocannon on GET /api/v1/calls/:id) with no streams (the peer), then with 200
//    streams of the most calls opened all at once a second into the run.
// The server runs in a child pinned to core 1 (taskset), autocannon in a child pinned to core 0,
// the stream clients in this process; everything on 127.0.0.1, bounded in count and time.
//
//   node src/stream-backpressure.mjs [--quick] [--clients N] [--hold S] [--sample S] [--streams N] [--duration S] [--connections N]
import { spawn, spawnSync } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { MAX_STREAM_CALLS, MAX_STREAM_SPEED } from "@fwcall/msw";
import { describeMachine, othersBusy, watchOthers } from "./machine.mjs";

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"), // pnpm passes its "--" through
  options: {
    quick: { type: "boolean", default: false },
    clients: { type: "string" },
    hold: { type: "string" },
    sample: { type: "string" },
    streams: { type: "string" },
    duration: { type: "string" },
    connections: { type: "string" },
  },
});
const CLIENTS = Number(args.clients ?? 100);
const HOLD_S = Number(args.hold ?? (args.quick ? 15 : 60));
const SAMPLE_S = Number(args.sample ?? 5);
const STREAMS = Number(args.streams ?? 200);
const DURATION = Number(args.duration ?? (args.quick ? 4 : 10));
const CONNECTIONS = Number(args.connections ?? 10);
const AUTH = { "X-Api-Auth": "bench" };
/** The fastest replay, looping: the most a paused client could be sent. */
const PAUSED_QUERY = `?calls=${MAX_STREAM_CALLS}&speed=${MAX_STREAM_SPEED}&loop=1`;
/** A board's stream of the most calls at the default speed. */
const OPEN_QUERY = `?calls=${MAX_STREAM_CALLS}`;
/** The issue's target. */
const TARGET_RSS_MB = 300;

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const msw = import.meta.resolve("@fwcall/msw/server");
if (!msw.includes("/dist/")) throw new Error(`@fwcall/msw resolves to ${msw}, not its built dist/: run without the @fwcall/source condition`);

const hasTaskset = spawnSync("taskset", ["-c", "0", "true"]).status === 0;
const pinned = (core, argv) => (hasTaskset ? ["taskset", ["-c", String(core), ...argv]] : [argv[0], argv.slice(1)]);
const SERVER_CORE = 1;
const LOAD_CORE = 0;

const children = new Set();
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => process.exit(130));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes) => bytes / 2 ** 20;

/** The mock server in a child pinned to SERVER_CORE, with `sample(gc)` over IPC and `stop()`. */
function startServer() {
  const [command, argv] = pinned(SERVER_CORE, [process.execPath, "--expose-gc", here("./stream-backpressure/server.mjs")]);
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe", "ipc"] });
  children.add(child);
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the mock server did not start within 20 s\n${stderr}`)), 20_000);
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /LISTENING (\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1],
        /** Memory and stream counts of the server; with gc, after a full collection. */
        sample: (gc = false) =>
          new Promise((done, fail) => {
            const limit = setTimeout(() => fail(new Error("the mock server did not answer a sample within 30 s")), 30_000);
            child.once("message", (stats) => {
              clearTimeout(limit);
              done(stats);
            });
            child.send(gc ? "gc" : "sample");
          }),
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
          const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
          await exited;
          clearTimeout(force);
          children.delete(child);
        },
      });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the mock server exited (${code}) before listening\n${stderr}`));
    });
  });
}

/** One autocannon run in a child pinned to LOAD_CORE (./mock-server/load.mjs); resolves with its summary. */
function load(options) {
  const [command, argv] = pinned(LOAD_CORE, [process.execPath, here("./mock-server/load.mjs"), JSON.stringify(options)]);
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    const limit = setTimeout(() => child.kill("SIGKILL"), (options.duration + 30) * 1000);
    child.once("exit", (code) => {
      clearTimeout(limit);
      children.delete(child);
      if (code !== 0) return reject(new Error(`autocannon exited (${code})\n${err}`));
      const result = JSON.parse(out.trim().split("\n").pop());
      if (result.non2xx || result.errors || result.timeouts) return reject(new Error(`REST load: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`));
      resolve(result);
    });
  });
}

/** A client that requests the stream on a raw socket and never reads: its bytes pile up in the kernel, then in the server. */
function pausedClient(url) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.pause();
  socket.on("error", () => undefined); // destroyed on purpose at the end
  socket.write(`GET /api/v1/stream${PAUSED_QUERY} HTTP/1.1\r\nHost: ${hostname}\r\nAccept: text/event-stream\r\n\r\n`);
  return socket;
}

/** A board's stream read with fetch (bytes discarded); resolves once its `ready` event has arrived. */
async function openReader(url, signal) {
  const response = await fetch(`${url}/api/v1/stream${OPEN_QUERY}`, { signal, headers: { Accept: "text/event-stream" } });
  if (response.status !== 200) throw new Error(`GET /api/v1/stream: ${response.status} ${await response.text()}`);
  const reader = response.body.getReader();
  const first = await reader.read();
  if (!new TextDecoder().decode(first.value).startsWith("event: ready")) throw new Error("a stream did not start with its ready event");
  void (async () => {
    try {
      while (!(await reader.read()).done);
    } catch {
      // aborted at the end of the run
    }
  })();
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Memory under paused clients

const before = await othersBusy(1000);
const watch = watchOthers();

const memory = { samples: [] };
{
  const server = await startServer();
  try {
    const warm = await fetch(`${server.url}/api/v1/calls?per_page=100`, { headers: AUTH }); // the REST data, built once, counts in the baseline
    if (warm.status !== 200) throw new Error(`GET /api/v1/calls: ${warm.status}`);
    memory.baseline = await server.sample(true);
    const sockets = Array.from({ length: CLIENTS }, () => pausedClient(server.url));
    const started = Date.now();
    const times = [];
    for (let t = 0; t < HOLD_S; t += SAMPLE_S) times.push(t);
    times.push(HOLD_S);
    for (const t of times) {
      await sleep(Math.max(0, started + t * 1000 - Date.now()));
      memory.samples.push({ t: (Date.now() - started) / 1000, ...(await server.sample()) });
    }
    for (const socket of sockets) socket.destroy();
    await waitFor(async () => (await server.sample()).streams === 0, 30_000, "the server did not close the paused clients' streams");
    memory.afterClose = await server.sample();
    memory.afterGc = await server.sample(true);
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// 2. REST latency: no streams (peer), then STREAMS streams opened at once

const latency = {};
{
  const server = await startServer();
  try {
    const list = await (await fetch(`${server.url}/api/v1/calls?per_page=20`, { headers: AUTH })).json();
    const requests = list.calls.map((call) => ({ method: "GET", path: `/api/v1/calls/${call.id}` }));
    const options = { url: server.url, connections: CONNECTIONS, headers: AUTH, requests };
    await load({ ...options, duration: 2 }); // warm-up
    latency.peer = await load({ ...options, duration: DURATION });
    const abort = new AbortController();
    const running = load({ ...options, duration: DURATION });
    await sleep(1_000);
    const opening = performance.now();
    await Promise.all(Array.from({ length: STREAMS }, () => openReader(server.url, abort.signal)));
    latency.openMs = performance.now() - opening;
    latency.withStreams = await running;
    latency.open = (await server.sample()).streams;
    abort.abort();
    await waitFor(async () => (await server.sample()).streams === 0, 30_000, "the server did not close the readers' streams");
  } finally {
    await server.stop();
  }
}
const busy = watch.stop();

// ---------------------------------------------------------------------------------------------
// Report

const fmtMb = (bytes) => `${mb(bytes).toFixed(0)} MB`;
const fmtMs = (ms) => `${Number.isInteger(ms) ? ms : ms.toFixed(1)} ms`;
const table = (header, rows) =>
  [`| ${header.join(" | ")} |`, `| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");

console.log(`Machine: ${describeMachine()}`);
for (const [when, share] of [["for a second before the run", before], ["during the run", busy]]) {
  if (share !== null && share > 0.1) console.log(`WARNING: other processes used ${(share * 100).toFixed(0)}% of the CPU ${when}; do not record these figures.`);
}
if (!hasTaskset) console.log("WARNING: taskset (util-linux) not found: the server, autocannon and the clients ran unpinned.");

const peak = memory.samples.reduce((max, s) => Math.max(max, s.rss), 0);
const lastHeld = memory.samples.at(-1).held;
console.log(
  `\n### Memory: ${CLIENTS} clients that stop reading, ${HOLD_S} s\n\nEach requests \`/api/v1/stream${PAUSED_QUERY}\` on a raw socket and reads nothing; ` +
    `server RSS every ${SAMPLE_S} s (its own process, pinned to core ${hasTaskset ? SERVER_CORE : "-"}; scenario busy-week loaded).\n`,
);
console.log(table(["t (s)", "RSS", "heap used", "streams open", "held by backpressure"], memory.samples.map((s) => [s.t.toFixed(0), fmtMb(s.rss), fmtMb(s.heapUsed), String(s.streams), String(s.held)])));
console.log(
  `\n${table(
    ["", "RSS", "heap used"],
    [
      ["before the clients (after a full GC)", fmtMb(memory.baseline.rss), fmtMb(memory.baseline.heapUsed)],
      [`peak with ${CLIENTS} paused clients`, fmtMb(peak), fmtMb(Math.max(...memory.samples.map((s) => s.heapUsed)))],
      ["after they disconnect", fmtMb(memory.afterClose.rss), fmtMb(memory.afterClose.heapUsed)],
      ["after they disconnect, after a full GC", fmtMb(memory.afterGc.rss), fmtMb(memory.afterGc.heapUsed)],
    ],
  )}`,
);
console.log(`\nTarget: RSS under ${TARGET_RSS_MB} MB with ${CLIENTS} paused clients for ${HOLD_S} s: ${mb(peak) < TARGET_RSS_MB ? "PASS" : "MISS"} (peak ${fmtMb(peak)}; ${lastHeld} of ${CLIENTS} streams held at the end)`);

const { peer, withStreams } = latency;
console.log(
  `\n### REST latency with ${STREAMS} streams of ${MAX_STREAM_CALLS} calls\n\nautocannon 8.0.0, ${CONNECTIONS} connections, ${DURATION} s, GET /api/v1/calls/:id (20 ids round-robin), latencies in whole ms. ` +
    `In the second run ${STREAMS} readers open \`/api/v1/stream${OPEN_QUERY}\` at once, 1 s in, and keep reading; all ${STREAMS} had their \`ready\` event ${fmtMs(latency.openMs)} after they were requested (${latency.open} open at the end).\n`,
);
console.log(
  table(
    ["run", "req/s", "p50", "p99", "max"],
    [
      ["no streams (peer)", Math.round(peer.rps).toLocaleString("en-US"), fmtMs(peer.p50), fmtMs(peer.p99), fmtMs(peer.max)],
      [`${STREAMS} streams opened at once`, Math.round(withStreams.rps).toLocaleString("en-US"), fmtMs(withStreams.p50), fmtMs(withStreams.p99), fmtMs(withStreams.max)],
    ],
  ),
);
console.log(`\np99 with streams / p99 without: ${(withStreams.p99 / Math.max(1, peer.p99)).toFixed(2)}x; longest REST wait ${fmtMs(withStreams.max)} (the issue: 12.9 s before the timeline was built lazily).`);
