// What the figures were measured on.
import { readFileSync } from "node:fs";
import os from "node:os";

function cpuModel() {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("model name"));
    if (line) return line.slice(line.indexOf(":") + 1).trim();
  } catch {
    // not Linux: fall back to what node reports
  }
  return os.cpus()[0]?.model ?? "unknown CPU";
}

/** One line: CPU model, cores, memory, OS, node and V8 versions. */
export function describeMachine() {
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  const memory = `${Math.round(os.totalmem() / 2 ** 30)} GiB`;
  return `${cpuModel()}, ${cores} cores, ${memory}, ${os.type()} ${os.release()}, node ${process.version} (V8 ${process.versions.v8})`;
}

/** Jiffies of the whole machine (busy, total) and of this process with its waited-for children. */
function cpuSnapshot() {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    const idle = fields[3] + (fields[4] ?? 0);
    const stat = readFileSync("/proc/self/stat", "utf8");
    const own = stat.slice(stat.lastIndexOf(")") + 2).split(" ").slice(11, 15).map(Number); // utime stime cutime cstime
    return { busy: total - idle, total, own: own.reduce((a, b) => a + b, 0) };
  } catch {
    return null; // no /proc: not Linux
  }
}

/**
 * Starts watching the machine; `stop()` returns the share (0–1) of all CPUs' time that processes
 * other than this one and its children used meanwhile, or null where /proc is missing. Above a
 * few percent something else was running, and the figures are not worth recording.
 */
export function watchOthers() {
  const before = cpuSnapshot();
  return {
    stop() {
      const after = cpuSnapshot();
      if (!before || !after || after.total === before.total) return null;
      const others = after.busy - before.busy - (after.own - before.own);
      return Math.max(0, others / (after.total - before.total));
    },
  };
}

/** watchOthers over a pause of `ms`, before anything runs. */
export async function othersBusy(ms = 1000) {
  const watch = watchOthers();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return watch.stop();
}

/** The load averages over 1, 5 and 15 minutes, e.g. "0.60, 1.20, 1.41": printed before and after a run. */
export function loadAverage() {
  return os.loadavg().map((x) => x.toFixed(2)).join(", ");
}
