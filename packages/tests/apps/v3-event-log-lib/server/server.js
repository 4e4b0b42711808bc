// Logs every call into the app's event log; with installation parameters it also looks the caller up in Freshdesk.
const eventLog = require("./lib/event-log");

async function lookUp(iparams, call) {
  const customer = call.participants.find((p) => p.connection_type === 0);
  if (!iparams?.subdomain || !iparams?.api_key || !customer?.caller_number) return null;
  const result = await $request.invokeTemplate("getContact", { context: { phone: customer.caller_number } });
  return JSON.parse(result.response || "[]")[0] || null;
}

exports = {
  onAppInstallHandler: async function () {
    const url = await generateTargetUrl();
    await eventLog.append({ event: "onAppInstall", summary: "webhook " + url });
    renderData();
  },

  onCallCreateCallback: async function (args) {
    const call = args.data?.call || {};
    try {
      const contact = await lookUp(args.iparams, call);
      await eventLog.append({ event: "onCallCreate", summary: "call " + call.id, direction: call.direction, contact: contact?.id ?? null });
    } catch (error) {
      console.error("onCallCreate log failed:", error.message);
    }
  },

  getEventLog: async function () {
    renderData(null, { entries: (await eventLog.readLog()).entries });
  }
};
