// Never finishes, three ways: a synchronous loop (create), an endless promise chain (missed) and a
// promise nobody settles (voicemail). Every other update is handled.
let loaded = 0;
loaded++;
exports = {
  onCreate() {
    for (;;) {}
  },
  async onUpdate(payload) {
    const status = payload.data.call.participants[0].call_status;
    // oxlint-disable-next-line unicorn/no-unnecessary-await -- awaiting a plain value forever is the endless promise chain under test
    if (status === 3) for (;;) await null;
    if (status === 10) await new Promise(() => {});
    return { outcome: "handled", detail: `loaded ${loaded} time(s)` };
  },
};
