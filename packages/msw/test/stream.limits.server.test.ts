// The SSE stream's limits on the real node:http server: clients that stop reading, too many
// streams, out-of-range speeds. Raw sockets (node:net) stand in for clients that never read.
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_STREAM_CALLS } from "../src/stream.js";
import { startMockServer, type MockServer } from "../src/server.js";
import { sleep, waitFor } from "./wait.js";

const servers: MockServer[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(options: Parameters<typeof startMockServer>[0] = {}): Promise<MockServer> {
  const server = await startMockServer({ port: 0, ...options });
  servers.push(server);
  return server;
}

/** A client that sends the stream request and then reads nothing until told to. */
function silentClient(mock: MockServer, query: string) {
  const { hostname, port } = new URL(mock.url);
  const socket = connect(Number(port), hostname);
  sockets.push(socket);
  socket.pause();
  socket.write(`GET /api/v1/stream${query} HTTP/1.1\r\nHost: ${hostname}\r\nAccept: text/event-stream\r\n\r\n`);
  let text = "";
  let closed = false;
  socket.on("close", () => (closed = true));
  return {
    socket,
    isClosed: () => closed,
    /** Reads from now on, collecting the text. */
    startReading() {
      socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
      socket.resume();
    },
    ids: () => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1])),
  };
}

describe("a client that stops reading", () => {
  it("holds its stream's clock until it reads again, drops no event, and frees the stream when it disconnects", { timeout: 180_000 }, async () => {
    const mock = await serve();
    const clients = [0, 1, 2].map(() => silentClient(mock, `?seed=5&calls=${MAX_STREAM_CALLS}&speed=10000&loop=1`));
    await waitFor(() => mock.streams === 3);
    // Unread bytes fill the socket buffers, then res.write() says "full" and the clock stops.
    await waitFor(() => mock.streamsHeld === 3, 90_000);
    await sleep(300);
    expect(mock.streamsHeld).toBe(3); // nothing but a drain lets it go on
    // REST is answered meanwhile.
    expect((await fetch(`${mock.url}/api/v1/calls`, { headers: { "X-Api-Auth": "k" } })).status).toBe(200);
    const [reader] = clients;
    reader!.startReading();
    await waitFor(() => reader!.ids().length > 2_000, 90_000);
    const ids = reader!.ids();
    expect(ids).toEqual(ids.map((_, i) => i + 1)); // every event, in order: paused, not dropped
    for (const client of clients) client.socket.destroy();
    await waitFor(() => mock.streams === 0);
    expect(mock.streamsHeld).toBe(0);
  });

  it("is disconnected when it reads nothing for streamStallMs while its stream waits", { timeout: 180_000 }, async () => {
    const mock = await serve({ streamStallMs: 500 });
    const client = silentClient(mock, "?calls=200&speed=10000&loop=1");
    await waitFor(() => mock.streams === 1);
    await waitFor(() => mock.streams === 0, 90_000);
    client.startReading(); // the socket sees its end only once it reads the bytes before it
    await waitFor(() => client.isClosed(), 90_000);
  });
});

describe("limits", () => {
  it("answers 503 too_many_streams with Retry-After beyond maxStreams, and serves again once one closes", async () => {
    const mock = await serve({ maxStreams: 2 });
    const open = [new AbortController(), new AbortController()];
    for (const controller of open) expect((await fetch(`${mock.url}/api/v1/stream?paused=1`, { signal: controller.signal })).status).toBe(200);
    const refused = await fetch(`${mock.url}/api/v1/stream?paused=1`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(refused.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await refused.json()).toEqual({ error_type: "too_many_streams", message: expect.stringContaining("2 event streams are open"), errors: [] });
    expect((await fetch(`${mock.url}/api/v1/calls`, { headers: { "X-Api-Auth": "k" } })).status).toBe(200);
    open[0]!.abort();
    await waitFor(() => mock.streams === 1);
    const again = new AbortController();
    expect((await fetch(`${mock.url}/api/v1/stream?paused=1`, { signal: again.signal })).status).toBe(200);
    again.abort();
    open[1]!.abort();
    await waitFor(() => mock.streams === 0);
    await expect(startMockServer({ port: 0, maxStreams: 0 })).rejects.toThrow(/maxStreams must be a whole number/);
  });

  it("answers 422 naming the range for a speed that is no decimal number from 0.01 to 10000 (1e-9, 5e-324, 0x10 included)", async () => {
    const mock = await serve();
    for (const speed of ["1e-9", "5e-324", "0.001", "10001", "1e400", "0x10", "%201", "1_0"]) {
      const response = await fetch(`${mock.url}/api/v1/stream?speed=${speed}`);
      expect(response.status, speed).toBe(422);
      const body = (await response.json()) as { errors: Array<{ field: string; message: string }> };
      expect(body.errors, speed).toEqual([expect.objectContaining({ field: "speed", message: expect.stringContaining("from 0.01 to 10000") })]);
    }
    const calls = await fetch(`${mock.url}/api/v1/stream?calls=${MAX_STREAM_CALLS + 1}`);
    expect(await calls.json()).toMatchObject({ errors: [{ field: "calls", message: `calls must be an integer from 1 to ${MAX_STREAM_CALLS}` }] });
    expect(mock.streams).toBe(0);
  });

  it("opens many streams of the most calls at once and still answers REST", { timeout: 180_000 }, async () => {
    const mock = await serve();
    const controllers = Array.from({ length: 50 }, () => new AbortController());
    const rest = Array.from({ length: 10 }, () => fetch(`${mock.url}/api/v1/calls`, { headers: { "X-Api-Auth": "k" } }));
    const streams = controllers.map((controller) => fetch(`${mock.url}/api/v1/stream?calls=${MAX_STREAM_CALLS}`, { signal: controller.signal }));
    expect((await Promise.all(rest)).map((r) => r.status)).toEqual(rest.map(() => 200));
    expect((await Promise.all(streams)).map((r) => r.status)).toEqual(streams.map(() => 200));
    expect(mock.streams).toBe(50);
    for (const controller of controllers) controller.abort();
    await waitFor(() => mock.streams === 0);
  });
});
