// A black box to the runner: no matcher, no stated outcome. What it does shows only through the
// platform: requests, $db and $schedule. In-progress and on-hold updates do nothing at all.
async function count(field) {
  await $db.set("stats", { missed: 0, created: 0, tickets: [] }, { setIf: "not_exist" }).catch(() => undefined);
  await $db.update("stats", "increment", { [field]: 1 });
}

exports = {
  async onCallCreateHandler(payload) {
    const call = payload.data.call;
    await count("created");
    await $schedule.create({ name: `reminder-${call.id}`, data: { call: call.id }, schedule_at: "2030-01-01T00:00:00Z" });
  },
  async onCallUpdateHandler(payload) {
    const call = payload.data.call;
    const status = call.participants[0].call_status;
    if (status === 8 || status === 12) return undefined;
    if (status === 5) return $request.invokeTemplate("deleteEverything", {});
    if (status === 3) {
      const answer = await $request.invokeTemplate("createTicket", { body: JSON.stringify({ subject: `Missed call ${call.id}` }) });
      const ticket = JSON.parse(answer.response);
      await count("missed");
      await $db.update("stats", "append", { tickets: [ticket.id] });
      return undefined;
    }
    const key = `seen-${call.id}`;
    await $db.set(key, { status });
    const stored = await $db.get(key);
    if (stored.status !== status) throw new Error("$db lost the value");
    await $db.delete(key);
  },
};
