// runCoverage: every cell of the case matrix (and, on request, every lifecycle sequence in every
// replay mode) through a consumer's handlers, one outcome each.
import {
  DIRECTIONS,
  REPLAY_MODES,
  UPDATE_KINDS,
  buildCase,
  caseMatrix,
  replay as replayEvents,
  sequenceOf,
  simplePaths,
  type CaseCell,
  type Platform,
  type ReplayMode,
} from "@fwcall/cases";
import type { CallEventName, CallEventPayload, ChangesOrder } from "@fwcall/types";
import { AllowlistIndex, findAllowlist, readAllowlist } from "./allowlist.js";
import { classify, customerStatus } from "./outcome.js";
import { redactorFor, type Redactor } from "./redact.js";
import { DEFAULT_TIMEOUT_MS, FdkAppError, invokeInProcess, isFdkApp, loadFdkApp, type FdkApp, type Invocation, type LoadOptions } from "./sandbox.js";
import { MAX_READ_PATHS, unionOfReads } from "./usage.js";
import { OUTCOME_KINDS, isFailing, type UsageReport, type Allowlist, type CellResult, type CoverageReport, type HandlerModule, type Outcome, type SequenceEventResult, type SequenceResult, type Summary } from "./types.js";

/** Options of runCoverage. The load options apply when the target is an app directory (an FdkApp brings its own); timeoutMs applies to modules too. */
export interface CoverageOptions extends LoadOptions {
  /** Also run lifecycle sequences: every simple path of 1 to `maxLength` states (default 5), both directions, $db kept along each. */
  sequences?: boolean | { maxLength?: number };
  /** With sequences: deliver each also with duplicates, out of order and without its create. */
  replay?: boolean;
  /** An allowlist file, or one in hand; default: `fwcall-coverage.allow.json` in the app directory when present; false: none. */
  allowlist?: string | Allowlist | false;
  /** Seed of the payloads (default 1). */
  seed?: number;
  /** Order of the updates' `changes` tuples (default "new-old", the documented one; "old-new" as other Freshworks events send them). */
  changesOrder?: ChangesOrder;
  /** Called after each cell and each sequence. */
  onProgress?: (done: number, total: number) => void;
  /** Envelope of the payloads for a handler module (default "3.0"); an FDK app gets its manifest's. */
  platform?: Platform;
  /** How reports name a handler module (default "module"). */
  name?: string;
  /** Record which payload paths the handler reads in each case (`cells[i].reads`, `report.usage`): a read-tracking view of the payload. */
  usage?: boolean;
}

/** The default longest lifecycle path. */
export const DEFAULT_SEQUENCE_LENGTH = 5;

/** How reports name a cell: "onCallUpdate > incoming > voicemail (10) > recording attached". */
export function cellLabel(cell: CaseCell): string {
  const kind = cell.kind === undefined ? undefined : UPDATE_KINDS.find((k) => k.kind === cell.kind)?.label ?? cell.kind;
  return [cell.event, cell.direction, cell.status.label, kind].filter((part) => part !== undefined).join(" > ");
}

/** What runs a case: an FDK app in the sandbox, or a module in this process. */
interface Runner {
  target: string;
  platform: Platform;
  timeoutMs: number;
  redact: Redactor;
  /** undefined when the target handles the event; else the outcome (N/A) every case of it gets. */
  unsubscribed(event: CallEventName): Outcome | undefined;
  invoke(event: CallEventName, payload: unknown, usage: boolean): Promise<Invocation>;
  /** Several invocations at once (an FDK app: back to back in its worker, no round trip between them). */
  invokeMany?: FdkApp["invokeMany"];
  reset(): void;
  /** Problems raised outside any invocation since last asked. */
  problems(): string[];
  allowlistDefault: string | undefined;
}

