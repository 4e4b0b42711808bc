// A plain module (no FDK): handlers exported by name, using the matcher.
import { matchCallStatus } from "@fwcall/types";

const status = (payload) => payload.data.call.participants[0].call_status;

export function onCallUpdate(payload) {
  return matchCallStatus(status(payload), {
    default: () => "x", answered: () => "x", busy: () => "x", missed: () => "x", failed: () => "x", disconnected: () => "x",
    queued: () => "x", inProgress: () => "x", blocked: () => "x", voicemail: () => "x", restricted: () => "x", onHold: () => "x",
    connecting: () => "x", completedRecently: () => "x", voicemailRecording: () => "x",
    unknown: () => ({ outcome: "ignored", reason: "undocumented status" }),
  });
}
