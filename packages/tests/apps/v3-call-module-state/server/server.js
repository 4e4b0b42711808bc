// Remembers the last call event so that the full-page app can show it (platform 3.0, module "call").
let lastCallPayload = null;

function remember(payload) {
  console.log("call event", payload.event, "call", payload.data && payload.data.call ? payload.data.call.id : "unknown");
  lastCallPayload = payload;
  return renderData(null, { success: true, message: "call event received" });
}

exports = {
  onCallCreateHandler: function (payload) {
    return remember(payload);
  },

  onCallUpdateHandler: function (payload) {
    return remember(payload);
  },

  getLastCallPayload: function () {
    if (lastCallPayload) return renderData(null, { success: true, payload: lastCallPayload });
    return renderData(null, { success: false, message: "no call received yet" });
  }
};
