// Polling for tests against real servers: generous deadlines (the machine may be busy), no timing asserted.
import { expect } from "vitest";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds or `timeoutMs` passes, then asserts it. */
export async function waitFor(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await sleep(10);
  expect(check()).toBe(true);
}
