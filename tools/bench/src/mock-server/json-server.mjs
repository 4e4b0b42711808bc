// Child of ../mock-server.mjs: json-server 0.17 over the db.json given as argument, with its default
// middlewares (as its CLI with --quiet: no request log) and default routes (/calls, /calls/:id), on
// 127.0.0.1 and a free port. Prints "LISTENING <url>"; exits on SIGTERM/SIGINT.
import { createRequire } from "node:module";

const jsonServer = createRequire(import.meta.url)("json-server");
const server = jsonServer.create();
server.use(jsonServer.defaults({ logger: false }));
server.use(jsonServer.router(process.argv[2]));
const listener = server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`LISTENING http://127.0.0.1:${listener.address().port}\n`);
});
const stop = () => process.exit(0);
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
