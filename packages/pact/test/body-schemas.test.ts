// The body schemas pact names are the schema model's: each event's payload, and REST resources.
import { describe, expect, it } from "vitest";
import { schemaModel } from "@fwcall/schemas/model";
import { BODY_SCHEMAS, EVENT_SCHEMAS, eventOfSchema } from "../src/body-schemas.js";
import { shapeOf } from "../src/schema-shape.js";

describe("body schemas", () => {
  it.each(["lenient", "strict"] as const)("name the model's event payloads and REST resources (%s)", (profile) => {
    const model = schemaModel().profile(profile);
    for (const [event, title] of Object.entries(EVENT_SCHEMAS)) expect(model.event(event as keyof typeof EVENT_SCHEMAS).payload.title).toBe(title);
    for (const title of BODY_SCHEMAS) {
      if (eventOfSchema(title) === undefined) expect(model.resources.get(title)?.title).toBe(title);
      expect(shapeOf(title, profile).title).toBe(title);
    }
  });

  it("shapes follow the model's profiles: strict closes the call and names the documented statuses", () => {
    const call = (profile: "lenient" | "strict") => shapeOf("OnCallCreatePayload", profile).property("data")!.property("call")!;
    expect(call("strict").additional).toBe("closed");
    expect(call("lenient").additional).toBe("unpromised");
    const status = (profile: "lenient" | "strict") => call(profile).property("participants")!.items!.property("call_status")!;
    expect(status("strict").values).toEqual(schemaModel().enums.get("CallStatus")!.values);
    expect(status("lenient").values).toBeUndefined();
    expect(call("strict").property("recording")!.title).toBe("Recording");
  });
});
