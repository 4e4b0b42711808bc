// One app across products: each handler logs what it saw under a common prefix; jobs and schedules in common.
const PREFIX = "[Ledgerline]";
const SCHEDULE = "sla_scan";

function summary(eventName, object, fields) {
  const seen = {};
  for (const field of fields) seen[field] = object ? object[field] : undefined;
  console.info(PREFIX + " " + eventName, seen);
}

const CALL_FIELDS = ["id", "direction", "phone_number", "assigned_agent_id"];

exports = {
  onAppInstallHandler: async function () {
    await $schedule.create({ name: SCHEDULE, data: { scan: "sla" }, schedule_at: new Date(Date.now() + 300e3).toISOString(), repeat: { time_unit: "minutes", frequency: 15 } });
    console.info(PREFIX + " webhook", JSON.stringify(await generateTargetUrl()));
    renderData();
  },
  onAppUninstallHandler: async function () {
    await $schedule.delete({ name: SCHEDULE });
    renderData();
  },
  onTicketCreateCallback: (payload) => summary("onTicketCreate", payload.data.ticket, ["id", "subject", "status"]),
  onTicketUpdateCallback: (payload) => summary("onTicketUpdate", payload.data.ticket, ["id", "subject", "status"]),
  onMessageCreateCallback: (payload) => summary("onMessageCreate", payload.data.message, ["conversation_id", "message_type"]),
  onCallCreateCallback: (payload) => summary("onCallCreate", payload.data.call, CALL_FIELDS),
  onCallUpdateCallback: (payload) => summary("onCallUpdate", payload.data.call, CALL_FIELDS),

  getJobDetails: async function (args) {
    if (!args.job_id) return renderData({ status: 400, message: "job_id is required" });
    try {
      renderData(null, await $job.get(args.job_id));
    } catch {
      renderData({ status: 404, message: "Job not found" });
    }
  },
  bulkTicket: async function (args) {
    await $job.updateStatusMessage("Started");
    console.info(PREFIX + " bulkTicket", { batch_size: (args && args.batch_size) || 10 });
    await $job.updateStatusMessage("Done");
  }
};
