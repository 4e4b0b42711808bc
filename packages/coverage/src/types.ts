// The shapes a coverage run produces: one outcome per cell of the case matrix (and per lifecycle
// sequence), and the report around them.
import type { ReplayMode } from "@fwcall/cases";
import type { CallEventName, Direction } from "@fwcall/types";

/** What one handler did with one case. */
export type Outcome =
  /** The handler dealt with the case: a matcher branch ran, it said so, or it had a side effect. `detail`: "CallStatus.voicemail", "2 requests (createTicket, addNote), 1 db write". */
  | { kind: "handled"; detail?: string }
  /** The handler decided, on purpose, to do nothing (it returned or rendered `{ outcome: "ignored", reason }`). */
  | { kind: "ignored"; reason: string }
  /** The case fell through: a matcher's unknown branch ran for a documented value, or nothing happened at all. */
  | { kind: "unhandled"; detail?: string }
  /** The handler threw, rejected or rendered an error. */
  | { kind: "threw"; error: string }
  /** The handler ran past the time limit and was stopped (`detail`: how, when its worker had to be ended). */
  | { kind: "timed-out"; afterMs: number; detail?: string; notRun?: true }
  /** The app ended or broke its sandbox: process.exit, out of memory, a crash of its worker thread. */
  | { kind: "crashed"; detail: string }
  /** The case cannot happen, or the app does not subscribe to its event. */
  | { kind: "not-applicable"; reason: string };

export type OutcomeKind = Outcome["kind"];

/** Every outcome kind, in the order reports list them. */
export const OUTCOME_KINDS: readonly OutcomeKind[] = ["handled", "ignored", "unhandled", "threw", "timed-out", "crashed", "not-applicable"];

/** The kinds that fail a run unless the allowlist lists the case with a reason. */
export const FAILING_KINDS: readonly OutcomeKind[] = ["unhandled", "threw", "timed-out", "crashed"];

/** Whether an outcome fails the run (before the allowlist is consulted). */
export const isFailing = (outcome: Outcome): boolean => FAILING_KINDS.includes(outcome.kind);

/** One cell of the matrix and what the handler did with it. */
export interface CellResult {
  /** The case id: "update/incoming/voicemail/recording". */
  id: string;
  /** "onCallUpdate > incoming > voicemail (10) > recording attached"; create cells: "onCallCreate > incoming > connecting (13)". */
  label: string;
  event: CallEventName;
  direction: Direction;
  /** The customer leg's call_status. */
  status: number;
  /** The update kind ("recording"), null for create cells. */
  kind: string | null;
  outcome: Outcome;
  /** The allowlist's reason when the allowlist lists this case; null otherwise. */
  allowed: string | null;
  /** How long the invocation took, in milliseconds (0 when nothing ran). */
  durationMs: number;
  /** What the handler logged (iparams values redacted), when it logged anything. */
  logs?: string[];
  /** With `usage`: the payload paths the handler read in this case (`data.call.participants[].call_status`; deepest only, sorted; iparams not tracked). Absent when the case did not run. */
  reads?: string[];
  /** The case read more than MAX_READ_PATHS distinct paths: `reads` holds the first of them. */
  readsTruncated?: true;
}

/** One event of a lifecycle sequence and what the handler did with it. */
export interface SequenceEventResult {
  /** Position in the delivered order, from 0. */
  index: number;
  event: CallEventName;
  /** The customer leg's call_status in this event. */
  status: number;
  outcome: Outcome;
  /** With `usage`: the payload paths the handler read at this event (as CellResult's). */
  reads?: string[];
  readsTruncated?: true;
}

/** One lifecycle sequence, delivered in one replay mode, with $db kept across its events. */
export interface SequenceResult {
  /** "lifecycle/incoming/connecting.answered.completed/in-order". */
  id: string;
  /** "lifecycle > incoming > connecting → answered → completed > in order". */
  label: string;
  direction: Direction;
  mode: ReplayMode;
  states: string[];
  /** The first failing event's outcome, else handled when any event was handled, else ignored. */
  outcome: Outcome;
  events: SequenceEventResult[];
  allowed: string | null;
  durationMs: number;
}

/** The payload paths one event's handler read, over every case (and lifecycle event) that ran. */
export interface EventUsage {
  /** The union of the cases' reads, deepest only, sorted. */
  paths: string[];
  /** Path → in how many of the cases it was read. */
  counts: Record<string, number>;
  /** How many cases ran with their reads recorded. */
  cases: number;
}

/** What a run with `usage` adds to the report: per event, the paths read. */
export interface UsageReport {
  events: Partial<Record<CallEventName, EventUsage>>;
  /** The most distinct paths recorded for one case. */
  maxPathsPerCase: number;
  /** Cases whose record stopped at that cap (their reads are a part of what they read). */
  truncated: string[];
}

/** A count per outcome kind. */
export type Summary = Record<OutcomeKind, number>;

/** The result of a coverage run. */
export interface CoverageReport {
  /** What ran: the app directory, or the module's name. */
  target: string;
  /** The envelope the payloads had. */
  platform: "2.x" | "3.0";
  cells: CellResult[];
  /** Lifecycle sequences, when the run asked for them. */
  sequences?: SequenceResult[];
  /** Outcomes of the cells. */
  summary: Summary;
  /** Outcomes of the sequences, when there are any. */
  sequenceSummary?: Summary;
  /** No unhandled, threw, timed-out or crashed cell or sequence outside the allowlist, and no problem outside any case. */
  ok: boolean;
  /** Problems the app raised outside any invocation (its sandbox ended between cases, a late rejection), redacted; any of them fails the run. */
  problems?: string[];
  /** The allowlist that applied: where it came from, and its entries that excused nothing. */
  allowlist?: { source: string; unused: string[] };
  /** With `usage`: the payload paths each event's handler read. */
  usage?: UsageReport;
  /** Seed of the payloads. */
  seed: number;
  durationMs: number;
}

/** A consumer's handler: gets the payload, may return (or resolve to) an outcome. */
export type Handler = (payload: unknown) => unknown | Promise<unknown>;

/** A plain module's handlers. */
export interface HandlerModule {
  onCallCreate?: Handler;
  onCallUpdate?: Handler;
}

/** An entry of the allowlist: a case id (`*` matches within one id segment) and why it may fail. */
export interface AllowEntry {
  case: string;
  reason: string;
}

/** The allowlist file `fwcall-coverage.allow.json`: `{ "allow": [ { "case": "<id>", "reason": "<why>" } ] }`. */
export interface Allowlist {
  allow: AllowEntry[];
  /** Where it was read from, for reports. */
  source?: string;
}
