// Looks the caller up among the Freshdesk contacts when a call starts (platform 2.3, legacy $request.get).
function customerNumber(call) {
  const customer = (call.participants || []).find((p) => p.participant_type === "Customer");
  return customer ? customer.caller_number : null;
}

exports = {
  onCallCreateHandler: function (payload) {
    const number = customerNumber(payload.data.call);
    console.log("[DEBUG] call", payload.data.call.id, "direction", payload.data.call.direction, "from", number);
    if (!number) {
      renderData(null, { message: "No caller number available" });
      return;
    }
    const url = "https://" + payload.iparams.domainName + ".freshdesk.com/api/v2/contacts?phone=" + encodeURIComponent(number);
    const headers = {
      Authorization: "Basic " + Buffer.from(payload.iparams.apiKey + ":X").toString("base64"),
      "Content-Type": "application/json"
    };
    console.log("[DEBUG] GET", url, "auth", headers.Authorization);
    $request.get(url, { headers: headers }).then(
      function (data) {
        const contacts = JSON.parse(data.response || "[]");
        renderData(null, contacts.length > 0 ? { contact: contacts[0] } : { message: "No contact found for this number" });
      },
      function (error) {
        console.error("[DEBUG] API call error:", error.status, error.message);
        renderData({ message: "API call error: " + (error.message || "Unknown error") });
      }
    );
  }
};
