#!/usr/bin/env node
// `pnpm fwcall <args>` at the root of a checkout: builds the CLI and the packages it depends on
// (turbo, cached: a fraction of a second when no source changed), then runs the built CLI in the
// directory pnpm was called from, with its stdin, stdout, stderr and exit code.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeNodeKey } from "./node-key.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Runs turbo's build of fwcall and everything it depends on; its output is kept and shown only on failure. */
function build() {
  // As the root scripts do: turbo's cache keys on the Node version through this file.
  writeNodeKey();
  return new Promise((resolve) => {
    const turbo = spawn(join(root, "node_modules", ".bin", "turbo"), ["run", "build", "--filter=fwcall...", "--output-logs=errors-only"], {
      cwd: root,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output = [];
    turbo.stdout.on("data", (chunk) => output.push(chunk));
    turbo.stderr.on("data", (chunk) => output.push(chunk));
    // A cached build takes well under a second; say what is happening only when it is a real one.
    const notice = setTimeout(() => process.stderr.write("fwcall: building the CLI and its packages first (turbo; cached after this)…\n"), 1500);
    const finish = (ok, detail = "") => {
      clearTimeout(notice);
      resolve({ ok, output: Buffer.concat(output).toString("utf8") + detail });
    };
    turbo.on("error", (error) => finish(false, `${error.message}\n`));
    turbo.on("close", (code) => finish(code === 0));
  });
}

const built = await build();
if (!built.ok) {
  process.stderr.write(built.output);
  process.stderr.write("fwcall: building the CLI failed (turbo's output above); run `pnpm install` first if node_modules is missing\n");
  process.exit(2);
}

const cli = spawn(process.execPath, [join(root, "packages", "cli", "dist", "bin.js"), ...process.argv.slice(2)], {
  cwd: process.env.INIT_CWD || process.cwd(),
  stdio: "inherit",
});
// Ctrl-C reaches the CLI as well (same process group): let it shut down (the mock server does) and report.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => cli.kill(signal));
cli.on("exit", (code, signal) => process.exit(code ?? 128 + (signal === "SIGINT" ? 2 : signal === "SIGHUP" ? 1 : 15)));
