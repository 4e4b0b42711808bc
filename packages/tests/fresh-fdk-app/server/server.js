// A new user's app, as `fdk create` leaves it plus a little: it logs each call and tells the FDK it
// is done. The packed-CLI test (test/packed-cli.test.ts) copies it outside the monorepo.
const { callStatusName } = require("@fwcall/types");

exports = {
  onCallCreateHandler: function (payload) {
    const legs = payload.data.call.participants.map((leg) => callStatusName(leg.call_status) || "undocumented");
    console.log("call created", payload.data.call.id, legs.join(", "));
    renderData(null, { outcome: "ignored", reason: "new calls are only logged" });
  },
  onCallUpdateHandler: function (payload) {
    console.log("call updated", payload.data.call.id);
    renderData();
  },
};
