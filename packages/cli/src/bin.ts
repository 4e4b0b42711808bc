#!/usr/bin/env node
// The `fwcall` executable: checks the Node version, then runs main() on the real process.

// fwcall's own code and dependencies need Node 20.19; FDK 9 developers often have Node 18 active
// (the Node their app runs on), and would otherwise get some failure deep inside a command. The
// check comes before main.js is loaded, hence the dynamic import below.
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(
    `fwcall: needs Node >= 20.19, this is ${process.version}; run fwcall with a newer Node (your app's server.js may stay on Node 18: @fwcall/types and @fwcall/validate run there)\n`,
  );
  process.exit(2);
}

const { main } = await import("./main.js");

// main() watches stdout itself: a full disk or a reader that stopped early (`| head`) ends the
// command with exit 2 (quietly for a closed pipe), never with a stack trace.
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
