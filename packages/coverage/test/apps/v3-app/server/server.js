// A platform 3.0 app subscribed to onCallUpdate only. It logs its API key (as apps do by
// mistake) and puts it in an error: reports must show neither.
exports = {
  async onCallUpdateHandler(payload) {
    if (!payload.currentHost) throw new Error("expected the platform 3.0 envelope");
    console.log("using key", payload.iparams.api_key, "for call", payload.data.call.id);
    const status = payload.data.call.participants[0].call_status;
    if (status === 4) throw new Error(`request with key ${payload.iparams.api_key} failed`);
    if (status === 10) {
      await $schedule.create({ name: `voicemail-${payload.data.call.id}`, data: { id: payload.data.call.id }, schedule_at: "2030-01-01T00:00:00Z" });
      return undefined;
    }
    if (typeof setTimeout !== "undefined" || typeof setInterval !== "undefined" || typeof setImmediate !== "undefined") return { outcome: "ignored", reason: "timers exist in this sandbox" };
    return { outcome: "handled", detail: `status ${status} seen` };
  },
};
