// The SSE stream on the real node:http server: no msw setupServer in this file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateCallEvent } from "@fwcall/validate";
import type { CallEventName } from "@fwcall/types";
import { startMockServer, type MockServer } from "../src/server.js";
import { timelineOf } from "../src/stream.js";
import { sleep, waitFor } from "./wait.js";

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, streamHeartbeatMs: 100 });
});
afterAll(() => mock.close());

interface SseMessage {
  event: string;
  id?: string;
  data: string;
}

/** Opens the stream with fetch and parses its body into messages (comments are counted). */
async function openStream(query = "") {
  const controller = new AbortController();
  const response = await fetch(`${mock.url}/api/v1/stream${query}`, { signal: controller.signal, headers: { Accept: "text/event-stream" } });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const queue: SseMessage[] = [];
  const waiters: Array<() => void> = [];
  let comments = 0;
  let buffer = "";
  let done = false;
  void (async () => {
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        buffer += chunk.value;
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const message: SseMessage = { event: "message", data: "" };
          let isComment = true;
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) continue;
            isComment = false;
            const colon = line.indexOf(":");
            const field = line.slice(0, colon);
            const value = line.slice(colon + 1).replace(/^ /, "");
            if (field === "event") message.event = value;
            else if (field === "id") message.id = value;
            else if (field === "data") message.data += message.data ? `\n${value}` : value;
          }
          if (isComment) comments++;
          else queue.push(message);
          waiters.splice(0).forEach((wake) => wake());
        }
      }
    } catch {
      // aborted
    } finally {
      done = true;
      waiters.splice(0).forEach((wake) => wake());
    }
  })();
  const next = async (timeoutMs = 5_000): Promise<SseMessage | undefined> => {
    const deadline = Date.now() + timeoutMs;
    while (queue.length === 0 && !done && Date.now() < deadline) {
      await new Promise<void>((wake) => {
        const t = setTimeout(wake, Math.max(1, deadline - Date.now()));
        waiters.push(() => {
          clearTimeout(t);
          wake();
        });
      });
    }
    return queue.shift();
  };
  const ready = await next();
  expect(ready?.event).toBe("ready");
  const id = (JSON.parse(ready!.data) as { stream: string }).stream;
  return {
    response,
    id,
    next,
    queued: () => queue.length,
    comments: () => comments,
    isDone: () => done,
    cancel: () => controller.abort(),
    /** Every message up to and including `end`. */
    async untilEnd(): Promise<SseMessage[]> {
      const out: SseMessage[] = [];
      for (;;) {
        const message = await next();
        if (!message) throw new Error("stream stopped before its end event");
        out.push(message);
        if (message.event === "end") return out;
      }
    },
  };
}

const control = (id: string, action: string, query = "") => fetch(`${mock.url}/api/v1/stream/${id}/${action}${query}`, { method: "POST" });

