// Payloads as Freshworks really sends them (docs/decisions/0007-two-validation-profiles.md): all pass the lenient
// profile; each documented onCallCreate invariant has a case that fails strict.
import { loadExampleFiles } from "@fwcall/schemas";
import type { OnCallCreatePayload, OnCallUpdatePayload } from "@fwcall/types";
import { describe, expect, it } from "vitest";
import { formatProblem, validateOnCallCreate, validateOnCallUpdate, type Problem } from "@fwcall/validate";
import restStyleUpdate from "./payloads/rest-style-update.json" with { type: "json" };

const example = <T>(file: string): T => structuredClone(loadExampleFiles().find((e) => e.file === file)!.example) as T;
const fdkCreate = () => example<OnCallCreatePayload>("examples/on-call-create/fdk-default.json");
const fdkUpdate = () => example<OnCallUpdatePayload>("examples/on-call-update/fdk-default.json");
const platform3Create = () => example<OnCallCreatePayload>("examples/on-call-create/platform-3-outgoing.json");
const lines = (problems: Problem[]) => problems.map((p) => `${p.severity} ${formatProblem(p)} [${p.rule}]`);

describe("the FDK's default payloads, re-created consistently", () => {
  it("pass both profiles with no problem", () => {
    for (const profile of ["lenient", "strict"] as const) {
      expect(lines(validateOnCallCreate(fdkCreate(), { profile }).problems)).toEqual([]);
      expect(lines(validateOnCallUpdate(fdkUpdate(), { profile }).problems)).toEqual([]);
    }
  });

  it("keep the agent leg and assigned_agent_id in agreement, unlike the FDK's own sample", () => {
    const payload = fdkUpdate();
    const agent = payload.data.call.participants.find((p) => p.participant_type === "Agent")!;
    expect(agent.participant_id).toBe(payload.data.call.assigned_agent_id);
  });
});

describe("a platform 3.0 envelope", () => {
  it("is accepted with currentHost instead of account_id and domain", () => {
    const payload = platform3Create();
    expect(payload).not.toHaveProperty("account_id");
    expect(validateOnCallCreate(payload, { profile: "strict" }).problems).toEqual([]);
  });

  it("is rejected with neither envelope, naming both", () => {
    const { currentHost: _, ...payload } = platform3Create() as OnCallCreatePayload & { currentHost?: unknown };
    const result = validateOnCallCreate(payload);
    expect(result.valid).toBe(false);
    expect(lines(result.problems)).toEqual([
      expect.stringMatching(/^error \/: expected Platform2Envelope \(account_id, domain\) or Platform3Envelope \(currentHost\), found .* \[schema:anyOf\]$/),
    ]);
  });

  it("accepts a trailing slash and more attributes in currentHost", () => {
    const payload = platform3Create() as OnCallCreatePayload & { currentHost: Record<string, unknown> };
    payload.currentHost.endpoint_urls = { freshcaller: "https://acme.myfreshworks.com/" };
    payload.currentHost.something_new = { x: 1 };
    expect(validateOnCallCreate(payload, { profile: "strict" }).problems).toEqual([]);
  });
});

