// The one schema model (issue 13 item 1), as the interop generators read it: built in memory from
// schemas/ exactly as the committed model is, so the documents and generated/model.json agree.
export { buildModel } from "../model.mjs";
export { definitionsUnder, toJsonSchema } from "@fwcall/schemas/model";

