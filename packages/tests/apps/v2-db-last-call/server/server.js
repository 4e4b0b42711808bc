// Keeps the latest call for the front end to read (platform 2.3); the write is not awaited, as in the original.
exports = {
  onCallCreateHandler: function (payload) {
    console.log("call created:", payload.data.call.id, payload.data.call.direction);
    $db.set("lastCall", { id: payload.data.call.id, direction: payload.data.call.direction, at: payload.timestamp });
    renderData(null, { success: true, message: "call stored" });
  }
};
