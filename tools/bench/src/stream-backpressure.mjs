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
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { MAX_STREAM_CALLS, MAX_STREAM_SPEED } from "@fwcall/msw";
import { benchArgs } from "./bench-args.mjs";
import { assertAllAnswered, assertBuiltMsw, hasTaskset, load, SERVER_CORE, startServer } from "./children.mjs";
import { describeMachine, othersBusy, watchOthers } from "./machine.mjs";

const args = benchArgs({ clients: "string", hold: "string", sample: "string", streams: "string", duration: "string", connections: "string" });
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
assertBuiltMsw();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes) => bytes / 2 ** 20;

/** The mock server in a child pinned to SERVER_CORE, with `sample(gc)` over IPC and `stop()`. */
async function startStreamServer() {
  const server = await startServer("the mock server", here("./stream-backpressure/server.mjs"), { nodeFlags: ["--expose-gc"], ipc: true });
  /** Memory and stream counts of the server; with gc, after a full collection. */
  const sample = (gc = false) =>
    new Promise((done, fail) => {
      const limit = setTimeout(() => fail(new Error("the mock server did not answer a sample within 30 s")), 30_000);
      server.child.once("message", (stats) => {
        clearTimeout(limit);
        done(stats);
      });
      server.child.send(gc ? "gc" : "sample");
    });
  return { ...server, sample };
}

/** One autocannon run of the REST load; rejects if any request failed. */
const restLoad = async (options) => assertAllAnswered(await load(options), "REST load");

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
  const server = await startStreamServer();
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
  const server = await startStreamServer();
  try {
    const list = await (await fetch(`${server.url}/api/v1/calls?per_page=20`, { headers: AUTH })).json();
    const requests = list.calls.map((call) => ({ method: "GET", path: `/api/v1/calls/${call.id}` }));
    const options = { url: server.url, connections: CONNECTIONS, headers: AUTH, requests };
    await restLoad({ ...options, duration: 2 }); // warm-up
    latency.peer = await restLoad({ ...options, duration: DURATION });
    const abort = new AbortController();
    const running = restLoad({ ...options, duration: DURATION });
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
