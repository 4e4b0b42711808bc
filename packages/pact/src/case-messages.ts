// The consumer side of a message pact over the fixture catalog: one asynchronous message per case,
// described and stated by its case id, with the schema-derived matchers over the case's payload.
import { buildCase, type CaseOptions } from "@fwcall/cases";
import type { CallEventPayload } from "@fwcall/types";
import { PactV4 } from "@pact-foundation/pact";
import { EVENT_SCHEMAS } from "./body-schemas.js";
import { applicableCell, type CaseId } from "./case-ids.js";
import { matchersFor, type BodyMatchers, type MatcherOptions } from "./matchers.js";
import { ensurePactDoesNotTrack } from "./pact-env.js";

/** Options of caseMessage: the matchers' (profile, overrides) and the payload's (seed, platform). */
export interface CaseMessageOptions extends MatcherOptions, CaseOptions {}

/** What a consumer expects for one case. */
export interface CaseMessage {
  /** The case id: the interaction's description and its provider state. */
  id: CaseId;
  /** The payload the fixture catalog builds for the case (the message the consumer will get). */
  payload: CallEventPayload;
  body: BodyMatchers;
}

/**
 * The expectation of one case; throws for a case that cannot happen.
 * @example caseMessage("update/incoming/missed/status-change", { overrides: { "$.data.call.direction": "exact" } })
 */
export function caseMessage(id: CaseId, options: CaseMessageOptions = {}): CaseMessage {
  const cell = applicableCell(id);
  const { profile, overrides, ...caseOptions } = options;
  const payload = buildCase(cell, caseOptions);
  const matcherOptions: MatcherOptions = {};
  if (profile !== undefined) matcherOptions.profile = profile;
  if (overrides !== undefined) matcherOptions.overrides = overrides;
  return { id, payload, body: matchersFor(EVENT_SCHEMAS[cell.event], payload, matcherOptions) };
}

/** An asynchronous message added to a pact, ready for executeTest (pact-js does not export the type). */
export type CaseMessageInteraction = ReturnType<ReturnType<PactV4["addAsynchronousInteraction"]>["expectsToReceive"]>;

/** Names and folder of a message pact. */
export interface MessagePactOptions {
  consumer: string;
  provider: string;
  /** Where pact-js writes the file: give each run a fresh folder, and let one writer own it. */
  dir: string;
  logLevel?: "trace" | "debug" | "info" | "warn" | "error";
}

/**
 * A Pact V4 consumer pact for messages (with Pact's usage tracking off).
 * @example const pact = messagePact({ consumer: "my-app", provider: "freshworks-call-events", dir: mkdtempSync(…) })
 */
export function messagePact(options: MessagePactOptions): PactV4 {
  ensurePactDoesNotTrack();
  return new PactV4({ consumer: options.consumer, provider: options.provider, dir: options.dir, logLevel: options.logLevel ?? "warn" });
}

/**
 * Adds a case's asynchronous message to a pact (a caseMessage, or a usageMessage cut to what the
 * consumer reads); call executeTest on the result with the consumer's handler. Description and
 * provider state are the case id.
 * @example await addCaseMessage(pact, caseMessage(id)).executeTest(async (message) => handle(message.contents.content))
 */
export function addCaseMessage(pact: PactV4, message: Pick<CaseMessage, "id" | "body">): CaseMessageInteraction {
  return pact
    .addAsynchronousInteraction()
    .given(message.id)
    .expectsToReceive(message.id, (builder) => {
      builder.withJSONContent(message.body.template);
      if (message.body.itemRules.length > 0) builder.withMatchingRules({ body: message.body.itemRules });
    });
}
