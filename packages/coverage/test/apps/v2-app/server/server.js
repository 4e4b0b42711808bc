// A platform 2.x app in the classic style: callbacks that end with renderData, no matchers.
exports = {
  onCallCreateCallback: function (payload) {
    if (!payload.account_id || !payload.domain) throw new Error("expected the platform 2.x envelope");
    var call = payload.data.call;
    $db.set("call-" + call.id, { direction: call.direction }).then(
      function () { renderData(); },
      function (error) { renderData(error); }
    );
  },
  onCallUpdateCallback: function (payload) {
    if (!payload.account_id) throw new Error("expected the platform 2.x envelope");
    var status = payload.data.call.participants[0].call_status;
    if (status === 3) {
      $request.invokeTemplate("notifySlack", { body: JSON.stringify({ text: "missed call" }) }).then(
        function () { renderData(null, { outcome: "handled", detail: "notified Slack" }); },
        function (error) { renderData(error); }
      );
    } else if (status === 1 || status === 15) {
      renderData(null, { outcome: "ignored", reason: "completed calls need nothing" });
    } else {
      renderData();
    }
  }
};
