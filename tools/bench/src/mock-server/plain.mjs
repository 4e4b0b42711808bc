// Child of ../mock-server.mjs: the limit. A bare node:http server answering each benchmarked path
// with the fwcall mock's own response body, serialised once up front (bodies.json: { path: text }).
// Prints "LISTENING <url>"; exits on SIGTERM/SIGINT.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const bodies = new Map(Object.entries(JSON.parse(readFileSync(process.argv[2], "utf8"))).map(([path, text]) => [path, Buffer.from(text)]));
const notFound = Buffer.from('{"error_type":"route_not_found","message":"No such route","errors":[]}');
const server = createServer((req, res) => {
  const body = bodies.get(req.url);
  res.writeHead(body ? 200 : 404, { "Content-Type": "application/json; charset=utf-8", "Content-Length": (body ?? notFound).length });
  res.end(body ?? notFound);
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`LISTENING http://127.0.0.1:${server.address().port}\n`));
const stop = () => process.exit(0);
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
