// Child of ../mock-server.mjs and ../prism.mjs: the limit. A bare node:http server that answers each
// benchmarked path with the fwcall mock's own bytes and the given response headers (argv[2], a JSON
// file { headers: [name, value, ...], bodies: { path: text } }), looked up by the raw request target
// and nothing else: no auth, no routing, no scenario. What any Node mock could reach on a route.
// Prints "LISTENING <url>"; exits on SIGTERM/SIGINT.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const { headers, bodies } = JSON.parse(readFileSync(process.argv[2], "utf8"));
const answers = new Map(Object.entries(bodies).map(([path, text]) => {
  const body = Buffer.from(text);
  return [path, { body, head: [...headers, "Content-Length", String(body.length)] }];
}));
const notFound = Buffer.from('{"error_type":"route_not_found","message":"No such route","errors":[]}');
const server = createServer((req, res) => {
  const answer = answers.get(req.url);
  if (!answer) {
    res.writeHead(404, ["Content-Type", "application/json; charset=utf-8", "Content-Length", String(notFound.length)]);
    return void res.end(notFound);
  }
  res.writeHead(200, answer.head);
  res.end(answer.body);
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`LISTENING http://127.0.0.1:${server.address().port}\n`));
const stop = () => process.exit(0);
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