describe("GET /api/v1/stream", () => {
  it("streams text/event-stream without X-Api-Auth: ready, then valid payloads in per-call order, then end", async () => {
    const stream = await openStream("?seed=4&calls=4&speed=10000");
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(stream.response.headers.get("access-control-allow-origin")).toBe("*");
    const messages = await stream.untilEnd();
    const events = messages.slice(0, -1);
    expect(events.map((m) => m.id)).toEqual(events.map((_, i) => String(i + 1)));
    const timeline = timelineOf({ seed: 4, calls: 4 });
    expect(events.map((m) => JSON.parse(m.data))).toEqual(timeline.map((e) => e.payload));
    const seen = new Map<string, number>();
    for (const message of events) {
      expect(["onCallCreate", "onCallUpdate"]).toContain(message.event);
      const payload = JSON.parse(message.data) as { event: string; data: { call: { id: number } } };
      expect(payload.event).toBe(message.event);
      expect(validateCallEvent(message.event as CallEventName, payload, { profile: "strict" }).problems).toEqual([]);
      const key = String(payload.data.call.id);
      expect(message.event === "onCallCreate").toBe(!seen.has(key));
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect(seen.size).toBe(4);
    await waitFor(() => stream.isDone());
    await waitFor(() => mock.streams === 0);
  });

  it("gives the same events for the same seed, on separate connections with their own ids", async () => {
    const [a, b] = await Promise.all([openStream("?seed=11&calls=3&speed=10000"), openStream("?seed=11&calls=3&speed=10000")]);
    expect(a.id).not.toBe(b.id);
    const [ma, mb] = await Promise.all([a.untilEnd(), b.untilEnd()]);
    expect(ma.map((m) => [m.event, m.id, m.data])).toEqual(mb.map((m) => [m.event, m.id, m.data]));
  });

  it("pause, step, resume and speed through the controls; 422 for a bad value, 404 for an unknown id", async () => {
    const stream = await openStream("?seed=2&calls=3&paused=true");
    await sleep(250);
    expect(stream.queued()).toBe(0);
    expect((await control(stream.id, "step")).status).toBe(204);
    const first = await stream.next();
    expect(first).toMatchObject({ event: "onCallCreate", id: "1" });
    await sleep(250);
    expect(stream.queued()).toBe(0);
    expect((await control(stream.id, "step")).status).toBe(204);
    expect((await stream.next())?.id).toBe("2");
    for (const bad of ["", "?value=0", "?value=-2", "?value=abc", "?value=Infinity", "?value=1&value=2", "?value=100000"]) {
      const response = await control(stream.id, "speed", bad);
      expect(response.status, bad).toBe(422);
      expect(await response.json()).toMatchObject({ error_type: "invalid_params", errors: [{ field: "value" }] });
    }
    expect((await control(stream.id, "speed", "?value=10000")).status).toBe(204);
    expect((await control(stream.id, "resume")).status).toBe(204);
    const next = await stream.next();
    expect(next?.id).toBe("3");
    expect((await control(stream.id, "pause")).status).toBe(204);
    expect((await control("no-such-stream", "pause")).status).toBe(404);
    expect((await control(stream.id, "rewind")).status).toBe(404);
    expect((await fetch(`${mock.url}/api/v1/stream/${stream.id}/pause`)).status).toBe(405);
    stream.cancel();
    await waitFor(() => mock.streams === 0);
    expect((await control(stream.id, "step")).status).toBe(404);
  });

  it("sends comment heartbeats while idle and cleans up when the client disconnects", async () => {
    const stream = await openStream("?paused=1");
    expect(mock.streams).toBe(1);
    await waitFor(() => stream.comments() >= 2);
    expect(stream.queued()).toBe(0);
    stream.cancel();
    await waitFor(() => mock.streams === 0);
  });

  it("answers 422 for a bad query and 405 for another method, and leaves REST as it was", async () => {
    for (const query of ["?speed=0", "?speed=fast", "?calls=0", "?calls=5000", "?seed=x", "?paused=maybe", "?seed=1&seed=2"]) {
      const response = await fetch(`${mock.url}/api/v1/stream${query}`);
      expect(response.status, query).toBe(422);
      expect(await response.json()).toMatchObject({ error_type: "invalid_params" });
    }
    const post = await fetch(`${mock.url}/api/v1/stream`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET");
    expect((await fetch(`${mock.url}/api/v1/calls`)).status).toBe(401);
    expect((await fetch(`${mock.url}/api/v1/calls`, { headers: { "X-Api-Auth": "k" } })).status).toBe(200);
    expect(mock.streams).toBe(0);
  });

  it("ends open streams when the server closes", async () => {
    const other = await startMockServer({ port: 0 });
    const response = await fetch(`${other.url}/api/v1/stream?paused=1`);
    expect(other.streams).toBe(1);
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(other.streams).toBe(0);
    await response.body?.cancel().catch(() => undefined);
  });
});
