// The stream's msw handlers, run through msw's getResponse (nothing is intercepted, no server listens).
import { getResponse } from "msw";
import { describe, expect, it } from "vitest";
import { validateCallEvent } from "@fwcall/validate";
import type { CallEventName } from "@fwcall/types";
import { createHandlers, createStreamHandlers, MAX_STREAM_CALLS, timelineOf } from "../src/index.js";

const BASE = "https://acme.freshcaller.com";

async function readAll(body: ReadableStream<Uint8Array>): Promise<Array<{ event: string; id?: string; data: string }>> {
  const text = await new Response(body).text();
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "" && !block.startsWith(":"))
    .map((block) => {
      const message: { event: string; id?: string; data: string } = { event: "message", data: "" };
      for (const line of block.split("\n")) {
        const [field, ...rest] = line.split(": ");
        const value = rest.join(": ");
        if (field === "event") message.event = value;
        else if (field === "id") message.id = value;
        else if (field === "data") message.data += value;
      }
      return message;
    });
}

describe("createStreamHandlers", () => {
  it("streams the same SSE events as the core timeline, all strictly valid", async () => {
    const stream = createStreamHandlers();
    const response = await getResponse(stream.handlers, new Request(`${BASE}/api/v1/stream?seed=8&calls=3&speed=10000`));
    expect(response?.status).toBe(200);
    expect(response?.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const messages = await readAll(response!.body!);
    expect(messages[0]?.event).toBe("ready");
    expect(messages.at(-1)?.event).toBe("end");
    const events = messages.slice(1, -1);
    expect(events.map((m) => JSON.parse(m.data))).toEqual(timelineOf({ seed: 8, calls: 3 }).map((e) => e.payload));
    for (const m of events) expect(validateCallEvent(m.event as CallEventName, JSON.parse(m.data), { profile: "strict" }).problems).toEqual([]);
    expect(stream.open).toBe(0);
  });

  it("controls a stream by id, 422 for a bad speed, 404 for an unknown id; cancel cleans up", async () => {
    const stream = createStreamHandlers();
    const response = await getResponse(stream.handlers, new Request(`${BASE}/api/v1/stream?paused=1`));
    const reader = response!.body!.pipeThrough(new TextDecoderStream()).getReader();
    const ready = (await reader.read()).value!;
    const id = (JSON.parse(/data: (.*)/.exec(ready)![1]!) as { stream: string }).stream;
    expect(stream.open).toBe(1);
    const post = (path: string) => getResponse(stream.handlers, new Request(`${BASE}/api/v1/stream/${path}`, { method: "POST" }));
    expect((await post(`${id}/step`))?.status).toBe(204);
    expect((await reader.read()).value).toMatch(/^event: onCallCreate\nid: 1\ndata: /);
    expect((await post(`${id}/speed?value=0`))?.status).toBe(422);
    expect((await post(`${id}/speed?value=3`))?.status).toBe(204);
    expect((await post(`${id}/pause`))?.status).toBe(204);
    expect((await post("nope/pause"))?.status).toBe(404);
    await reader.cancel();
    expect(stream.open).toBe(0);
    expect((await post(`${id}/resume`))?.status).toBe(404);
  });

  it("holds the clock while its reader does not read (a bounded queue), and goes on without a gap when it reads", { timeout: 120_000 }, async () => {
    const stream = createStreamHandlers();
    const response = await getResponse(stream.handlers, new Request(`${BASE}/api/v1/stream?calls=${MAX_STREAM_CALLS}&speed=10000&loop=1`));
    const deadline = Date.now() + 60_000;
    while (stream.held === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stream.held).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stream.held).toBe(1); // only a read lets it go on
    const reader = response!.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while ([...text.matchAll(/^id: /gm)].length < 500) text += (await reader.read()).value;
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    await reader.cancel();
    expect(stream.open).toBe(0);
  });

  it("answers 503 too_many_streams with Retry-After beyond maxStreams", async () => {
    const stream = createStreamHandlers({ maxStreams: 1 });
    const first = await getResponse(stream.handlers, new Request(`${BASE}/api/v1/stream?paused=1`));
    const refused = await getResponse(stream.handlers, new Request(`${BASE}/api/v1/stream?paused=1`));
    expect(refused?.status).toBe(503);
    expect(refused?.headers.get("retry-after")).toBe("5");
    expect(await refused?.json()).toMatchObject({ error_type: "too_many_streams", errors: [] });
    await first!.body!.cancel();
    expect(stream.open).toBe(0);
    expect(() => createStreamHandlers({ maxStreams: 1.5 })).toThrow(RangeError);
  });

  it("is on in createHandlers by default, before the catch-all; off with { stream: false }", async () => {
    const handlers = createHandlers();
    expect(handlers).toHaveLength(6);
    const response = await getResponse(handlers, new Request(`${BASE}/api/v1/stream?calls=1&speed=10000`));
    expect(response?.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const messages = await readAll(response!.body!);
    expect(messages.map((m) => m.event)).toContain("onCallCreate");
    const bad = await getResponse(handlers, new Request(`${BASE}/api/v1/stream?speed=-1`));
    expect(bad?.status).toBe(422);
    const without = createHandlers({ stream: false });
    expect(without).toHaveLength(4);
    const notServed = await getResponse(without, new Request(`${BASE}/api/v1/stream`));
    expect(notServed?.status).toBe(404);
    expect(((await notServed!.json()) as { error_type: string }).error_type).toBe("route_not_found");
  });
});
