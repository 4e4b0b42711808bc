// Raw, pipelined HTTP/1.1 against the real server, read back message by message with a strict
// reader: every answer must be a well-formed message in request order, whichever path answered it
// (at once for a bodiless request, after the body otherwise) and however its body was written.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callStore } from "../src/index.js";
import { startMockServer, type MockServer } from "../src/server.js";

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, seed: 3, scenario: "busy-week" });
});
afterAll(() => mock.close());

interface Message {
  status: number;
  headers: Map<string, string>;
  body: string;
}

/** Writes `bytes` (then `later`, after `delayMs`) on one connection and collects everything the server sends until it closes. */
function exchange(bytes: string, later?: { bytes: string; delayMs: number }): Promise<Buffer> {
  const { hostname, port } = new URL(mock.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(bytes);
      if (later) setTimeout(() => socket.write(later.bytes), later.delayMs);
    });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => resolve(Buffer.concat(chunks)));
  });
}

/** Splits a response stream into messages: a head, then exactly Content-Length bytes (none for 1xx); throws on anything else. */
function messages(stream: Buffer): Message[] {
  const out: Message[] = [];
  let at = 0;
  while (at < stream.length) {
    const end = stream.indexOf("\r\n\r\n", at);
    if (end === -1) throw new Error(`an incomplete head at byte ${at}: ${JSON.stringify(stream.subarray(at, at + 80).toString("latin1"))}`);
    const [statusLine, ...lines] = stream.subarray(at, end).toString("latin1").split("\r\n");
    const status = /^HTTP\/1\.1 (\d{3}) /.exec(statusLine!);
    if (!status) throw new Error(`not a status line at byte ${at}: ${JSON.stringify(statusLine!.slice(0, 80))}`);
    const headers = new Map(lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
    const code = Number(status[1]);
    const length = code < 200 ? 0 : Number(headers.get("content-length"));
    if (!Number.isInteger(length)) throw new Error(`a ${code} without Content-Length`);
    out.push({ status: code, headers, body: stream.subarray(end + 4, end + 4 + length).toString("utf8") });
    at = end + 4 + length;
  }
  return out;
}

const get = (target: string, extra = "") => `GET ${target} HTTP/1.1\r\nHost: mock\r\nX-Api-Auth: k\r\n${extra}\r\n`;

describe("pipelined requests get well-formed answers in order", () => {
  const id = callStore(3, "busy-week").calls[0]!.id;

  it("a pipelined Expect: 100-continue request gets its 100 Continue before its answer, not between the answer's head and body", async () => {
    // The second request's "100 Continue" waits behind the first answer; a body written as bytes
    // once went out as head, "100 Continue", body.
    const alone = messages(await exchange(get(`/api/v1/calls/${id}`, "Connection: close\r\n")))[0]!;
    expect(alone.status).toBe(200);
    for (const first of ["/api/v1/nope", "/api/v1/calls?per_page=100", `/api/v1/calls/${id}`]) {
      const answers = messages(await exchange(get(first) + get(`/api/v1/calls/${id}`, "Expect: 100-continue\r\nConnection: close\r\n")));
      expect(answers.map((m) => m.status), first).toEqual([first === "/api/v1/nope" ? 404 : 200, 100, 200]);
      expect(answers[2]!.body, first).toBe(alone.body);
      expect(JSON.parse(answers[2]!.body)).toMatchObject({ call: { id } });
    }
  });

  it("the same for a request with a body (answered once it is read) and for one past the body limit", async () => {
    const post = (length: number) => `POST /api/v1/calls/${id} HTTP/1.1\r\nHost: mock\r\nX-Api-Auth: k\r\nExpect: 100-continue\r\nContent-Length: ${length}\r\n\r\n`;
    const small = messages(await exchange(get("/api/v1/calls?per_page=100") + post(2) + "{}" + get("/api/v1/calls/0", "Connection: close\r\n")));
    expect(small.map((m) => m.status)).toEqual([200, 100, 405, 404]);
    expect(small[2]!.headers.get("allow")).toBe("GET");
    expect(JSON.parse(small[2]!.body)).toMatchObject({ error_type: "method_not_allowed" });
    const big = messages(await exchange(get("/api/v1/calls?per_page=100") + post(70_000)));
    expect(big.map((m) => m.status)).toEqual([200, 100, 413]);
    expect(JSON.parse(big[2]!.body)).toMatchObject({ error_type: "payload_too_large" });
  });

  it("fifty pipelined requests, some with Expect: 100-continue, some failing, answer in order", async () => {
    const targets = Array.from({ length: 50 }, (_, i) => [`/api/v1/calls/${id}`, "/api/v1/calls?page=0", "/api/v1/nope", `/api/v1/calls?per_page=${1 + (i % 100)}`, "/api/v1/calls/%zz"][i % 5]!);
    const bytes = targets.map((t, i) => get(t, `${i % 3 === 0 ? "Expect: 100-continue\r\n" : ""}${i === 49 ? "Connection: close\r\n" : ""}`)).join("");
    const answers = messages(await exchange(bytes)).filter((m) => m.status !== 100);
    expect(answers.map((m) => m.status)).toEqual(targets.map((_, i) => [200, 422, 404, 200, 400][i % 5]));
    for (const answer of answers) expect(() => JSON.parse(answer.body)).not.toThrow();
  });

  it("a bodiless request followed on its connection by bytes Node cannot parse is answered before the 400", async () => {
    const answers = messages(await exchange(get(`/api/v1/calls/${id}`) + "BAD\r\n\r\n"));
    expect(answers.map((m) => m.status)).toEqual([200, 400]);
    expect(JSON.parse(answers[1]!.body)).toMatchObject({ error_type: "bad_request" });
  });

  it("bytes Node cannot parse after an event stream on the same connection end it without an answer written inside the stream's body", async () => {
    const open = "GET /api/v1/stream?speed=100 HTTP/1.1\r\nHost: mock\r\n\r\n";
    // In one packet the connection may drop before the stream's first bytes leave (Node drops it too);
    // what arrives is the stream's start, or nothing. A 400 written into its chunked body would be a second status line.
    const sameChunk = (await exchange(`${open}BAD\r\n\r\n`)).toString("latin1");
    expect(sameChunk === "" || sameChunk.startsWith("HTTP/1.1 200 OK\r\n"), sameChunk.slice(0, 80)).toBe(true);
    expect(sameChunk.split("HTTP/1.1 ").length - 1, sameChunk.slice(-300)).toBeLessThanOrEqual(1);
    const later = (await exchange(open, { bytes: "BAD\r\n\r\n", delayMs: 300 })).toString("latin1");
    expect(later.startsWith("HTTP/1.1 200 OK\r\n"), later.slice(0, 80)).toBe(true);
    expect(later).toContain("event: ready");
    expect(later.split("HTTP/1.1 ").length - 1, later.slice(-300)).toBe(1);
    await expect.poll(() => mock.streams, { timeout: 10_000 }).toBe(0);
  });
});
