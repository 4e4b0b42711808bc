// Where a verification job runs. The Pact verifier's native core writes its report to file
// descriptor 1 directly (Rust's stdout, past process.stdout and any injected io.stdout), and
// pact-core 19.2 offers no option to silence or redirect it (no format, output or colour option
// reaches the FFI; logLevel only governs logs). So the built CLI runs each job in a child Node
// process whose stdout is a pipe it drains, keeping fwcall's stdout its own.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Io } from "./io.js";
import { runVerifyJob, type VerifyJob, type VerifyOutcome } from "./verify-job.js";

/** How long a child that has reported may take to exit before it is killed. */
const KILL_AFTER_MS = 2_000;

/** Runs one verification job. */
export type VerifyRunner = (job: VerifyJob, io: Io) => Promise<VerifyOutcome>;

/** In this process: the verifier's report lands on this process's stdout. */
export const inThisProcess: VerifyRunner = (job) => runVerifyJob(job);

/**
 * In a child process (the built verify-child.js): the verifier's report is dropped, or copied to
 * io.stderr when FWCALL_DEBUG is set; the child's stderr (pact-js errors) goes to io.stderr.
 */
export const inChildProcess: VerifyRunner = (job, io) =>
  new Promise((resolve) => {
    const env = { ...process.env, ...io.env };
    const child = spawn(process.execPath, [fileURLToPath(new URL("./verify-child.js", import.meta.url))], { env, stdio: ["ignore", "pipe", "pipe", "ipc"] });
    let outcome: VerifyOutcome | undefined;
    // Both are pipes (stdio above). Always read stdout: a full pipe would block the verifier mid-report.
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      if (env.FWCALL_DEBUG) io.stderr.write(chunk);
    });
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => io.stderr.write(chunk));
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

/**
 * The built CLI isolates the verifier in a child process; from the TypeScript source (the tests,
 * which inject stdout and so are not disturbed by the report) there is no child entry Node can run.
 */
export const defaultVerifyRunner: VerifyRunner = import.meta.url.endsWith(".ts") ? inThisProcess : inChildProcess;
