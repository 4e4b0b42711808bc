// The child process of verifyPactFiles (started by verify-runner.ts): gets one job over IPC, runs
// it, sends the outcome back and exits. It exists because the Pact verifier's native core prints
// its report straight to file descriptor 1, past process.stdout; in this process that descriptor
// is a pipe the parent drains, not the caller's stdout, so a JSON report stays one document.
import { runVerifyJob, type VerifyJob, type VerifyOutcome } from "./verify-job.js";
import { errorMessage } from "./error-message.js";

if (!process.send) {
  process.stderr.write("@fwcall/pact: verify-child.js is started by verifyPactFiles, not by hand\n");
  process.exit(2);
}

/** Sends the outcome once, then exits; the parent kills a child that cannot (see verify-runner.ts). */
let reported = false;
function report(outcome: VerifyOutcome): void {
  if (reported) return;
  reported = true;
  process.send!(outcome, () => process.exit(0));
}

// pact-js's provider proxy has no error handler: a provider that refuses a connection mid-run
// throws from http-proxy, outside any promise of the verification. Report it instead of dying
// with a stack trace while the native verifier goes on retrying, 30 s per request.
process.on("uncaughtException", (error) => report({ status: "error", message: `the verification broke off: ${errorMessage(error)}` }));

process.once("message", (job: VerifyJob) => {
  runVerifyJob(job)
    .catch((error: unknown): VerifyOutcome => ({ status: "error", message: `internal error of fwcall while verifying: ${errorMessage(error)}` }))
    .then(report);
});
