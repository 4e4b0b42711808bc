// Fails in every way a handler can: a synchronous throw, a rejected $db read, a rendered error.
exports = {
  onCreate(payload) {
    return payload.data.call.no_such_field.id;
  },
  async onUpdate(payload) {
    const status = payload.data.call.participants[0].call_status;
    if (status === 3) return $db.get("never-stored");
    if (status === 1) {
      renderData({ status: 500, message: "could not reach the CRM" });
      return undefined;
    }
    throw new Error(`status ${status} is not supported`);
  },
};
