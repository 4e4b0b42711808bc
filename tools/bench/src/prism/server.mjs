// Child of ../prism.mjs: Prism's CLI mocking an OpenAPI document (argv[2]) on 127.0.0.1 and a free
// port, in static mode (the document's examples) with per-request logging off (-v warn), its
// fastest setting. Prism runs as this process's child, on the same pinned core (taskset's affinity
// is inherited). Prints "LISTENING <url>" once Prism answers; on SIGTERM/SIGINT stops Prism and exits.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

const document = process.argv[2];
const port = await new Promise((resolve, reject) => {
  const probe = createServer();
  probe.once("error", reject);
  probe.listen(0, "127.0.0.1", () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const require = createRequire(import.meta.url);
const manifest = require.resolve("@stoplight/prism-cli/package.json");
const script = join(dirname(manifest), JSON.parse(readFileSync(manifest, "utf8")).bin.prism);
const prism = spawn(process.execPath, [script, "mock", "-h", "127.0.0.1", "-p", String(port), "-v", "warn", document], { stdio: ["ignore", "pipe", "inherit"] });
prism.stdout.resume(); // drained, so that a full pipe never blocks Prism
prism.once("exit", (code, signal) => {
  process.stderr.write(`prism exited (${code ?? signal})\n`);
  process.exit(1);
});
const stop = () => {
  prism.removeAllListeners("exit");
  prism.once("exit", () => process.exit(0));
  prism.kill("SIGTERM");
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);

const url = `http://127.0.0.1:${port}`;
for (let attempt = 0; ; attempt++) {
  try {
    await fetch(`${url}/api/v1/calls`, { headers: { "X-Api-Auth": "bench" } });
    break;
  } catch (error) {
    if (attempt > 300) throw new Error(`Prism did not answer within 30 s: ${error}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
process.stdout.write(`LISTENING ${url}\n`);
