// Runs the CLI in-process with collected output, and makes payload files in temp directories.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";
import { main, type Io } from "../src/index.js";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `fwcall <argv…>` with `stdin` as standard input. */
export async function run(argv: string[], options: { stdin?: string | Uint8Array; env?: Record<string, string> } = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    ...(options.env ? { env: options.env } : {}),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** The lines of an output, without the final empty one. */
export const lines = (output: string) => output.split("\n").filter((line, i, all) => line !== "" || i < all.length - 1);

/** An example payload of the schemas package. */
const EXAMPLES = fileURLToPath(new URL("../../../schemas/examples/", import.meta.url));
export const example = (path: string) => join(EXAMPLES, path);
export const readExample = (path: string): Record<string, any> => JSON.parse(readFileSync(example(path), "utf8"));

/** The FDK's default onCallUpdate payload, a fresh copy each time. */
export const fdkUpdate = () => readExample("on-call-update/fdk-default.json");

/** A copy of the FDK update with the drift real payloads show (docs/decisions/0007-two-validation-profiles.md). */
export function driftedUpdate(): Record<string, any> {
  const payload = fdkUpdate();
  payload.data.call.direction = "Incoming";
  payload.data.call.assigned_agent_name = "Jane Doe";
  payload.data.call.participants[0].cost = 0.0125;
  payload.data.call.participants[1].updated_time = "2024-03-05T07:15:30.000-03:00";
  return payload;
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "fwcall-cli-test-"));
  dirs.push(dir);
  return dir;
}

/** Writes files (JSON values are pretty-printed) under a fresh temp directory and returns it. */
export function withFiles(files: Record<string, unknown>): string {
  const dir = tempDir();
  for (const [name, contents] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof contents === "string" || contents instanceof Uint8Array ? contents : `${JSON.stringify(contents, null, 2)}\n`);
  }
  return dir;
}

/**
 * Runs `step` where folder permissions hold: root (which may read any folder) drops to the user
 * nobody for it. Tests run in forked processes, so the process's ids are theirs to change.
 */
export async function unprivileged<T>(step: () => Promise<T>): Promise<T> {
  if (process.getuid?.() !== 0) return step();
  process.setegid?.(65534);
  process.seteuid?.(65534);
  try {
    return await step();
  } finally {
    process.seteuid?.(0);
    process.setegid?.(0);
  }
}
