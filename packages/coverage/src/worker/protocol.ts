// The messages between the host (loadFdkApp) and the worker thread the app runs in. Everything
// that crosses is plain data: the worker has made every app value plain before it posts.
import type { CallEventName } from "@fwcall/types";

/** What the worker needs to load an app (its workerData). */
export interface SandboxConfig {
  appDir: string;
  serverJs: string;
  platform: "2.x" | "3.0";
  /** Template names of config/requests.json. */
  templates: string[];
  /** Request key (template name, or "GET <url>" on 2.x) → scripted answer given as data. */
  responses: Record<string, unknown>;
  /** Request keys whose scripted answer is a function on the host: the worker asks for each answer. */
  asked: string[];
  /** Installation parameters every payload carries. */
  iparams: Record<string, unknown> | undefined;
  /** Keys of iparams that config/iparams.json marks secure. */
  secureKeys: string[];
  /** Module name → file the app's require loads instead. */
  modules: Record<string, string>;
  timeoutMs: number;
  loadTimeoutMs: number;
  /** After this many timed-out invocations of one event's handler in a row, the rest of its batch is not run (0: never). */
  stopAfterTimeouts: number;
  /** A plain handler module to import instead of an FDK app (`fwcall coverage --module`). */
  moduleFile?: string;
  /** How messages name that module (the path as given). */
  moduleName?: string;
}

/** What one invocation did, as plain data (the host's Invocation). */
export interface PlainInvocation {
  /** What the handler returned (or its promise resolved to), as plain data. */
  returned: unknown;
  /** The first renderData call, null when there was none; an Error rendered reads as its one-line description. */
  rendered: { error: unknown; data: unknown } | null;
  requests: Array<{ template: string; options: unknown }>;
  db: Array<{ op: "set" | "get" | "update" | "delete"; key: string }>;
  schedules: unknown[];
  /** What $db holds once the invocation is over: key → value. */
  dbAfter: Record<string, unknown>;
  /** Matcher branches taken (matchCallStatus and the other generated matchers). */
  branches: Array<{ enumName: string; branch: string; value: unknown }>;
  /** What the handler threw or rejected with ("TypeError: … (server/server.js:12)"), iparams redacted; null when nothing. */
  error: string | null;
  timedOut: boolean;
  /** Console output, "warn: …", iparams redacted. */
  logs: string[];
  durationMs: number;
  /** Problems raised outside the invocation's own promise while it ran (an unhandled rejection, an uncaught async throw), redacted. */
  problems: string[];
  /** Why it was not run (its handler timed out on the last cases in a row); absent when it ran. */
  skipped?: string;
  /** The payload paths the handler read (`data.call.participants[].call_status`, deepest only, sorted), when the run asked for them. */
  reads?: string[];
  /** The record of reads stopped at its cap (MAX_READ_PATHS): `reads` is a part of what was read. */
  readsTruncated?: true;
}

/** The record of an invocation in which nothing happened (the start of a record made without running it). */
export const emptyInvocation = (durationMs = 0): PlainInvocation => ({
  returned: undefined,
  rendered: null,
  requests: [],
  db: [],
  schedules: [],
  dbAfter: {},
  branches: [],
  error: null,
  timedOut: false,
  logs: [],
  durationMs,
  problems: [],
});

export type HostMessage =
  /** Invocations to run back to back, each answered by its own "invoked" (in order). */
  | { type: "batch"; id: number; items: Array<{ event: CallEventName; handler: string; payload: unknown; reset: boolean }>; streaks: Partial<Record<CallEventName, number>>; usage?: boolean }
  | { type: "reset" }
  | { type: "answer"; id: number; ok: boolean; value: unknown };

export type WorkerMessage =
  | { type: "loaded"; exported: string[] }
  | { type: "load-failed"; message: string }
  | { type: "invoked"; id: number; invocation: PlainInvocation }
  | { type: "ask"; id: number; key: string; options: unknown; call: number }
  /** A problem raised between invocations (a late rejection), redacted. */
  | { type: "stray"; problem: string };
