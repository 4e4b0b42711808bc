// Which schema describes which body: the two event payloads, and the REST responses the mock serves.
import type { CallEventName } from "@fwcall/types";
import type { RestResourceName } from "@fwcall/validate";

/** The title of a schema that describes a whole message or response body. */
export type BodySchema = "OnCallCreatePayload" | "OnCallUpdatePayload" | RestResourceName;

/** The schema of each event's payload. */
export const EVENT_SCHEMAS: Readonly<Record<CallEventName, BodySchema>> = {
  onCallCreate: "OnCallCreatePayload",
  onCallUpdate: "OnCallUpdatePayload",
};

/** Every body schema, events first. */
export const BODY_SCHEMAS: readonly BodySchema[] = ["OnCallCreatePayload", "OnCallUpdatePayload", "CallResponse", "CallListResponse", "RestCall", "ApiError"];

/** The event a body schema describes, if it is an event's. */
export function eventOfSchema(schema: BodySchema): CallEventName | undefined {
  return (Object.keys(EVENT_SCHEMAS) as CallEventName[]).find((event) => EVENT_SCHEMAS[event] === schema);
}
