// Child of ../stream-backpressure.mjs: the fwcall mock server (@fwcall/msw, built dist) on
// 127.0.0.1 and a free port. Prints "LISTENING <url>"; answers each IPC "sample" with its memory
// and stream counts ("gc" first forces a collection: run with --expose-gc); exits on SIGTERM.
import { startMockServer } from "@fwcall/msw/server";

// The stall timeout is set past the run so the paused clients are held, not dropped, throughout.
const mock = await startMockServer({ port: 0, host: "127.0.0.1", scenario: "busy-week", seed: 1, streamStallMs: 3_600_000 });
process.on("message", (message) => {
  if (message === "gc") globalThis.gc?.();
  const { rss, heapUsed, external } = process.memoryUsage();
  process.send?.({ rss, heapUsed, external, streams: mock.streams, held: mock.streamsHeld });
});
const stop = () => mock.close().then(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
process.stdout.write(`LISTENING ${mock.url}\n`);
