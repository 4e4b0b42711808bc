// Freshdesk + Freshcaller (platform 2.3): a ticket for every call the customer did not get through on,
// and an external tracker told where to send news of each incoming call.
const NEEDS_TICKET = { 2: "busy", 3: "missed", 4: "failed", 10: "voicemail" };

function customerLeg(call) {
  return (call.participants || []).find((p) => p.connection_type === 0);
}

function freshdesk(iparams, path) {
  return "https://" + iparams.freshdesk_domain + "/api/v2" + path;
}

function auth(iparams) {
  return { Authorization: "Basic " + Buffer.from(iparams.freshdesk_api_key + ":X").toString("base64"), "Content-Type": "application/json" };
}

exports = {
  onTicketCreateHandler: function (payload) {
    console.log("ticket", payload.data.ticket.id);
  },

  onCallCreateHandler: async function (payload) {
    const call = payload.data.call;
    if (call.direction !== "incoming") return { outcome: "ignored", reason: "only incoming calls are tracked" };
    const target = await generateTargetUrl();
    await $request.post(payload.iparams.tracker_url || "https://tracker.example.test/calls", {
      headers: { "Content-Type": "application/json" },
      json: { call_id: call.id, callback_url: target }
    });
    return { outcome: "handled" };
  },

  onCallUpdateHandler: async function (payload) {
    const call = payload.data.call;
    const customer = customerLeg(call);
    const status = customer ? customer.call_status : undefined;
    const label = NEEDS_TICKET[status];
    if (call.direction !== "incoming") return { outcome: "ignored", reason: "outgoing calls need no ticket" };
    if (!label) return { outcome: "ignored", reason: "customer leg status " + status + " needs no ticket" };
    await $request.post(freshdesk(payload.iparams, "/tickets"), {
      headers: auth(payload.iparams),
      json: { subject: label + " call from " + customer.caller_number, description: call.call_notes || "", status: 2, priority: 2 }
    });
    return { outcome: "handled" };
  }
};
