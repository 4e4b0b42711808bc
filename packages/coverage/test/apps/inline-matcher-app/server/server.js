// A bundled app: the matcher is inlined (no require), so it reports to the sandbox's own global.
const report = (enumName, branch, value) => {
  const listener = globalThis[Symbol.for("fwcall.matchListener")];
  if (listener) listener(enumName, branch, value);
};
exports = {
  onCallCreateHandler(payload) {
    const status = payload.data.call.participants[0].call_status;
    report("CallStatus", status === 7 ? "unknown" : "known", status);
  },
};