describe("a REST-style call inside an event", () => {
  const payload = () => structuredClone(restStyleUpdate);

  it("passes the lenient profile, reporting each drift as a warning", () => {
    const result = validateOnCallUpdate(payload());
    expect(result.valid).toBe(true);
    expect(result.problems.every((p) => p.severity === "warning")).toBe(true);
    expect(lines(result.problems)).toEqual(
      expect.arrayContaining([
        "warning /data/call/assigned_agent_name: not a documented property of Call [schema:additionalProperties]",
        "warning /data/call/integrated_resources: not a documented property of Call [schema:additionalProperties]",
        "warning /data/call/recording/transcription_url: not a documented property of Recording [schema:additionalProperties]",
        "warning /data/call/participants/0/caller_name: not a documented property of Participant [schema:additionalProperties]",
        "warning /data/call/participants/0/cost: expected an integer or null, found 0.0125 [schema:type]",
      ]),
    );
  });

  it("accepts float costs, offsets in timestamps and recording_to_redact leniently", () => {
    const result = validateOnCallUpdate(payload());
    expect(lines(result.problems)).toContain(
      'warning /data/call/created_time: expected a UTC time ending in Z, found "2024-03-05T07:15:30.000-03:00" [time:utc]',
    );
    expect(result.problems.map((p) => p.pointer)).not.toContain("/data/call/recording_to_redact");
    expect(result.valid && result.payload.data.call.recording_to_redact?.id).toBe(22002);
  });

  it("fails the strict profile on exactly those drifts", () => {
    const lenient = validateOnCallUpdate(payload());
    const strict = validateOnCallUpdate(payload(), { profile: "strict" });
    expect(strict.valid).toBe(false);
    expect(strict.problems.map((p) => `${p.pointer} ${p.rule}`).sort()).toEqual(lenient.problems.map((p) => `${p.pointer} ${p.rule}`).sort());
  });

  it("reads the docs' direction spelling through the normaliser", () => {
    const drifted = payload();
    drifted.data.call.direction = "Incoming";
    const result = validateOnCallUpdate(drifted);
    expect(result.valid && result.payload.data.call.direction).toBe("incoming");
    expect(lines(result.problems)).toContain(
      'warning /data/call/direction: "Incoming" is the docs\' spelling; read as "incoming" [normalize:direction]',
    );
    expect(drifted.data.call.direction).toBe("Incoming");
    expect(lines(validateOnCallUpdate(drifted, { profile: "strict" }).problems)).toContain(
      'error /data/call/direction: "Incoming" is not a documented direction [schema:enum]',
    );
  });

  it("reports an undocumented call status as the issue words it", () => {
    const drifted = payload();
    drifted.data.call.participants[1]!.call_status = 7;
    const strictLines = validateOnCallUpdate(drifted, { profile: "strict" }).problems.map(formatProblem);
    expect(strictLines).toContain("/data/call/participants/1/call_status: 7 is not a documented call status");
    expect(validateOnCallUpdate(drifted).valid).toBe(true);
  });
});

describe("the onCallCreate invariants the spec documents", () => {
  const recording = { id: 1, url: "https://sample.freshcaller.com/api/v1/recordings/1", duration: 5, duration_unit: "seconds" };
  const cases: Array<[rule: string, pointer: string, breakIt: (payload: OnCallCreatePayload) => void]> = [
    ["create:bill-duration-null", "/data/call/bill_duration", (p) => void (p.data.call.bill_duration = 12)],
    ["create:recording-null", "/data/call/recording", (p) => void (p.data.call.recording = recording)],
    ["create:call-notes-null", "/data/call/call_notes", (p) => void (p.data.call.call_notes = "early note")],
    ["create:parent-call-id-null", "/data/call/parent_call_id", (p) => void (p.data.call.parent_call_id = 90000)],
    ["create:root-call-id-null", "/data/call/root_call_id", (p) => void (p.data.call.root_call_id = 90000)],
    ["create:team-id-null", "/data/call/assigned_team_id", (p) => void (p.data.call.assigned_team_id = 77)],
    ["create:updated-equals-created", "/data/call/updated_time", (p) => void (p.data.call.updated_time = "2024-03-05T10:15:31.000Z")],
    ["create:connection-type", "/data/call/participants/1/connection_type", (p) => void (p.data.call.participants[1]!.connection_type = 2)],
    ["create:actor-system", "/data/actor/type", (p) => void (p.data.actor.type = "agent")],
    ["create:associations-empty", "/data/associations", (p) => void (p.data.associations = { ticket: { id: 1 } })],
  ];

  it.each(cases)("%s fails strict and warns under lenient", (rule, pointer, breakIt) => {
    const payload = fdkCreate();
    breakIt(payload);
    const strict = validateOnCallCreate(payload, { profile: "strict" });
    expect(strict.valid).toBe(false);
    expect(strict.problems.map((p) => [p.rule, p.pointer, p.severity])).toEqual([[rule, pointer, "error"]]);
    const lenient = validateOnCallCreate(payload);
    expect(lenient.valid).toBe(true);
    expect(lenient.problems.map((p) => [p.rule, p.pointer, p.severity])).toEqual([[rule, pointer, "warning"]]);
  });
});
