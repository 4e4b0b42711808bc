// Where a verification job runs. The Pact verifier's native core writes its report to file
// descriptor 1 directly (Rust's stdout, past process.stdout and any stream a caller passes), and
// pact-core 19.2 offers no option to silence or redirect it (no format, output or colour option
// reaches the FFI; logLevel only governs logs). So each job may run in a child Node process whose
// stdout is a pipe the parent drains, keeping the caller's stdout its own.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runVerifyJob, type VerifyJob, type VerifyOutcome } from "./verify-job.js";

/** How long a child that has reported may take to exit before it is killed. */
const KILL_AFTER_MS = 2_000;

/** Where a child's output goes, and its environment. */
export interface ChildOutput {
  /** Environment variables laid over this process's for the child (e.g. PACT_DO_NOT_TRACK). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** The verifier's own report (the child's stdout); dropped when not given. */
  verifierOutput?: ((chunk: string) => void) | undefined;
  /** The child's stderr (pact-js errors); default: this process's stderr. */
  stderr?: ((chunk: string) => void) | undefined;
}

/** The child's entry: the built verify-child.js beside this file (the TypeScript source has none Node 20 can run). */
const CHILD_ENTRY = fileURLToPath(new URL("./verify-child.js", import.meta.url));

/** Whether this module runs as built JavaScript, with a child entry to start. */
export const canIsolate = !import.meta.url.endsWith(".ts") && existsSync(CHILD_ENTRY);

/** Runs one job in this process: the verifier's report lands on this process's stdout. */
export const inThisProcess = (job: VerifyJob): Promise<VerifyOutcome> => runVerifyJob(job);

/**
 * Runs one job in a child process (the built verify-child.js): the verifier's report is dropped,
 * or handed to `output.verifierOutput`; the child's stderr goes to `output.stderr`.
 * @example await inChildProcess({ kind: "messages", file: "contracts/app.json" }, { verifierOutput: (chunk) => process.stderr.write(chunk) })
 */
export function inChildProcess(job: VerifyJob, output: ChildOutput = {}): Promise<VerifyOutcome> {
  return new Promise((resolve) => {
    const env = { ...process.env, ...output.env };
    const stderr = output.stderr ?? ((chunk: string) => process.stderr.write(chunk));
    const child = spawn(process.execPath, [CHILD_ENTRY], { env, stdio: ["ignore", "pipe", "pipe", "ipc"] });
    let outcome: VerifyOutcome | undefined;
    // Both are pipes (stdio above). Always read stdout: a full pipe would block the verifier mid-report.
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => output.verifierOutput?.(chunk));
    child.stderr!.setEncoding("utf8").on("data", stderr);
    child.on("message", (message: VerifyOutcome) => {
      outcome = message;
      // The child exits once it has reported, unless the verifier's native threads hold it (after a
      // crash they go on retrying for minutes): then it is killed, its outcome already in hand.
      setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL"), KILL_AFTER_MS).unref();
    });
    child.once("error", (error) => resolve({ status: "error", message: `cannot start the verifier process: ${error.message}` }));
    child.once("close", (code, signal) =>
      resolve(outcome ?? { status: "error", message: `the verifier process ${signal ? `was stopped by ${signal}` : `exited with code ${code ?? "none"}`} before it reported` }),
    );
    child.send(job);
  });
}
