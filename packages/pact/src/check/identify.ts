// Which schema a body of a pact corresponds to: a message by its event (body, metadata,
// description, shape), an HTTP response by the REST path and status it answers.
import { findCase, UnknownCaseError } from "@fwcall/cases";
import type { CallEventName } from "@fwcall/types";
import { EVENT_SCHEMAS, type BodySchema } from "../body-schemas.js";
import { isJsonObject } from "../json.js";
import type { PactBody, PactInteraction } from "../pact-file.js";

const EVENTS = Object.keys(EVENT_SCHEMAS) as CallEventName[];
const isEvent = (value: unknown): value is CallEventName => typeof value === "string" && (EVENTS as string[]).includes(value);

function eventOfCaseId(description: string): CallEventName | undefined {
  try {
    return findCase(description).event;
  } catch (error) {
    if (error instanceof UnknownCaseError) return undefined;
    throw error;
  }
}

/** The event a message carries: its `event` field, a metadata value, its description, or (an update's `changes`) its shape. */
function eventOfMessage(interaction: PactInteraction, example: unknown): CallEventName | undefined {
  if (isJsonObject(example) && isEvent(example.event)) return example.event;
  const fromMetadata = Object.values(interaction.metadata).find(isEvent);
  if (fromMetadata) return fromMetadata;
  const fromDescription = eventOfCaseId(interaction.description) ?? EVENTS.find((event) => interaction.description.includes(event));
  if (fromDescription) return fromDescription;
  const data = isJsonObject(example) ? example.data : undefined;
  return isJsonObject(data) && "changes" in data ? "onCallUpdate" : undefined;
}

/** The REST resource a response of the Freshcaller API holds, by path and status. */
function restResourceOf(http: NonNullable<PactInteraction["http"]>, example: unknown): BodySchema | undefined {
  const path = (http.path.split("?")[0] ?? "").replace(/\/+$/, "");
  const list = /(^|\/)calls$/.test(path);
  const one = /(^|\/)calls\/[^/]+$/.test(path);
  if (!list && !one && !/(^|\/)api\/v1(\/|$)/.test(path)) return undefined;
  const status = http.status ?? 200;
  if (status >= 400) return "ApiError";
  if (status < 200 || status >= 300) return undefined;
  if (list) return "CallListResponse";
  // Some clients see the bare call instead of { call }: the body tells which.
  if (one) return isJsonObject(example) && "call" in example ? "CallResponse" : "RestCall";
  return undefined;
}

/**
 * The schema of a provider's body, or why there is none.
 * @example schemaOfBody(interaction, interaction.bodies[0]!) // { schema: "OnCallUpdatePayload" }
 */
export function schemaOfBody(interaction: PactInteraction, body: PactBody): { schema: BodySchema } | { unidentified: string } {
  if (interaction.kind === "Synchronous/HTTP") {
    const http = interaction.http!;
    const schema = restResourceOf(http, body.example);
    return schema ? { schema } : { unidentified: `no fwcall schema describes the ${http.status ?? "(no status)"} response to ${http.method} ${http.path}` };
  }
  const event = eventOfMessage(interaction, body.example);
  return event ? { schema: EVENT_SCHEMAS[event] } : { unidentified: "the message names no call event (no onCallCreate/onCallUpdate in its event field, metadata or description)" };
}