function appRunner(app: FdkApp, target: string): Runner {
  const redact: Redactor = typeof app.redact === "function" ? (text) => app.redact(text) : (text) => text;
  return {
    target,
    platform: app.platform,
    timeoutMs: app.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    redact,
    unsubscribed(event) {
      return app.handlers[event] === undefined ? { kind: "not-applicable", reason: `the app does not subscribe to ${event}` } : undefined;
    },
    invoke: (event, payload) => app.invoke(event, payload),
    ...(typeof app.invokeMany === "function" ? { invokeMany: app.invokeMany.bind(app) } : {}),
    reset: () => app.reset(),
    problems: () => (typeof app.problems === "function" ? app.problems() : []),
    allowlistDefault: findAllowlist(app.dir),
  };
}

function moduleRunner(module: HandlerModule, options: CoverageOptions): Runner {
  const has = (event: CallEventName) => typeof module[event] === "function";
  if (!has("onCallCreate") && !has("onCallUpdate")) throw new FdkAppError("the module exports neither onCallCreate nor onCallUpdate");
  const iparams = options.iparams ?? {};
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    target: options.name ?? "module",
    platform: options.platform ?? "3.0",
    timeoutMs,
    redact: redactorFor(iparams),
    unsubscribed: (event) => (has(event) ? undefined : { kind: "not-applicable", reason: `the module does not export ${event}` }),
    invoke: (event, payload, usage) => invokeInProcess(module[event] as (payload: unknown) => unknown, { ...(payload as object), iparams }, timeoutMs, usage),
    reset: () => undefined,
    problems: () => [],
    allowlistDefault: undefined,
  };
}

const emptySummary = (): Summary => Object.fromEntries(OUTCOME_KINDS.map((kind) => [kind, 0])) as Summary;

function summarise(outcomes: Outcome[]): Summary {
  const summary = emptySummary();
  for (const outcome of outcomes) summary[outcome.kind]++;
  return summary;
}

const MAX_LOG_LINES = 20;

/** A sequence's outcome: its first failing event's (saying which event), else handled, ignored or N/A. */
function sequenceOutcome(events: SequenceEventResult[]): Outcome {
  const where = (e: SequenceEventResult) => `event ${e.index + 1} (${e.event}, status ${e.status})`;
  const failing = events.find((e) => isFailing(e.outcome));
  if (failing) {
    const o = failing.outcome;
    if (o.kind === "threw") return { kind: "threw", error: `${where(failing)}: ${o.error}` };
    if (o.kind === "unhandled") return { kind: "unhandled", detail: `${where(failing)}: ${o.detail ?? "unhandled"}` };
    return o;
  }
  const handled = events.filter((e) => e.outcome.kind === "handled").length;
  if (handled) return { kind: "handled", detail: `${handled} of ${events.length} events handled` };
  const ignored = events.find((e) => e.outcome.kind === "ignored");
  if (ignored && ignored.outcome.kind === "ignored") return { kind: "ignored", reason: `${where(ignored)}: ${ignored.outcome.reason}` };
  return { kind: "not-applicable", reason: "the app subscribes to none of its events" };
}

function resolveAllowlist(option: CoverageOptions["allowlist"], fallback: string | undefined): Allowlist | undefined {
  if (option === false) return undefined;
  if (typeof option === "string") return readAllowlist(option);
  if (option) return option;
  return fallback === undefined ? undefined : readAllowlist(fallback);
}

/**
 * Runs a handler over every cell of the case matrix and reports one outcome per cell.
 * @example const report = await runCoverage("packages/example-fdk-app"); report.ok
 */
