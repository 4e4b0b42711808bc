// One handler per module event; the call event arrives through the caller_conversation module.
const SCHEDULE = "sample_schedule";

exports = {
  onAppInstallHandler: async function (args) {
    console.info("installed for", args.currentHost && args.currentHost.subscribed_modules);
    await $schedule.create({ name: SCHEDULE, data: { event_info: "app_install" }, schedule_at: new Date(Date.now() + 3600e3).toISOString(), repeat: { time_unit: "minutes", frequency: 5 } });
    const url = await generateTargetUrl();
    console.info("external events go to", url);
    renderData();
  },
  onAppUninstallHandler: function () {
    $schedule.delete({ name: SCHEDULE });
    renderData();
  },
  onScheduledEventHandler: function (args) {
    console.log("scheduled event", JSON.stringify(args.data));
  },
  onExternalEventHandler: function (args) {
    console.log("external event", JSON.stringify(args.data));
  },
  onAgentCreateHandler: function (args) {
    console.log("hello " + args.data.agent.name);
  },
  onConversationCreateCallback: function (args) {
    console.log("conversation", JSON.stringify(args.data));
  },
  onCallCreateCallback: function (payload) {
    console.log("onCallCreate:", JSON.stringify(payload.data.call));
  }
};
