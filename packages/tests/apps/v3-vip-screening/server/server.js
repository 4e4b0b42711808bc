// Moves calls from VIP numbers to a dedicated queue (platform 3.0; the move uses the 2.x $request.post, as the original does).
function vipNumbers(iparams) {
  return String(iparams.vip_numbers || "").split(",").map((n) => n.trim()).filter(Boolean);
}

exports = {
  onCallCreateHandler: function (args) {
    const call = args.data.call;
    const customer = call.participants.find((p) => p.participant_type === "Customer");
    if (!customer || !vipNumbers(args.iparams).includes(customer.caller_number)) {
      return renderData();
    }
    const host = args.currentHost.endpoint_urls.freshcaller;
    return $request
      .post(host + "/api/v1/calls/" + call.id + "/transfer", {
        headers: { "X-Api-Auth": args.iparams.api_key, "Content-Type": "application/json" },
        body: JSON.stringify({ type: "queue", id: args.iparams.vip_queue_id })
      })
      .then(() => renderData())
      .catch((err) => renderData(err));
  },

  validateVIPCall: function (request) {
    const vip = vipNumbers(request.iparams).includes(request.input);
    return renderData(null, { data: { response: vip ? "vip" : "standard", queue_id: vip ? request.iparams.vip_queue_id : null } });
  },

  onAppInstallHandler: function () {
    renderData();
  },

  onAppUninstallHandler: function () {
    renderData();
  }
};

module.exports = exports;