export async function runCoverage(target: FdkApp | HandlerModule | string, options: CoverageOptions = {}): Promise<CoverageReport> {
  const started = performance.now();
  if (typeof target === "string") {
    const load: LoadOptions = {};
    for (const key of ["timeoutMs", "loadTimeoutMs", "memoryMb", "responses", "iparams", "modules", "stopAfterTimeouts"] as const) {
      if (options[key] !== undefined) (load as Record<string, unknown>)[key] = options[key];
    }
    // Read the allowlist first (once: runAll takes what was read): a broken one is a configuration error before any worker starts.
    if (typeof options.allowlist === "string") options = { ...options, allowlist: readAllowlist(options.allowlist) };
    const app = await loadFdkApp(target, load);
    try {
      return await runAll(appRunner(app, target), options, started);
    } finally {
      await app.close?.();
    }
  }
  if (!isFdkApp(target)) return runAll(moduleRunner(target, options), options, started);
  // An FdkApp records what a handler reads only through invokeMany: without it, usage would come back empty, as if nothing were read.
  if (options.usage === true && typeof target.invokeMany !== "function") {
    throw new FdkAppError("the usage option needs the app's invokeMany, which records the payload paths each handler reads (an FdkApp from loadFdkApp has it); this FdkApp has none");
  }
  return runAll(appRunner(target, target.dir), options, started);
}

async function runAll(runner: Runner, options: CoverageOptions, started: number): Promise<CoverageReport> {
  const seed = options.seed ?? 1;
  const allowlist = resolveAllowlist(options.allowlist, runner.allowlistDefault);
  const allow = new AllowlistIndex(allowlist);

  const matrix = caseMatrix();
  const sequenceSpecs = options.sequences ? planSequences(options, seed, runner.platform) : [];
  const total = matrix.length + sequenceSpecs.length;
  let done = 0;
  const progress = () => options.onProgress?.(++done, total);

  const usage = options.usage === true;
  // Per event, every case's reads; cases whose record hit the cap.
  const readsByEvent = new Map<CallEventName, string[][]>();
  const truncated: string[] = [];
  const readsOf = (invocation: Invocation, into: { reads?: string[]; readsTruncated?: true }, id: string, event: CallEventName) => {
    if (invocation.reads === undefined) return;
    into.reads = invocation.reads;
    if (invocation.readsTruncated) {
      into.readsTruncated = true;
      truncated.push(id);
    }
    const list = readsByEvent.get(event) ?? [];
    list.push(invocation.reads);
    readsByEvent.set(event, list);
  };

  const cells: CellResult[] = [];
  const notApplicableOf = (cell: CaseCell): Outcome | undefined =>
    cell.notApplicable !== undefined ? { kind: "not-applicable", reason: cell.notApplicable } : runner.unsubscribed(cell.event);
  const runnable = matrix.filter((cell) => notApplicableOf(cell) === undefined);
  const invocations = new Map<CaseCell, Invocation>();
  for (let i = matrix.length - runnable.length; i > 0; i--) progress();
  const payloadOf = (cell: CaseCell) => buildCase(cell, { seed, platform: runner.platform, changesOrder: options.changesOrder });
  if (runner.invokeMany) {
    const runs = await runner.invokeMany(runnable.map((cell) => ({ event: cell.event, payload: payloadOf(cell), reset: true })), { stopOnLoss: false, onEach: () => progress(), usage });
    runnable.forEach((cell, i) => invocations.set(cell, runs[i]!));
  } else {
    for (const cell of runnable) {
      runner.reset();
      invocations.set(cell, await runner.invoke(cell.event, payloadOf(cell), usage));
      progress();
    }
  }
  for (const cell of matrix) {
    const invocation = invocations.get(cell);
    const outcome: Outcome = invocation ? classify(invocation, cell.status.code, runner.redact, runner.timeoutMs) : (notApplicableOf(cell) as Outcome);
    const result: CellResult = {
      id: cell.id,
      label: cellLabel(cell),
      event: cell.event,
      direction: cell.direction,
      status: cell.status.code,
      kind: cell.kind ?? null,
      outcome,
      allowed: allow.reasonFor(cell.id, isFailing(outcome)),
      durationMs: Math.round((invocation?.durationMs ?? 0) * 1000) / 1000,
    };
    if (invocation?.logs.length) result.logs = invocation.logs.slice(0, MAX_LOG_LINES);
    if (invocation) readsOf(invocation, result, cell.id, cell.event);
    cells.push(result);
  }

  let sequences: SequenceResult[] | undefined;
  if (options.sequences) {
    sequences = [];
    for (const spec of sequenceSpecs) {
      const begun = performance.now();
      const subscribed = spec.events.filter((payload) => runner.unsubscribed(payload.event) === undefined);
      let runs: Invocation[];
      if (runner.invokeMany) {
        runs = await runner.invokeMany(subscribed.map((payload, i) => ({ event: payload.event, payload, reset: i === 0 })), { stopOnLoss: true, usage });
      } else {
        runner.reset();
        runs = [];
        for (const payload of subscribed) runs.push(await runner.invoke(payload.event, payload, usage));
      }
      const events: SequenceEventResult[] = [];
      let next = 0;
      for (const [index, payload] of spec.events.entries()) {
        const event: CallEventName = payload.event;
        const status = customerStatus(payload);
        const notApplicable = runner.unsubscribed(event);
        if (notApplicable) {
          events.push({ index, event, status, outcome: notApplicable });
          continue;
        }
        const invocation = runs[next++];
        // The sandbox (and $db with it) was lost at an earlier event: the rest of the sequence did not run.
        if (!invocation) break;
        const eventResult: SequenceEventResult = { index, event, status, outcome: classify(invocation, status, runner.redact, runner.timeoutMs) };
        readsOf(invocation, eventResult, `${spec.id}#${index + 1}`, event);
        events.push(eventResult);
        if (invocation.restarted) break;
      }
      const outcome = sequenceOutcome(events);
      sequences.push({
        id: spec.id,
        label: spec.label,
        direction: spec.direction,
        mode: spec.mode,
        states: spec.states,
        outcome,
        events,
        allowed: allow.reasonFor(spec.id, isFailing(outcome)),
        durationMs: Math.round((performance.now() - begun) * 1000) / 1000,
      });
      progress();
    }
  }

  const everything = [...cells, ...(sequences ?? [])];
  const report: CoverageReport = {
    target: runner.target,
    platform: runner.platform,
    cells,
    summary: summarise(cells.map((c) => c.outcome)),
    ok: everything.every((r) => !isFailing(r.outcome) || r.allowed !== null),
    seed,
    durationMs: Math.round(performance.now() - started),
  };
  if (usage) {
    const events: UsageReport["events"] = {};
    for (const [event, records] of readsByEvent) events[event] = { ...unionOfReads(records), cases: records.length };
    report.usage = { events, maxPathsPerCase: MAX_READ_PATHS, truncated };
  }
  if (sequences) {
    report.sequences = sequences;
    report.sequenceSummary = summarise(sequences.map((s) => s.outcome));
  }
  const problems = runner.problems();
  if (problems.length) {
    report.problems = problems;
    report.ok = false;
  }
  if (allowlist) report.allowlist = { source: allowlist.source ?? "(given in code)", unused: allow.unused() };
  return report;
}

