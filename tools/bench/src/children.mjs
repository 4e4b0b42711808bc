// The child processes of the server benchmarks (bench:mock, bench:stream), kept in one place so that
// both pin, start, wait for and kill them the same way: each server in a child pinned to SERVER_CORE
// that prints "LISTENING <url>", each autocannon run (./mock-server/load.mjs) in a child pinned to
// LOAD_CORE, so that load generator and server do not compete for a core. Importing this module
// installs the handlers that kill every child still running when the bench exits, also on an error
// or Ctrl-C, so that no server outlives a failed run.
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Whether taskset (util-linux) can pin children to cores; without it they run unpinned (the benches say so). */
export const hasTaskset = spawnSync("taskset", ["-c", "0", "true"]).status === 0;
/** The core the server children run on. */
export const SERVER_CORE = 1;
/** The core the autocannon children run on. */
export const LOAD_CORE = 0;

const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/** Throws unless @fwcall/msw resolves to its built dist/: the benches measure what ships, not the @fwcall/source condition. */
export function assertBuiltMsw() {
  const msw = import.meta.resolve("@fwcall/msw/server");
  if (!msw.includes("/dist/")) throw new Error(`@fwcall/msw resolves to ${msw}, not its built dist/: run without the @fwcall/source condition`);
}

const children = new Set();
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => process.exit(130));

/** Spawns `argv` pinned to `core` (when taskset is there), tracked until it exits. */
function spawnPinned(core, argv, stdio) {
  const [command, args] = hasTaskset ? ["taskset", ["-c", String(core), ...argv]] : [argv[0], argv.slice(1)];
  const child = spawn(command, args, { stdio, cwd: here(".") });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** Starts `node [nodeFlags] script [args]` pinned to SERVER_CORE; resolves with `{ name, url, child, stop() }` once it prints "LISTENING <url>". */
export function startServer(name, script, { args = [], nodeFlags = [], ipc = false } = {}) {
  const child = spawnPinned(SERVER_CORE, [process.execPath, ...nodeFlags, script, ...args], ["ignore", "pipe", "pipe", ...(ipc ? ["ipc"] : [])]);
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 20 s\n${stderr}`)), 20_000);
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /LISTENING (\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        name,
        url: match[1],
        child,
        /** SIGTERM, then SIGKILL after 5 s; resolves once the child has exited (and been reaped). */
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
          const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
          await exited;
          clearTimeout(force);
        },
      });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before listening\n${stderr}`));
    });
  });
}

/** One autocannon run (./mock-server/load.mjs, options as JSON) pinned to LOAD_CORE, killed 30 s past its duration; resolves with its summary. */
export function load(options) {
  const child = spawnPinned(LOAD_CORE, [process.execPath, here("./mock-server/load.mjs"), JSON.stringify(options)], ["ignore", "pipe", "pipe"]);
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    const limit = setTimeout(() => child.kill("SIGKILL"), (options.duration + 30) * 1000);
    child.once("exit", (code) => {
      clearTimeout(limit);
      if (code !== 0) return reject(new Error(`autocannon exited (${code})\n${err}`));
      resolve(JSON.parse(out.trim().split("\n").pop()));
    });
  });
}

/** Jiffies per second of /proc/<pid>/stat times (USER_HZ: 100 on every Linux build that matters here). */
const USER_HZ = 100;

/** PIDs of a process and all its descendants (Linux /proc), e.g. Prism under its wrapper. */
function processTree(pid) {
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${all[i]}/task`);
    } catch {
      continue; // gone, or no /proc
    }
    for (const tid of tasks) {
      try {
        for (const child of readFileSync(`/proc/${all[i]}/task/${tid}/children`, "utf8").trim().split(/\s+/)) if (child) all.push(Number(child));
      } catch {
        // the task ended meanwhile
      }
    }
  }
  return all;
}

/**
 * CPU seconds (user + system) a server child and its descendants have used so far, or null without
 * /proc. The difference over a run, divided by the requests answered, is the server's CPU cost per
 * request: unlike req/s it does not fall when other processes take the core from the server.
 */
function cpuSeconds(child) {
  let ticks = 0;
  let seen = false;
  for (const pid of processTree(child.pid)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
      seen = true;
    } catch {
      // the process ended meanwhile
    }
  }
  return seen ? ticks / USER_HZ : null;
}

/** The "server CPU per request" cell of a results table: "16.1 µs (core 97% busy)", or "n/a" without /proc. */
export function cpuCell(perRequestUs, share) {
  return perRequestUs === null ? "n/a" : `${perRequestUs.toFixed(1)} µs (core ${(share * 100).toFixed(0)}% busy)`;
}

/**
 * One timed autocannon run against a server child (load's options), every request answered; the
 * run with the server's CPU per request (µs) and the share of its core it kept busy, or null without /proc.
 */
export async function measuredLoad(child, options, what) {
  const before = cpuSeconds(child);
  const run = assertAllAnswered(await load(options), what);
  const after = cpuSeconds(child);
  run.cpuPerRequestUs = before === null || after === null ? null : ((after - before) / run.total) * 1e6;
  run.cpuShare = before === null || after === null ? null : (after - before) / run.duration;
  return run;
}

/** Returns the summary of a run, or throws naming `what` if any request got a non-2xx answer, an error or a timeout. */
export function assertAllAnswered(summary, what) {
  if (summary.non2xx || summary.errors || summary.timeouts) throw new Error(`${what}: ${summary.non2xx} non-2xx, ${summary.errors} errors, ${summary.timeouts} timeouts`);
  return summary;
}
