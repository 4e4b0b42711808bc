// From what an invocation did to one outcome. The rules, in order:
//   ended its sandbox (process.exit, out of memory)      → crashed
//   ran past the limit                                   → timed-out
//   threw, rejected, rendered an error, or left a rejection nobody handled → threw
//   a matcher's `unknown` branch ran for a documented value (or CallStatus's, while the case's
//     customer status is documented)                    → unhandled ("fell through")
//   an undocumented-status case whose `unknown` branch ran → handled
//   returned or rendered { outcome: "ignored", reason } → ignored; { outcome: "handled" } → handled
//   any other matcher branch ran                         → handled
//   a side effect: $request, a $db write, $schedule      → handled
//   nothing at all                                       → unhandled
import * as types from "@fwcall/types";
import { describeError, type Invocation } from "./sandbox.js";
import type { Outcome } from "./types.js";
import type { Redactor } from "./redact.js";
import { plural } from "./words.js";

/** The documented values of a generated enum, by the name its matcher reports ("CallStatus" → CALL_STATUS_NAMES). */
function documentedValues(enumName: string): ReadonlyMap<unknown, string> | undefined {
  const key = `${enumName.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}_NAMES`;
  const map = (types as Record<string, unknown>)[key];
  return map instanceof Map ? (map as ReadonlyMap<unknown, string>) : undefined;
}

/** Whether a value is documented for the enum of that name. */
export function isDocumented(enumName: string, value: unknown): boolean {
  return documentedValues(enumName)?.has(value) ?? false;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** An outcome the handler stated: `{ outcome: "ignored", reason }` or `{ outcome: "handled", detail? | actions? }`. */
function statedOutcome(value: unknown, redact: Redactor): Outcome | undefined {
  if (!isRecord(value)) return undefined;
  if (value.outcome === "ignored") {
    const reason = typeof value.reason === "string" && value.reason.trim() !== "" ? value.reason : "no reason given";
    return { kind: "ignored", reason: redact(reason) };
  }
  if (value.outcome === "handled") {
    const detail =
      typeof value.detail === "string" && value.detail !== ""
        ? value.detail
        : Array.isArray(value.actions) && value.actions.length > 0
          ? value.actions.map(String).join("; ")
          : undefined;
    return detail === undefined ? { kind: "handled" } : { kind: "handled", detail: redact(detail) };
  }
  return undefined;
}

/** The side effects of an invocation in words ("2 requests (createTicket, addNote), 1 db write"), or undefined when none. */
export function describeEffects(invocation: Invocation): string | undefined {
  const parts: string[] = [];
  if (invocation.requests.length) {
    const names = [...new Set(invocation.requests.map((r) => r.template))];
    parts.push(`${plural(invocation.requests.length, "request")} (${names.join(", ")})`);
  }
  const writes = invocation.db.filter((op) => op.op !== "get").length;
  if (writes) parts.push(plural(writes, "db write"));
  const schedules = invocation.schedules.filter((s) => (s as { op?: unknown }).op !== "fetch").length;
  if (schedules) parts.push(plural(schedules, "schedule call"));
  return parts.length ? parts.join(", ") : undefined;
}

/** The message of a rendered error. */
function renderedError(error: unknown): string | undefined {
  if (error === null || error === undefined || error === false) return undefined;
  return describeError(error);
}

/**
 * The outcome of one invocation for a case whose customer leg has `status`.
 * @example classify(invocation, 10, (text) => text) // { kind: "handled", detail: "CallStatus.voicemail" }
 */
export function classify(invocation: Invocation, status: number, redact: Redactor, timeoutMs: number): Outcome {
  if (invocation.skipped) return { kind: "timed-out", afterMs: timeoutMs, detail: redact(invocation.skipped), notRun: true };
  if (invocation.crashed) return { kind: "crashed", detail: redact(invocation.crashed) };
  if (invocation.timedOut) return invocation.restarted ? { kind: "timed-out", afterMs: timeoutMs, detail: "its worker did not answer and was ended" } : { kind: "timed-out", afterMs: timeoutMs };
  if (invocation.error !== null) return { kind: "threw", error: redact(invocation.error) };
  if (invocation.problems?.length) return { kind: "threw", error: redact(invocation.problems.join("; ")) };
  const rendered = renderedError(invocation.rendered?.error);
  if (rendered !== undefined) return { kind: "threw", error: redact(`renderData error: ${rendered}`) };
  const statusDocumented = isDocumented("CallStatus", status);
  const fell = invocation.branches.find(
    (b) => b.branch === "unknown" && (isDocumented(b.enumName, b.value) || (b.enumName === "CallStatus" && statusDocumented)),
  );
  if (fell) {
    const noun = fell.enumName === "CallStatus" ? "status" : "value";
    return { kind: "unhandled", detail: `${fell.enumName} fell through to unknown for documented ${noun} ${JSON.stringify(fell.value)}` };
  }
  if (!statusDocumented && invocation.branches.some((b) => b.enumName === "CallStatus" && b.branch === "unknown")) {
    return { kind: "handled", detail: `CallStatus.unknown ran for undocumented status ${status}` };
  }
  const stated = statedOutcome(invocation.returned, redact) ?? statedOutcome(invocation.rendered?.data, redact);
  if (stated) return stated;
  if (invocation.branches.length) {
    const taken = [...new Set(invocation.branches.map((b) => `${b.enumName}.${b.branch}`))];
    return { kind: "handled", detail: taken.join(", ") };
  }
  const effects = describeEffects(invocation);
  if (effects) return { kind: "handled", detail: effects };
  // renderData(null, data) without a stated outcome is a reply, not an action: say so, not "nothing".
  if (invocation.rendered?.data !== null && invocation.rendered?.data !== undefined) return { kind: "unhandled", detail: "rendered a reply but took no action and stated no outcome" };
  return { kind: "unhandled", detail: "no side effect and no outcome" };
}

/** The customer leg's call_status in a payload (connection_type 0), or the first leg's; NaN when there is none. */
export function customerStatus(payload: unknown): number {
  const participants = (payload as { data?: { call?: { participants?: unknown } } } | null)?.data?.call?.participants;
  if (!Array.isArray(participants)) return Number.NaN;
  const legs = participants.filter(isRecord);
  const leg = legs.find((p) => p.connection_type === 0) ?? legs[0];
  return typeof leg?.call_status === "number" ? leg.call_status : Number.NaN;
}
