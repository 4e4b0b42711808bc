// Temp folders and pact files for the tests.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";
import { addCaseMessage, caseMessage, messagePact, type CaseId, type CaseMessageOptions } from "../src/index.js";

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A fresh temp folder, removed after the file's tests. */
export function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "fwcall-pact-test-"));
  folders.push(folder);
  return folder;
}

/** Writes a JSON value (or text) to a file in a fresh temp folder and returns its path. */
export function writeTemp(name: string, contents: unknown): string {
  const path = join(tempFolder(), name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof contents === "string" ? contents : JSON.stringify(contents, null, 2));
  return path;
}

export const CONSUMER = "test-consumer";
export const PROVIDER = "freshworks-call-events";

/**
 * A message pact of these cases, written by pact-js as a consumer test would (the consumer
 * handler only receives the message); returns the pact file's path.
 */
export async function writeMessagePact(ids: readonly CaseId[], options: (id: CaseId) => CaseMessageOptions = () => ({})): Promise<string> {
  const dir = tempFolder();
  for (const id of ids) {
    const pact = messagePact({ consumer: CONSUMER, provider: PROVIDER, dir });
    await addCaseMessage(pact, caseMessage(id, options(id))).executeTest(async () => undefined);
  }
  return join(dir, `${CONSUMER}-${PROVIDER}.json`);
}
