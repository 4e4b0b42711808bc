// The streams a command talks to, passed in so that tests run the CLI in-process.
import type { Writable } from "node:stream";

/** Where a command writes; `process.stdout` and `process.stderr` fit, and so does any collector. */
export interface Output {
  write(chunk: string): unknown;
}

/** What `main` reads and writes. */
export interface Io {
  stdout: Output;
  stderr: Output;
  /** Standard input, read only for the `-` operand; `process.stdin` fits. */
  stdin: AsyncIterable<string | Uint8Array> & { isTTY?: boolean };
  /** Environment variables: FWCALL_DEBUG (stack traces of internal errors) and, for the broker commands, PACT_BROKER_*. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The exit codes of every command. */
export const ExitCode = {
  /** Everything checked is valid (warnings allowed). */
  Ok: 0,
  /** Something checked is invalid. */
  Invalid: 1,
  /** The input or the command line could not be used. */
  Unusable: 2,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Watches an output for write errors: ENOSPC on `> /dev/full`, EPIPE when `| head` stops reading. */
export interface OutputWatch {
  /** The output to write to instead: it never throws, and after a failed write it drops the rest. */
  output: Output;
  /** Waits until everything written so far is out, and returns the first write error, if any. */
  settle(): Promise<NodeJS.ErrnoException | undefined>;
}

const isNodeStream = (output: Output): output is Output & Writable =>
  typeof (output as Partial<Writable>).on === "function" && typeof (output as Partial<Writable>).writable === "boolean";

/**
 * Starts watching an output. A pipe reports write errors as events, after write() has returned;
 * a file or device (`> /dev/full`) is written synchronously and throws from write() itself.
 * Unheard or uncaught, either ends the process with a stack trace. Any other output (a collector
 * in a test) cannot fail and is passed through.
 * @example const watch = watchOutput(process.stdout); watch.output.write("…"); const failed = await watch.settle();
 */
export function watchOutput(output: Output): OutputWatch {
  if (!isNodeStream(output)) return { output, settle: async () => undefined };
  let first: NodeJS.ErrnoException | undefined;
  output.on("error", (error: NodeJS.ErrnoException) => {
    first ??= error;
  });
  const guarded = {
    isTTY: (output as { isTTY?: boolean }).isTTY,
    write(chunk: string): unknown {
      if (first) return false;
      try {
        return output.write(chunk);
      } catch (error) {
        first ??= error as NodeJS.ErrnoException;
        return false;
      }
    },
  };
  return {
    output: guarded,
    settle: () =>
      new Promise((resolve) => {
        // A stream destroyed before everything was out (a child's stdin after it exited) lost the rest.
        if (first || output.destroyed) return resolve(first ?? Object.assign(new Error("the output was closed"), { code: "EPIPE" }));
        try {
          // An empty write calls back once every earlier write is out, or with the error that stopped it.
          output.write("", (error) => resolve(first ?? (error as NodeJS.ErrnoException | null | undefined) ?? undefined));
        } catch (error) {
          resolve(error as NodeJS.ErrnoException);
        }
      }),
  };
}
