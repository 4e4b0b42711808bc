import { afterEach, describe, expect, it } from "vitest";
import { matchCallStatus, matchDirection, setMatchListener, type CallStatusHandlers } from "@fwcall/types";

const name = (label: string) => () => label;
const allStatuses: CallStatusHandlers<string> = {
  default: name("default"), answered: name("answered"), busy: name("busy"), missed: name("missed"), failed: name("failed"),
  disconnected: name("disconnected"), queued: name("queued"), inProgress: name("inProgress"), blocked: name("blocked"),
  voicemail: name("voicemail"), restricted: name("restricted"), onHold: name("onHold"), connecting: name("connecting"),
  completedRecently: name("completedRecently"), voicemailRecording: name("voicemailRecording"), unknown: (code) => `unknown ${code}`,
};

afterEach(() => setMatchListener(undefined));

describe("exhaustive matchers", () => {
  it("call the handler of the value, and unknown for an undocumented one", () => {
    expect(matchCallStatus(3, allStatuses)).toBe("missed");
    expect(matchCallStatus(7, allStatuses)).toBe("unknown 7");
    expect(matchDirection("outgoing", { incoming: () => 1, outgoing: () => 2, unknown: () => 0 })).toBe(2);
  });

  it("report the branch taken to the listener", () => {
    const taken: string[] = [];
    setMatchListener((enumName, branch, value) => taken.push(`${enumName}.${branch}=${String(value)}`));
    matchCallStatus(10, allStatuses);
    matchCallStatus(14, allStatuses);
    expect(taken).toEqual(["CallStatus.voicemail=10", "CallStatus.unknown=14"]);
  });

  it("fall back to unknown, reported as such, when plain JavaScript leaves a branch out", () => {
    const taken: string[] = [];
    setMatchListener((_enum, branch) => taken.push(branch));
    const { voicemail: _, ...withoutVoicemail } = allStatuses;
    expect(matchCallStatus(10, withoutVoicemail as CallStatusHandlers<string>)).toBe("unknown 10");
    expect(taken).toEqual(["unknown"]);
  });

  it("require a branch for every documented status and for unknown (a type error otherwise)", () => {
    const { voicemail: _, ...withoutVoicemail } = allStatuses;
    // @ts-expect-error voicemail is missing: a new documented status breaks every consumer until handled
    expect(() => matchCallStatus(3, withoutVoicemail)).not.toThrow();
    const { unknown: __, ...withoutUnknown } = allStatuses;
    // @ts-expect-error unknown is missing: undocumented codes must be handled too
    expect(() => matchCallStatus(3, withoutUnknown)).not.toThrow();
  });
});
