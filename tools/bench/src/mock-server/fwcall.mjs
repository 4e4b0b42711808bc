// Child of ../mock-server.mjs: the fwcall mock server (@fwcall/msw, built dist), on 127.0.0.1 and
// a free port. Prints "LISTENING <url>"; closes and exits on SIGTERM/SIGINT (so --cpu-prof is written).
import { startMockServer } from "@fwcall/msw/server";

const scenario = process.argv[2] ?? "busy-week";
const seed = Number(process.argv[3] ?? 1);
const mock = await startMockServer({ port: 0, host: "127.0.0.1", scenario, seed });
const stop = () => mock.close().then(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
process.stdout.write(`LISTENING ${mock.url}\n`);
