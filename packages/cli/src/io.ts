// The streams a command talks to, passed in so that tests run the CLI in-process.

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
