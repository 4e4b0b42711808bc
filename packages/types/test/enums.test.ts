import { describe, expect, it } from "vitest";
import { loadSchemas } from "@fwcall/schemas";
import {
  CALL_STATUS_NAMES,
  CallStatus,
  ConnectionType,
  DIRECTION_ALIASES,
  Direction,
  ParticipantType,
  Region,
  callStatusName,
  connectionTypeName,
  directionName,
  isKnownCallStatus,
  participantTypeName,
  regionName,
} from "@fwcall/types";

const enumSchemas = loadSchemas().filter(({ schema }) => schema["x-enum-names"]);

describe("named enum constants", () => {
  it("name the documented call statuses", () => {
    expect(CallStatus.Missed).toBe(3);
    expect(CallStatus.Voicemail).toBe(10);
    expect(CallStatus.VoicemailRecording).toBe(16);
    expect(callStatusName(3)).toBe("missed");
    expect(callStatusName(8)).toBe("inProgress");
  });

  it("leave undocumented codes unnamed", () => {
    for (const code of [7, 14, 17, -1, 3.5, "3", null]) {
      expect(callStatusName(code)).toBeUndefined();
      expect(isKnownCallStatus(code)).toBe(false);
    }
  });

  it("cover exactly the 15 documented call statuses", () => {
    expect([...CALL_STATUS_NAMES.keys()]).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 15, 16]);
  });

  it("exist for every enum schema, value for value", () => {
    const constants: Record<string, Record<string, unknown>> = { CallStatus, ConnectionType, Direction, ParticipantType, Region };
    const namers: Record<string, (value: unknown) => string | undefined> = {
      CallStatus: callStatusName,
      ConnectionType: connectionTypeName,
      Direction: directionName,
      ParticipantType: participantTypeName,
      Region: regionName,
    };
    expect(enumSchemas.map(({ schema }) => schema.title).sort()).toEqual(Object.keys(constants).sort());
    for (const { schema } of enumSchemas) {
      const values = (schema.enum ?? (schema["x-strict"] as { enum: unknown[] }).enum) as unknown[];
      const names = schema["x-enum-names"] as string[];
      expect(Object.values(constants[schema.title as string]!)).toEqual(values);
      values.forEach((value, i) => expect(namers[schema.title as string]!(value)).toBe(names[i]));
    }
  });

  it("map the docs' direction spellings to the wire values", () => {
    expect(DIRECTION_ALIASES.get("Incoming")).toBe(Direction.Incoming);
    expect(DIRECTION_ALIASES.get("Outgoing")).toBe("outgoing");
    expect(DIRECTION_ALIASES.get("incoming")).toBeUndefined();
  });
});