interface SequenceSpec {
  id: string;
  label: string;
  direction: CellResult["direction"];
  mode: ReplayMode;
  states: string[];
  events: CallEventPayload[];
}

/** Every sequence a run with `sequences` drives, in a stable order. */
function planSequences(options: CoverageOptions, seed: number, platform: Platform): SequenceSpec[] {
  const maxLength = typeof options.sequences === "object" ? (options.sequences.maxLength ?? DEFAULT_SEQUENCE_LENGTH) : DEFAULT_SEQUENCE_LENGTH;
  const modes: readonly ReplayMode[] = options.replay ? REPLAY_MODES : ["in-order"];
  const specs: SequenceSpec[] = [];
  for (const direction of DIRECTIONS) {
    for (const path of simplePaths(direction, maxLength)) {
      const sequence = sequenceOf(path, { seed, platform, changesOrder: options.changesOrder });
      for (const mode of modes) {
        const events = replayEvents(sequence, mode, seed);
        if (events.length === 0) continue;
        specs.push({
          id: `${sequence.id}/${mode}`,
          label: ["lifecycle", direction, path.states.join(" → "), mode.replace(/-/g, " ")].join(" > "),
          direction,
          mode,
          states: [...path.states],
          events,
        });
      }
    }
  }
  return specs;
}



