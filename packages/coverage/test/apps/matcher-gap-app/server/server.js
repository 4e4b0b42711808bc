// Uses fwcall's exhaustive matcher, but (plain JavaScript, no compiler to complain) forgets the
// voicemail branch: those cases fall through to `unknown`.
const { matchCallStatus } = require("@fwcall/types");

const customer = (payload) => payload.data.call.participants.find((leg) => leg.connection_type === 0);
const branches = {
  default: () => "new",
  answered: () => "log",
  busy: () => "follow-up",
  missed: () => "follow-up",
  failed: () => "follow-up",
  disconnected: () => "log",
  queued: () => "wait",
  inProgress: () => "wait",
  blocked: () => "drop",
  restricted: () => "drop",
  onHold: () => "wait",
  connecting: () => "wait",
  completedRecently: () => "log",
  voicemailRecording: () => "follow-up",
  unknown: () => "unknown",
};

exports = {
  onCallCreateHandler(payload) {
    return matchCallStatus(customer(payload).call_status, branches);
  },
  onCallUpdateHandler(payload) {
    return matchCallStatus(customer(payload).call_status, branches);
  },
};
