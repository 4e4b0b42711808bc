// The schema model as codegen writes it: schemas/generated/model.json. The builder itself lives in
// @fwcall/schemas/build-model (schemas/README.md, "The schema model"), so that a published tool
// (`fwcall diff`) can build the model of schemas nobody generated; codegen links the same data.
import { buildModelData } from "@fwcall/schemas/build-model";

export { buildModel, buildModelData } from "@fwcall/schemas/build-model";

/** The path of the generated model, relative to the repository root. */
export const MODEL_FILE = "schemas/generated/model.json";

/** @returns {Map<string, string>} the generated model file: path relative to the repo root → contents */
export function generateModel() {
  return new Map([[MODEL_FILE, `${JSON.stringify(buildModelData(), null, 1)}\n`]]);
}
