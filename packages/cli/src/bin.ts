#!/usr/bin/env node
// The `fwcall` executable: runs main() on the real process.
import { main } from "./main.js";

// `fwcall validate dir | head` closes stdout early: stop quietly instead of crashing.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
